// What this proves: every message view decodes what it encodes; the bits on the
// wire are exactly those of round 1 (each port pinned to the number the old
// hand-written flags gave, so a change to the layout fails here before it
// changes a golden); kinds and statuses have names; and the error for an event
// a node does not handle names its kind in words (retail_test.cpp checks it
// through the engine, with the LP and the time).
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "models/retail/messages.h"
#include "sim/random.h"

namespace mr = models::retail;
using mr::Kind;
using mr::Message;

namespace {

const mr::OrderLine kLine{3, 1234, 567, 2};
const mr::ReturnRecord kRecord{9, 4321, 77, true, false};

// The event a message becomes on arrival.
sim::Event arrived(const Message& m) {
  sim::Event ev;
  ev.kind = mr::event_kind(m.kind);
  ev.port = m.port;
  ev.payload = m.payload;
  return ev;
}

// `view` encodes to exactly `want` (the bits round 1 put on the wire), and the
// event that message becomes decodes back to a view equal in every `field`.
template <class View, class... Field>
void round_trip(const View& view, const Message& want, Field View::*... field) {
  const Message m = view.encode();
  CHECK(m.kind == want.kind);
  CHECK(m.port == want.port);
  CHECK(m.payload == want.payload);
  const View back = View::decode(arrived(m));
  ([&] { CHECK(back.*field == view.*field); }(), ...);
}

}  // namespace

TEST_CASE("Kind: every kind keeps its number and has a snake_case name", "[models][messages]") {
  struct Named {
    Kind kind;
    sim::EventKind number;
    std::string_view name;
  };
  const Named all[] = {
      {Kind::InventoryDelta, 10, "inventory_delta"}, {Kind::Availability, 11, "availability"},
      {Kind::OrderLine, 12, "order_line"},           {Kind::Fulfil, 13, "fulfil"},
      {Kind::Shipped, 14, "shipped"},                {Kind::ShortPick, 15, "short_pick"},
      {Kind::Reserve, 16, "reserve"},                {Kind::ReserveReply, 17, "reserve_reply"},
      {Kind::LinkFlush, 30, "link_flush"},           {Kind::Arrival, 31, "arrival"},
      {Kind::ReleaseTick, 32, "release_tick"},       {Kind::HoldExpiry, 33, "hold_expiry"},
      {Kind::ShrinkTick, 34, "shrink_tick"},         {Kind::CycleCount, 35, "cycle_count"},
      {Kind::PickDone, 36, "pick_done"},             {Kind::Pickup, 37, "pickup"},
      {Kind::ShiftStart, 38, "shift_start"},         {Kind::OutageEnd, 39, "outage_end"},
      {Kind::BrokerTick, 40, "broker_tick"},         {Kind::ReturnArrival, 41, "return_arrival"},
      {Kind::InspectionDone, 42, "inspection_done"}, {Kind::Return, 43, "return"},
      {Kind::Refund, 44, "refund"},                  {Kind::Status, 45, "status"},
      {Kind::BackorderExpiry, 46, "backorder_expiry"},
      {Kind::ReserveTimeout, 47, "reserve_timeout"}, {Kind::SoftReserve, 18, "soft_reserve"},
      {Kind::SoftExpiry, 48, "soft_expiry"},         {Kind::Checkout, 49, "checkout"},
      {Kind::ReplenishOrder, 50, "replenish_order"}, {Kind::Asn, 51, "asn"},
      {Kind::Consignment, 52, "consignment"},       {Kind::VendorShip, 53, "vendor_ship"},
      {Kind::DockDone, 54, "dock_done"},             {Kind::PutAway, 55, "put_away"},
      {Kind::Review, 56, "review"},                  {Kind::CarrierScan, 57, "carrier_scan"},
      {Kind::SystemDown, 58, "system_down"},         {Kind::SystemUp, 59, "system_up"},
      {Kind::Redrive, 60, "redrive"},                {Kind::CaseDone, 61, "case_done"},
      {Kind::TeamShift, 62, "team_shift"},
  };
  for (const Named& n : all) {
    INFO("kind " << n.name);
    CHECK(mr::event_kind(n.kind) == n.number);
    CHECK(mr::to_string(n.kind) == n.name);
    CHECK(mr::kind_of(arrived(Message{n.kind})) == n.kind);
  }
  CHECK(mr::to_string(static_cast<Kind>(7)) == "unknown");
}

