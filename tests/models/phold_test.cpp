#include <catch2/catch.hpp>

#include "models/synthetic/phold.h"
#include "sim/errors.h"
#include "sim/parallel_engine.h"
#include "sim/sequential_engine.h"

using sim::Duration;

TEST_CASE("PHOLD: the event population stays N*K and every commit is counted once", "[models][phold]") {
  models::PholdParams params;
  params.lps = 50;
  params.events_per_lp = 7;
  params.remote = 0.5;
  sim::EngineOptions options;
  options.end = sim::Time::zero() + Duration::seconds(300);
  options.threads = 2;
  const bool parallel = GENERATE(false, true);
  sim::Network net = models::build_phold(params);
  const sim::RunStats stats =
      parallel ? sim::ParallelEngine(options).run(net) : sim::SequentialEngine(options).run(net);
  CHECK(stats.pending_at_end == 350);
  CHECK(models::phold_total_count(net) == stats.events);
  CHECK(stats.end_time == options.end);
}

TEST_CASE("PHOLD: the event rate matches population / mean delay (Little's law)", "[models][phold]") {
  // N*K events are always pending, each for lookahead + Exp(mean) on average, so
  // by Little's law the commit rate is N*K / (lookahead + mean). With 1024 events
  // over 2000 s the count is about 1.86M; its relative sd is ~0.1%, so 2% is loose.
  models::PholdParams params;
  params.lps = 128;
  params.events_per_lp = 8;
  params.mean = Duration::seconds(1);
  params.lookahead = Duration::millis(100);
  sim::EngineOptions options;
  options.end = sim::Time::zero() + Duration::seconds(2000);
  sim::Network net = models::build_phold(params);
  const sim::RunStats stats = sim::SequentialEngine(options).run(net);
  const double expected = 1024.0 / 1.1 * 2000.0;
  CHECK(static_cast<double>(stats.events) == Approx(expected).epsilon(0.02));
}

TEST_CASE("PHOLD: parameters outside their range are refused with the option's name", "[models][phold]") {
  models::PholdParams params;
  params.remote = 1.5;
  CHECK_THROWS_WITH(models::build_phold(params), Catch::Contains("--remote must be a probability"));
  params.remote = 1.0;
  params.lookahead = Duration::zero();
  CHECK_THROWS_WITH(models::build_phold(params), Catch::Contains("--lookahead must be positive"));
  params.lookahead = Duration::millis(1);
  params.lps = 0;
  CHECK_THROWS_AS(models::build_phold(params), sim::ConfigError);
}
