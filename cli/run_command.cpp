// cli/run_command.cpp — `peaksim run FILE`: every variant × replication, summarised with
// intervals; writes summary.json, timeseries.csv and report.html, prints the table.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "analysis/partial.h"
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/experiment.h"
#include "cli/interrupt.h"
#include "cli/merge.h"
#include "cli/mpi_run.h"
#include "cli/output_set.h"
#include "cli/outputs.h"
#include "cli/plan.h"
#include "cli/progress.h"
#include "cli/run_jobs.h"

namespace peaksim {
namespace {

struct RunOptions {
  ExperimentOptions experiment;
  std::string engine = "auto";
  std::string out;
  std::string precision;  // "5%"
  std::string shard;      // "I/N"
  bool json = false;
  OutputOptions outputs;  // --timeseries, --gzip-above
  bool outputs_given = false;  // either of them on the command line
};

std::optional<Shard> parse_shard(const std::string& text) {
  unsigned index = 0, count = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> index >> slash >> count) || slash != '/' || !in.eof() || count == 0 || index >= count) {
    return std::nullopt;
  }
  return Shard{index, count};
}

// `--shard I/N`: run every N-th (variant, replication) from I and write a partial.
int run_shard(const RunOptions& o, Shard shard) {
  std::optional<Plan> plan = plan_experiment(o.experiment);
  if (!plan) {
    return kExitUsage;
  }
  char name[64];
  std::snprintf(name, sizeof name, "partial-%04u-of-%04u.json", shard.index, shard.count);
  OutputFile file(output_folder({.out = o.out}, plan->record.scenario) / name);  // throws OutputError before any run
  Progress progress(plan->record.scenario + " shard " + o.shard, sim::Time::infinity(),
                    o.experiment.quiet ? Progress::Mode::Quiet : Progress::Mode::Auto);
  const std::vector<Job> jobs = shard_jobs(*plan, shard);
  std::vector<std::string> notes;
  std::vector<analysis::ReplicationResult> results = run_jobs(*plan, jobs, o.experiment, progress, notes);
  progress.finish();
  const analysis::Partial partial = make_partial(*plan, shard, std::move(results), std::move(notes));
  file.commit(analysis::to_json(partial).dump() + '\n');
  std::printf("shard %u/%u of %s: %zu of %zu runs; wrote %s (merge with `peaksim merge`)\n", shard.index, shard.count,
              plan->record.scenario.c_str(), jobs.size(), plan->specs.size() * plan->replications,
              file.name().c_str());
  return kExitOk;
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
  o.experiment.engine = o.engine == "parallel"     ? EngineChoice::Parallel
                        : o.engine == "sequential" ? EngineChoice::Sequential
                                                   : EngineChoice::Auto;
  OutputOptions outputs = o.outputs;
  outputs.out = o.out;
  outputs.json = o.json;
  outputs.quiet = o.experiment.quiet;
  if (mpi_launched()) {
    if (!o.shard.empty()) {
      std::cerr << "error: --shard and mpirun both split the work: use one\n";
      return kExitUsage;
    }
    return run_under_mpi(o.experiment, outputs);
  }
  install_interrupt_handlers();
  if (!o.shard.empty()) {
    const std::optional<Shard> shard = parse_shard(o.shard);
    if (!shard) {
      std::cerr << "error: --shard: expected I/N with 0 <= I < N, such as 0/4, found \"" << o.shard << "\"\n";
      return kExitUsage;
    }
    if (o.outputs_given) {
      std::cerr << "error: --timeseries and --gzip-above shape the outputs, which a shard does not write: give them "
                   "to `peaksim merge`\n";
      return kExitUsage;
    }
    if (o.experiment.until_precision) {
      std::cerr << "error: --until-precision decides on all replications at once; it cannot run in shards\n";
      return kExitUsage;
    }
    return run_shard(o, *shard);
  }
  const auto started = std::chrono::steady_clock::now();
  std::optional<Plan> plan = plan_experiment(o.experiment);
  if (!plan) {
    return kExitUsage;
  }
  OutputFolder folder(output_folder(outputs, plan->record.scenario));  // throws OutputError before any run
  const Experiment ex = run_experiment(std::move(*plan), o.experiment, started);
  return write_outputs(ex, outputs, folder);
}

}  // namespace

void add_experiment_options(CLI::App* cmd, ExperimentOptions& e) {
  // The bounds of the file's own fields (models/scenario/build_spec.cpp), so a
  // value the file could not hold is refused here too, by name.
  constexpr std::uint64_t kMaxReplications = 100000;
  constexpr std::uint64_t kMaxSeed = std::numeric_limits<std::int64_t>::max();
  cmd->add_option("--replications", e.replications, "Replications per variant (default: the file's)")
      ->check(whole_number(1, kMaxReplications));
  cmd->add_option("--variant", e.variants, "Run only this variant (repeatable; \"baseline\" for the baseline)");
  cmd->add_option("--set", e.sets, "Override a field: PATH=VALUE (see validate --help)");
  cmd->add_option("--seed", e.seed, "Seed (default: the file's)")->check(whole_number(0, kMaxSeed));
  cmd->add_option("--threads", e.threads, "Threads: runs side by side, or the parallel engine's")
      ->capture_default_str()
      ->check(whole_number(1, 1024));
  cmd->add_option("--max-replications", e.max_replications, "Upper bound for --until-precision")
      ->capture_default_str()
      ->check(whole_number(2, kMaxReplications));
  cmd->add_flag("-q,--quiet", e.quiet, "No progress line or notes on stderr");
}

void add_run_command(CLI::App& app, const Invocation& invocation, std::function<int()>& action) {
  auto o = std::make_shared<RunOptions>();
  o->experiment.invocation = invocation;
  CLI::App* cmd = app.add_subcommand(
      "run",
      "Run a scenario: every variant x replication; print per-channel metrics with 95% intervals and the gates;\n"
      "write OUT/summary.json (schema peaksim.summary/1), OUT/timeseries.csv and OUT/report.html.\n"
      "Under `mpirun -np N`, the runs are spread over the ranks and rank 0 writes the same outputs.\n"
      "Exit status: 0 done (gates are reported, not enforced: use `peaksim check`); 1 runtime error (a model failed, or\n"
      "the outputs could not be written); 2 invalid input or an unwritable OUT (nothing runs); 130, 143 interrupted.");
  cmd->add_option("file", o->experiment.file, "Scenario file")->required()->check(CLI::ExistingFile);
  add_experiment_options(cmd, o->experiment);
  cmd->add_option("--until-precision", o->precision,
                  "Add replications until every gated metric's 95% half-width is within this share of its mean "
                  "(e.g. 5%), up to --max-replications");
  cmd->add_option("--engine", o->engine,
                  "sequential | parallel (one run over several threads) | auto: parallel when one run has several "
                  "threads and its measured balance pays, sequential otherwise")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "sequential", "parallel"}));
  cmd->add_option("--out", o->out,
                  "Output folder (default out/<scenario name>), replaced as a whole once every output is written");
  cmd->add_flag("--json", o->json, "Print summary.json to stdout instead of the table");
  add_timeseries_options(cmd, o->outputs);
  cmd->add_option("--shard", o->shard,
                  "Run only shard I of N (e.g. 0/4) and write OUT/partial-I-of-N.json; `peaksim merge` joins them");
  cmd->callback([o, cmd, &action] {
    o->outputs_given = cmd->count("--timeseries") + cmd->count("--gzip-above") > 0;
    action = [o] { return run(*o); };
  });
}

}  // namespace peaksim