TEST_CASE("OrderStatus: keeps its numbers and has names", "[models][messages]") {
  CHECK(mr::status_code(mr::OrderStatus::Released) == 1);
  CHECK(mr::status_code(mr::OrderStatus::Shipped) == 2);
  CHECK(mr::to_string(mr::OrderStatus::Released) == "released");
  CHECK(mr::to_string(mr::OrderStatus::Shipped) == "shipped");
  CHECK(mr::to_string(static_cast<mr::OrderStatus>(9)) == "unknown");
}

TEST_CASE("OrderLine and ReturnRecord: every 64-bit payload unpacks and packs back to itself", "[models][messages]") {
  sim::LpRandom rng(12, 0, 0);
  for (int trial = 0; trial < 10'000; ++trial) {
    const sim::Payload p{rng()};
    INFO("payload " << p.bits);
    REQUIRE(mr::OrderLine::unpack(p).pack() == p);
    REQUIRE(mr::ReturnRecord::unpack(p).pack() == p);
  }
  CHECK(mr::OrderLine::unpack(kLine.pack()) == kLine);
  CHECK(mr::ReturnRecord::unpack(kRecord.pack()) == kRecord);
}

TEST_CASE("InventoryDelta: node in the port, `duplicate` bit 14, `urgent` bit 15, SKU and signed units in the payload",
          "[models][messages]") {
  const auto units = sim::Payload::of_pair(567, static_cast<std::uint32_t>(-3));
  for (const bool duplicate : {false, true}) {
    for (const bool urgent : {false, true}) {
      const auto port = static_cast<std::uint16_t>(42 | (duplicate ? 0x4000 : 0) | (urgent ? 0x8000 : 0));
      round_trip(mr::InventoryDelta{42, 567, -3, duplicate, urgent}, Message{Kind::InventoryDelta, port, units},
                 &mr::InventoryDelta::node, &mr::InventoryDelta::sku, &mr::InventoryDelta::units,
                 &mr::InventoryDelta::duplicate, &mr::InventoryDelta::urgent);
    }
  }
}

TEST_CASE("BackorderExpiry: the line in the payload, port 0", "[models][messages]") {
  round_trip(mr::BackorderExpiry{kLine}, Message{Kind::BackorderExpiry, 0, kLine.pack()}, &mr::BackorderExpiry::line);
}

TEST_CASE("Availability and HoldExpiry: a SKU and a value in the payload, port 0 (or an Availability's channel + 1)",
          "[models][messages]") {
  round_trip(mr::Availability{567, 12, std::nullopt}, Message{Kind::Availability, 0, sim::Payload::of_pair(567, 12)},
             &mr::Availability::sku, &mr::Availability::units, &mr::Availability::channel);
  round_trip(mr::Availability{567, 12, 3u}, Message{Kind::Availability, 4, sim::Payload::of_pair(567, 12)},
             &mr::Availability::sku, &mr::Availability::units, &mr::Availability::channel);
  round_trip(mr::HoldExpiry{567, 2}, Message{Kind::HoldExpiry, 0, sim::Payload::of_pair(567, 2)},
             &mr::HoldExpiry::figure, &mr::HoldExpiry::units);
}

