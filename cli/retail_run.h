// cli/retail_run.h — one replication of one scenario variant, wired end to end:
// the retail models (models/) on an engine (sim/), recorded by analysis/.
#pragma once

#include "analysis/retail_metrics.h"
#include "models/scenario/spec.h"
#include "sim/engine.h"

namespace peaksim {

struct RetailRun {
  analysis::RetailMetrics metrics;
  sim::RunStats stats;
  std::vector<std::string> notes;  // from the model builder
};

struct RunSettings {
  bool parallel = false;
  unsigned threads = 1;      // of the engine, when parallel
  unsigned partitions = 0;
  bool fall_back = false;    // the parallel engine may go back to one partition (--engine auto)
  std::function<void(sim::Time, std::uint64_t)> progress;
};

[[nodiscard]] RetailRun run_retail(const models::scenario::ScenarioSpec& spec, std::uint32_t replication,
                                   const RunSettings& settings);

}  // namespace peaksim
