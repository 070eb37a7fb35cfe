#include "models/retail/order_state.h"

#include "sim/errors.h"

namespace models::retail {

std::string_view to_string(LineState state) {
  switch (state) {
    case LineState::Captured: return "captured";
    case LineState::Promised: return "promised";
    case LineState::Released: return "released";
    case LineState::Sourced: return "sourced";
    case LineState::Picked: return "picked";
    case LineState::Packed: return "packed";
    case LineState::Shipped: return "shipped";
    case LineState::Delivered: return "delivered";
    case LineState::Canceled: return "canceled";
    case LineState::Backordered: return "backordered";
    case LineState::ReturnRequested: return "return_requested";
    case LineState::Returned: return "returned";
    case LineState::Refunded: return "refunded";
  }
  return "unknown";
}

bool allowed(LineState from, LineState to) {
  using S = LineState;
  switch (from) {
    case S::Captured: return to == S::Promised || to == S::Canceled;
    case S::Promised: return to == S::Released || to == S::Canceled;
    case S::Released: return to == S::Sourced || to == S::Canceled || to == S::Backordered;
    case S::Sourced:  // a short pick sends the line back to sourcing
      return to == S::Picked || to == S::Sourced || to == S::Canceled || to == S::Backordered || to == S::Shipped;
    case S::Picked: return to == S::Packed || to == S::Shipped;
    case S::Packed: return to == S::Shipped;
    case S::Shipped: return to == S::Delivered;
    case S::Delivered: return to == S::ReturnRequested;
    case S::Backordered: return to == S::Released || to == S::Canceled;
    case S::ReturnRequested: return to == S::Returned;
    case S::Returned: return to == S::Refunded;
    case S::Canceled:
    case S::Refunded: return false;
  }
  return false;
}

void check_transition(LineState from, LineState to, const std::string& line) {
  if (!allowed(from, to)) {
    throw sim::ModelError(line + ": impossible transition " + std::string(to_string(from)) + " -> " +
                          std::string(to_string(to)));
  }
}

}  // namespace models::retail
