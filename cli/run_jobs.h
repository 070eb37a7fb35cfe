// cli/run_jobs.h — running a plan's jobs: each (variant, replication) is one
// retail run (cli/retail_run.h), side by side on TBB threads, with one progress
// line for all of them. Results come back in job order, whatever the threads did.
#pragma once

#include <string>
#include <vector>

#include "analysis/summary.h"
#include "cli/plan.h"

namespace peaksim {

class Progress;

// Runs `jobs` side by side on `options.threads` threads (one after another when
// the parallel engine spreads each run over them: uses_parallel_engine); results
// in job order.
// Adds the model builder's notes to `notes`, once each. Throws when a model
// fails, or when a run does not conserve units.
[[nodiscard]] std::vector<analysis::ReplicationResult> run_jobs(const Plan& plan, const std::vector<Job>& jobs,
                                                                const ExperimentOptions& options, Progress& progress,
                                                                std::vector<std::string>& notes);

}  // namespace peaksim
