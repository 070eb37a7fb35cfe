// What this proves: every message view decodes what it encodes; the bits on the
// wire are exactly those of round 1 (each port pinned to the number the old
// hand-written flags gave, so a change to the layout fails here before it
// changes a golden); kinds and statuses have names; and a node that gets an
// event it does not handle says which kind, in words, with the engine's context.
// It does not pin which flag bit a view uses beyond those numbers.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/scenario/loader.h"
#include "sim/context.h"
#include "sim/errors.h"
#include "sim/random.h"
#include "sim/sequential_engine.h"

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

TEST_CASE("InventoryDelta: node in the port, `duplicate` is bit 14, SKU and signed units in the payload",
          "[models][messages]") {
  const mr::InventoryDelta delta{42, 567, -3, false};
  const Message m = delta.encode();
  CHECK(m.kind == Kind::InventoryDelta);
  CHECK(m.port == 42);
  CHECK(m.payload == sim::Payload::of_pair(567, static_cast<std::uint32_t>(-3)));
  mr::InventoryDelta copy = delta;
  copy.duplicate = true;
  CHECK(copy.encode().port == (42 | 0x4000));
  for (const mr::InventoryDelta& d : {delta, copy}) {
    const mr::InventoryDelta back = mr::InventoryDelta::decode(arrived(d.encode()));
    CHECK(back.node == d.node);
    CHECK(back.sku == d.sku);
    CHECK(back.units == d.units);
    CHECK(back.duplicate == d.duplicate);
  }
}

TEST_CASE("Availability and HoldExpiry: a SKU and a value in the payload, port 0", "[models][messages]") {
  const Message a = mr::Availability{567, 12}.encode();
  CHECK(a == Message{Kind::Availability, 0, sim::Payload::of_pair(567, 12)});
  CHECK(mr::Availability::decode(a).sku == 567);
  CHECK(mr::Availability::decode(a).units == 12);
  const Message h = mr::HoldExpiry{567, 2}.encode();
  CHECK(h == Message{Kind::HoldExpiry, 0, sim::Payload::of_pair(567, 2)});
  CHECK(mr::HoldExpiry::decode(h).sku == 567);
  CHECK(mr::HoldExpiry::decode(h).units == 2);
}

TEST_CASE("PromisedLine, Fulfil, PickDone, Pickup: the line in the payload, the port as named", "[models][messages]") {
  const Message promised = mr::PromisedLine{kLine, 5}.encode();
  CHECK(promised == Message{Kind::OrderLine, 5, kLine.pack()});
  CHECK(mr::PromisedLine::decode(arrived(promised)).line == kLine);
  CHECK(mr::PromisedLine::decode(arrived(promised)).region == 5);

  for (const bool ship_home : {false, true}) {
    INFO("ship_home " << ship_home);
    const Message fulfil = mr::Fulfil{42, kLine, ship_home}.encode();
    CHECK(fulfil == Message{Kind::Fulfil, static_cast<std::uint16_t>(ship_home ? 42 | 0x4000 : 42), kLine.pack()});
    const mr::Fulfil order = mr::Fulfil::decode(arrived(fulfil));
    CHECK(order.node == 42);
    CHECK(order.line == kLine);
    CHECK(order.ship_home == ship_home);

    const Message done = mr::PickDone{kLine, ship_home}.encode();
    CHECK(done == Message{Kind::PickDone, static_cast<std::uint16_t>(ship_home ? 0x4000 : 0), kLine.pack()});
    CHECK(mr::PickDone::decode(done).line == kLine);
    CHECK(mr::PickDone::decode(done).ship_home == ship_home);
  }
  CHECK(mr::Pickup{kLine}.encode() == Message{Kind::Pickup, 0, kLine.pack()});
  CHECK(mr::Pickup::decode(mr::Pickup{kLine}.encode()).line == kLine);
}

