// models/retail/levers/middleware.h — the middleware lever: delivery guarantees of every link.
//
// How senders retry lost messages and keep order (link_sender.h's
// DeliveryPolicy), and whether consumers suppress redelivered inventory deltas.
// One file per option in middleware/, one line each in models/registry.cpp.
#pragma once

#include "models/retail/dead_letters.h"
#include "models/retail/link_sender.h"

namespace models::retail {

class MiddlewarePolicy {
 public:
  virtual ~MiddlewarePolicy() = default;
  [[nodiscard]] virtual DeliveryPolicy delivery() const = 0;
  // Consumers suppress an inventory delta delivered twice.
  [[nodiscard]] virtual bool idempotent() const = 0;
  // What consumers do with a message they reject (dead_letters.h); the build places the team's hours.
  [[nodiscard]] virtual DeadLetterTerms dead_letters() const { return {}; }
};

}  // namespace models::retail
