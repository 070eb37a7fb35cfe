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
  Inventory(const Context& context, RetailMetrics& out) : context_(context), out_(out) {}
  void index(sim::LpId lp, const ProbeRecord& r);
  // A node's levels of every SKU at once (its initial stock).
  void index_array(sim::LpId lp, sim::Time when, sim::ProbeId probe, const std::vector<std::int64_t>& values);
  void finish();
  [[nodiscard]] std::vector<Series> take_series() { return std::move(series_); }

 private:
  const Context& context_;
  RetailMetrics& out_;
  LevelChanges on_hand_;  // changes of unreserved units on hand, network-wide
  LpLevels level_;
  std::vector<Series> series_;
};

// The OMS's belief minus physical stock at the end: duplicates applied twice,
// lost messages, unreported shrink and deltas still in flight all show here.
void observe_inventory(const RetailMetrics& metrics, ObservationWriter& emit);

}  // namespace analysis::recorders