TEST_CASE("Consignment: the other node in the port; SKU (20) | ordered (22) | units (22) in the payload",
          "[models][messages]") {
  const std::uint64_t bits = (std::uint64_t{567} << 44) | (std::uint64_t{4'194'303} << 22) | 3'000'000;
  for (const Kind kind : {Kind::ReplenishOrder, Kind::Asn, Kind::Consignment, Kind::VendorShip, Kind::DockDone,
                          Kind::PutAway}) {
    round_trip(mr::Consignment{kind, 42, 567, 4'194'303, 3'000'000}, Message{kind, 42, sim::Payload{bits}},
               &mr::Consignment::kind, &mr::Consignment::node, &mr::Consignment::sku, &mr::Consignment::ordered,
               &mr::Consignment::units);
  }
  // A transfer is bit 14 of the port.
  round_trip(mr::Consignment{Kind::Asn, 42, 567, 3, 3, true}, Message{Kind::Asn, 42 | 0x4000, sim::Payload{(std::uint64_t{567} << 44) | (std::uint64_t{3} << 22) | 3}},
             &mr::Consignment::node, &mr::Consignment::sku, &mr::Consignment::ordered, &mr::Consignment::units,
             &mr::Consignment::transfer);
  // The largest SKU and order fit without touching each other's bits.
  const auto widest = mr::Consignment::decode(mr::Consignment{Kind::Asn, mr::kMaxNodes, mr::kMaxSku, mr::kMaxOrderUnits, 0}.encode());
  CHECK(widest.node == mr::kMaxNodes);
  CHECK(widest.sku == mr::kMaxSku);
  CHECK(widest.ordered == mr::kMaxOrderUnits);
  CHECK(widest.units == 0);
}

TEST_CASE("PromisedLine: the capture time travels to the minute beside the region", "[models][messages]") {
  using sim::Duration;
  const sim::Time captured = sim::Time::zero() + Duration::hours(3) + Duration::minutes(25) + Duration::seconds(40);
  const Message m = mr::PromisedLine{kLine, 31, captured}.encode();
  CHECK(m.port == (31 | ((3 * 60 + 25) << 5)));  // region 5 bits, capture minute 11 bits
  CHECK(m.payload == kLine.pack());
  const sim::Time minute = sim::Time::zero() + Duration::hours(3) + Duration::minutes(25);
  for (const Duration wait : {Duration::zero(), Duration::seconds(19), Duration::hours(1), Duration::hours(30),
                              mr::kCaptureWindow - Duration::seconds(41)}) {
    INFO("arrives " << wait.count_us() << " us after capture");
    const mr::PromisedLine back = mr::PromisedLine::decode(m, captured + wait);
    CHECK(back.captured == minute);
    CHECK(back.region == 31);
    CHECK(back.line == kLine);
  }
  // Beyond the window the minute is ambiguous: read as the latest one that fits.
  CHECK(mr::PromisedLine::decode(m, captured + mr::kCaptureWindow).captured == minute + mr::kCaptureWindow);
}

TEST_CASE("PromisedLine, Fulfil, PickDone, Pickup: the line in the payload, the port as named", "[models][messages]") {
  round_trip(mr::PromisedLine{kLine, 5, sim::Time::zero()}, Message{Kind::OrderLine, 5, kLine.pack()},
             &mr::PromisedLine::line, &mr::PromisedLine::region, &mr::PromisedLine::captured);
  round_trip(mr::Pickup{kLine}, Message{Kind::Pickup, 0, kLine.pack()}, &mr::Pickup::line);
  for (const bool ship_home : {false, true}) {
    INFO("ship_home " << ship_home);
    round_trip(mr::Fulfil{42, kLine, ship_home},
               Message{Kind::Fulfil, static_cast<std::uint16_t>(ship_home ? 42 | 0x4000 : 42), kLine.pack()},
               &mr::Fulfil::node, &mr::Fulfil::line, &mr::Fulfil::ship_home);
    round_trip(mr::PickDone{kLine, ship_home},
               Message{Kind::PickDone, static_cast<std::uint16_t>(ship_home ? 0x4000 : 0), kLine.pack()},
               &mr::PickDone::line, &mr::PickDone::ship_home);
  }
}

