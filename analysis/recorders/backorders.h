// analysis/recorders/backorders.h — short picks and what became of backordered
// lines, per channel: how many lines were backordered, how many of them were
// later shipped or canceled after backorder_max_wait, and how long those stock
// came back for waited. Lines count when captured after the warm-up.
#pragma once

#include <cstdint>

#include "analysis/recorders/common.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/observe.h"
#include "sim/flat_hash.h"

namespace analysis::recorders {

class Backorders {
 public:
  Backorders(const Context& context, RetailMetrics& out) : context_(context), out_(out) {}
  // Phase 2: the OMS emits a line's backorder before its shipment (one LP, in time order).
  void join(const ProbeRecord& r, const LineBook& lines);
  // The probes join reads: the only records RetailRecorder keeps for the join phase.
  [[nodiscard]] static constexpr bool joins(sim::ProbeId probe) {
    return one_of<models::retail::probes::kShortPick, models::retail::probes::kBackordered,
                  models::retail::probes::kBackorderReleased, models::retail::probes::kBackorderCanceled,
                  models::retail::probes::kLineFulfilled>(probe);
  }

 private:
  const Context& context_;
  RetailMetrics& out_;
  sim::FlatHashSet<std::int64_t> backordered_;  // line ids; membership only
};

// The short-pick and backorder observations of one channel, in the summary's order.
void observe_backorders(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit);

}  // namespace analysis::recorders
