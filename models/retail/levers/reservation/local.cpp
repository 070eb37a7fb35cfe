// reservation `local`: Each capture node decrements its own view as it promises, until the next update or the hold's ttl.
#include "models/retail/levers/options.h"

namespace models::retail {

std::unique_ptr<ReservationPolicy> make_reservation_local(const ParamValues& params) {
  return std::make_unique<ProtocolReservation<ReservationMode::Local>>(params);
}

}  // namespace models::retail
