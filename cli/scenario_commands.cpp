// cli/scenario_commands.cpp — `peaksim validate`, `peaksim graph`, `peaksim schema`, `peaksim params`.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "models/registry.h"
#include "models/scenario/graphviz.h"
#include "models/scenario/loader.h"
#include "models/scenario/schema.h"

namespace peaksim {
namespace {

namespace scn = models::scenario;

void print_errors(const scn::LoadResult& result) { std::cerr << result.diags.format(result.path); }

int validate(const std::vector<std::string>& files, const std::vector<std::string>& sets) {
  int status = kExitOk;
  for (const std::string& file : files) {
    const scn::LoadResult result = scn::load_scenario_file(file, sets);
    if (result.is_json_schema) {
      std::cout << "skip: " << file << " (a JSON Schema, not a scenario)\n";
      continue;
    }
    if (!result.ok()) {
      print_errors(result);
      status = kExitUsage;
      continue;
    }
    const scn::Scenario& s = *result.scenario;
    std::cout << "ok: " << file << " (" << s.baseline.nodes.size() << " nodes, " << s.baseline.links.size()
              << " links, " << s.baseline.channels.size() << " channels, " << s.variants.size() << " variants, "
              << s.baseline.gates.size() << " gates)\n";
  }
  return status;
}

bool dot_available() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path == nullptr ? "/usr/bin:/bin" : path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && ::access((dir + "/dot").c_str(), X_OK) == 0) {
      return true;
    }
  }
  return false;
}

struct GraphOptions {
  std::string file;
  std::string format = "dot";
  std::string output;
  std::string variant = "baseline";
  std::vector<std::string> sets;
};

int graph(const GraphOptions& o) {
  const scn::LoadResult result = scn::load_scenario_file(o.file, o.sets);
  if (result.is_json_schema) {
    std::cerr << "error: " << o.file << " is a JSON Schema, not a scenario\n";
    return kExitUsage;
  }
  if (!result.ok()) {
    print_errors(result);
    return kExitUsage;
  }
  const scn::ScenarioSpec* spec = &result.scenario->baseline;
  if (o.variant != "baseline") {
    spec = nullptr;
    for (const scn::ScenarioSpec& v : result.scenario->variants) {
      if (v.variant == o.variant) {
        spec = &v;
      }
    }
    if (spec == nullptr) {
      std::cerr << "error: " << o.file << ": no variant \"" << o.variant << "\"\n";
      return kExitUsage;
    }
  }
  std::ostringstream dot;
  scn::write_dot(*spec, dot);
  std::string text = dot.str();
  if (o.format == "svg") {
    if (!dot_available()) {
      std::cerr << "error: --format svg needs Graphviz's `dot`, which is not installed (apt-get install graphviz); "
                   "--format dot writes the graph without it\n";
      return kExitRuntimeError;
    }
    const auto dir = std::filesystem::temp_directory_path();
    const auto dot_path = dir / ("peaksim-graph-" + std::to_string(::getpid()) + ".dot");
    const auto svg_path = dir / ("peaksim-graph-" + std::to_string(::getpid()) + ".svg");
    std::ofstream(dot_path) << text;
    const std::string command = "dot -Tsvg '" + dot_path.string() + "' -o '" + svg_path.string() + "'";
    const int rc = std::system(command.c_str());
    std::filesystem::remove(dot_path);
    if (rc != 0) {
      std::cerr << "error: Graphviz's dot failed (exit " << WEXITSTATUS(rc) << ")\n";
      return kExitRuntimeError;
    }
    std::ifstream svg(svg_path);
    text.assign(std::istreambuf_iterator<char>(svg), {});
    std::filesystem::remove(svg_path);
  }
  if (o.output.empty() || o.output == "-") {
    std::cout << text;
  } else {
    std::ofstream out(o.output);
    out << text;
    if (!out) {
      std::cerr << "error: cannot write " << o.output << '\n';
      return kExitRuntimeError;
    }
    std::cerr << "wrote " << o.output << " (" << spec->nodes.size() << " nodes, " << spec->links.size() << " links)\n";
  }
  return kExitOk;
}

