// reservation `safety_stock`: Local reservation whose safety stock defaults to fixed units per SKU and node
// (the registry sets the default; the units come from levers/safety_stock/).
#include "models/retail/levers/options.h"

namespace models::retail {

std::unique_ptr<ReservationPolicy> make_reservation_safety_stock(const ParamValues& params) {
  return std::make_unique<ProtocolReservation<ReservationMode::Local>>(params);
}

}  // namespace models::retail
