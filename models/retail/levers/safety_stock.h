// models/retail/levers/safety_stock.h — units held back from availability.
//
// A scenario's `policies.safety_stock` is a list of rules, each with a scope
// (a node, a node kind, the network, a channel) and a form that says how many
// units to hold per SKU: `fixed`, `percent`, `velocity` or `service_level`.
// The build step (build/safety_stock.cpp) describes each rule's target — its
// stock, its expected demand and its exposure window — and asks the form. One
// file per form in safety_stock/, one line each in models/registry.cpp.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/scenario/param_table.h"
#include "sim/time.h"

namespace models::retail {

// What a rule holds stock for: one node, or the network's pool as one channel or all see it.
struct SafetyStockTarget {
  std::vector<std::int64_t> on_hand;       // per SKU, at the start of the run
  std::vector<double> units_per_hour;      // per SKU: the expected demand the target serves
  sim::Duration window;                    // exposure: from a sale to the moment the figure shows it
};

class SafetyStockForm {
 public:
  virtual ~SafetyStockForm() = default;
  // Units held back per SKU (catalog order), each at least 0, at the start of the run.
  [[nodiscard]] virtual std::vector<std::int64_t> units(const SafetyStockTarget& target) const = 0;
  // A form that follows on hand (`percent`): the share the OMS holds back of its
  // current view of on hand, rounded up, at every figure it computes; 0: the
  // units above hold all run (they follow demand rates, not stock).
  [[nodiscard]] virtual double share_of_on_hand() const { return 0.0; }
};

// A buffer held back from one target: fixed units per SKU, or a live share of on hand.
struct SafetyBuffer {
  std::vector<std::int64_t> units;  // per SKU; the start-of-run figure when share > 0
  double share = 0.0;
  [[nodiscard]] bool empty() const { return units.empty(); }
  [[nodiscard]] std::int64_t held(std::uint32_t sku, std::int64_t on_hand) const;  // below: inline (hot in sourcing)
};

// ceil(x), forgiving the rounding of a product that should be whole (3.0000000001 -> 3).
[[nodiscard]] std::int64_t whole_units_up(double x);

inline std::int64_t SafetyBuffer::held(std::uint32_t sku, std::int64_t on_hand) const {
  if (share > 0.0) {
    return whole_units_up(share * static_cast<double>(std::max<std::int64_t>(0, on_hand)));
  }
  return sku < units.size() ? units[sku] : 0;
}

// Per SKU, whole_units_up(units(expected units per hour, hours)) over `window`, or over the target's own when zero.
template <class Units>
[[nodiscard]] std::vector<std::int64_t> over_window(const SafetyStockTarget& target, sim::Duration window, Units units) {
  const double hours = (window > sim::Duration::zero() ? window : target.window).to_seconds() / 3600.0;
  std::vector<std::int64_t> out(target.units_per_hour.size(), 0);
  for (std::size_t sku = 0; sku < out.size(); ++sku) {
    out[sku] = whole_units_up(units(target.units_per_hour[sku], hours));
  }
  return out;
}

}  // namespace models::retail
