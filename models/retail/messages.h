// models/retail/messages.h — what travels the links: message kinds, and one typed view per kind.
//
// Every retail message fits one event: its kind, the 16-bit port and the 64-bit
// payload. Batches and file drops are many events delivered at one instant, so
// no message ever points into another LP's state.
//
// Each kind that carries anything has a small struct naming what its port and
// payload hold, with encode() (to a Message) and decode() (from a Message or an
// arrived event); no code outside this file reads or sets the bits of a port:
//   send_toward(ctx, Traffic::Orders, node, Fulfil{node, line, /*ship_home=*/false}.encode());
//   const Fulfil order = Fulfil::decode(ev);
//
// The wire layout (tests/models/messages_test.cpp pins it; changing it changes results):
//   port: a node id or a channel in the low bits, and at most two flags, bit 14
//         and bit 15, each named by its kind's view (`duplicate`, `refused`, ...);
//         a PromisedLine's: region (5) | capture minute modulo 2^11 (11);
//   OrderLine: capture node (15 bits) | order sequence at that node (23) | SKU (20) | quantity (6)
//   ReturnRecord: node (14) | sequence at that node (28) | SKU (20) | till (1) | foreign code (1)
//   SKU and value: SKU (32) | value (int32): inventory deltas, availability, holds; an
//         availability figure's SKU word holds its OMS shard above bit 24 (0 unsharded)
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/retail/ids.h"
#include "models/vocabulary.h"
#include "sim/context.h"
#include "sim/errors.h"
#include "sim/event.h"

