// cli/plan.h — what an experiment will run, decided before anything runs: the
// options from the command line, the loaded and checked scenario, the chosen
// variants and replications, and the jobs (one per variant × replication),
// whole or in shards for `--shard I/N` and MPI ranks.
//
// A plan is also what every shard of one experiment must agree on
// (`Plan::identity`), so partial results made anywhere can be merged.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/summary.h"
#include "cli/provenance.h"
#include "models/scenario/loader.h"

namespace peaksim {

struct Shard {
  std::uint32_t index = 0, count = 1;
};

// Which engine runs each replication. Auto: the parallel engine (falling back
// to one partition when partitions do not pay) when one run is to go over
// several threads, else the sequential engine with runs side by side.
enum class EngineChoice { Sequential, Parallel, Auto };

struct ExperimentOptions {
  std::string file;
  std::vector<std::string> sets;      // --set PATH=VALUE
  std::vector<std::string> variants;  // empty: all
  std::uint32_t replications = 0;     // 0: the file's
  std::optional<std::uint64_t> seed;  // overrides the file's
  unsigned threads = 2;
  EngineChoice engine = EngineChoice::Auto;
  std::optional<double> until_precision;  // relative half-width every gated metric must reach
  std::uint32_t max_replications = 200;
  bool quiet = false;
  Invocation invocation;  // for the record
};

// True when `jobs` runs go one after another, each on the parallel engine over
// `options.threads` threads; false when they go side by side on the sequential one.
[[nodiscard]] bool uses_parallel_engine(const ExperimentOptions& options, std::size_t jobs);

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

// Loads and checks the file (or `text`, when given, as if read from the file);
// nullopt after printing every error on stderr.
[[nodiscard]] std::optional<Plan> plan_experiment(const ExperimentOptions& options,
                                                  const std::optional<std::string>& text = std::nullopt);

// Every (variant, replication) for replications [from, to), variant by variant.
[[nodiscard]] std::vector<Job> jobs_between(const Plan& plan, std::uint32_t from, std::uint32_t to);
// Shard `shard` of all jobs: every count-th job from its index, so shards are even.
[[nodiscard]] std::vector<Job> shard_jobs(const Plan& plan, Shard shard);

// "5%" or "0.05" -> 0.05; nullopt unless strictly between 0 and 1.
[[nodiscard]] std::optional<double> parse_precision(const std::string& text);

}  // namespace peaksim
