// reservation `allocation`: local reservation whose channels see shares of the
// network's availability (allocation/channel_share.cpp) instead of all of it.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class AllocationReservation final : public ReservationPolicy {
 public:
  using ReservationPolicy::ReservationPolicy;
  [[nodiscard]] ReservationMode mode() const override { return ReservationMode::Local; }
  [[nodiscard]] std::unique_ptr<AllocationPolicy> allocation() const override { return make_channel_share(params()); }
};

}  // namespace

std::unique_ptr<ReservationPolicy> make_reservation_allocation(const scenario::ParamValues& params) {
  return std::make_unique<AllocationReservation>(params);
}

}  // namespace models::retail
