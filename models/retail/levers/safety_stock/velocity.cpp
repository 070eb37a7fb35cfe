// safety_stock form `velocity`: ceil(k x expected units per hour x cover) of each SKU;
// the cover is the target's exposure window unless the rule names one.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class VelocitySafetyStock final : public SafetyStockForm {
 public:
  VelocitySafetyStock(double k, sim::Duration cover) : k_(k), cover_(cover) {}
  [[nodiscard]] std::vector<std::int64_t> units(const SafetyStockTarget& target) const override {
    return over_window(target, cover_, [this](double per_hour, double hours) { return k_ * per_hour * hours; });
  }

 private:
  double k_;
  sim::Duration cover_;
};

}  // namespace

std::unique_ptr<SafetyStockForm> make_safety_stock_velocity(const ParamValues& params) {
  return std::make_unique<VelocitySafetyStock>(params.number("k"), params.duration("cover"));
}

}  // namespace models::retail
