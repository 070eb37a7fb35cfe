// reservation `none`: Views change only when nodes confirm: nothing is held when a line is promised.
#include "models/retail/levers/options.h"

namespace models::retail {

std::unique_ptr<ReservationPolicy> make_reservation_none(const ParamValues& params) {
  return std::make_unique<ProtocolReservation<ReservationMode::None>>(params);
}

}  // namespace models::retail
