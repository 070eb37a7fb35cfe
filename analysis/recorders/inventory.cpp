#include "analysis/recorders/inventory.h"

#include <algorithm>
#include <limits>

#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

// One change for the whole array: unit counts add exactly in a double, so the
// series are those of one change per SKU.
void Inventory::index_array(sim::LpId lp, sim::Time when, sim::ProbeId probe, const std::vector<std::int64_t>& values) {
  if (probe != probes::kPhysicalLevel || values.empty()) {
    return;
  }
  std::int64_t delta = 0;
  for (std::size_t sku = 0; sku < values.size(); ++sku) {
    std::int64_t& level = level_.at(lp, sku);
    delta += values[sku] - level;
    level = values[sku];
  }
  add(when.count_us(), delta);
}

void Inventory::add(std::int64_t when_us, std::int64_t delta) {
  if (when_us >= 0 && static_cast<std::size_t>(when_us / kMinuteUs) < minute_delta_.size()) {
    minute_delta_[static_cast<std::size_t>(when_us / kMinuteUs)] += delta;
  }  // a change at or after the horizon's last minute shows in no minute
}

void Inventory::index(sim::LpId lp, const ProbeRecord& r) {
  const auto units = static_cast<std::int64_t>(r.value);
  switch (r.probe) {
    case probes::kPhysicalLevel: {
      auto& now = level_.at(lp, static_cast<std::size_t>(r.label));
      add(r.when.count_us(), units - now);
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
  Series s{"units_on_hand", {}, "units", std::vector<double>(minute_delta_.size(), 0.0)};
  std::int64_t level = 0;
  for (std::size_t m = 0; m < minute_delta_.size(); ++m) {
    level += minute_delta_[m];
    s.values[m] = static_cast<double>(level);
  }
  series_.push_back(std::move(s));
}

void observe_inventory(const RetailMetrics& metrics, ObservationWriter& emit) {
  emit.ratio("inventory_drift", {}, "units",
             metrics.has_oms_view ? static_cast<double>(metrics.oms_view_units - metrics.units.on_hand)
                                  : std::numeric_limits<double>::quiet_NaN());
}

}  // namespace analysis::recorders
