// analysis/recorders/inventory.h — where the units are: the conservation
// balance every physical node reports at the end, unreserved units on hand
// over the day, and how far the OMS's belief has drifted from physical stock.
//
// Fills RetailMetrics::units, oms_view_units and has_oms_view; the series
// units_on_hand.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/observe.h"

namespace analysis::recorders {

class Inventory {
 public:
  Inventory(const Context& context, RetailMetrics& out)
      : context_(context), out_(out), minute_delta_(minutes_until(context.end), 0) {}
  void index(sim::LpId lp, const ProbeRecord& r);
  // A node's levels of every SKU at once (its initial stock).
  void index_array(sim::LpId lp, sim::Time when, sim::ProbeId probe, const std::vector<std::int64_t>& values);
  void finish();
  [[nodiscard]] std::vector<Series> take_series() { return std::move(series_); }

 private:
  const Context& context_;
  RetailMetrics& out_;
  // Changes of unreserved units on hand, network-wide, summed per minute: the series
  // is the level at each minute's end, and whole units add exactly in any order, so
  // a minute's sum stands for its changes (8 bytes a minute, not 16 a change).
  void add(std::int64_t when_us, std::int64_t delta);
  std::vector<std::int64_t> minute_delta_;
  LpLevels level_;
  std::vector<Series> series_;
};

// The OMS's belief minus physical stock at the end: duplicates applied twice,
// lost messages, unreported shrink and deltas still in flight all show here.
void observe_inventory(const RetailMetrics& metrics, ObservationWriter& emit);

}  // namespace analysis::recorders
