#include "cli/outputs.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "analysis/report_html.h"
#include "analysis/summary_json.h"
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/console_report.h"
#include "cli/scenario_overview.h"

namespace peaksim {

void print_notes(const Experiment& ex) {
  if (!ex.not_simulated.empty()) {
    std::string list;
    for (const std::string& what : ex.not_simulated) {
      list += (list.empty() ? "" : ", ") + what;
    }
    std::cerr << "note: accepted but not simulated yet: " << list << '\n';
  }
  for (const std::string& note : ex.notes) {
    std::cerr << "note: " << note << '\n';
  }
}

void add_timeseries_options(CLI::App* cmd, OutputOptions& o) {
  // The words become the enum here, and only here.
  static const std::map<std::string, TimeseriesMode> kModes{
      {"summary", TimeseriesMode::Summary}, {"replications", TimeseriesMode::Replications}, {"none", TimeseriesMode::None}};
  cmd->add_option_function<std::string>(
         "--timeseries", [&o](const std::string& mode) { o.timeseries = kModes.at(mode); },
         "Per-minute series: summary (timeseries.csv: per variant, series and minute, the mean over replications\n"
         "and its 95% interval) | replications (that, and timeseries-replications.csv: one row per replication) | none")
      ->check(CLI::IsMember({"summary", "replications", "none"}))
      ->default_str("summary");
  cmd->add_option("--gzip-above", o.gzip_above_mb,
                  "Write a series file larger than this many MiB gzip-compressed, as NAME.csv.gz (0: always)")
      ->capture_default_str()
      ->check(whole_number(0, 1u << 20));
}

std::filesystem::path output_folder(const OutputOptions& o, const std::string& scenario) {
  return o.out.empty() ? "out/" + scenario : o.out;
}

int write_outputs(const Experiment& ex, const OutputOptions& o) {
  OutputFolder folder(output_folder(o, ex.summary.record.scenario));
  return write_outputs(ex, o, folder);
}

int write_outputs(const Experiment& ex, const OutputOptions& o, OutputFolder& folder) {
  if (!o.quiet) {
    print_notes(ex);
  }
  // Rendered in full before anything is written.
  OutputContent files{{"summary.json", analysis::summary_text(ex.summary)}};
  for (auto& file : timeseries_files(ex, o.timeseries, o.gzip_above_mb << 20)) {
    files.push_back(std::move(file));
  }
  const std::vector<analysis::MetricDescription> metrics = metric_descriptions();
  files.emplace_back("report.html", analysis::render_report({&ex.summary, &ex.network, ex.summary.record.scenario,
                                                              ex.description, &metrics}));
  // A series file of an earlier run that this one does not write goes with the old set.
  folder.commit(files, {"timeseries.csv", "timeseries.csv.gz", "timeseries-replications.csv",
                        "timeseries-replications.csv.gz", "daily.csv", "daily.csv.gz"});
  if (o.json) {
    std::cout << files.front().second;
    return kExitOk;
  }
  print_metrics_table(ex.summary, stdout);
  print_gates(ex.summary, stdout);
  std::uint64_t events = 0;
  double engine_seconds = 0;
  for (const auto& v : ex.summary.variants) {
    events += v.events;
    engine_seconds += v.wall_seconds;
  }
  std::string names;
  for (const auto& file : files) {
    names += names.empty() ? "" : ",";
    names += file.first;
  }
  std::printf("%llu events, %.0f events/s per run; wall time %.2f s; wrote %s/{%s}\n",
              static_cast<unsigned long long>(events),
              engine_seconds > 0 ? static_cast<double>(events) / engine_seconds : 0.0, ex.summary.record.wall_seconds,
              folder.name().c_str(), names.c_str());
  return kExitOk;
}

}  // namespace peaksim
