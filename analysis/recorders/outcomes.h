// analysis/recorders/outcomes.h — what customers got, per channel: orders
// captured, lines promised and turned away, till sales and empty shelves,
// fulfilled and oversold lines, and lost sales.
//
// Lost sales are judged here, not in the models: a customer turned away at
// time t for a SKU is a lost sale if, at t, physical stock of that SKU (on
// hand, not reserved) existed somewhere in the network — a fact no single
// system in the model could see. Fills ChannelMetrics' outcome fields and the
// per-minute series orders, oversells and turned_away per channel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/observe.h"

namespace analysis::recorders {

class Outcomes {
 public:
  Outcomes(const Context& context, RetailMetrics& out);
  void index(sim::LpId lp, std::size_t idx, const ProbeRecord& r);
  void join(const ProbeRecord& r, const LineBook& lines);
  // Lost sales: sweeps each SKU's physical levels in time order against its turn-aways.
  void finish();
  [[nodiscard]] std::vector<Series> take_series() { return std::move(series_); }

 private:
  enum class Count : std::size_t { Orders = 0, Oversells = 1, TurnedAway = 2 };
  void count_minute(std::size_t channel, Count which, sim::Time when);
  void turned_away(const ProbeRecord& r);

  struct TurnAway {
    sim::Time when;
    std::size_t channel;
    std::int64_t units;
  };
  // A change of physical level: (time, lp, order within the LP, level).
  using LevelChange = std::tuple<sim::Time, sim::LpId, std::size_t, std::int64_t>;

  const Context& context_;
  RetailMetrics& out_;
  std::size_t minutes_;
  std::vector<Series> series_;  // per channel: orders, oversells, turned_away
  std::map<std::uint32_t, std::vector<LevelChange>> levels_;  // by SKU
  std::map<std::uint32_t, std::vector<TurnAway>> turned_away_;  // by SKU
};

// The outcome observations of one channel, in the summary's order.
void observe_outcomes(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit);

}  // namespace analysis::recorders
