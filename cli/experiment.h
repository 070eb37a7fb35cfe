// cli/experiment.h — one scenario file, run as an experiment: every chosen variant
// × replications on TBB, summarised with intervals and judged against its gates.
// Shared by `peaksim run`, `peaksim check`, `peaksim merge` and the MPI ranks.
//
// In stages, so the work can be split: plan (load and check the file), run
// jobs (any subset of (variant, replication) pairs, anywhere), finish (fold
// every replication into the summary and judge the gates). Results depend on
// the inputs only, never on how the jobs were split.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/partial.h"
#include "analysis/summary.h"
#include "cli/provenance.h"
#include "models/scenario/loader.h"

namespace peaksim {

class Progress;

struct Shard {
  std::uint32_t index = 0, count = 1;
};

struct ExperimentOptions {
  std::string file;
  std::vector<std::string> sets;      // --set PATH=VALUE
  std::vector<std::string> variants;  // empty: all
  std::uint32_t replications = 0;     // 0: the file's
  std::optional<std::uint64_t> seed;  // overrides the file's
  unsigned threads = 2;
  bool parallel_engine = false;
  std::optional<double> until_precision;  // relative half-width every gated metric must reach
  std::uint32_t max_replications = 200;
  bool quiet = false;
  Invocation invocation;  // for the record
};

struct Plan {
  std::shared_ptr<const models::scenario::Scenario> scenario;
  std::vector<const models::scenario::ScenarioSpec*> specs;  // the variants to run, baseline first if chosen
  std::uint32_t replications = 0;
  std::string scenario_text;
  analysis::RunRecord record;
  analysis::NetworkSketch network;
  std::string description;
  std::vector<std::string> not_simulated;

  // What every shard of this experiment must agree on.
  [[nodiscard]] nlohmann::ordered_json identity() const;
};

struct Job {
  std::size_t variant = 0;  // index into Plan::specs
  std::uint32_t replication = 0;
};

struct Experiment {
  int status = 0;  // kExitOk, or kExitUsage (invalid input: nothing ran)
  analysis::RunSummary summary;
  std::vector<std::vector<analysis::ReplicationResult>> runs;  // [variant][replication]
  analysis::NetworkSketch network;
  std::string description;
  std::vector<std::string> not_simulated;  // what the file says that the models do not act on yet
  std::vector<std::string> notes;          // from the model builder
};

// Loads and checks the file (or `text`, when given, as if read from the file);
// nullopt after printing every error on stderr.
[[nodiscard]] std::optional<Plan> plan_experiment(const ExperimentOptions& options,
                                                  const std::optional<std::string>& text = std::nullopt);

// Every (variant, replication) for replications [from, to), variant by variant.
[[nodiscard]] std::vector<Job> jobs_between(const Plan& plan, std::uint32_t from, std::uint32_t to);
// Shard `shard` of all jobs: every count-th job from its index, so shards are even.
[[nodiscard]] std::vector<Job> shard_jobs(const Plan& plan, Shard shard);

// Runs `jobs` side by side on `options.threads` threads; results in job order.
// Adds the model builder's notes to `notes`. Throws when a model fails.
[[nodiscard]] std::vector<analysis::ReplicationResult> run_jobs(const Plan& plan, const std::vector<Job>& jobs,
                                                                const ExperimentOptions& options, Progress& progress,
                                                                std::vector<std::string>& notes);

// Folds results (in any order, each (variant, replication) once) into the summary and judges the gates.
[[nodiscard]] Experiment finish_experiment(const Plan& plan, std::vector<analysis::ReplicationResult> results,
                                           std::vector<std::string> notes);

// Plan, run every job (adding replications for --until-precision), finish.
// Invalid input: status kExitUsage. Throws on a runtime error in a model.
[[nodiscard]] Experiment run_experiment(const ExperimentOptions& options);

// A shard's results as a partial, and partials back into an experiment
// (refusing mismatched, missing and duplicated shards with a clear message).
[[nodiscard]] analysis::Partial make_partial(const Plan& plan, Shard shard,
                                             std::vector<analysis::ReplicationResult> results,
                                             std::vector<std::string> notes);
[[nodiscard]] Experiment merge_partials(std::vector<analysis::Partial> partials, const std::vector<std::string>& names,
                                        const Invocation& invocation);

// "5%" or "0.05" -> 0.05; nullopt unless strictly between 0 and 1.
[[nodiscard]] std::optional<double> parse_precision(const std::string& text);

}  // namespace peaksim
