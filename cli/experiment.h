// cli/experiment.h — one scenario file, run as an experiment: every chosen variant
// × replications on TBB, summarised with intervals and judged against its gates.
// Shared by `peaksim run` and `peaksim check`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/summary.h"
#include "models/scenario/spec.h"

namespace peaksim {

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
  std::vector<std::string> command_line;
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

// Loads, runs and summarises; invalid input is reported on stderr with status 2.
// Throws on a runtime error in a model (status 1 for the caller).
[[nodiscard]] Experiment run_experiment(const ExperimentOptions& options);

// Groups templated nodes (store-001..store-180 -> "store-*" ×180) and folds their links.
[[nodiscard]] analysis::NetworkSketch sketch_network(const models::scenario::ScenarioSpec& spec);

// The command line this process was started with, for the reproducibility record.
void set_command_line(int argc, char** argv);
[[nodiscard]] const std::vector<std::string>& command_line();

}  // namespace peaksim
