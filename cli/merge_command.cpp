// cli/merge_command.cpp — `peaksim merge DIR... --out OUT`: partial results of
// `peaksim run --shard I/N` back into the full outputs of one run.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/partial.h"
#include "cli/commands.h"
#include "cli/experiment.h"
#include "cli/interrupt.h"
#include "cli/merge.h"
#include "cli/outputs.h"
#include "models/scenario/json_text.h"

namespace peaksim {
namespace {

struct MergeOptions {
  std::vector<std::string> inputs;
  OutputOptions outputs;
  Invocation invocation;  // for the record
};

int merge(const MergeOptions& o) {
  install_interrupt_handlers();
  std::vector<std::filesystem::path> files;
  for (const std::string& input : o.inputs) {
    if (std::filesystem::is_directory(input)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::directory_iterator(input)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("partial-") && name.ends_with(".json")) {
          found.push_back(entry.path());
        }
      }
      if (found.empty()) {
        std::cerr << "error: " << input << " holds no partial-*.json (written by `peaksim run --shard I/N`)\n";
        return kExitUsage;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::is_regular_file(input)) {
      files.emplace_back(input);
    } else {
      std::cerr << "error: " << input << ": no such file or folder\n";
      return kExitUsage;
    }
  }
  std::vector<analysis::Partial> partials;
  std::vector<std::string> names;
  for (const auto& file : files) {
    // The scenario's parser: nesting, keys given twice and overflowing numbers refused with a pointer.
    models::scenario::Diagnostics diags;
    const std::optional<nlohmann::json> document = models::scenario::read_json_file(file.string(), diags);
    if (!document) {
      std::cerr << diags.format(file.string());
      return kExitUsage;
    }
    try {
      partials.push_back(analysis::partial_from_json(*document));
    } catch (const std::exception& e) {
      std::cerr << "error: " << file.string() << ": " << e.what() << '\n';
      return kExitUsage;
    }
    names.push_back(file.string());
  }
  Experiment ex;
  try {
    ex = merge_partials(std::move(partials), names, o.invocation);
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: refusing to merge: " << e.what() << '\n';
    return kExitUsage;
  } catch (const std::runtime_error& e) {
    std::cerr << "error: refusing to merge: " << e.what() << '\n';
    return kExitUsage;
  }
  return write_outputs(ex, o.outputs);  // an unwritable folder: OutputError, exit 2
}

}  // namespace

void add_merge_command(CLI::App& app, const Invocation& invocation, std::function<int()>& action) {
  auto o = std::make_shared<MergeOptions>();
  o->invocation = invocation;
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Merge the partial results of `peaksim run FILE --shard I/N` into the outputs of one run (summary.json,\n"
      "timeseries.csv, report.html; identical to an unsharded run but for \"invocation\"). Refuses partials of\n"
      "different files, seeds, options or builds, and missing or duplicated shards. Exit status: 0 merged; 2 refused\n"
      "(nothing written); 1 the outputs could not be written; 130, 143 interrupted (the previous outputs stay).");
  cmd->add_option("inputs", o->inputs, "Folders holding partial-*.json, or the files")->required();
  cmd->add_option("--out", o->outputs.out,
                  "Output folder (default out/<scenario name>), replaced as a whole once every output is written");
  cmd->add_flag("--json", o->outputs.json, "Print summary.json to stdout instead of the table");
  add_timeseries_options(cmd, o->outputs);
  cmd->add_flag("-q,--quiet", o->outputs.quiet, "No notes on stderr");
  cmd->callback([o, &action] { action = [o] { return merge(*o); }; });
}

}  // namespace peaksim
