#include "models/retail/levers/reservation.h"

#include "models/registry.h"

namespace models::retail {

ReservationPolicy::ReservationPolicy(const scenario::ParamValues& params)
    : hold_ttl_(params.duration("ttl")),
      safety_stock_(find_safety_stock(params.text("safety_stock"))->make(params)) {}

}  // namespace models::retail
