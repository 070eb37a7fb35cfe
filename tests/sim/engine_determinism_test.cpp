// The determinism contract (DESIGN.md): the same model, seed and replication
// give bit-identical results on every engine, thread count, partitioning and
// pending-event set. "Results" are the whole RunStats except wall time — a
// checksum over every committed event (key, kind, payload) folded per LP in the
// LP's own order, every LP's final state and random-stream position — plus the
// probe totals merged in LP order.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "analysis/probe_totals.h"
#include "models/synthetic/phold.h"
#include "models/synthetic/relay.h"
#include "sim/parallel_engine.h"
#include "sim/sequential_engine.h"

using sim::Duration;

namespace {

struct EngineConfig {
  bool parallel = false;
  unsigned threads = 1;
  unsigned partitions = 0;
  sim::EventSetKind set = sim::EventSetKind::Heap;
  bool fall_back = false;  // --engine auto's parallel engine
  std::string describe() const {
    return std::string(parallel ? "parallel" : "sequential") + " threads=" + std::to_string(threads) +
           " partitions=" + std::to_string(partitions) + " set=" + std::string(sim::to_string(set)) +
           (fall_back ? " fall_back" : "");
  }
};

struct Outcome {
  sim::RunStats stats;
  analysis::ProbeTotal hops;
  analysis::ProbeTotal ticks;
};

Outcome run(const std::function<sim::Network()>& build, const EngineConfig& config, sim::EngineOptions options) {
  sim::Network net = build();
  analysis::ProbeTotals totals(net.lp_count());
  options.threads = config.threads;
  options.partitions = config.partitions;
  options.event_set = config.set;
  options.fall_back = config.fall_back;
  options.probes = &totals;
  Outcome out;
  out.stats = config.parallel ? sim::ParallelEngine(options).run(net) : sim::SequentialEngine(options).run(net);
  out.hops = totals.merged(models::relay_probes::kHop);
  out.ticks = totals.merged(models::relay_probes::kTick);
  return out;
}

std::vector<EngineConfig> all_configs() {
  std::vector<EngineConfig> configs;
  for (sim::EventSetKind set : {sim::EventSetKind::Heap, sim::EventSetKind::Ladder}) {
    configs.push_back({false, 1, 0, set});
    for (unsigned threads : {1u, 2u, 4u, 8u}) {
      for (unsigned partitions : {0u, 1u, 3u, 16u}) {
        configs.push_back({true, threads, partitions, set});
      }
    }
    for (unsigned threads : {2u, 4u}) {
      configs.push_back({true, threads, 0, set, true});
    }
  }
  return configs;
}

void check_same(const Outcome& got, const Outcome& want) {
  CHECK(got.stats.events == want.stats.events);
  CHECK(got.stats.checksum == want.stats.checksum);
  CHECK(got.stats.last_event_time == want.stats.last_event_time);
  CHECK(got.stats.end_time == want.stats.end_time);
  CHECK(got.stats.pending_at_end == want.stats.pending_at_end);
  CHECK(got.hops == want.hops);
  CHECK(got.ticks == want.ticks);
}

}  // namespace

TEST_CASE("Engines: PHOLD gives bit-identical results on every engine, thread count and partitioning",
          "[sim][determinism]") {
  models::PholdParams params;
  params.lps = 96;
  params.events_per_lp = 6;
  params.remote = GENERATE(1.0, 0.3);
  auto build = [&] { return models::build_phold(params); };
  sim::EngineOptions options;
  options.seed = 2026;
  options.end = sim::Time::zero() + Duration::seconds(120);
  const Outcome want = run(build, {}, options);
  REQUIRE(want.stats.events > 50'000);
  for (const EngineConfig& config : all_configs()) {
    INFO(config.describe() << " remote=" << params.remote);
    check_same(run(build, config, options), want);
  }
}

TEST_CASE("Engines: a relay network with 0/1ms/50ms/2s links gives bit-identical results everywhere",
          "[sim][determinism]") {
  models::RelayParams params;
  params.lps = 48;
  params.block = GENERATE(1u, 4u);
  auto build = [&] { return models::build_relay(params); };
  sim::EngineOptions options;
  options.seed = 99;
  options.replication = 3;
  options.end = sim::Time::zero() + Duration::seconds(150);
  const Outcome want = run(build, {}, options);
  REQUIRE(want.stats.events > 20'000);
  REQUIRE(want.ticks.count > 0);
  for (const EngineConfig& config : all_configs()) {
    INFO(config.describe() << " block=" << params.block);
    check_same(run(build, config, options), want);
  }
}

TEST_CASE("Engines: a stop after N events commits the first N events in key order on every engine",
          "[sim][determinism]") {
  models::PholdParams params;
  params.lps = 64;
  params.events_per_lp = 4;
  auto build = [&] { return models::build_phold(params); };
  sim::EngineOptions options;
  options.max_events = GENERATE(as<std::uint64_t>{}, 1, 1'000, 37'777);
  const Outcome want = run(build, {}, options);
  CHECK(want.stats.events == options.max_events);
  for (const EngineConfig& config : all_configs()) {
    INFO(config.describe() << " max_events=" << options.max_events);
    check_same(run(build, config, options), want);
  }
}

TEST_CASE("Engines: seeds and replications change the result; the same ones repeat it", "[sim][determinism]") {
  models::PholdParams params;
  params.lps = 32;
  params.events_per_lp = 4;
  auto build = [&] { return models::build_phold(params); };
  sim::EngineOptions options;
  options.end = sim::Time::zero() + Duration::seconds(50);
  const auto base = run(build, {}, options).stats.checksum;
  CHECK(run(build, {}, options).stats.checksum == base);
  options.replication = 1;
  CHECK(run(build, {}, options).stats.checksum != base);
  options.replication = 0;
  options.seed = 2;
  CHECK(run(build, {}, options).stats.checksum != base);
}

TEST_CASE("Engines: a network with no events finishes at once", "[sim][determinism]") {
  models::PholdParams params;
  params.lps = 8;
  params.events_per_lp = 0;
  for (const EngineConfig& config : all_configs()) {
    INFO(config.describe());
    const Outcome out = run([&] { return models::build_phold(params); }, config, sim::EngineOptions{});
    CHECK(out.stats.events == 0);
    CHECK(out.stats.pending_at_end == 0);
  }
}
