// cli/diff_command.cpp — `peaksim diff OLD NEW`: what moved between two runs of
// one scenario (last week's and this week's), each judged on its replications
// (analysis/run_diff.h); a gated metric that got significantly worse is exit 99.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_diff.h"
#include "analysis/summary_json.h"
#include "cli/commands.h"
#include "models/scenario/json_text.h"

namespace peaksim {
namespace {

using analysis::MetricChange;
using analysis::RunDiff;

struct DiffOptions {
  std::string old_run, new_run;
  bool all = false;
  bool json = false;
};

// OLD or NEW: a folder holding summary.json, or the file; nullopt after printing why not.
std::optional<analysis::RunSummary> read_summary(const std::string& given) {
  std::error_code error;
  std::string file = given;
  if (std::filesystem::is_directory(given, error)) {
    file = (std::filesystem::path(given) / "summary.json").string();
    if (!std::filesystem::is_regular_file(file, error)) {
      std::cerr << "error: " << given << ": holds no summary.json (written by `peaksim run`)\n";
      return std::nullopt;
    }
  } else if (!std::filesystem::is_regular_file(given, error)) {
    std::cerr << "error: " << given << ": no such file or folder\n";
    return std::nullopt;
  }
  models::scenario::Diagnostics diags;
  const std::optional<nlohmann::json> document = models::scenario::read_json_file(file, diags);
  if (!document) {
    std::cerr << diags.format(file);
    return std::nullopt;
  }
  try {
    return analysis::summary_from_json(*document);
  } catch (const std::exception& e) {
    std::cerr << "error: " << file << ": " << e.what() << '\n';
    return std::nullopt;
  }
}

std::string joined(const std::vector<std::string>& items, const char* none) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) {
      out += ", ";
    }
    out += item;
  }
  return out.empty() ? none : out;
}

// On stderr: what differs between the runs besides chance, and what only one run has.
void print_notes(const RunDiff& d) {
  const analysis::RunRecord& o = d.old_run;
  const analysis::RunRecord& n = d.new_run;
  if (d.scenario_changed()) {
    std::cerr << "note: the scenario file changed between the runs (sha256 " << o.file_sha256.substr(0, 12)
              << " in the old, " << n.file_sha256.substr(0, 12) << " in the new): a change may come from the file\n";
  }
  if (o.data_files != n.data_files) {
    std::cerr << "note: the CSV data files the scenario read changed between the runs (names or sha256): a change "
                 "may come from the data\n";
  }
  if (o.sets != n.sets) {
    std::cerr << "note: the runs were made with different --set overrides (old: " << joined(o.sets, "none")
              << "; new: " << joined(n.sets, "none") << ")\n";
  }
  if (o.version != n.version || o.git_commit != n.git_commit) {
    std::cerr << "note: the runs were made by different peaksim builds (old: " << o.version << " " << o.git_commit
              << "; new: " << n.version << " " << n.git_commit << ")\n";
  }
  if (!d.variants_only_in_old.empty()) {
    std::cerr << "note: variants only in the old run, not compared: " << joined(d.variants_only_in_old, "") << '\n';
  }
  if (!d.variants_only_in_new.empty()) {
    std::cerr << "note: variants only in the new run, not compared: " << joined(d.variants_only_in_new, "") << '\n';
  }
  if (!d.metrics_only_in_old.empty() || !d.metrics_only_in_new.empty()) {
    std::cerr << "note: metrics in one run only, not compared: " << d.metrics_only_in_old.size() << " in the old, "
              << d.metrics_only_in_new.size() << " in the new (--json lists them)\n";
  }
}

// A figure as people read it: whole numbers from 10,000 up, else 4 significant digits; "-" when undefined.
std::string figure(double value, bool sign = false) {
  if (!std::isfinite(value)) {
    return std::isnan(value) ? "-" : (value > 0 ? "+inf" : "-inf");
  }
  char buf[48];
  if (std::abs(value) >= 1e4 && std::abs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, sign ? "%+.0f" : "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, sign ? "%+.4g" : "%.4g", value);
  }
  return buf;
}

std::string p_value(double p) {
  if (std::isnan(p)) {
    return "-";
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, p < 1e-4 ? "<0.0001" : "%.4f", p);
  return buf;
}

std::string verdict(const MetricChange& c) {
  if (!c.test.testable) {
    return "not testable (n=" + std::to_string(c.test.n_before) + " vs " + std::to_string(c.test.n_after) + ")";
  }
  if (!c.test.significant) {
    return "";
  }
  if (c.worse) {
    return "WORSE (gated)";
  }
  return c.gated ? "better (gated)" : "moved";
}

std::vector<std::string> row(const MetricChange& c) {
  char relative[32] = "-";
  if (std::isfinite(c.relative)) {
    std::snprintf(relative, sizeof relative, "%+.1f%%", 100 * c.relative);
  }
  std::string ci = "-";
  if (c.test.testable) {
    ci = "[";
    ci += figure(c.test.low, true);
    ci += ", ";
    ci += figure(c.test.high, true);
    ci += ']';
  }
  return {c.variant, c.name(),   c.unit, figure(c.old_mean), figure(c.new_mean), figure(c.test.difference, true),
          relative,  ci,         p_value(c.test.p_value),      verdict(c)};
}

