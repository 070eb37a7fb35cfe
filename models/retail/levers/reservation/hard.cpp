// reservation `hard`: a synchronous reservation, through the OMS, at the node the
// scenario's sourcing policy would source the line from, before the promise; the
// customer waits for the reply at most `timeout`, then is turned away (the round
// trip costs latency; capture_node.cpp, oms_reservation.cpp and physical_node.cpp
// carry the protocol).
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class HardReservation final : public ReservationPolicy {
 public:
  explicit HardReservation(const ParamValues& params)
      : ReservationPolicy(params), timeout_(params.duration("timeout")) {}
  [[nodiscard]] ReservationMode mode() const override { return ReservationMode::Hard; }
  [[nodiscard]] std::optional<sim::Duration> reply_timeout() const override { return timeout_; }

 private:
  sim::Duration timeout_;
};

}  // namespace

std::unique_ptr<ReservationPolicy> make_reservation_hard(const ParamValues& params) {
  return std::make_unique<HardReservation>(params);
}

}  // namespace models::retail
