// middleware `at_least_once`: retries with doubling backoff until acknowledged (or
// max_retries); ordered delivery by default; consumers idempotent by default;
// durable: messages for a system that is down wait for it; dead letters kept
// (dead_letter auto or manual) or lost (none, the default).
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class AtLeastOnce final : public MiddlewarePolicy {
 public:
  explicit AtLeastOnce(const scenario::ParamValues& params)
      : delivery_{params.boolean("ordered"), /*durable=*/true, /*dead_letter=*/false, params.integer("max_retries"),
                  params.duration("backoff")},
        idempotent_(params.boolean("idempotent")) {
    const std::string keep = params.text("dead_letter");
    dead_letters_.mode = keep == "auto"     ? DeadLetterTerms::Mode::Auto
                         : keep == "manual" ? DeadLetterTerms::Mode::Manual
                                            : DeadLetterTerms::Mode::None;
    dead_letters_.redrive_after = params.duration("redrive_after");
    dead_letters_.staff = params.integer("exception_staff");
    dead_letters_.hours = params.json("exception_hours");
    dead_letters_.handling = params.distribution("handling_time");
    delivery_.dead_letter = dead_letters_.mode != DeadLetterTerms::Mode::None;
  }
  [[nodiscard]] DeliveryPolicy delivery() const override { return delivery_; }
  [[nodiscard]] bool idempotent() const override { return idempotent_; }
  [[nodiscard]] DeadLetterTerms dead_letters() const override { return dead_letters_; }

 private:
  DeliveryPolicy delivery_;
  bool idempotent_;
  DeadLetterTerms dead_letters_;
};

}  // namespace

std::unique_ptr<MiddlewarePolicy> make_middleware_at_least_once(const scenario::ParamValues& params) {
  return std::make_unique<AtLeastOnce>(params);
}

}  // namespace models::retail
