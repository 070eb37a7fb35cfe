// tests/models/recorded_run.h — every probe record of one sequential run, for the
// joins and timings a test needs that the metrics do not expose.
#pragma once

#include <vector>

#include "models/retail/build.h"
#include "models/scenario/spec.h"
#include "sim/probe.h"
#include "sim/sequential_engine.h"

namespace test_support {

struct Records final : sim::ProbeSink {
  struct Record {
    sim::Time when;
    sim::ProbeId probe;
    double value;
    std::int64_t label;
  };
  std::vector<Record> all;
  void record(sim::LpId, sim::Time when, sim::ProbeId probe, double value, std::int64_t label) override {
    all.push_back(Record{when, probe, value, label});
  }
};

// Runs the spec's replication 0 to its horizon on the sequential engine.
inline Records run_recorded(const models::scenario::ScenarioSpec& spec) {
  models::retail::RetailModel model = models::retail::build(spec);
  Records records;
  sim::EngineOptions options;
  options.seed = spec.seed;
  options.end = sim::Time::zero() + spec.horizon;
  options.probes = &records;
  (void)sim::SequentialEngine(options).run(model.network);
  return records;
}

}  // namespace test_support
