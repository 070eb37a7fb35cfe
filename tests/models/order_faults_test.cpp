// Order-side faults, end to end with known answers written from scenarios/README.md
// ("Order-side faults"): a re-sent order line is shipped twice exactly when the OMS's
// capture is not idempotent; a shipment confirmation lost or delayed on its way leaves
// the OMS unaware (shipments_unconfirmed, confirmation_lag); a status overtaken by an
// older one is a regression customer service shows.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace {

peaksim::RetailRun run(const std::string& text, const std::vector<std::string>& sets = {}) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "faults.json", sets);
  INFO(loaded.diags.format("faults.json"));
  REQUIRE(loaded.ok());
  peaksim::RetailRun out = peaksim::run_retail(loaded.scenario->baseline, 0, {});
  REQUIRE(out.metrics.units.conserved());
  const analysis::OutageMetrics& m = out.metrics.outages;
  CHECK(m.sent == m.delivered + m.lost_on_the_way + m.dead_at_end + m.in_flight);
  return out;
}

// One DC of 20 mugs, a storefront and the OMS; every link streams in 1 s, except the
// storefront's orders, which go as an hourly file. Web customers buy a mug at 1h10,
// 1h20 and 3h30: the 2h file holds two lines, the 4h file one.
const std::string kOrders = R"({
  "name": "order-faults", "horizon": "30h",
  "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
  "policies": { "middleware": { "name": "at_least_once", "idempotent": true } },
  "nodes": [
    { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 20 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m",
                  "carrier_cutoff": "16:00" } },
    { "id": "web", "kind": "storefront" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } },
    { "id": "cs", "kind": "customer_service", "params": { "status_refresh": "1m" } }
  ],
  "links": [
    { "from": "web", "to": "oms", "carries": "orders", "mode": "file", "interval": "1h", "latency": "1s",
      "faults": { "resend": 1 } },
    { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "cs", "carries": "status", "mode": "stream", "latency": "1s" }
  ],
  "demand": { "web": { "nodes": "web",
    "trace": [ { "at": "1h10m", "sku": "MUG" }, { "at": "1h20m", "sku": "MUG" }, { "at": "3h30m", "sku": "MUG" } ] } }
})";

}  // namespace

TEST_CASE("Order faults: a re-sent file's lines are dropped by idempotent capture", "[models][order_faults]") {
  const peaksim::RetailRun r = run(kOrders);
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.duplicate_orders_suppressed == 3);  // every file sent twice: each line's copy dropped
  CHECK(web.duplicate_orders_applied == 0);
  CHECK(web.duplicate_orders_shipped == 0);
  CHECK(web.lines_fulfilled == 3);
  CHECK(r.metrics.units.shipped == 3);
}

TEST_CASE("Order faults: non-idempotent capture ships every re-sent line twice", "[models][order_faults]") {
  const peaksim::RetailRun r = run(kOrders, {"/policies/middleware/idempotent=false"});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.duplicate_orders_suppressed == 0);
  CHECK(web.duplicate_orders_applied == 3);
  CHECK(web.duplicate_orders_shipped == 3);
  CHECK(web.lines_fulfilled == 3);         // the customers' lines, each once
  CHECK(web.lines_promised == 3);
  CHECK(r.metrics.units.shipped == 6);      // and their copies: six mugs leave
  // With no re-send, nothing is copied whatever the capture.
  const peaksim::RetailRun clean = run(kOrders, {"/policies/middleware/idempotent=false", "/links/0/faults/resend=0"});
  CHECK(clean.metrics.channels.at(0).duplicate_orders_shipped == 0);
  CHECK(clean.metrics.units.shipped == 3);
}

TEST_CASE("Order faults: a link duplicating each order message is the same fault, per message", "[models][order_faults]") {
  // faults.duplicate on the orders link: each of the file's lines delivered a second time.
  const std::vector<std::string> duplicate = {"/links/0/faults={\"duplicate\": 1}"};
  const peaksim::RetailRun kept = run(kOrders, duplicate);
  CHECK(kept.metrics.channels.at(0).duplicate_orders_suppressed == 3);
  CHECK(kept.metrics.units.shipped == 3);
  std::vector<std::string> careless = duplicate;
  careless.emplace_back("/policies/middleware/idempotent=false");
  const peaksim::RetailRun twice = run(kOrders, careless);
  CHECK(twice.metrics.channels.at(0).duplicate_orders_applied == 3);
  CHECK(twice.metrics.channels.at(0).duplicate_orders_shipped == 3);
  CHECK(twice.metrics.units.shipped == 6);
}

TEST_CASE("Order faults: idempotent capture takes whichever copy comes first, and a line is lost only if both are",
          "[models][order_faults]") {
  // Half of all messages on the orders file are lost (no retries): some lines lose their
  // original, some their copy, some both. Whatever came first is the order, once.
  int copy_was_the_order = 0;
  for (int seed = 1; seed <= 12; ++seed) {
    const peaksim::RetailRun r = run(kOrders, {"/seed=" + std::to_string(seed), "/links/0/faults/loss=0.5",
                                               "/policies/middleware/max_retries=0"});
    const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
    INFO("seed " << seed);
    CHECK(web.lines_fulfilled + web.lines_lost == 3);  // lost: both sends of the line lost
    CHECK(r.metrics.units.shipped == static_cast<std::int64_t>(web.lines_fulfilled));
    CHECK(web.duplicate_orders_suppressed <= web.lines_fulfilled);
    copy_was_the_order += static_cast<int>(web.lines_fulfilled - web.duplicate_orders_suppressed);
  }
  CHECK(copy_was_the_order > 0);  // some line's original was lost and its copy shipped it
}

