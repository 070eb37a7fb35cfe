#include "models/retail/messages.h"

namespace models::retail {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::InventoryDelta: return "inventory_delta";
    case Kind::Availability: return "availability";
    case Kind::OrderLine: return "order_line";
    case Kind::Fulfil: return "fulfil";
    case Kind::Shipped: return "shipped";
    case Kind::ShortPick: return "short_pick";
    case Kind::Reserve: return "reserve";
    case Kind::ReserveReply: return "reserve_reply";
    case Kind::LinkFlush: return "link_flush";
    case Kind::Arrival: return "arrival";
    case Kind::ReleaseTick: return "release_tick";
    case Kind::HoldExpiry: return "hold_expiry";
    case Kind::ShrinkTick: return "shrink_tick";
    case Kind::CycleCount: return "cycle_count";
    case Kind::PickDone: return "pick_done";
    case Kind::Pickup: return "pickup";
    case Kind::ShiftStart: return "shift_start";
    case Kind::OutageEnd: return "outage_end";
    case Kind::BrokerTick: return "broker_tick";
    case Kind::ReturnArrival: return "return_arrival";
    case Kind::InspectionDone: return "inspection_done";
    case Kind::Return: return "return";
    case Kind::Refund: return "refund";
    case Kind::Status: return "status";
    case Kind::BackorderExpiry: return "backorder_expiry";
    case Kind::ReserveTimeout: return "reserve_timeout";
    case Kind::SoftReserve: return "soft_reserve";
    case Kind::SoftExpiry: return "soft_expiry";
    case Kind::Checkout: return "checkout";
    case Kind::ReplenishOrder: return "replenish_order";
    case Kind::Asn: return "asn";
    case Kind::Consignment: return "consignment";
    case Kind::VendorShip: return "vendor_ship";
    case Kind::DockDone: return "dock_done";
    case Kind::PutAway: return "put_away";
    case Kind::Review: return "review";
    case Kind::CarrierScan: return "carrier_scan";
    case Kind::SystemDown: return "system_down";
    case Kind::SystemUp: return "system_up";
    case Kind::Redrive: return "redrive";
    case Kind::CaseDone: return "case_done";
    case Kind::TeamShift: return "team_shift";
  }
  return "unknown";
}

std::string_view to_string(OrderStatus status) {
  switch (status) {
    case OrderStatus::Released: return "released";
    case OrderStatus::Shipped: return "shipped";
  }
  return "unknown";
}

sim::ModelError unhandled(std::string_view who, const Message& message) {
  const std::string_view name = to_string(message.kind);
  const std::string kind = name == "unknown" ? "unknown kind " + std::to_string(event_kind(message.kind))
                                             : "kind " + std::string(name);
  return sim::ModelError(std::string(who) + " got an event of " + kind + ", which it does not handle");
}

}  // namespace models::retail
