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
// A channel with a `trace` replays its fixed list of customers instead, and one with
// an `order_log` the orders of a CSV file (models/scenario/data/order_log.h), each
// process walking the shared log with a cursor of its own.
// Everything is drawn from the caller's stream, which models take from
// Context::stream(kDemandStream) so that every policy variant sees the same
// customers (common random numbers).
#pragma once

#include <boost/random/discrete_distribution.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/data/order_log.h"
#include "models/scenario/spec.h"
#include "sim/random.h"
#include "sim/time.h"

namespace models::retail {

inline constexpr std::uint32_t kDemandStream = 1;
inline constexpr std::uint32_t kShrinkStream = 2;
inline constexpr std::uint32_t kFulfilStream = 3;  // pick and pack times
inline constexpr std::uint32_t kConfirmStream = 5;  // a WMS's confirmation delays
inline constexpr std::uint32_t kSupplyStream = 6;   // a supplier's lead times, fill, lateness and transit times
inline constexpr std::uint32_t kReceiveStream = 7;  // a receiving node's transit losses and put-away times
inline constexpr std::uint32_t kScanStream = 8;     // a node's carrier scan delays

struct BasketLine {
  std::uint32_t sku = 0;
  std::uint32_t qty = 1;
};

class DemandProcess {
 public:
  // How a channel's customers pick SKUs: its popularity over the catalogue and, when a
  // promotion targets SKUs, its mix without promotions. A table per SKU, the same for
  // every process of one channel (every store of a walk-in channel), so they share one:
  // it never changes once built, and drawing from it reads it only.
  struct SkuDraw {
    boost::random::discrete_distribution<std::uint32_t, double> popularity;
    std::vector<double> mix;  // summing to 1; empty unless a promotion targets SKUs
  };
  // `region_code`: a region's network code, for the trace entries and log rows that name one.
  // `sku_draw`: another process's of the same channel and catalogue (sku_draw()), or null.
  DemandProcess(const scenario::ChannelSpec& channel, const std::vector<scenario::SkuSpec>& skus,
                sim::Duration horizon, const std::function<std::uint16_t(const std::string&)>& region_code = {},
                std::shared_ptr<const SkuDraw> sku_draw = nullptr);
  [[nodiscard]] const std::shared_ptr<const SkuDraw>& sku_draw() const { return draw_; }

  [[nodiscard]] double rate_per_hour(sim::Time t) const;
  // The next arrival after `now`, or nullopt when none falls before the horizon.
  [[nodiscard]] std::optional<sim::Time> next_arrival(sim::Time now, sim::LpRandom& rng) const;
  // The lines of a customer arriving at `at` (the SKU mix of the promotions running then).
  [[nodiscard]] std::vector<BasketLine> basket(sim::LpRandom& rng, sim::Time at) const;
  // Index into the channel's regions (sorted by name), or nullopt if none.
  [[nodiscard]] std::optional<std::size_t> region(sim::LpRandom& rng) const;
  // The network code of the region the next replayed order names (call before its basket);
  // nullopt when it names none, or the channel does not replay.
  [[nodiscard]] std::optional<std::uint16_t> replayed_region() const;
  // True when the channel replays recorded customers (a trace or an order log) rather
  // than drawing them: a replayed customer is passed over by taking its basket.
  [[nodiscard]] bool replays() const { return channel_->order_log || !channel_->trace.empty(); }

 private:
  const scenario::ChannelSpec* channel_;
  sim::Time horizon_;
  double max_rate_ = 0.0;
  std::size_t sku_count_ = 0;
  mutable std::size_t trace_cursor_ = 0;  // trace mode: the next customer of channel_->trace
  std::vector<std::uint16_t> trace_regions_;  // per trace entry: its region's code (0: none)
  // Order log mode: this process's place in the log, the order it is at and the copies
  // of it still to come (scale), and the log's regions as codes (by 1-based index).
  std::optional<sim::Time> next_logged(sim::Time now, sim::LpRandom& rng) const;
  mutable std::optional<scenario::OrderLog::Cursor> log_cursor_;
  mutable scenario::OrderLog::Order logged_;
  mutable sim::Time logged_at_;
  mutable std::int64_t copies_left_ = 0;
  std::vector<std::uint16_t> log_regions_;
  std::shared_ptr<const SkuDraw> draw_;
  // Promotions that target SKUs: the SKU mix and rate factor per set of running ones (a bit mask).
  struct Mix {
    double rate_factor = 1.0;
    mutable boost::random::discrete_distribution<std::uint32_t, double> popularity;
  };
  bool targeted_ = false;    // some promotion targets SKUs
  mutable std::map<std::uint64_t, Mix> mixes_;
  const Mix* mix_at(sim::Time t) const;  // nullptr: no targeted promotion runs at t
  mutable boost::random::discrete_distribution<std::int64_t, double> line_units_;
  std::vector<std::int64_t> unit_values_;
  mutable boost::random::discrete_distribution<std::size_t, double> regions_;
  bool has_regions_ = false;
};

}  // namespace models::retail
