#include "models/retail/levers/safety_stock.h"

#include <algorithm>
#include <cmath>

namespace models::retail {

std::int64_t whole_units_up(double x) { return x <= 0.0 ? 0 : static_cast<std::int64_t>(std::ceil(x - 1e-9)); }

std::int64_t SafetyBuffer::held(std::uint32_t sku, std::int64_t on_hand) const {
  if (share > 0.0) {
    return whole_units_up(share * static_cast<double>(std::max<std::int64_t>(0, on_hand)));
  }
  return sku < units.size() ? units[sku] : 0;
}

}  // namespace models::retail