TEST_CASE("PickReport: shipped or short pick by kind, the WMS's timer is bit 15", "[models][messages]") {
  for (const bool short_pick : {false, true}) {
    for (const bool wms_timer : {false, true}) {
      INFO("short_pick " << short_pick << " wms_timer " << wms_timer);
      const mr::PickReport report{42, kLine, short_pick, wms_timer};
      const Message m = report.encode();
      CHECK(m.kind == (short_pick ? Kind::ShortPick : Kind::Shipped));
      CHECK(m.port == (wms_timer ? (42 | 0x8000) : 42));
      CHECK(m.payload == kLine.pack());
      const mr::PickReport back = mr::PickReport::decode(arrived(m));
      CHECK(back.node == 42);
      CHECK(back.line == kLine);
      CHECK(back.short_pick == short_pick);
      CHECK(back.wms_timer == wms_timer);
    }
  }
}

TEST_CASE("ReserveRequest: port 0 toward the OMS, else the node asked", "[models][messages]") {
  const Message to_oms = mr::ReserveRequest{mr::kNoNode, kLine}.encode();
  CHECK(to_oms == Message{Kind::Reserve, 0, kLine.pack()});
  CHECK(mr::ReserveRequest::decode(to_oms).node == mr::kNoNode);
  const Message to_node = mr::ReserveRequest{42, kLine}.encode();
  CHECK(to_node == Message{Kind::Reserve, 42, kLine.pack()});
  CHECK(mr::ReserveRequest::decode(to_node).node == 42);
  CHECK(mr::ReserveRequest::decode(to_node).line == kLine);
}

TEST_CASE("ReserveReply: `refused` is bit 15, `to_capture` bit 14, the node only on the way to the OMS",
          "[models][messages]") {
  // Node -> OMS: the node's id, with the refusal flag (round 1: node | kRefused).
  CHECK(mr::ReserveReply{42, kLine, false, false}.encode() == Message{Kind::ReserveReply, 42, kLine.pack()});
  CHECK(mr::ReserveReply{42, kLine, true, false}.encode() == Message{Kind::ReserveReply, 42 | 0x8000, kLine.pack()});
  // OMS -> capture node: no node (round 1: kToCapture, kToCapture | kRefused).
  CHECK(mr::ReserveReply{mr::kNoNode, kLine, false, true}.encode() == Message{Kind::ReserveReply, 0x4000, kLine.pack()});
  CHECK(mr::ReserveReply{mr::kNoNode, kLine, true, true}.encode() == Message{Kind::ReserveReply, 0xC000, kLine.pack()});
  for (const mr::ReserveReply& reply : {mr::ReserveReply{42, kLine, false, false}, mr::ReserveReply{42, kLine, true, false},
                                        mr::ReserveReply{mr::kNoNode, kLine, false, true},
                                        mr::ReserveReply{mr::kNoNode, kLine, true, true}}) {
    const mr::ReserveReply back = mr::ReserveReply::decode(arrived(reply.encode()));
    CHECK(back.node == reply.node);
    CHECK(back.line == kLine);
    CHECK(back.refused == reply.refused);
    CHECK(back.to_capture == reply.to_capture);
  }
}

TEST_CASE("LinkTimer: the sender's slot in the port, flush or outage end by kind", "[models][messages]") {
  CHECK(mr::LinkTimer{6}.encode() == Message{Kind::LinkFlush, 6});
  CHECK(mr::LinkTimer{6, true}.encode() == Message{Kind::OutageEnd, 6});
  CHECK(mr::LinkTimer::decode(arrived(Message{Kind::OutageEnd, 6})).slot == 6);
  CHECK(mr::LinkTimer::decode(arrived(Message{Kind::OutageEnd, 6})).outage_end);
  CHECK_FALSE(mr::LinkTimer::decode(arrived(Message{Kind::LinkFlush, 6})).outage_end);
}

