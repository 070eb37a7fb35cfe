#include "analysis/recorders/inventory.h"

#include <algorithm>
#include <limits>

#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

void Inventory::index(sim::LpId lp, const ProbeRecord& r) {
  const auto units = static_cast<std::int64_t>(r.value);
  switch (r.probe) {
    case probes::kPhysicalLevel: {
      const auto sku = static_cast<std::size_t>(r.label);
      if (lp >= level_now_.size()) {
        level_now_.resize(lp + 1);
      }
      if (sku >= level_now_[lp].size()) {
        level_now_[lp].resize(sku + 1, 0);
      }
      auto& now = level_now_[lp][sku];
      on_hand_.emplace_back(r.when.count_us(), static_cast<double>(units - now));
      now = units;
      break;
    }
    case probes::kUnitsReceived: out_.units.received += units; break;
    case probes::kUnitsOnHand: out_.units.on_hand += units; break;
    case probes::kUnitsReserved: out_.units.reserved += units; break;
    case probes::kUnitsShipped: out_.units.shipped += units; break;
    case probes::kUnitsSold: out_.units.sold += units; break;
    case probes::kUnitsDamaged: out_.units.damaged += units; break;
    case probes::kUnitsReturned: out_.units.returned += units; break;
    case probes::kOmsViewUnits:
      out_.oms_view_units += units;
      out_.has_oms_view = true;
      break;
    default:
      break;
  }
}

void Inventory::finish() {
  std::sort(on_hand_.begin(), on_hand_.end());
  series_.push_back(minute_level("units_on_hand", "units", on_hand_, context_.end));
}

void observe_inventory(const RetailMetrics& metrics, ObservationWriter& emit) {
  emit.ratio("inventory_drift", {}, "units",
             metrics.has_oms_view ? static_cast<double>(metrics.oms_view_units - metrics.units.on_hand)
                                  : std::numeric_limits<double>::quiet_NaN());
}

}  // namespace analysis::recorders
