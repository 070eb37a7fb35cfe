// models/retail/order_state.h — the one lifecycle of an order line, for every channel.
//
// captured -> promised -> released -> sourced -> picked -> packed -> shipped -> delivered,
// with the side exits canceled (by the customer, or because nothing was left: an
// oversell) and backordered, and after delivery return_requested -> returned ->
// refunded. A system that sees a line move in a way this table forbids has a
// bug or a corrupted message: it raises a ModelError naming the line, and the
// engine adds the LP, the simulated time and the event number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace models::retail {

enum class LineState : std::uint8_t {
  Captured,
  Promised,
  Released,
  Sourced,
  Picked,
  Packed,
  Shipped,
  Delivered,
  Canceled,
  Backordered,
  ReturnRequested,
  Returned,
  Refunded,
};

[[nodiscard]] std::string_view to_string(LineState state);

// Whether a line may move from `from` to `to`. Re-sourcing after a short pick
// is Sourced -> Sourced; a backorder may be released again.
[[nodiscard]] bool allowed(LineState from, LineState to);

// Throws sim::ModelError("order line ...: impossible transition X -> Y") when not allowed.
void check_transition(LineState from, LineState to, const std::string& line);

}  // namespace models::retail
