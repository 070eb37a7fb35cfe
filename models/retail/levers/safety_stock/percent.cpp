// safety_stock form `percent`: ceil(percent / 100 x on hand) of each SKU.
#include <algorithm>

#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class PercentSafetyStock final : public SafetyStockForm {
 public:
  explicit PercentSafetyStock(double percent) : percent_(percent) {}
  [[nodiscard]] std::vector<std::int64_t> units(const SafetyStockTarget& target) const override {
    std::vector<std::int64_t> out(target.on_hand.size(), 0);
    for (std::size_t sku = 0; sku < out.size(); ++sku) {
      out[sku] = whole_units_up(percent_ / 100.0 * static_cast<double>(std::max<std::int64_t>(0, target.on_hand[sku])));
    }
    return out;
  }
  [[nodiscard]] double share_of_on_hand() const override { return percent_ / 100.0; }

 private:
  double percent_;
};

}  // namespace

std::unique_ptr<SafetyStockForm> make_safety_stock_percent(const ParamValues& params) {
  return std::make_unique<PercentSafetyStock>(params.number("percent"));
}

}  // namespace models::retail
