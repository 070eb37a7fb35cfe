// models/retail/messages.h — what travels the links, packed into an 8-byte payload.
//
// Every retail message fits one event: the 64-bit payload plus the 16-bit
// port. Batches and file drops are many events delivered at one instant, so no
// message ever points into another LP's state.
//
//   OrderLine: capture node (15 bits) | order sequence at that node (23) | SKU (20) | quantity (6)
//   InventoryDelta: port = the node whose physical stock changed; payload = SKU (32) | delta (int32)
//   Availability: payload = SKU (32) | units (int32), an absolute value for the receiver
//   ReturnRecord: see below; port = the return's channel
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "models/retail/ids.h"
#include "sim/event.h"

namespace models::retail {

enum Kind : sim::EventKind {
  kInventoryDelta = 10,  // physical stock at node `port` changed
  kAvailability = 11,    // what a channel may promise of a SKU
  kOrderLine = 12,       // a promised line, capture node -> OMS
  kFulfil = 13,          // OMS -> node `port`: pick and ship this line
  kShipped = 14,         // node -> OMS: line picked, the units off the shelf (port = node)
  kShortPick = 15,       // node -> OMS: not enough stock to pick the line (port = node)
  kReserve = 16,         // hard reservation request: capture node -> OMS -> node `port`
  kReserveReply = 17,    // node -> OMS -> capture node: port = node (0x8000 bit set: refused)
  kLinkFlush = 30,       // self: flush the batch of outgoing link slot `port`
  kArrival = 31,         // self: a customer arrives
  kReleaseTick = 32,     // self: the OMS releases captured lines
  kHoldExpiry = 33,      // self: a local hold on SKU (payload) expires
  kShrinkTick = 34,      // self: an hour of shrink (theft, damage nobody reports)
  kCycleCount = 35,      // self: count the shelves and report what shrink took
  kPickDone = 36,        // self: a picker finished picking and packing a line (payload: the line)
  kPickup = 37,          // self: the carrier collects the parcels packed for this pickup
  kShiftStart = 38,      // self: pickers come on shift
  kOutageEnd = 39,       // self: an outage of outgoing link slot `port` ends; replay what it held
  kBrokerTick = 40,      // self: the broker has delivered the message at the head of its queue
  // Returns, refunds and order status (models/retail/returns.h). A self-event of
  // the kinds below carries kSelfTick in its port.
  kReturnArrival = 41,   // self, store or warehouse: a customer (or a parcel) brings a unit back
  kInspectionDone = 42,  // self, store or warehouse: a returned unit inspected (payload: ReturnRecord)
  kReturn = 43,          // a return record on returns links, toward the ERP (port = channel)
  kRefund = 44,          // a posted refund on refunds links, ERP -> OMS (port = channel)
  kStatus = 45,          // an order status, OMS -> customer service (port = OrderStatus; payload: the line)
};

// What a link carries, as the hot path compares it (scenario files spell it as a string).
enum class Traffic : std::uint8_t { Inventory, Orders, Availability, Status, Shipments, Returns, Refunds };
inline constexpr std::size_t kTrafficKinds = 7;

[[nodiscard]] constexpr Traffic traffic_of(std::string_view carries) {
  if (carries == "orders") return Traffic::Orders;
  if (carries == "availability") return Traffic::Availability;
  if (carries == "status") return Traffic::Status;
  if (carries == "shipments") return Traffic::Shipments;
  if (carries == "returns") return Traffic::Returns;
  if (carries == "refunds") return Traffic::Refunds;
  return Traffic::Inventory;  // the loader admits nothing else (models/registry.cpp link_carries)
}

inline constexpr std::uint32_t kMaxNodes = (1u << 14) - 1;  // a node id must fit a port beside two flags
inline constexpr std::uint32_t kMaxOrderSeq = (1u << 23) - 1;
inline constexpr std::uint32_t kMaxSku = (1u << 20) - 1;
inline constexpr std::uint32_t kMaxQty = (1u << 6) - 1;
inline constexpr std::uint16_t kRefused = 0x8000;    // reservation replies: the node said no
inline constexpr std::uint16_t kToCapture = 0x4000;  // reservation replies: on the way back to the customer
inline constexpr std::uint16_t kNodeMask = 0x3FFF;
inline constexpr std::uint16_t kDuplicateCopy = 0x4000;  // inventory deltas: a redelivery by a faulty link
inline constexpr std::uint16_t kShipHome = 0x4000;       // fulfil: a pickup order no pickup store could fill, shipped
inline constexpr std::uint16_t kSelfTick = 0x8000;  // kReturn/kRefund/kStatus sent by an LP to itself (a timer)
inline constexpr std::uint16_t kResellable = 0x4000;  // kInspectionDone: the unit goes back on the shelf

// What the OMS tells customer service about a line (kStatus port; probes::kStatusSent/kStatusShown value).
enum OrderStatus : std::uint16_t { kStatusReleased = 1, kStatusShipped = 2 };

struct OrderLine {
  std::uint32_t capture_node = 0;
  std::uint32_t seq = 0;
  std::uint32_t sku = 0;
  std::uint32_t qty = 1;

