// analysis/recorders/common.h — what every retail recorder shares: the probe
// record it reads, the checked lookups that turn a probe's label into a
// channel, group or broker, and time-weighted levels.
//
// RetailRecorder (analysis/retail_metrics.h) keeps each LP's records and feeds
// them to the recorders LP by LP, in two phases (index, then join); the
// recorders never see the engine.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analysis/retail_metrics.h"
#include "sim/probe.h"
#include "sim/time.h"

namespace analysis::recorders {

using Context = RetailRecorder::Context;

inline constexpr std::int64_t kMinuteUs = 60'000'000;

// Each SKU's last level at one LP: records arrive LP by LP, so one flat array
// serves every node in turn (dense: one map node per position cost 10x).
class LpLevels {
 public:
  // The level of `sku` at `lp`; 0 until set. Moving to another LP starts it afresh.
  std::int64_t& at(sim::LpId lp, std::size_t sku) {
    if (lp != lp_) {
      lp_ = lp;
      std::fill(level_.begin(), level_.end(), 0);
    }
    if (sku >= level_.size()) {
      level_.resize(sku + 1, 0);
    }
    return level_[sku];
  }

 private:
  sim::LpId lp_ = sim::kNoLp;
  std::vector<std::int64_t> level_;
};

// Whether `probe` is one of `Probes` (a recorder's joins(): the probes it reads).
template <sim::ProbeId... Probes>
[[nodiscard]] constexpr bool one_of(sim::ProbeId probe) {
  return ((probe == Probes) || ...);
}

// A level's changes: (time in µs, delta), in any order until settled.
using LevelChanges = std::vector<std::pair<std::int64_t, double>>;

// The channel a probe names; throws std::out_of_range when it does not exist.
[[nodiscard]] ChannelMetrics& channel_at(RetailMetrics& out, std::size_t idx);

// `label` as an index below `size`; throws std::out_of_range naming `what`
// ("broker", "fulfilment group") when it is not.
[[nodiscard]] std::size_t checked_index(std::int64_t label, std::size_t size, const char* what);

// Sorts `changes` and returns the level's time-weighted mean over the measured
// window [warm-up, end) and its peak there. Sorting makes the result
// independent of the order the changes were gathered in.
[[nodiscard]] std::pair<double, double> settle_level(LevelChanges& changes, const Context& context);

// The level at the horizon: the sum of every change (what is still waiting then).
[[nodiscard]] double final_level(const LevelChanges& changes);

// The level at the end of each minute of [0, end), from changes sorted by
// time, divided by `divisor`: one per-minute series.
[[nodiscard]] Series minute_level(const std::string& name, const std::string& unit, const LevelChanges& changes,
                                  sim::Time end, Labels labels = {}, double divisor = 1.0);

// Minutes in [0, end), the last one possibly partial.
[[nodiscard]] std::size_t minutes_until(sim::Time end);

}  // namespace analysis::recorders