namespace models::retail {

// The retail model's event kinds. The numbers are part of every run's event
// digest: keep them as they are.
enum class Kind : sim::EventKind {
  InventoryDelta = 10,  // physical stock at a node changed
  Availability = 11,    // what a channel may promise of a SKU
  OrderLine = 12,       // a promised line, capture node -> OMS
  Fulfil = 13,          // OMS -> node: pick and ship this line
  Shipped = 14,         // node -> OMS: line picked, the units off the shelf
  ShortPick = 15,       // node -> OMS: not enough stock to pick the line
  Reserve = 16,         // hard reservation request: capture node -> OMS -> node
  ReserveReply = 17,    // node -> OMS -> capture node
  SoftReserve = 18,     // soft reservation: capture node -> OMS
  LinkFlush = 30,       // self: flush the batch of an outgoing link
  Arrival = 31,         // self: a customer arrives
  ReleaseTick = 32,     // self: the OMS releases captured lines
  HoldExpiry = 33,      // self: a local hold on a SKU expires
  ShrinkTick = 34,      // self: an hour of shrink (theft, damage nobody reports)
  CycleCount = 35,      // self: count the shelves and report what shrink took
  PickDone = 36,        // self: a picker finished picking and packing a line
  Pickup = 37,          // self: the carrier collects the parcels packed for this pickup
  ShiftStart = 38,      // self: pickers come on shift
  OutageEnd = 39,       // self: an outage of an outgoing link ends; replay what it held
  BrokerTick = 40,      // self: the broker has delivered the message at the head of its queue
  // Returns, refunds and order status (models/retail/returns.h).
  ReturnArrival = 41,   // self, store or warehouse: a customer (or a parcel) brings a unit back
  InspectionDone = 42,  // self, store or warehouse: a returned unit inspected
  Return = 43,          // a return record on returns links, toward the ERP
  Refund = 44,          // a posted refund on refunds links, ERP -> OMS
  Status = 45,          // an order status, OMS -> customer service
  BackorderExpiry = 46, // self, OMS: a backordered line has waited backorder_max_wait
  ReserveTimeout = 47,  // self, capture node: the hard reservation's `timeout` is over
  SoftExpiry = 48,      // self, OMS: a soft reservation's ttl and release lag are over
  Checkout = 49,        // self, capture node: a customer checks out a line after the cart hold
  // Replenishment (models/retail/physical_node_supply.cpp, vendor.h): stock that moves between nodes.
  ReplenishOrder = 50,  // a node -> its supplier: a replenishment order (purchase order or transfer) for a SKU
  Asn = 51,             // supplier -> node: advance shipping notice, the units shipped against an order
  Consignment = 52,     // supplier -> node: the goods themselves, at the receiving dock
  VendorShip = 53,      // self, vendor: the order's lead time is over; it ships
  DockDone = 54,        // self, store or warehouse: a dock finished receiving a consignment
  PutAway = 55,         // self, store or warehouse: received units are on the shelf
  Review = 56,          // self, store or warehouse: the nightly replenishment review
  CarrierScan = 57,     // the carrier's scan of a collected parcel, node -> OMS (a node's own timer first)
  // System outages (node `outages`, models/retail/retail_lp.h): port = the window's index.
  SystemDown = 58,      // self: the node's system goes down
  SystemUp = 59,        // self: it is back; it works off what waited for it
  // Dead letters (models/retail/dead_letters.h): payload = the dead letter's id.
  Redrive = 60,         // self: re-drive a dead letter (dead_letter auto)
  CaseDone = 61,        // self: a person of the exception team fixed a dead letter
  TeamShift = 62,       // self: the exception team's shift starts
};

// "inventory_delta", "pick_done", ...; "unknown" for a number no kind has.
[[nodiscard]] std::string_view to_string(Kind kind);

// sim::EventKind is the kernel's integer; these convert at the boundary.
[[nodiscard]] constexpr sim::EventKind event_kind(Kind kind) { return static_cast<sim::EventKind>(kind); }
[[nodiscard]] constexpr Kind kind_of(const sim::Event& ev) { return static_cast<Kind>(ev.kind); }


// What the OMS tells customer service about a line (a Kind::Status message;
// the value of probes::kStatusSent and kStatusShown).
enum class OrderStatus : std::uint16_t { Released = 1, Shipped = 2 };

// "released", "shipped"; "unknown" for a number no status has.
[[nodiscard]] std::string_view to_string(OrderStatus status);
// The status as a number: a probe's value, and what analysis/ compares.
[[nodiscard]] constexpr std::uint16_t status_code(OrderStatus status) { return static_cast<std::uint16_t>(status); }

inline constexpr std::uint32_t kMaxNodes = (1u << 14) - 1;  // a node id must fit a port beside two flags
inline constexpr std::uint64_t kResentLineBit = std::uint64_t{1} << 57;  // in OrderLine::id(): a re-sent copy
inline constexpr std::uint32_t kMaxOrderSeq = (1u << 23) - 1;
inline constexpr std::uint32_t kMaxSku = (1u << 20) - 1;
inline constexpr std::uint32_t kMaxQty = (1u << 6) - 1;

// One message as it leaves an LP or arrives at one: what a view encodes to and
// decodes from, what links carry and what an LP schedules to itself.
struct Message {
  Kind kind{};
  std::uint16_t port = 0;
  sim::Payload payload;

