// The parallel engine measures what each LP's events cost and re-partitions on
// it; with fall_back (--engine auto) it keeps one partition when partitions
// cannot pay. Neither may change a result: every run here is checked against
// the sequential engine's checksum.
#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include "lambda_lp.h"
#include "sim/parallel_engine.h"
#include "sim/sequential_engine.h"

using sim::Duration;

namespace {

// A ring of `lps` LPs joined by 1 ms links, four tokens each; the LPs in
// `heavy` burn about a hundred times a light LP's work on every event. The
// declared loads are `declared` (what the first partitioning balances).
sim::Network heavy_ring(std::uint32_t lps, const std::set<sim::LpId>& heavy, const std::vector<double>& declared) {
  sim::Network net;
  for (sim::LpId lp = 0; lp < lps; ++lp) {
    const bool burns = heavy.contains(lp);
    net.add_lp(test::lambda_lp(
                   [](sim::Context& ctx) {
                     for (int token = 0; token < 4; ++token) {
                       ctx.schedule_self(Duration::micros(token), 1);
                     }
                   },
                   [burns, lp](const sim::Event& ev, sim::Context& ctx) {
                     if (burns) {
                       volatile std::uint64_t sink = 0;
                       for (int idx = 0; idx < 8000; ++idx) {
                         sink = sink + static_cast<std::uint64_t>(idx) * ev.key.origin_seq;
                       }
                     }
                     ctx.send(static_cast<sim::LinkId>(lp), Duration::millis(1) + Duration::micros(ctx.rng()() % 500), 1);
                   }),
               "ring-" + std::to_string(lp), declared[lp]);
  }
  for (sim::LpId lp = 0; lp < lps; ++lp) {  // link id == LP id
    net.add_link(lp, (lp + 1) % lps, Duration::millis(1));
  }
  return net;
}

sim::EngineOptions options_for(unsigned threads, bool fall_back) {
  sim::EngineOptions options;
  options.seed = 7;
  options.end = sim::Time::zero() + Duration::seconds(12);
  options.threads = threads;
  options.fall_back = fall_back;
  return options;
}

// The parallel engine's run of heavy_ring(...), checked against the sequential engine's.
sim::RunStats parallel_run(std::uint32_t lps, const std::set<sim::LpId>& heavy, const std::vector<double>& declared,
                           unsigned threads, bool fall_back) {
  sim::Network seq_net = heavy_ring(lps, heavy, declared);
  const sim::RunStats want = sim::SequentialEngine(options_for(1, false)).run(seq_net);
  REQUIRE(want.events > 70'000);  // past the first cost check, at 2^16
  sim::Network net = heavy_ring(lps, heavy, declared);
  const sim::RunStats got = sim::ParallelEngine(options_for(threads, fall_back)).run(net);
  CHECK(got.events == want.events);
  CHECK(got.checksum == want.checksum);
  return got;
}

}  // namespace

TEST_CASE("ParallelEngine: re-partitions on the cost it measures, with the sequential result", "[sim][partition]") {
  // Declared loads put LP 3 alone and the two heavy LPs together: measuring must split them.
  const sim::RunStats got = parallel_run(4, {0, 1}, {1, 1, 1, 1000}, 2, false);
  CHECK(got.rebalances >= 1);
  CHECK(got.partitions == 2);
  CHECK(got.balance > 1.5);
}

TEST_CASE("ParallelEngine with fall_back: one partition when one LP does the work, several when two share it",
          "[sim][partition]") {
  const std::vector<double> declared(4, 1.0);
  SECTION("one heavy LP: partitions cannot pay, the run stays on one partition") {
    const sim::RunStats got = parallel_run(2, {1}, declared, 2, true);
    CHECK(got.partitions == 1);
    CHECK(got.balance < 1.25);
    CHECK(got.windows <= got.events / 65536 + 2);  // one-partition windows end at checks and progress reports only
  }
  SECTION("two heavy LPs: it goes to two partitions (and may come back if the machine is too busy)") {
    const sim::RunStats got = parallel_run(4, {0, 2}, declared, 2, true);
    CHECK(got.balance > 1.5);
    CHECK(got.windows > 1000);  // 1 ms windows: it ran partitioned
  }
  SECTION("one thread: nothing to measure, one partition") {
    const sim::RunStats got = parallel_run(4, {0, 2}, declared, 1, true);
    CHECK(got.partitions == 1);
    CHECK(got.windows <= got.events / 65536 + 1);
  }
}
