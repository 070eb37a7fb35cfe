// reservation `soft`: at checkout (at add-to-cart when a storefront has a
// `cart_hold`), the capture node sends the OMS a soft reservation, unbatched;
// the OMS holds its units against network availability — the ATS every channel
// is shown drops — until the order line arrives (converted) or `ttl` after it
// received the hold plus `release_lag` (expired). Nothing is held at a node and
// the capture node does not decrement its own view (capture_node.cpp and oms.cpp
// carry the protocol).
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class SoftReservation final : public ReservationPolicy {
 public:
  explicit SoftReservation(const ParamValues& params)
      : ReservationPolicy(params), terms_{params.duration("ttl"), params.duration("release_lag")} {}
  [[nodiscard]] ReservationMode mode() const override { return ReservationMode::Soft; }
  [[nodiscard]] std::optional<SoftHoldTerms> soft_hold() const override { return terms_; }

 private:
  SoftHoldTerms terms_;
};

}  // namespace

std::unique_ptr<ReservationPolicy> make_reservation_soft(const ParamValues& params) {
  return std::make_unique<SoftReservation>(params);
}

}  // namespace models::retail