TEST_CASE("PickReport: shipped or short pick by kind, the WMS's timer is bit 15, a scan to follow bit 14",
          "[models][messages]") {
  for (const bool short_pick : {false, true}) {
    for (const bool wms_timer : {false, true}) {
      for (const bool scan : {false, true}) {
        INFO("short_pick " << short_pick << " wms_timer " << wms_timer << " scan " << scan);
        round_trip(mr::PickReport{42, kLine, short_pick, wms_timer, scan},
                   Message{short_pick ? Kind::ShortPick : Kind::Shipped,
                           static_cast<std::uint16_t>(42 | (wms_timer ? 0x8000 : 0) | (scan ? 0x4000 : 0)), kLine.pack()},
                   &mr::PickReport::node, &mr::PickReport::line, &mr::PickReport::short_pick,
                   &mr::PickReport::wms_timer, &mr::PickReport::scan_follows);
      }
    }
  }
}

TEST_CASE("Pickup: the line in the payload, ship_home bit 14", "[models][messages]") {
  for (const bool ship_home : {false, true}) {
    round_trip(mr::Pickup{kLine, ship_home}, Message{Kind::Pickup, static_cast<std::uint16_t>(ship_home ? 0x4000 : 0), kLine.pack()},
               &mr::Pickup::line, &mr::Pickup::ship_home);
  }
}

TEST_CASE("CarrierScan: the line in the payload, the node's timer bit 15", "[models][messages]") {
  for (const bool timer : {false, true}) {
    round_trip(mr::CarrierScan{kLine, timer},
               Message{Kind::CarrierScan, static_cast<std::uint16_t>(timer ? 0x8000 : 0), kLine.pack()},
               &mr::CarrierScan::line, &mr::CarrierScan::timer);
  }
}

TEST_CASE("ReserveRequest: bit 14 and the region toward the OMS, else the node asked; bit 15 a release",
          "[models][messages]") {
  round_trip(mr::ReserveRequest{mr::kNoNode, kLine}, Message{Kind::Reserve, 0x4000, kLine.pack()},
             &mr::ReserveRequest::node, &mr::ReserveRequest::line, &mr::ReserveRequest::region);
  round_trip(mr::ReserveRequest{mr::kNoNode, kLine, 3}, Message{Kind::Reserve, 0x4003, kLine.pack()},
             &mr::ReserveRequest::node, &mr::ReserveRequest::line, &mr::ReserveRequest::region);
  round_trip(mr::ReserveRequest{42, kLine}, Message{Kind::Reserve, 42, kLine.pack()}, &mr::ReserveRequest::node,
             &mr::ReserveRequest::line, &mr::ReserveRequest::release);
  round_trip(mr::ReserveRequest{0, kLine}, Message{Kind::Reserve, 0, kLine.pack()}, &mr::ReserveRequest::node);
  round_trip(mr::ReserveRequest{42, kLine, 0, true}, Message{Kind::Reserve, 42 | 0x8000, kLine.pack()},
             &mr::ReserveRequest::node, &mr::ReserveRequest::release);
  round_trip(mr::ReserveTimeout{kLine}, Message{Kind::ReserveTimeout, 0, kLine.pack()}, &mr::ReserveTimeout::line);
}

TEST_CASE("SoftReserve and Checkout: the line in the payload; the expiry by kind, the region in the port",
          "[models][messages]") {
  round_trip(mr::SoftReserve{kLine}, Message{Kind::SoftReserve, 0, kLine.pack()}, &mr::SoftReserve::line,
             &mr::SoftReserve::expiry);
  round_trip(mr::SoftReserve{kLine, true}, Message{Kind::SoftExpiry, 0, kLine.pack()}, &mr::SoftReserve::line,
             &mr::SoftReserve::expiry);
  round_trip(mr::Checkout{kLine, 7}, Message{Kind::Checkout, 7, kLine.pack()}, &mr::Checkout::line,
             &mr::Checkout::region);
}