TEST_CASE("Order faults: copying faults are refused where they would copy nothing", "[models][order_faults]") {
  for (const std::string& set : {std::string("/links/1/faults={\"duplicate\": 0.5}"),    // the OMS's releases
                                 std::string("/links/4/faults={\"resend\": 0.5}")}) {  // availability
    const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(kOrders, "faults.json", {set});
    CHECK_FALSE(loaded.ok());
    CHECK(loaded.diags.format("faults.json").find("copies") != std::string::npos);
  }
  // A broker's orders link to a warehouse carries the OMS's releases only (broker-outage's
  // broker -> dc-1), and a second copying fault after broker -> oms's would copy twice.
  const std::string broker = std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/broker-outage.json";
  const models::scenario::LoadResult releases =
      models::scenario::load_scenario_file(broker, {"/links/3/faults={\"resend\": 0.1}"});
  CHECK_FALSE(releases.ok());
  CHECK(releases.diags.format("broker").find("carries the OMS's releases") != std::string::npos);
  const models::scenario::LoadResult upstream =
      models::scenario::load_scenario_file(broker, {"/links/0/faults={\"resend\": 0.1}"});
  CHECK_FALSE(upstream.ok());
  CHECK(upstream.diags.format("broker").find("copied at most once") != std::string::npos);
  // A line is copied at most once on its way to the OMS (a copy has one identity).
  const models::scenario::LoadResult both =
      models::scenario::load_scenario_text(kOrders, "faults.json", {"/links/0/faults/duplicate=1"});
  CHECK_FALSE(both.ok());
  CHECK(both.diags.format("faults.json").find("copied at most once") != std::string::npos);
}

TEST_CASE("Order faults: delayed and lost shipment confirmations", "[models][order_faults]") {
  // The DC's pick reports take 2h: the OMS hears of each pick 2 hours after the DC
  // confirmed it.
  const peaksim::RetailRun slow = run(kOrders, {"/links/2/latency=\"2h\""});
  const analysis::OutageMetrics& m = slow.metrics.outages;
  CHECK(m.confirmation_lag.count() == 3);
  CHECK(m.confirmation_lag.mean() == Approx(2 * 3600.0));
  CHECK(m.unconfirmed == 0);
  // Every confirmation lost (no retries left): the OMS never hears; the lines stay open.
  const peaksim::RetailRun lost = run(kOrders, {"/links/2/faults={\"loss\": 1}", "/policies/middleware/max_retries=0"});
  CHECK(lost.metrics.outages.unconfirmed == 3);
  CHECK(lost.metrics.outages.confirmation_lag.count() == 0);
  // The mugs left all the same: the carrier collected them and the customers have them;
  // only the OMS's books still hold the lines open.
  CHECK(lost.metrics.channels.at(0).lines_fulfilled == 3);
  CHECK(lost.metrics.units.shipped == 3);
  CHECK(lost.metrics.messages_lost >= 3);
}

TEST_CASE("Order faults: a status overtaken by an older one is shown as a regression", "[models][order_faults]") {
  // The status link reorders every message by a second latency draw of 0s-4h, unordered:
  // a line's "released" can land after its "shipped".
  const peaksim::RetailRun r = run(kOrders, {"/links/5/latency={\"uniform\": {\"min\": \"0s\", \"max\": \"20h\"}}",
                                             "/links/5/faults={\"reorder\": 1}",
                                             "/policies/middleware/ordered=false"});
  const analysis::OutageMetrics& m = r.metrics.outages;
  CHECK(m.status_regressions > 0);
  // Ordered delivery keeps each line's statuses in order: none.
  const peaksim::RetailRun ordered = run(kOrders, {"/links/5/latency={\"uniform\": {\"min\": \"0s\", \"max\": \"20h\"}}",
                                                   "/links/5/faults={\"reorder\": 1}"});
  CHECK(ordered.metrics.outages.status_regressions == 0);
  // Two customer service desks, each with its own ordered view: still none (each desk's
  // statuses are judged by themselves, not against the other desk's).
  std::string desks = kOrders;
  const std::string id = "\"id\": \"cs\"", to = "\"to\": \"cs\"";
  desks.replace(desks.find(id), id.size(), "\"id\": \"cs-{1..2}\"");
  desks.replace(desks.find(to), to.size(), "\"to\": \"cs-*\"");
  const peaksim::RetailRun two = run(desks, {"/links/5/latency={\"uniform\": {\"min\": \"0s\", \"max\": \"20h\"}}",
                                             "/links/5/faults={\"reorder\": 1}"});
  CHECK(two.metrics.outages.status_regressions == 0);
}
