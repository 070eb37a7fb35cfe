#include "models/retail/levers/safety_stock.h"

#include <algorithm>
#include <cmath>

namespace models::retail {

std::int64_t whole_units_up(double x) { return x <= 0.0 ? 0 : static_cast<std::int64_t>(std::ceil(x - 1e-9)); }

}  // namespace models::retail