TEST_CASE("ReserveReply: `refused` is bit 15, `to_capture` bit 14, the node only on the way to the OMS",
          "[models][messages]") {
  // Node -> OMS: the node's id, with the refusal flag (round 1: node | kRefused);
  // OMS -> capture node: no node (round 1: kToCapture, kToCapture | kRefused).
  const std::pair<mr::ReserveReply, std::uint16_t> cases[] = {
      {{42, kLine, false, false}, 42},
      {{42, kLine, true, false}, 42 | 0x8000},
      {{mr::kNoNode, kLine, false, true}, 0x4000},
      {{mr::kNoNode, kLine, true, true}, 0xC000},
  };
  for (const auto& [reply, port] : cases) {
    INFO("port " << port);
    round_trip(reply, Message{Kind::ReserveReply, port, kLine.pack()}, &mr::ReserveReply::node,
               &mr::ReserveReply::line, &mr::ReserveReply::refused, &mr::ReserveReply::to_capture);
  }
}

TEST_CASE("LinkTimer: the sender's slot in the port, flush or outage end by kind", "[models][messages]") {
  round_trip(mr::LinkTimer{6}, Message{Kind::LinkFlush, 6}, &mr::LinkTimer::slot, &mr::LinkTimer::outage_end);
  round_trip(mr::LinkTimer{6, true}, Message{Kind::OutageEnd, 6}, &mr::LinkTimer::slot, &mr::LinkTimer::outage_end);
}

TEST_CASE("Returns and refunds: the channel in the port; resellable is bit 14, the timers bit 15",
          "[models][messages]") {
  for (const bool flag : {false, true}) {
    INFO("flag " << flag);
    const auto port = [flag](std::uint16_t bit) { return static_cast<std::uint16_t>(flag ? 2 | bit : 2); };
    round_trip(mr::InspectionDone{2, kRecord, flag}, Message{Kind::InspectionDone, port(0x4000), kRecord.pack()},
               &mr::InspectionDone::channel, &mr::InspectionDone::record, &mr::InspectionDone::resellable);
    round_trip(mr::ReturnNotice{2, kRecord, flag}, Message{Kind::Return, port(0x8000), kRecord.pack()},
               &mr::ReturnNotice::channel, &mr::ReturnNotice::record, &mr::ReturnNotice::posting_timer);
    round_trip(mr::RefundNotice{2, kRecord, flag}, Message{Kind::Refund, port(0x8000), kRecord.pack()},
               &mr::RefundNotice::channel, &mr::RefundNotice::record, &mr::RefundNotice::reconcile_timer);
  }
}

TEST_CASE("StatusUpdate: the status in the port; customer service's refresh timer is bit 15 alone",
          "[models][messages]") {
  for (const mr::OrderStatus status : {mr::OrderStatus::Released, mr::OrderStatus::Shipped}) {
    round_trip(mr::StatusUpdate{kLine, status}, Message{Kind::Status, mr::status_code(status), kLine.pack()},
               &mr::StatusUpdate::line, &mr::StatusUpdate::status, &mr::StatusUpdate::refresh_timer);
  }
  const Message refresh = mr::StatusUpdate{.refresh_timer = true}.encode();
  CHECK(refresh == Message{Kind::Status, 0x8000, sim::Payload{}});
  CHECK(mr::StatusUpdate::decode(arrived(refresh)).refresh_timer);
}

TEST_CASE("unhandled: the error names the kind in words, or its number when it has no name", "[models][messages]") {
  CHECK(std::string(mr::unhandled("the OMS", Message{Kind::PickDone}).what()) ==
        "the OMS got an event of kind pick_done, which it does not handle");
  CHECK(std::string(mr::unhandled("a relay", Message{static_cast<Kind>(7)}).what()) ==
        "a relay got an event of unknown kind 7, which it does not handle");
}