TEST_CASE("Returns and refunds: the channel in the port; resellable is bit 14, the timers bit 15",
          "[models][messages]") {
  for (const bool flag : {false, true}) {
    INFO("flag " << flag);
    const Message inspected = mr::InspectionDone{2, kRecord, flag}.encode();
    CHECK(inspected == Message{Kind::InspectionDone, static_cast<std::uint16_t>(flag ? 2 | 0x4000 : 2), kRecord.pack()});
    const mr::InspectionDone done = mr::InspectionDone::decode(arrived(inspected));
    CHECK(done.channel == 2);
    CHECK(done.record == kRecord);
    CHECK(done.resellable == flag);

    const Message ret = mr::ReturnNotice{2, kRecord, flag}.encode();
    CHECK(ret == Message{Kind::Return, static_cast<std::uint16_t>(flag ? 2 | 0x8000 : 2), kRecord.pack()});
    const mr::ReturnNotice notice = mr::ReturnNotice::decode(arrived(ret));
    CHECK(notice.channel == 2);
    CHECK(notice.record == kRecord);
    CHECK(notice.posting_timer == flag);

    const Message refund = mr::RefundNotice{2, kRecord, flag}.encode();
    CHECK(refund == Message{Kind::Refund, static_cast<std::uint16_t>(flag ? 2 | 0x8000 : 2), kRecord.pack()});
    const mr::RefundNotice posted = mr::RefundNotice::decode(arrived(refund));
    CHECK(posted.channel == 2);
    CHECK(posted.record == kRecord);
    CHECK(posted.reconcile_timer == flag);
  }
}

TEST_CASE("StatusUpdate: the status in the port; customer service's refresh timer is bit 15 alone",
          "[models][messages]") {
  for (const mr::OrderStatus status : {mr::OrderStatus::Released, mr::OrderStatus::Shipped}) {
    const Message m = mr::StatusUpdate{kLine, status}.encode();
    CHECK(m == Message{Kind::Status, mr::status_code(status), kLine.pack()});
    const mr::StatusUpdate back = mr::StatusUpdate::decode(arrived(m));
    CHECK(back.line == kLine);
    CHECK(back.status == status);
    CHECK_FALSE(back.refresh_timer);
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

TEST_CASE("Retail: an event the OMS does not handle is named in words, with the LP, the time and the event",
          "[models][messages]") {
  // A pick_done (a store's own timer) sent to the OMS by an extra LP on an extra link.
  models::scenario::LoadResult loaded =
      models::scenario::load_scenario_file(std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/one-sku-two-channels-trace.json");
  REQUIRE(loaded.ok());
  const models::scenario::ScenarioSpec& spec = loaded.scenario->baseline;
  mr::RetailModel model = mr::build(spec);
  class Rogue final : public sim::LogicalProcess {
   public:
    explicit Rogue(sim::LinkId link) : link_(link) {}
    void on_start(sim::Context& ctx) override {
      const Message m = mr::PickDone{kLine}.encode();
      ctx.send(link_, sim::Duration::minutes(12), mr::event_kind(m.kind), m.payload, m.port);
    }
    void on_event(const sim::Event&, sim::Context&) override {}

   private:
    sim::LinkId link_;
  };
  const sim::LpId oms = static_cast<sim::LpId>(*spec.node_index("oms"));
  const auto link_id = static_cast<sim::LinkId>(model.network.link_count());
  const sim::LpId rogue = model.network.add_lp(std::make_unique<Rogue>(link_id), "rogue");
  model.network.add_link(rogue, oms, sim::Duration::seconds(1), "rogue->oms");
  sim::EngineOptions options;
  options.end = sim::Time::zero() + spec.horizon;
  try {
    (void)sim::SequentialEngine(options).run(model.network);
    FAIL("the OMS accepted a pick_done event");
  } catch (const sim::ModelError& e) {
    const std::string msg = e.what();
    CHECK_THAT(msg, Catch::Contains("the OMS got an event of kind pick_done, which it does not handle"));
    CHECK_THAT(msg, Catch::Contains("LP \"oms\""));
    CHECK_THAT(msg, Catch::Contains("t=00:12:00.000"));
  }
}
