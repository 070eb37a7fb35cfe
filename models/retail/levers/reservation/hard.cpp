// reservation `hard`: A synchronous reservation at the fulfilling node, through the OMS, before the promise
// (the round trip costs latency; capture_node.cpp, oms.cpp and physical_node.cpp carry the protocol).
#include "models/retail/levers/options.h"

namespace models::retail {

std::unique_ptr<ReservationPolicy> make_reservation_hard(const ParamValues& params) {
  return std::make_unique<ProtocolReservation<ReservationMode::Hard>>(params);
}

}  // namespace models::retail