  [[nodiscard]] constexpr sim::Payload pack() const {
    return sim::Payload{(static_cast<std::uint64_t>(capture_node) << 49) | (static_cast<std::uint64_t>(seq) << 26) |
                        (static_cast<std::uint64_t>(sku) << 6) | qty};
  }
  static constexpr OrderLine unpack(sim::Payload p) {
    return OrderLine{static_cast<std::uint32_t>(p.bits >> 49), static_cast<std::uint32_t>((p.bits >> 26) & kMaxOrderSeq),
                     static_cast<std::uint32_t>((p.bits >> 6) & kMaxSku), static_cast<std::uint32_t>(p.bits & kMaxQty)};
  }
  // The line's identity: capture node, order and SKU (an order has a SKU once).
  [[nodiscard]] constexpr std::uint64_t id() const { return pack().bits >> 6; }
  friend constexpr bool operator==(const OrderLine&, const OrderLine&) = default;
};

// A returned unit: where it was received, its sequence there, its SKU, and two
// flags: refunded at the till (a store taking back its own sale) and coded with
// a reason the channel's code set does not map (an online return taken back in
// a store). The channel travels in the event's port.
//   node (14 bits) | sequence at that node (28) | SKU (20) | till (1) | foreign code (1)
struct ReturnRecord {
  std::uint32_t node = 0;
  std::uint32_t seq = 0;
  std::uint32_t sku = 0;
  bool till = false;
  bool foreign_code = false;

  static constexpr std::uint32_t kMaxSeq = (1u << 28) - 1;
  [[nodiscard]] constexpr sim::Payload pack() const {
    return sim::Payload{(static_cast<std::uint64_t>(node) << 50) | (static_cast<std::uint64_t>(seq & kMaxSeq) << 22) |
                        (static_cast<std::uint64_t>(sku & kMaxSku) << 2) | (till ? 2u : 0u) | (foreign_code ? 1u : 0u)};
  }
  static constexpr ReturnRecord unpack(sim::Payload p) {
    return ReturnRecord{static_cast<std::uint32_t>(p.bits >> 50), static_cast<std::uint32_t>((p.bits >> 22) & kMaxSeq),
                        static_cast<std::uint32_t>((p.bits >> 2) & kMaxSku), (p.bits & 2u) != 0, (p.bits & 1u) != 0};
  }
  // The return's identity: receiving node and sequence (probe labels).
  [[nodiscard]] constexpr std::uint64_t id() const { return pack().bits >> 22; }
  friend constexpr bool operator==(const ReturnRecord&, const ReturnRecord&) = default;
};

[[nodiscard]] constexpr sim::Payload sku_value(std::uint32_t sku, std::int32_t value) {
  return sim::Payload::of_pair(sku, static_cast<std::uint32_t>(value));
}
[[nodiscard]] constexpr std::uint32_t sku_of(sim::Payload p) { return p.hi(); }
[[nodiscard]] constexpr std::int32_t value_of(sim::Payload p) { return static_cast<std::int32_t>(p.lo()); }

}  // namespace models::retail