  constexpr Message() = default;
  constexpr Message(Kind k, std::uint16_t p = 0, sim::Payload pl = {}) : kind(k), port(p), payload(pl) {}
  // An arrived event is a message (implicit, so that every view decodes an event directly).
  constexpr Message(const sim::Event& ev) : kind(kind_of(ev)), port(ev.port), payload(ev.payload) {}
  friend constexpr bool operator==(const Message&, const Message&) = default;
};

// Schedules `message` to the LP itself (a timer), `delay` from now.
inline void schedule_self(sim::Context& ctx, sim::Duration delay, const Message& message) {
  ctx.schedule_self(delay, event_kind(message.kind), message.payload, message.port);
}

// The error for a message a node has no handler for, naming its kind in words:
// "the OMS got an event of kind pick_done, which it does not handle".
[[nodiscard]] sim::ModelError unhandled(std::string_view who, const Message& message);

// The parts of a port, for the views below and nothing else.
namespace wire {
inline constexpr std::uint16_t kId = 0x3FFF;     // a node id or a channel
inline constexpr std::uint16_t kFlag14 = 0x4000;
inline constexpr std::uint16_t kFlag15 = 0x8000;
[[nodiscard]] constexpr std::uint16_t port(std::size_t id, bool flag14, bool flag15) {
  return static_cast<std::uint16_t>(id | (flag14 ? kFlag14 : 0u) | (flag15 ? kFlag15 : 0u));
}
[[nodiscard]] constexpr std::size_t id(std::uint16_t port) { return port & kId; }
[[nodiscard]] constexpr bool bit14(std::uint16_t port) { return (port & kFlag14) != 0; }
[[nodiscard]] constexpr bool bit15(std::uint16_t port) { return (port & kFlag15) != 0; }
[[nodiscard]] constexpr sim::Payload sku_value(std::uint32_t sku, std::int32_t value) {
  return sim::Payload::of_pair(sku, static_cast<std::uint32_t>(value));
}
}  // namespace wire

struct OrderLine {
  std::uint32_t capture_node = 0;
  std::uint32_t seq = 0;
  std::uint32_t sku = 0;
  std::uint32_t qty = 1;
  // A copy a link re-sent (`faults.resend`): a non-idempotent OMS takes it for another
  // order, with an identity of its own (kResentLineBit set).
  bool resent = false;
  [[nodiscard]] constexpr sim::Payload pack() const {
    return sim::Payload{(resent ? std::uint64_t{1} << 63 : 0) | (static_cast<std::uint64_t>(capture_node) << 49) |
                        (static_cast<std::uint64_t>(seq) << 26) | (static_cast<std::uint64_t>(sku) << 6) | qty};
  }
  static constexpr OrderLine unpack(sim::Payload p) {
    return OrderLine{static_cast<std::uint32_t>((p.bits >> 49) & kMaxNodes),
                     static_cast<std::uint32_t>((p.bits >> 26) & kMaxOrderSeq),
                     static_cast<std::uint32_t>((p.bits >> 6) & kMaxSku), static_cast<std::uint32_t>(p.bits & kMaxQty),
                     (p.bits >> 63) != 0};
  }
  // The line's identity: capture node, order and SKU (an order has a SKU once), and whether it is a re-sent copy.
  [[nodiscard]] constexpr std::uint64_t id() const { return pack().bits >> 6; }
  friend constexpr bool operator==(const OrderLine&, const OrderLine&) = default;
};

// A returned unit: where it was received, its sequence there, its SKU, and two
// flags: refunded at the till (a store taking back its own sale) and coded with
// a reason the channel's code set does not map (an online return taken back in
// a store).
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

// --- one view per kind ------------------------------------------------------

// Kind::InventoryDelta: physical stock of `sku` at `node` changed by `units`.
// `duplicate`: a second delivery by a faulty link (LinkSender), which the
// consumer suppresses or applies again (the middleware policy). `urgent`: an
// adjustment after a short pick, which batch links send at once (bit 15).
struct InventoryDelta {
  std::size_t node = 0;
  std::uint32_t sku = 0;
  std::int32_t units = 0;
  bool duplicate = false;
  bool urgent = false;
  [[nodiscard]] constexpr Message encode() const {
    return {Kind::InventoryDelta, wire::port(node, duplicate, urgent), wire::sku_value(sku, units)};
  }
  static constexpr InventoryDelta decode(const Message& m) {
    assert(m.kind == Kind::InventoryDelta);
    return {wire::id(m.port), m.payload.hi(), static_cast<std::int32_t>(m.payload.lo()), wire::bit14(m.port),
            wire::bit15(m.port)};
  }
};

// Kind::ReplenishOrder, Asn, Consignment, VendorShip, DockDone and PutAway: `units`
// of `ordered` units of `sku` on one replenishment order. `node`: the other end —
// the ordering node (a ReplenishOrder; a vendor's VendorShip: whom to ship to) or
// the supplier (an Asn, a Consignment); none for a node's own DockDone and PutAway.
// `transfer` (bit 14): a store's request for a pickup line's units (transfer_from), shipped
// all or nothing, and its ASN and goods.
// On the wire: the port holds the node, the payload SKU (20) | ordered (22) | units (22).
inline constexpr std::uint32_t kMaxOrderUnits = (1u << 22) - 1;
struct Consignment {
  Kind kind = Kind::ReplenishOrder;
  std::size_t node = 0;
  std::uint32_t sku = 0;
  std::uint32_t ordered = 0;
  std::uint32_t units = 0;
  bool transfer = false;
  [[nodiscard]] constexpr Message encode() const {
    assert(ordered <= kMaxOrderUnits && units <= kMaxOrderUnits && sku <= kMaxSku);
    return {kind, wire::port(node, transfer, false),
            sim::Payload{(static_cast<std::uint64_t>(sku) << 44) | (static_cast<std::uint64_t>(ordered) << 22) | units}};
  }
  static constexpr Consignment decode(const Message& m) {
    return {m.kind, wire::id(m.port), static_cast<std::uint32_t>(m.payload.bits >> 44),
            static_cast<std::uint32_t>((m.payload.bits >> 22) & kMaxOrderUnits),
            static_cast<std::uint32_t>(m.payload.bits & kMaxOrderUnits), wire::bit14(m.port)};
  }
};

// Kind::BackorderExpiry: the OMS's own timer, `line` has waited backorder_max_wait
// (a line backordered again gets a new timer; an earlier one finds it waiting
// less than that and does nothing).
struct BackorderExpiry {
  OrderLine line{};
  [[nodiscard]] constexpr Message encode() const { return {Kind::BackorderExpiry, 0, line.pack()}; }
  static constexpr BackorderExpiry decode(const Message& m) {
    assert(m.kind == Kind::BackorderExpiry);
    return {OrderLine::unpack(m.payload)};
  }
};

// Kind::Availability: the units of `sku` a channel may promise, an absolute value.
// `channel`: the demand channel it is for, when one link feeds channels shown
// different figures (a connector feeding two marketplaces under a ring-fenced
// allocation); none: every channel that hears it (port 0).
struct Availability {
  std::uint32_t sku = 0;
  std::int32_t units = 0;
  std::optional<std::uint32_t> channel;
  std::uint32_t shard = 0;  // the OMS shard whose stock the figure is (above the SKU's 20 bits; 0 unsharded)
  [[nodiscard]] constexpr Message encode() const {
    assert(sku <= kMaxSku && shard < kMaxOmsShards);
    return {Kind::Availability, static_cast<std::uint16_t>(channel ? *channel + 1 : 0),
            wire::sku_value(sku | (shard << kShardShift), units)};
  }
  static constexpr Availability decode(const Message& m) {
    assert(m.kind == Kind::Availability);
    return {m.payload.hi() & kMaxSku, static_cast<std::int32_t>(m.payload.lo()),
            m.port == 0 ? std::nullopt : std::optional<std::uint32_t>(m.port - 1u), m.payload.hi() >> kShardShift};
  }
  static constexpr std::uint32_t kShardShift = 24;
};

// Kind::OrderLine: a promised line on its way to the OMS, with the customer's
// region (0: none) for nearest-node sourcing and the time it was captured, so
// that the OMS counts the promise from capture, not from its own receipt.
// The capture time travels to the minute: the port holds the region in its low
// 5 bits (kMaxRegion) and the capture minute modulo 2^11 in the other 11, and
// decode() takes the latest such minute at or before the arrival — exact when
// the line reaches the OMS within kCaptureWindow (34 h 8 min) of its capture.
inline constexpr std::uint16_t kMaxRegion = (1u << 5) - 1;
inline constexpr sim::Duration kCaptureWindow = sim::Duration::minutes(1 << 11);
namespace wire {
inline constexpr std::int64_t kMinuteUs = 60'000'000;
inline constexpr std::uint64_t kMinuteMask = (1u << 11) - 1;
}  // namespace wire
struct PromisedLine {
  OrderLine line{};
  std::uint16_t region = 0;
  sim::Time captured;  // the start of the minute of capture, once decoded
  [[nodiscard]] constexpr Message encode() const {
    assert(region <= kMaxRegion);
    const auto minute = static_cast<std::uint64_t>(captured.count_us() / wire::kMinuteUs);
    return {Kind::OrderLine, static_cast<std::uint16_t>(region | ((minute & wire::kMinuteMask) << 5)), line.pack()};
  }
  // `arrived`: when the message reached the LP that decodes it (ev.when()).
  static constexpr PromisedLine decode(const Message& m, sim::Time arrived) {
    assert(m.kind == Kind::OrderLine);
    const auto now_minute = static_cast<std::uint64_t>(arrived.count_us() / wire::kMinuteUs);
    const std::uint64_t code = static_cast<std::uint64_t>(m.port) >> 5;
    const std::uint64_t minute = now_minute - ((now_minute - code) & wire::kMinuteMask);
    return {OrderLine::unpack(m.payload), static_cast<std::uint16_t>(m.port & kMaxRegion),
            sim::Time::from_us(static_cast<std::int64_t>(minute) * wire::kMinuteUs)};
  }
  static constexpr PromisedLine decode(const sim::Event& ev) { return decode(Message(ev), ev.when()); }
  // The customer's region alone (what a system routing the line to its OMS shard reads).
  static constexpr std::uint16_t region_of(const Message& m) {
    assert(m.kind == Kind::OrderLine);
    return static_cast<std::uint16_t>(m.port & kMaxRegion);
  }
};

// Kind::Fulfil: the OMS asks `node` to pick and ship `line`. `ship_home`: a
// pickup order no pickup store could fill, shipped to the customer instead.
struct Fulfil {
  std::size_t node = 0;
  OrderLine line{};
  bool ship_home = false;
  [[nodiscard]] constexpr Message encode() const { return {Kind::Fulfil, wire::port(node, ship_home, false), line.pack()}; }
  static constexpr Fulfil decode(const Message& m) {
    assert(m.kind == Kind::Fulfil);
    return {wire::id(m.port), OrderLine::unpack(m.payload), wire::bit14(m.port)};
  }
};

// Kind::PickDone: a picker at the node finished `line` (ship_home as in its Fulfil).
struct PickDone {
  OrderLine line{};
  bool ship_home = false;
  [[nodiscard]] constexpr Message encode() const { return {Kind::PickDone, wire::port(0, ship_home, false), line.pack()}; }
  static constexpr PickDone decode(const Message& m) {
    assert(m.kind == Kind::PickDone);
    return {OrderLine::unpack(m.payload), wire::bit14(m.port)};
  }
};

// Kind::Pickup: the carrier collects `line`'s parcel.
// `ship_home` (bit 14): as in its Fulfil (a pickup order shipped home goes with the carrier).
struct Pickup {
  OrderLine line{};
  bool ship_home = false;
  [[nodiscard]] constexpr Message encode() const { return {Kind::Pickup, wire::port(0, ship_home, false), line.pack()}; }
  static constexpr Pickup decode(const Message& m) {
    assert(m.kind == Kind::Pickup);
    return {OrderLine::unpack(m.payload), wire::bit14(m.port)};
  }
};

// Kind::Shipped, or Kind::ShortPick when `short_pick`: `node` tells the OMS it
// picked `line` (the units are off the shelf), or could not. `wms_timer`: a
// WMS's own event, its confirmation delay over: pass the report on. `scan_follows`
// (bit 14): the line's shipped status waits for the carrier's scan (a CarrierScan).
struct PickReport {
  std::size_t node = 0;
  OrderLine line{};
  bool short_pick = false;
  bool wms_timer = false;
  bool scan_follows = false;
  [[nodiscard]] constexpr Message encode() const {
    return {short_pick ? Kind::ShortPick : Kind::Shipped, wire::port(node, scan_follows, wms_timer), line.pack()};
  }
  static constexpr PickReport decode(const Message& m) {
    assert(m.kind == Kind::Shipped || m.kind == Kind::ShortPick);
    return {wire::id(m.port), OrderLine::unpack(m.payload), m.kind == Kind::ShortPick, wire::bit15(m.port),
            wire::bit14(m.port)};
  }
};

// Kind::CarrierScan: the carrier scanned `line`'s parcel; `timer` (bit 15): the node's
// own event, the scan's delay over: send it on to the OMS.
// `shard`: the OMS shard the scan goes to (the node's owner; 0 unsharded).
struct CarrierScan {
  OrderLine line{};
  bool timer = false;
  std::uint32_t shard = 0;
  [[nodiscard]] constexpr Message encode() const {
    return {Kind::CarrierScan, wire::port(shard, false, timer), line.pack()};
  }
  static constexpr CarrierScan decode(const Message& m) {
    assert(m.kind == Kind::CarrierScan);
    return {OrderLine::unpack(m.payload), wire::bit15(m.port), static_cast<std::uint32_t>(wire::id(m.port))};
  }
};

// Kind::Reserve: a hard reservation of `line`, from the capture node to the OMS
// (`node` kNoNode, with the customer's `region` for the sourcing policy), then
// from the OMS to the node its sourcing policy chose. `release`: give back a
// reservation the customer no longer waits for (the capture node's `timeout`
// passed before the reply came). On the wire, bit 14 marks "to the OMS" (the
// port's id then holds the region), else the id is the node asked; bit 15 is
// `release`.
struct ReserveRequest {
  std::size_t node = kNoNode;
  OrderLine line{};
  std::uint16_t region = 0;
  bool release = false;
  [[nodiscard]] constexpr Message encode() const {
    const bool to_oms = node == kNoNode;
    return {Kind::Reserve, wire::port(to_oms ? region : node, to_oms, release), line.pack()};
  }
  static constexpr ReserveRequest decode(const Message& m) {
    assert(m.kind == Kind::Reserve);
    const bool to_oms = wire::bit14(m.port);
    return {to_oms ? kNoNode : wire::id(m.port), OrderLine::unpack(m.payload),
            static_cast<std::uint16_t>(to_oms ? wire::id(m.port) : 0), wire::bit15(m.port)};
  }
};

// Kind::SoftReserve: a soft reservation of `line`, from the capture node to the
// OMS; Kind::SoftExpiry (`expiry`): the OMS's own timer that releases it.
struct SoftReserve {
  OrderLine line{};
  bool expiry = false;
  std::uint32_t shard = 0;  // the OMS shard of the customer's region (0 unsharded)
  [[nodiscard]] constexpr Message encode() const {
    return {expiry ? Kind::SoftExpiry : Kind::SoftReserve, static_cast<std::uint16_t>(shard), line.pack()};
  }
  static constexpr SoftReserve decode(const Message& m) {
    assert(m.kind == Kind::SoftReserve || m.kind == Kind::SoftExpiry);
    return {OrderLine::unpack(m.payload), m.kind == Kind::SoftExpiry, m.port};
  }
};

// Kind::Checkout: a capture node's own timer: the customer who put `line` in the
// cart checks out (the cart hold is over); `region` the customer's.
struct Checkout {
  OrderLine line{};
  std::uint16_t region = 0;
  [[nodiscard]] constexpr Message encode() const { return {Kind::Checkout, region, line.pack()}; }
  static constexpr Checkout decode(const Message& m) {
    assert(m.kind == Kind::Checkout);
    return {OrderLine::unpack(m.payload), m.port};
  }
};

// Kind::ReserveTimeout: a capture node's own timer: the customer stops waiting
// for the hard reservation of `line`.
struct ReserveTimeout {
  OrderLine line{};
  [[nodiscard]] constexpr Message encode() const { return {Kind::ReserveTimeout, 0, line.pack()}; }
  static constexpr ReserveTimeout decode(const Message& m) {
    assert(m.kind == Kind::ReserveTimeout);
    return {OrderLine::unpack(m.payload)};
  }
};

// Kind::ReserveReply: the answer to a ReserveRequest, from `node` to the OMS,
// then from the OMS to the capture node (`to_capture`; no node: kNoNode).
// `refused`: no stock to reserve.
struct ReserveReply {
  std::size_t node = kNoNode;
  OrderLine line{};
  bool refused = false;
  bool to_capture = false;
  [[nodiscard]] constexpr Message encode() const {
    return {Kind::ReserveReply, wire::port(node == kNoNode ? 0 : node, to_capture, refused), line.pack()};
  }
  static constexpr ReserveReply decode(const Message& m) {
    assert(m.kind == Kind::ReserveReply);
    const bool to_capture = wire::bit14(m.port);
    return {to_capture ? kNoNode : wire::id(m.port), OrderLine::unpack(m.payload), wire::bit15(m.port), to_capture};
  }
};

// Kind::HoldExpiry: a capture node's local hold of `units` of one figure expires;
// `figure`: the SKU, or shard * SKUs + SKU under a sharded OMS (one figure per shard).
struct HoldExpiry {
  std::uint32_t figure = 0;
  std::uint32_t units = 0;
  [[nodiscard]] constexpr Message encode() const { return {Kind::HoldExpiry, 0, sim::Payload::of_pair(figure, units)}; }
  static constexpr HoldExpiry decode(const Message& m) {
    assert(m.kind == Kind::HoldExpiry);
    return {m.payload.hi(), m.payload.lo()};
  }
};

// Kind::LinkFlush, or Kind::OutageEnd when `outage_end`: a timer of the LP's
// outgoing link `slot` (its index among the LP's senders).
struct LinkTimer {
  std::uint16_t slot = 0;
  bool outage_end = false;
  [[nodiscard]] constexpr Message encode() const { return {outage_end ? Kind::OutageEnd : Kind::LinkFlush, slot}; }
  static constexpr LinkTimer decode(const Message& m) {
    assert(m.kind == Kind::LinkFlush || m.kind == Kind::OutageEnd);
    return {m.port, m.kind == Kind::OutageEnd};
  }
};

// Kind::InspectionDone: a returned unit of `channel` inspected at the node that
// took it back; `resellable`: back on the shelf, else written off.
struct InspectionDone {
  std::uint16_t channel = 0;
  ReturnRecord record{};
  bool resellable = false;
  [[nodiscard]] constexpr Message encode() const {
    return {Kind::InspectionDone, wire::port(channel, resellable, false), record.pack()};
  }
  static constexpr InspectionDone decode(const Message& m) {
    assert(m.kind == Kind::InspectionDone);
    return {static_cast<std::uint16_t>(wire::id(m.port)), ReturnRecord::unpack(m.payload), wire::bit14(m.port)};
  }
};

// Kind::Return: `record`, a return of `channel`, on its way to the ERP.
// `posting_timer`: the ERP's own event, its posting delay over: the record is posted.
struct ReturnNotice {
  std::uint16_t channel = 0;
  ReturnRecord record{};
  bool posting_timer = false;
  [[nodiscard]] constexpr Message encode() const {
    return {Kind::Return, wire::port(channel, false, posting_timer), record.pack()};
  }
  static constexpr ReturnNotice decode(const Message& m) {
    assert(m.kind == Kind::Return);
    return {static_cast<std::uint16_t>(m.port & ~wire::kFlag15), ReturnRecord::unpack(m.payload), wire::bit15(m.port)};
  }
};

// Kind::Refund: the ERP's refund of `record` (a return of `channel`), on its way
// to the channel's system, the OMS. `reconcile_timer`: the OMS's own event, the
// finance job's run that matches a refund whose reason code the channel does not map.
struct RefundNotice {
  std::uint16_t channel = 0;
  ReturnRecord record{};
  bool reconcile_timer = false;
  [[nodiscard]] constexpr Message encode() const {
    return {Kind::Refund, wire::port(channel, false, reconcile_timer), record.pack()};
  }
  static constexpr RefundNotice decode(const Message& m) {
    assert(m.kind == Kind::Refund);
    return {static_cast<std::uint16_t>(m.port & ~wire::kFlag15), ReturnRecord::unpack(m.payload), wire::bit15(m.port)};
  }
};

// Kind::Status: the OMS tells customer service `line`'s `status`.
// `refresh_timer`: customer service's own event, the refresh of its view (it
// carries no line and no status).
struct StatusUpdate {
  OrderLine line{};
  OrderStatus status = OrderStatus::Released;
  bool refresh_timer = false;
  [[nodiscard]] constexpr Message encode() const {
    if (refresh_timer) {
      return {Kind::Status, wire::kFlag15, {}};
    }
    return {Kind::Status, static_cast<std::uint16_t>(status), line.pack()};
  }
  static constexpr StatusUpdate decode(const Message& m) {
    assert(m.kind == Kind::Status);
    return {OrderLine::unpack(m.payload), static_cast<OrderStatus>(m.port & ~wire::kFlag15), wire::bit15(m.port)};
  }
};

}  // namespace models::retail
