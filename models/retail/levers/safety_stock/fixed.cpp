// safety_stock `fixed`: safety_units per SKU at every node.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class FixedSafetyStock final : public SafetyStockPolicy {
 public:
  explicit FixedSafetyStock(std::int64_t units) : units_(units) {}
  [[nodiscard]] std::vector<std::int64_t> units(const SafetyStockInputs& in) const override {
    return std::vector<std::int64_t>(in.spec.skus.size(), units_);
  }

 private:
  std::int64_t units_;
};

}  // namespace

std::unique_ptr<SafetyStockPolicy> make_safety_stock_fixed(const scenario::ParamValues& params) {
  return std::make_unique<FixedSafetyStock>(params.integer("safety_units"));
}

}  // namespace models::retail
