// models/retail/demand.h — customers of one channel at one capture node.
//
// A non-homogeneous Poisson process: base rate x piecewise-linear profile x
// promotion multipliers, sampled by thinning (Lewis & Shedler 1979) against the
// largest rate of the horizon. Baskets draw distinct SKUs by popularity, each
// line's units from the channel's units_per_line.
// A promotion that targets SKUs multiplies only their demand: while it runs, a
// SKU's weight is w_i x the product of the multipliers of the running
// promotions that target it, the channel's rate is scaled by the sum of those
// weights (the w_i sum to 1), and baskets draw from those weights. A promotion
// without SKUs multiplies the rate alone (every SKU alike).
// A channel with a `trace` replays its fixed list of customers instead.
// Everything is drawn from the caller's stream, which models take from
// Context::stream(kDemandStream) so that every policy variant sees the same
// customers (common random numbers).
#pragma once

#include <boost/random/discrete_distribution.hpp>

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "models/scenario/spec.h"
#include "sim/random.h"
#include "sim/time.h"

namespace models::retail {

inline constexpr std::uint32_t kDemandStream = 1;
inline constexpr std::uint32_t kShrinkStream = 2;
inline constexpr std::uint32_t kFulfilStream = 3;  // pick and pack times
inline constexpr std::uint32_t kConfirmStream = 5;  // a WMS's confirmation delays

struct BasketLine {
  std::uint32_t sku = 0;
  std::uint32_t qty = 1;
};

class DemandProcess {
 public:
  DemandProcess(const scenario::ChannelSpec& channel, const std::vector<scenario::SkuSpec>& skus,
                sim::Duration horizon);

  [[nodiscard]] double rate_per_hour(sim::Time t) const;
  // The next arrival after `now`, or nullopt when none falls before the horizon.
  [[nodiscard]] std::optional<sim::Time> next_arrival(sim::Time now, sim::LpRandom& rng) const;
  // The lines of a customer arriving at `at` (the SKU mix of the promotions running then).
  [[nodiscard]] std::vector<BasketLine> basket(sim::LpRandom& rng, sim::Time at) const;
  // Index into the channel's regions (sorted by name), or nullopt if none.
  [[nodiscard]] std::optional<std::size_t> region(sim::LpRandom& rng) const;

 private:
  const scenario::ChannelSpec* channel_;
  sim::Time horizon_;
  double max_rate_ = 0.0;
  std::size_t sku_count_ = 0;
  mutable std::size_t trace_cursor_ = 0;  // trace mode: the next customer of channel_->trace
  mutable boost::random::discrete_distribution<std::uint32_t, double> popularity_;
  // Promotions that target SKUs: the SKU mix and rate factor per set of running ones (a bit mask).
  struct Mix {
    double rate_factor = 1.0;
    mutable boost::random::discrete_distribution<std::uint32_t, double> popularity;
  };
  std::vector<double> mix_;  // the channel's SKU mix without promotions, summing to 1
  bool targeted_ = false;    // some promotion targets SKUs
  mutable std::map<std::uint64_t, Mix> mixes_;
  const Mix* mix_at(sim::Time t) const;  // nullptr: no targeted promotion runs at t
  mutable boost::random::discrete_distribution<std::int64_t, double> line_units_;
  std::vector<std::int64_t> unit_values_;
  mutable boost::random::discrete_distribution<std::size_t, double> regions_;
  bool has_regions_ = false;
};

}  // namespace models::retail
