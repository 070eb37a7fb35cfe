#include "models/retail/levers/reservation.h"

namespace models::retail {

ReservationPolicy::ReservationPolicy(const scenario::ParamValues& params)
    : hold_ttl_(params.has("ttl") ? params.duration("ttl") : sim::Duration::zero()) {}

}  // namespace models::retail
