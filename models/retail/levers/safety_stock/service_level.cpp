// safety_stock form `service_level`: ceil(z x sigma) of each SKU, sigma the standard
// deviation of Poisson demand over the window: sqrt(units per hour x window in hours).
// The window is the target's exposure window unless the rule names one.
#include <cmath>

#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class ServiceLevelSafetyStock final : public SafetyStockForm {
 public:
  ServiceLevelSafetyStock(double service_factor, sim::Duration window)
      : service_factor_(service_factor), window_(window) {}
  [[nodiscard]] std::vector<std::int64_t> units(const SafetyStockTarget& target) const override {
    return over_window(target, window_, [this](double per_hour, double hours) {
      return service_factor_ * std::sqrt(per_hour * hours);  // sigma of Poisson demand over the window
    });
  }

 private:
  double service_factor_;
  sim::Duration window_;
};

}  // namespace

std::unique_ptr<SafetyStockForm> make_safety_stock_service_level(const ParamValues& params) {
  return std::make_unique<ServiceLevelSafetyStock>(params.number("service_factor"), params.duration("window"));
}

}  // namespace models::retail
