// middleware `at_least_once`: retries with doubling backoff until acknowledged (or
// max_retries); ordered delivery by default; consumers idempotent by default;
// durable: messages for a system that is down wait for it.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class AtLeastOnce final : public MiddlewarePolicy {
 public:
  explicit AtLeastOnce(const scenario::ParamValues& params)
      : delivery_{params.boolean("ordered"), /*durable=*/true, params.integer("max_retries"), params.duration("backoff")},
        idempotent_(params.boolean("idempotent")) {}
  [[nodiscard]] DeliveryPolicy delivery() const override { return delivery_; }
  [[nodiscard]] bool idempotent() const override { return idempotent_; }

 private:
  DeliveryPolicy delivery_;
  bool idempotent_;
};

}  // namespace

std::unique_ptr<MiddlewarePolicy> make_middleware_at_least_once(const scenario::ParamValues& params) {
  return std::make_unique<AtLeastOnce>(params);
}

}  // namespace models::retail
