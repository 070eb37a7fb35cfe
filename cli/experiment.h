// cli/experiment.h — one scenario file, run as an experiment: every chosen variant
// × replications on TBB, summarised with intervals and judged against its gates.
// Shared by `peaksim run`, `peaksim check`, `peaksim merge` and the MPI ranks.
//
// In stages, so the work can be split: plan (cli/plan.h: load and check the
// file, list the jobs), run jobs (cli/run_jobs.h: any subset of (variant,
// replication) pairs, anywhere), merge (cli/merge.h: fold every replication into
// the summary and judge the gates). Results depend on the inputs only, never on
// how the jobs were split. Where the inputs came from is cli/provenance.h.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "analysis/summary.h"
#include "cli/plan.h"

namespace peaksim {

struct Experiment {
  int status = 0;  // kExitOk, or kExitUsage (invalid input: nothing ran)
  analysis::RunSummary summary;
  std::vector<std::vector<analysis::ReplicationResult>> runs;  // [variant][replication]
  analysis::NetworkSketch network;
  std::string description;
  std::vector<std::string> not_simulated;  // what the file says that the models do not act on yet
  std::vector<std::string> notes;          // from the model builder
};

// Plan, run every job (adding replications for --until-precision), finish.
// Invalid input: status kExitUsage. Throws on a runtime error in a model.
[[nodiscard]] Experiment run_experiment(const ExperimentOptions& options);
// The same for a plan already made (`peaksim run` checks its output folder in
// between); the record's wall time counts from `started`.
[[nodiscard]] Experiment run_experiment(Plan plan, const ExperimentOptions& options,
                                        std::chrono::steady_clock::time_point started);

}  // namespace peaksim
