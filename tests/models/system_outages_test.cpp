// System outages (a node's `outages`), end to end with known answers written from
// scenarios/README.md ("System outages"): messages for a down system wait on their
// links and are replayed when it is back (or are lost, at most once); its own
// timers wait for it; a capture node's customers find the site down, or checkout
// closed while their OMS is down; a store's till keeps selling while its POS is
// offline and syncs its journal when it is back. Every message is accounted for.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace {

peaksim::RetailRun run(const std::string& text, const std::vector<std::string>& sets = {}) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "outages.json", sets);
  INFO(loaded.diags.format("outages.json"));
  REQUIRE(loaded.ok());
  peaksim::RetailRun out = peaksim::run_retail(loaded.scenario->baseline, 0, {});
  REQUIRE(out.metrics.units.conserved());
  return out;
}

std::string errors_of(const std::string& text, const std::vector<std::string>& sets) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "outages.json", sets);
  CHECK_FALSE(loaded.ok());
  return loaded.diags.format("outages.json");
}

// sent = delivered + lost on the way + in flight, counted independently.
void check_conservation(const analysis::OutageMetrics& m) {
  INFO("sent " << m.sent << ", delivered " << m.delivered << ", lost " << m.lost_on_the_way << ", in flight "
               << m.in_flight);
  CHECK(m.sent > 0);
  CHECK(m.sent == m.delivered + m.lost_on_the_way + m.in_flight);
}

// One DC of 20 mugs, a storefront, an OMS releasing each line as it arrives; every
// link streams in 1 s. Four web customers, one mug each, at 1h, 2h10, 2h20 and 4h;
// the OMS is down from 2h to 3h.
const std::string kOmsDown = R"({
  "name": "oms-down", "horizon": "30h",
  "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
  "policies": { "middleware": { "name": "at_least_once" } },
  "nodes": [
    { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 20 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m" } },
    { "id": "web", "kind": "storefront" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" },
      "outages": [ { "start": "2h", "duration": "1h" } ] }
  ],
  "links": [
    { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
  ],
  "demand": { "web": { "nodes": "web",
    "trace": [ { "at": "1h", "sku": "MUG" }, { "at": "2h10m", "sku": "MUG" },
               { "at": "2h20m", "sku": "MUG" }, { "at": "4h", "sku": "MUG" } ] } }
})";

}  // namespace

TEST_CASE("System outages: orders for a down OMS wait on their link and are released when it is back",
          "[models][outages]") {
  const peaksim::RetailRun r = run(kOmsDown);
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.lines_promised == 4);
  CHECK(web.lines_captured_oms_down == 2);  // keep_selling: promised against the last figure
  CHECK(web.lines_fulfilled == 4);
  CHECK(web.lines_lost == 0);
  // Released at 3h + 1 s (the replay's shortest latency): 50m01s and 40m01s after capture;
  // the other two 1 s after.
  CHECK(web.release_latency.max() == Approx(50 * 60 + 1));
  CHECK(web.release_latency.mean() == Approx((1.0 + 3001.0 + 2401.0 + 1.0) / 4));
  const analysis::OutageMetrics& m = r.metrics.outages;
  CHECK(m.present);
  CHECK(m.downtime_hours.at("oms") == Approx(1.0));
  CHECK(m.held == 2);
  CHECK(r.metrics.messages_replayed == 2);
  CHECK(r.metrics.messages_lost == 0);
  CHECK(m.drain.max() == Approx(1.0));
  CHECK(m.lost_on_the_way == 0);
  CHECK(m.in_flight == 0);
  CHECK(m.sent == m.delivered);
  check_conservation(m);
}

TEST_CASE("System outages: at most once, orders sent to a down OMS are lost", "[models][outages]") {
  const peaksim::RetailRun r = run(kOmsDown, {"/policies/middleware={\"name\": \"at_most_once\"}"});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.lines_promised == 4);
  CHECK(web.lines_fulfilled == 2);  // the two captured while it was down never reach it
  CHECK(web.lines_lost == 2);
  CHECK(web.oversells == 0);
  const analysis::OutageMetrics& m = r.metrics.outages;
  CHECK(m.held == 0);
  CHECK(r.metrics.messages_lost == 2);
  CHECK(m.lost_on_the_way == 2);
  check_conservation(m);
}

TEST_CASE("System outages: close_checkout turns customers away while their OMS is down", "[models][outages]") {
  const peaksim::RetailRun r = run(kOmsDown, {"/nodes/1/params={\"when_oms_down\": \"close_checkout\"}"});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.orders == 4);
  CHECK(web.orders_checkout_closed == 2);
  CHECK(web.orders_site_down == 0);
  CHECK(web.lines_promised == 2);
  CHECK(web.lines_captured_oms_down == 0);
  CHECK(web.lost_revenue == Approx(20.0));  // two mugs at 10
  CHECK(web.lines_fulfilled == 2);
  check_conservation(r.metrics.outages);
}

