#include "models/retail/levers/reservation.h"

#include "models/registry.h"

namespace models::retail {

ReservationPolicy::ReservationPolicy(const scenario::ParamValues& params)
    : params_(params),
      hold_ttl_(params.has("ttl") ? params.duration("ttl") : sim::Duration::zero()),
      safety_stock_(find_safety_stock(params.text("safety_stock"))->make(params)) {}

std::unique_ptr<AllocationPolicy> ReservationPolicy::allocation() const { return make_shared_pool(); }

}  // namespace models::retail