int params_markdown() {
  std::cout << "## Node kinds\n\n";
  for (const models::NodeKindInfo& kind : models::node_kinds()) {
    std::cout << "### `" << kind.name << "`\n\n" << kind.help << ".\n\n" << kind.params.markdown() << '\n';
  }
  std::cout << "## Policies\n\n";
  for (const models::Lever lever : models::all_values<models::Lever>()) {
    std::cout << "### " << models::to_string(lever) << "\n\n";
    for (const models::PolicyOption& option : models::policy_options()) {
      if (option.lever == lever) {
        std::cout << "#### `" << option.name << "`\n\n" << option.help << ".\n\n" << option.params.markdown() << '\n';
      }
    }
  }
  std::cout << "### safety_stock\n\nA list of rules (see Safety stock above); each rule's `form` is one of:\n\n";
  for (const models::SafetyStockOption& form : models::safety_stock_forms()) {
    std::cout << "#### `" << form.name << "`\n\n" << form.help << ".\n\n" << form.params.markdown() << '\n';
  }
  std::cout << "## Metrics (for `assertions`)\n\nStatistics: a count has `mean` (per replication) and `rate` (per hour); "
               "a ratio `mean`; a latency `mean`, `p50`, `p95`, `p99`, `max`; a level over time `mean` "
               "(time-weighted) and `max`. Metrics marked *not yet measured* are named for the delays work; a "
               "gate on one has no samples and never passes.\n\n"
               "| metric | unit | labels | statistics | meaning |\n| --- | --- | --- | --- | --- |\n";
  for (const models::MetricInfo& metric : models::metrics()) {
    std::string labels;
    for (const std::string& l : metric.labels) {
      labels += (labels.empty() ? "" : ", ") + l;
    }
    std::string stats;
    for (const std::string& st : models::metric_statistics(metric.kind)) {
      stats += (stats.empty() ? "" : ", ") + st;
    }
    std::cout << "| `" << metric.name << "` | " << metric.unit << " | " << labels << " | " << stats << " | "
              << metric.help << (metric.measured ? "" : " (*not yet measured*)") << " |\n";
  }
  return kExitOk;
}

}  // namespace

void add_scenario_commands(CLI::App& app, std::function<int()>& action) {
  auto sets = std::make_shared<std::vector<std::string>>();
  const char* set_help = "Override a field: PATH=VALUE, PATH a JSON pointer (/links/0/mode) or dotted (links.0.mode); "
                         "VALUE is JSON, or a string";

  CLI::App* validate_cmd = app.add_subcommand(
      "validate", "Check scenario files against the schema and the semantic rules; print ok or every error");
  auto files = std::make_shared<std::vector<std::string>>();
  validate_cmd->add_option("files", *files, "Scenario files")->required()->check(CLI::ExistingFile);
  validate_cmd->add_option("--set", *sets, set_help);
  validate_cmd->callback([files, sets, &action] { action = [files, sets] { return validate(*files, *sets); }; });

  CLI::App* graph_cmd = app.add_subcommand("graph", "Write the expanded network as Graphviz dot or SVG");
  auto g = std::make_shared<GraphOptions>();
  graph_cmd->add_option("file", g->file, "Scenario file")->required()->check(CLI::ExistingFile);
  graph_cmd->add_option("--format", g->format, "dot | svg (svg runs Graphviz's dot)")
      ->capture_default_str()
      ->check(CLI::IsMember({"dot", "svg"}));
  graph_cmd->add_option("-o,--output", g->output, "Output file (default: standard output)");
  graph_cmd->add_option("--variant", g->variant, "Which variant's network")->capture_default_str();
  graph_cmd->add_option("--set", g->sets, set_help);
  graph_cmd->callback([g, &action] { action = [g] { return graph(*g); }; });

  CLI::App* schema_cmd = app.add_subcommand("schema", "Print the JSON Schema of scenario files (scenarios/schema.json)");
  schema_cmd->callback([&action] {
    action = [] {
      std::cout << models::scenario::scenario_schema().dump(2) << '\n';
      return kExitOk;
    };
  });

  CLI::App* params_cmd =
      app.add_subcommand("params", "Print every node kind's and policy's parameters, and the metrics, as Markdown");
  params_cmd->callback([&action] { action = [] { return params_markdown(); }; });
}

}  // namespace peaksim
