// middleware `at_most_once`: no retries (a lost message stays lost), no ordering
// guarantee, not durable (a message for a system that is down is lost); a message is never
// delivered twice by a retry, so consumers count as idempotent.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class AtMostOnce final : public MiddlewarePolicy {
 public:
  [[nodiscard]] DeliveryPolicy delivery() const override { return DeliveryPolicy{}; }
  [[nodiscard]] bool idempotent() const override { return true; }
};

}  // namespace

std::unique_ptr<MiddlewarePolicy> make_middleware_at_most_once(const scenario::ParamValues&) {
  return std::make_unique<AtMostOnce>();
}

}  // namespace models::retail
