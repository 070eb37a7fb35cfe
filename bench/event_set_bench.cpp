// bench/event_set_bench.cpp — the hold model over each pending-event set.
//
// The classic priority-queue benchmark (Jones 1986; Tang et al. 2005 use it for the
// ladder queue): prefill N events, then every iteration takes the earliest and
// schedules one successor at top.time + lookahead + Exp(mean), so the set stays at
// N. `ReplaceTop` is the engine's hot path; `PopPush` does the same work as pop()
// then push() and shows what replace_top saves. items_per_second is hold
// operations a second; the figures that chose kDefaultEventSet are in README.md.
//
//   build/bench/event_set_bench --benchmark_filter=ReplaceTop
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>

#include "sim/event.h"
#include "sim/heap_event_set.h"
#include "sim/ladder_event_set.h"

namespace {

constexpr std::int64_t kLookaheadUs = 100'000;
constexpr double kMeanDelayUs = 1e6;

// splitmix64: a benchmark's own stream, fixed seed, so every set sees the same keys.
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E37'79B9'7F4A'7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58'476D'1CE4'E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D0'49BB'1331'11EBull;
    return z ^ (z >> 31);
  }

  // Exponential with the given mean, from 53 uniform bits.
  std::int64_t exponential_us(double mean) {
    const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;
    return static_cast<std::int64_t>(-mean * std::log1p(-u));
  }

 private:
  std::uint64_t state_;
};

// Distinct keys: 4096 "LPs", each with its own sequence counter.
class EventMaker {
 public:
  sim::Event at(std::int64_t when_us) {
    sim::Event e;
    e.key.when = sim::Time::from_us(when_us);
    e.key.origin = static_cast<sim::LpId>(serial_ & 4095u);
    e.key.origin_seq = static_cast<std::uint32_t>(serial_ >> 12);
    e.target = e.key.origin;
    ++serial_;
    return e;
  }

 private:
  std::uint64_t serial_ = 0;
};

template <class Set>
void prefill(Set& set, std::size_t n, SplitMix& rng, EventMaker& maker) {
  set.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    set.push(maker.at(rng.exponential_us(kMeanDelayUs)));
  }
}

template <class Set>
void BM_HoldReplaceTop(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  SplitMix rng(42);
  EventMaker maker;
  Set set;
  prefill(set, n, rng, maker);
  for (auto _ : state) {
    const sim::Event& next = set.top();
    benchmark::DoNotOptimize(next);
    const std::int64_t when =
        next.when().count_us() + kLookaheadUs + rng.exponential_us(kMeanDelayUs);
    set.replace_top(maker.at(when));
  }
  state.SetItemsProcessed(state.iterations());
}

template <class Set>
void BM_HoldPopPush(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  SplitMix rng(42);
  EventMaker maker;
  Set set;
  prefill(set, n, rng, maker);
  for (auto _ : state) {
    const sim::Event& next = set.top();
    benchmark::DoNotOptimize(next);
    const std::int64_t when =
        next.when().count_us() + kLookaheadUs + rng.exponential_us(kMeanDelayUs);
    set.pop();
    set.push(maker.at(when));
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_TEMPLATE(BM_HoldReplaceTop, sim::HeapEventSet)->Arg(1 << 14)->Arg(1 << 20);
BENCHMARK_TEMPLATE(BM_HoldReplaceTop, sim::LadderEventSet)->Arg(1 << 14)->Arg(1 << 20);
BENCHMARK_TEMPLATE(BM_HoldPopPush, sim::HeapEventSet)->Arg(1 << 14)->Arg(1 << 20);
BENCHMARK_TEMPLATE(BM_HoldPopPush, sim::LadderEventSet)->Arg(1 << 14)->Arg(1 << 20);

}  // namespace
