// models/retail/levers/reservation.h — the reservation lever: how a promise holds stock.
//
// A ReservationPolicy says how capture nodes promise (the protocol), how long a
// local hold lasts and its terms (a hard reservation's reply timeout, a soft
// reservation's ttl). Safety stock (safety_stock.h) and how availability is split
// between channels (allocation.h) are levers of their own. One file per option in
// reservation/, one line each in models/registry.cpp.
#pragma once

#include <memory>
#include <optional>

#include "models/scenario/param_table.h"
#include "sim/time.h"

namespace models::retail {

// None: views change only when nodes confirm. Local: a capture node decrements its
// own view as it promises (no other system sees it). Hard: a synchronous
// reservation at the node the sourcing policy chooses (capture node -> OMS ->
// node and back) before the promise. Soft: the capture node tells the OMS at
// checkout (or add-to-cart), and the OMS holds the units against network
// availability — every channel is shown less — until the order line arrives or
// the hold expires (SoftHoldTerms).
enum class ReservationMode { None, Local, Hard, Soft };

// A soft reservation's life at the OMS: it expires `ttl` after the OMS received
// it, and the OMS releases it `release_lag` after that.
struct SoftHoldTerms {
  sim::Duration ttl;
  sim::Duration release_lag;
};

class ReservationPolicy {
 public:
  // Reads what every option shares: the capture node's hold ttl where the option
  // has one (0s otherwise).
  explicit ReservationPolicy(const scenario::ParamValues& params);
  virtual ~ReservationPolicy() = default;

  [[nodiscard]] virtual ReservationMode mode() const = 0;
  // How long a capture node's customer waits for a hard reservation's reply
  // (`hard`'s `timeout`); none for the policies that do not call.
  [[nodiscard]] virtual std::optional<sim::Duration> reply_timeout() const { return std::nullopt; }
  // The terms of the OMS's soft reservations (`soft`); none for the others.
  [[nodiscard]] virtual std::optional<SoftHoldTerms> soft_hold() const { return std::nullopt; }

  // How long a capture node's own decrement lasts (Local and Hard; 0s: until the next update).
  [[nodiscard]] sim::Duration hold_ttl() const { return hold_ttl_; }

 private:
  sim::Duration hold_ttl_;
};

// An option that differs from the others by its protocol alone (none, local, hard).
template <ReservationMode Mode>
class ProtocolReservation final : public ReservationPolicy {
 public:
  using ReservationPolicy::ReservationPolicy;
  [[nodiscard]] ReservationMode mode() const override { return Mode; }
};

}  // namespace models::retail
