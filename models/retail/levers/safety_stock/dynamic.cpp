// safety_stock `dynamic`: at a node with walk-in demand, ceil(service_factor x
// velocity x sync interval) per SKU, where velocity is the channel's units per
// hour of the SKU and the sync interval the node's fastest batched inventory
// feed (after the batching policy). A node that streams its stock, or sells to
// no walk-ins, holds nothing back.
#include <algorithm>
#include <cmath>

#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class DynamicSafetyStock final : public SafetyStockPolicy {
 public:
  explicit DynamicSafetyStock(double service_factor) : service_factor_(service_factor) {}
  [[nodiscard]] std::vector<std::int64_t> units(const SafetyStockInputs& in) const override {
    std::vector<std::int64_t> safety(in.spec.skus.size(), 0);
    const std::optional<sim::Duration> sync = sync_interval(in);
    if (!in.channel || !sync) {
      return safety;
    }
    const auto& channel = in.spec.channels[*in.channel];
    const double hours = sync->to_seconds() / 3600.0 * in.batching.interval_factor();
    for (std::size_t sku = 0; sku < safety.size(); ++sku) {
      const double velocity = channel.orders_per_hour * channel.basket_mean * in.spec.skus[sku].popularity;
      safety[sku] = static_cast<std::int64_t>(std::ceil(service_factor_ * velocity * hours - 1e-9));
    }
    return safety;
  }

 private:
  static std::optional<sim::Duration> sync_interval(const SafetyStockInputs& in) {
    if (in.batching.streams(Traffic::Inventory)) {
      return std::nullopt;
    }
    std::optional<sim::Duration> sync;
    for (const auto& link : in.spec.links) {
      if (link.from == in.node && link.carries == Traffic::Inventory && link.interval) {
        sync = sync ? std::min(*sync, *link.interval) : *link.interval;
      }
    }
    return sync;
  }
  double service_factor_;
};

}  // namespace

std::unique_ptr<SafetyStockPolicy> make_safety_stock_dynamic(const scenario::ParamValues& params) {
  return std::make_unique<DynamicSafetyStock>(params.number("service_factor"));
}

}  // namespace models::retail
