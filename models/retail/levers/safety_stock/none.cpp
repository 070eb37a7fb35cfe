// safety_stock `none`: nothing held back.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class NoSafetyStock final : public SafetyStockPolicy {
 public:
  [[nodiscard]] std::vector<std::int64_t> units(const SafetyStockInputs& in) const override {
    return std::vector<std::int64_t>(in.spec.skus.size(), 0);
  }
};

}  // namespace

std::unique_ptr<SafetyStockPolicy> make_safety_stock_none(const scenario::ParamValues&) {
  return std::make_unique<NoSafetyStock>();
}

}  // namespace models::retail
