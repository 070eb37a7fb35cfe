// models/retail/levers/reservation.h — the reservation lever: how a promise holds stock.
//
// A ReservationPolicy says how capture nodes promise (the protocol), how long a
// local hold lasts and which safety stock is held back (safety_stock.h). How
// availability is split between channels is the allocation lever (allocation.h).
// One file per option in reservation/, one line each in models/registry.cpp.
#pragma once

#include <memory>

#include "models/retail/levers/safety_stock.h"
#include "models/scenario/param_table.h"
#include "sim/time.h"

namespace models::retail {

// None: views change only when nodes confirm. Local: a capture node decrements its
// own view as it promises. Hard: a synchronous reservation at the fulfilling node
// (capture node -> OMS -> node and back) before the promise.
enum class ReservationMode { None, Local, Hard };

class ReservationPolicy {
 public:
  // Reads what every option shares: the hold's ttl and the safety stock choice.
  explicit ReservationPolicy(const scenario::ParamValues& params);
  virtual ~ReservationPolicy() = default;

  [[nodiscard]] virtual ReservationMode mode() const = 0;

  [[nodiscard]] sim::Duration hold_ttl() const { return hold_ttl_; }
  [[nodiscard]] const SafetyStockPolicy& safety_stock() const { return *safety_stock_; }

 private:
  sim::Duration hold_ttl_;
  std::unique_ptr<SafetyStockPolicy> safety_stock_;
};

// An option that differs from the others by its protocol alone (none, local, hard, safety_stock).
template <ReservationMode Mode>
class ProtocolReservation final : public ReservationPolicy {
 public:
  using ReservationPolicy::ReservationPolicy;
  [[nodiscard]] ReservationMode mode() const override { return Mode; }
};

}  // namespace models::retail