TEST_CASE("System outages: customers of a storefront that is down order nothing", "[models][outages]") {
  const peaksim::RetailRun r = run(kOmsDown, {"/nodes/2/outages=[]", "/nodes/1/outages=[{\"start\": \"2h\", \"duration\": \"1h\"}]"});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.orders_site_down == 2);
  CHECK(web.orders_checkout_closed == 0);
  CHECK(web.lines_promised == 2);
  CHECK(web.lines_fulfilled == 2);
  CHECK(web.lost_revenue == Approx(20.0));
  CHECK(r.metrics.outages.downtime_hours.at("web") == Approx(1.0));
  check_conservation(r.metrics.outages);
}

TEST_CASE("System outages: a down OMS's release tick waits for it, and its schedule goes on from then",
          "[models][outages]") {
  // Releases every hour (ticks at 1h, 2h, 3h, ...); down 2h30-3h30: the 3h tick runs at 3h30.
  const peaksim::RetailRun r = run(kOmsDown, {"/nodes/2/params/release_interval=\"1h\"",
                                              "/nodes/2/outages=[{\"start\": \"2h30m\", \"duration\": \"1h\"}]",
                                              "/demand/web/trace=[{\"at\": \"2h10m\", \"sku\": \"MUG\"}]"});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  REQUIRE(web.release_latency.count() == 1);
  CHECK(web.release_latency.mean() == Approx(80 * 60));  // 2h10 to 3h30, not to 3h
  CHECK(web.lines_captured_oms_down == 0);
  check_conservation(r.metrics.outages);
}

TEST_CASE("System outages: a store's till sells while its POS is offline and syncs it all when back",
          "[models][outages]") {
  // Walk-ins buy a mug at 1h30 and 2h (POS offline 1h-3h) and at 4h; the store
  // streams its inventory to the OMS in 1 s (which could source from it).
  const std::string text = R"({
    "name": "pos-offline", "horizon": "6h",
    "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
    "nodes": [
      { "id": "store", "kind": "store", "inventory": { "units_per_sku": 10 },
        "params": { "opening_hours": "always", "shrink_per_day": 0 },
        "outages": [ { "start": "1h", "duration": "2h" } ] },
      { "id": "oms", "kind": "oms" }
    ],
    "links": [ { "from": "store", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
               { "from": "oms", "to": "store", "carries": "orders", "mode": "stream", "latency": "1s" },
               { "from": "store", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" } ],
    "demand": { "pos": { "nodes": "store",
      "trace": [ { "at": "1h30m", "sku": "MUG" }, { "at": "2h", "sku": "MUG" }, { "at": "4h", "sku": "MUG" } ] } }
  })";
  const peaksim::RetailRun r = run(text);
  CHECK(r.metrics.channels.at(0).pos_sales == 3);
  const analysis::OutageMetrics& m = r.metrics.outages;
  CHECK(m.pos_units_offline == 2);
  CHECK(m.held == 2);  // the two sales' deltas, in the POS's journal
  CHECK(r.metrics.messages_replayed == 2);
  REQUIRE(r.metrics.has_oms_view);
  CHECK(r.metrics.oms_view_units == 7);  // all synced: the OMS sees what is on the shelf
  CHECK(r.metrics.units.on_hand == 7);
  check_conservation(m);
  // With the POS never back within the run, the journal is still in flight at the end.
  const peaksim::RetailRun cut = run(text, {"/horizon=\"2h30m\"", "/demand/pos/trace/2/at=\"2h15m\""});
  CHECK(cut.metrics.oms_view_units == 10);
  CHECK(cut.metrics.units.on_hand == 7);
  CHECK(cut.metrics.outages.in_flight == 3);
  check_conservation(cut.metrics.outages);
}

TEST_CASE("System outages: windows are checked", "[models][outages]") {
  const std::string overlap = errors_of(
      kOmsDown, {"/nodes/2/outages=[{\"start\": \"2h\", \"duration\": \"1h\"}, {\"start\": \"2h30m\", \"duration\": \"1h\"}]"});
  CHECK_THAT(overlap, Catch::Contains("/nodes/2/outages/1/start") && Catch::Contains("starts at or after"));
  const std::string empty = errors_of(kOmsDown, {"/nodes/2/outages=[{\"start\": \"2h\", \"duration\": \"0s\"}]"});
  CHECK_THAT(empty, Catch::Contains("/nodes/2/outages/0/duration") && Catch::Contains("positive duration of at most 1d"));
  const std::string long_one = errors_of(kOmsDown, {"/nodes/2/outages=[{\"start\": \"2h\", \"duration\": \"25h\"}]"});
  CHECK_THAT(long_one, Catch::Contains("/nodes/2/outages/0/duration"));
  const std::string shape = errors_of(kOmsDown, {"/nodes/2/outages={\"start\": \"2h\"}"});
  CHECK_THAT(shape, Catch::Contains("/nodes/2/outages") && Catch::Contains("an array of outage windows"));
  const std::string when = errors_of(kOmsDown, {"/nodes/1/params={\"when_oms_down\": \"sometimes\"}"});
  CHECK_THAT(when, Catch::Contains("/nodes/1/params/when_oms_down"));
}
