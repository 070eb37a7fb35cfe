// safety_stock form `fixed`: the same units of every SKU.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class FixedSafetyStock final : public SafetyStockForm {
 public:
  explicit FixedSafetyStock(std::int64_t units) : units_(units) {}
  [[nodiscard]] std::vector<std::int64_t> units(const SafetyStockTarget& target) const override {
    return std::vector<std::int64_t>(target.on_hand.size(), units_);
  }

 private:
  std::int64_t units_;
};

}  // namespace

std::unique_ptr<SafetyStockForm> make_safety_stock_fixed(const ParamValues& params) {
  return std::make_unique<FixedSafetyStock>(params.integer("units"));
}

}  // namespace models::retail
