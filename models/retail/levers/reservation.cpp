#include "models/retail/levers/reservation.h"

namespace models::retail {

ReservationPolicy::ReservationPolicy(const scenario::ParamValues& params)
    : params_(params),
      hold_ttl_(params.has("ttl") ? params.duration("ttl") : sim::Duration::zero()) {}

std::unique_ptr<AllocationPolicy> ReservationPolicy::allocation() const { return make_shared_pool(); }

}  // namespace models::retail
