// cli/run_command.cpp — `peaksim run FILE`: every variant × replication, summarised with
// intervals; writes summary.json, timeseries.csv and report.html, prints the table.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/report_html.h"
#include "analysis/summary_json.h"
#include "cli/commands.h"
#include "cli/console_report.h"
#include "cli/experiment.h"

namespace peaksim {
namespace {

struct RunOptions {
  ExperimentOptions experiment;
  std::string engine = "sequential";
  std::string out;
  std::string precision;  // "5%"
  bool json = false;
};

// "5%" or "0.05" -> 0.05.
std::optional<double> parse_precision(const std::string& text) {
  try {
    std::size_t used = 0;
    double value = std::stod(text, &used);
    const std::string rest = text.substr(used);
    if (rest == "%") {
      value /= 100.0;
    } else if (!rest.empty()) {
      return std::nullopt;
    }
    return value > 0 && value < 1 ? std::optional<double>(value) : std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void write_timeseries(const Experiment& ex, const std::string& path) {
  std::ofstream csv(path);
  csv << "variant,replication,series,labels,unit,minute,value\n";
  for (const auto& runs : ex.runs) {
    for (const analysis::ReplicationResult& run : runs) {
      for (const analysis::Series& s : run.series) {
        const std::string prefix = run.variant + ',' + std::to_string(run.replication) + ',' + s.name + ",\"" +
                                   analysis::format_labels(s.labels) + "\"," + s.unit + ',';
        for (std::size_t m = 0; m < s.values.size(); ++m) {
          csv << prefix << m << ',' << s.values[m] << '\n';
        }
      }
    }
  }
}

int run(RunOptions o) {
  if (!o.precision.empty()) {
    o.experiment.until_precision = parse_precision(o.precision);
    if (!o.experiment.until_precision) {
      std::cerr << "error: --until-precision: expected a relative half-width such as \"5%\" or 0.05, found \""
                << o.precision << "\"\n";
      return kExitUsage;
    }
  }
  o.experiment.parallel_engine = o.engine == "parallel";
  o.experiment.command_line = command_line();
  const Experiment ex = run_experiment(o.experiment);
  if (ex.status != kExitOk) {
    return ex.status;
  }
  if (!o.experiment.quiet) {
    if (!ex.not_simulated.empty()) {
      std::string list;
      for (const std::string& what : ex.not_simulated) {
        list += (list.empty() ? "" : ", ") + what;
      }
      std::cerr << "note: accepted but not simulated yet (fulfilment capacity, faults and returns come with the "
                   "delays work): " << list << '\n';
    }
    for (const std::string& note : ex.notes) {
      std::cerr << "note: " << note << '\n';
    }
  }
  const std::string out_dir = o.out.empty() ? "out/" + ex.summary.record.scenario : o.out;
  std::filesystem::create_directories(out_dir);
  const auto json = analysis::to_json(ex.summary);
  std::ofstream(out_dir + "/summary.json") << json.dump(2) << '\n';
  write_timeseries(ex, out_dir + "/timeseries.csv");
  analysis::ReportInput report{&ex.summary, &ex.network, ex.summary.record.scenario, ex.description};
  std::ofstream(out_dir + "/report.html") << analysis::render_report(report);

  if (o.json) {
    std::cout << json.dump(2) << '\n';
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
  std::printf("%llu events, %.0f events/s per run; wall time %.2f s; wrote %s/{summary.json,timeseries.csv,report.html}\n",
              static_cast<unsigned long long>(events), engine_seconds > 0 ? static_cast<double>(events) / engine_seconds : 0.0,
              ex.summary.record.wall_seconds, out_dir.c_str());
  return kExitOk;
}

}  // namespace

void add_experiment_options(CLI::App* cmd, ExperimentOptions& e) {
  cmd->add_option("--replications", e.replications, "Replications per variant (default: the file's)");
  cmd->add_option("--variant", e.variants, "Run only this variant (repeatable; \"baseline\" for the baseline)");
  cmd->add_option("--set", e.sets, "Override a field: PATH=VALUE (see validate --help)");
  cmd->add_option("--seed", e.seed, "Seed (default: the file's)");
  cmd->add_option("--threads", e.threads, "Threads: runs side by side, or the parallel engine's")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--max-replications", e.max_replications, "Upper bound for --until-precision")
      ->capture_default_str()
      ->check(CLI::Range(2u, 100000u));
  cmd->add_flag("-q,--quiet", e.quiet, "No progress line or notes on stderr");
}

void add_run_command(CLI::App& app, std::function<int()>& action) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "Run a scenario: every variant x replication; print per-channel metrics with 95% intervals and the gates;\n"
      "write OUT/summary.json (schema peaksim.summary/1), OUT/timeseries.csv and OUT/report.html.\n"
      "Exit status: 0 done (gates are reported, not enforced: use `peaksim check`); 1 runtime error; 2 invalid input.");
  cmd->add_option("file", o->experiment.file, "Scenario file")->required()->check(CLI::ExistingFile);
  add_experiment_options(cmd, o->experiment);
  cmd->add_option("--until-precision", o->precision,
                  "Add replications until every gated metric's 95% half-width is within this share of its mean "
                  "(e.g. 5%), up to --max-replications");
  cmd->add_option("--engine", o->engine, "sequential | parallel (one run over several threads)")
      ->capture_default_str()
      ->check(CLI::IsMember({"sequential", "parallel"}));
  cmd->add_option("--out", o->out, "Output folder (default out/<scenario name>)");
  cmd->add_flag("--json", o->json, "Print summary.json to stdout instead of the table");
  cmd->callback([o, &action] { action = [o] { return run(*o); }; });
}

}  // namespace peaksim