// Columns padded to their widest cell: text on the left, figures on the right.
void print_table(const std::vector<std::vector<std::string>>& rows) {
  const std::vector<bool> left = {true, true, true, false, false, false, false, false, false, true};
  std::vector<std::size_t> width(left.size(), 0);
  for (const auto& cells : rows) {
    for (std::size_t col = 0; col < cells.size(); ++col) {
      width[col] = std::max(width[col], cells[col].size());
    }
  }
  for (const auto& cells : rows) {
    std::string line;
    for (std::size_t col = 0; col < cells.size(); ++col) {
      const std::string pad(width[col] - cells[col].size(), ' ');
      line += left[col] ? cells[col] + pad : pad + cells[col];
      line += col + 1 < cells.size() ? "  " : "";
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    std::printf("%s\n", line.c_str());
  }
}

void print_console(const RunDiff& d, const DiffOptions& o) {
  std::printf("%s: old %s (%u replications, seed %llu) vs new %s (%u replications, seed %llu)\n",
              d.new_run.scenario.c_str(), o.old_run.c_str(), d.old_run.replications,
              static_cast<unsigned long long>(d.old_run.seed), o.new_run.c_str(), d.new_run.replications,
              static_cast<unsigned long long>(d.new_run.seed));
  std::vector<std::vector<std::string>> rows = {
      {"variant", "metric", "unit", "old mean", "new mean", "change", "relative", "95% CI of change", "p", ""}};
  for (const MetricChange& c : d.changes) {
    if (o.all || c.test.significant) {
      rows.push_back(row(c));
    }
  }
  if (rows.size() > 1) {
    print_table(rows);
  } else {
    std::printf("no metric moved significantly\n");
  }
  std::printf("compared %zu metrics: %zu moved significantly (95%%, Welch's t-test), %zu of them worse on a gate; "
              "%zu not testable (fewer than 2 replications with samples in a run)\n",
              d.changes.size(), d.moved(), d.worse_gated(), d.not_testable());
  if (d.worse_gated() > 0) {
    std::printf("diff: a gated metric got significantly worse (exit 99)\n");
  }
}

int diff(const DiffOptions& o) {
  const std::optional<analysis::RunSummary> old_run = read_summary(o.old_run);
  const std::optional<analysis::RunSummary> new_run = read_summary(o.new_run);
  if (!old_run || !new_run) {
    return kExitUsage;
  }
  RunDiff d;
  try {
    d = analysis::compare_runs(*old_run, *new_run);
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: cannot compare " << o.old_run << " with " << o.new_run << ": " << e.what() << '\n';
    return kExitUsage;
  }
  print_notes(d);
  if (o.json) {
    std::cout << analysis::to_json(d).dump(2) << '\n';
  } else {
    print_console(d, o);
  }
  return d.worse_gated() > 0 ? kExitGateFailed : kExitOk;
}

}  // namespace

void add_diff_command(CLI::App& app, std::function<int()>& action) {
  auto o = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff",
      "Compare two runs of one scenario (say last week's and this week's): what moved, and did a gated metric get\n"
      "worse? OLD and NEW are output folders of `peaksim run` (holding summary.json) or summary.json files.\n"
      "\n"
      "For every variant in both runs, every metric in both (name, labels and statistic, as\n"
      "\"oversell_rate{channel=web} mean\") is compared on the two runs' per-replication values (replications\n"
      "without samples left out) with Welch's unequal-variance t-test, two-sided at 95%, Welch-Satterthwaite\n"
      "degrees of freedom. Shown: the old and new means, the change (new - old), the relative change (against\n"
      "the old mean), the 95% interval of the change, the p-value, and whether it moved significantly. A metric\n"
      "with fewer than 2 replications with samples in either run is \"not testable\" and never significant. The runs\n"
      "are independent samples: their seeds and replication counts may differ (with one seed the test is\n"
      "conservative, as it does not use the pairing of replication r with replication r).\n"
      "\n"
      "Gates: a metric that a gate in either summary judges in that variant has a better direction (\"<\", \"<=\":\n"
      "lower is better; \">\", \">=\": higher is better). A significant move the other way is \"WORSE (gated)\" and\n"
      "makes the exit status 99; the other way, \"better (gated)\". Other significant moves are \"moved\".\n"
      "\n"
      "Output: a table of the metrics that moved significantly, gated metrics first, then by |t| (largest first),\n"
      "and a count of the metrics compared, moved and not testable; --all lists every compared metric; --json\n"
      "prints one JSON document instead (every compared metric, and the variants and metrics in one run only).\n"
      "Notes on stderr say when the scenario file (its sha256), the --set overrides or the peaksim build differ\n"
      "between the runs: a change may then come from them rather than from chance.\n"
      "\n"
      "Exit status: 0 nothing gated got significantly worse; 99 a gated metric got significantly worse; 2 invalid\n"
      "input (a missing file or folder, not a summary.json, runs of different scenarios, no variant in common).");
  cmd->add_option("old", o->old_run, "The earlier run: an output folder or its summary.json")->required();
  cmd->add_option("new", o->new_run, "The later run: an output folder or its summary.json")->required();
  cmd->add_flag("--all", o->all, "List every compared metric, not only those that moved significantly");
  cmd->add_flag("--json", o->json, "Print the comparison as JSON (schema peaksim.diff/1) instead of the table");
  cmd->callback([o, &action] { action = [o] { return diff(*o); }; });
}

}  // namespace peaksim
