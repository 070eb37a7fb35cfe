// Known answers for what a line's outcome is called and what it is worth, on
// tiny scenarios worked out by hand: a cancellation while the unit is still on a
// shelf is a false cancellation, one whose stock was truly gone (or spoken for)
// an oversell; revenue, cost of goods, the channel's cancellation cost and the
// margin; and the capture time that travels with the order to the OMS's promise.
#include <catch2/catch.hpp>

#include <string>

#include "cli/retail_run.h"
#include "models/retail/probes.h"
#include "models/scenario/loader.h"

namespace scn = models::scenario;

namespace {

// store-1 holds `units` mugs (price 20, unit cost 8) and picks a line as soon as
// it arrives; its inventory deltas stream to the OMS in 1 s, but its pick
// confirmations take 30 minutes. The storefront hears availability only in an
// hourly batch, so it promises what it was told at the start. The OMS releases
// every 10 minutes; a canceled web line costs 15.
std::string scenario(int units, const std::string& trace) {
  return R"({
  "name": "false-cancellation", "seed": 1, "horizon": "2h", "replications": 1,
  "catalog": { "items": [ { "id": "MUG", "price": 20, "unit_cost": 8 } ] },
  "nodes": [
    { "id": "store-1", "kind": "store", "region": "north",
      "params": { "pickers": 1, "pick_time": "1m", "pack_time": "1m" },
      "inventory": { "skus": { "MUG": )" +
         std::to_string(units) + R"( } } },
    { "id": "storefront", "kind": "storefront", "region": "north" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "10m" } }
  ],
  "links": [
    { "from": "store-1", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "storefront", "carries": "availability", "mode": "batch", "interval": "1h", "latency": "1s" },
    { "from": "storefront", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "store-1", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "store-1", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "30m" }
  ],
  "demand": { "web": { "nodes": "storefront", "cancellation_cost": 15, "trace": )" +
         trace + R"( } }
})";
}

peaksim::RetailRun run(const std::string& text, const std::vector<std::string>& sets = {}) {
  const scn::LoadResult loaded = scn::load_scenario_text(text, "outcomes.json", sets);
  INFO(loaded.diags.format("outcomes.json"));
  REQUIRE(loaded.ok());
  return peaksim::run_retail(loaded.scenario->baseline, 0, {});
}

const std::string kTwoCustomers = R"([ { "at": "1m", "sku": "MUG" }, { "at": "11m", "sku": "MUG" } ])";

}  // namespace

TEST_CASE("Outcomes: a cancellation while the unit is on the shelf is a false cancellation", "[models][outcomes]") {
  // Two mugs. The 1-minute line is released at 10m and picked at 10m01s: one mug
  // left. Its delta reaches the OMS at 10m02s, its confirmation only at 40m01s,
  // so the OMS counts the pick twice (view 1, committed 1: nothing available).
  // The 11-minute customer was promised on the storefront's stale 2; at the 20m
  // release the OMS cancels the line while the second mug sits on the shelf.
  const peaksim::RetailRun r = run(scenario(2, kTwoCustomers));
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.lines_promised == 2);
  CHECK(web.false_cancellations == 1);
  CHECK(web.oversells == 0);
  CHECK(web.canceled == 0);
  CHECK(web.lines_fulfilled == 0);  // picked, but the carrier collects at 17:00, after the horizon
  // Money: the picked mug has not shipped, so it earns nothing yet; one line canceled (15).
  CHECK(web.revenue == 0.0);
  CHECK(web.cost_of_goods == 0.0);
  CHECK(web.cancellation_cost == 15.0);
  CHECK(web.lost_revenue == 0.0);
  const auto obs = analysis::observations(r.metrics, r.stats.events);
  const auto find = [&](const std::string& metric) {
    for (const analysis::Observation& o : obs) {
      if (o.metric == metric && o.statistic == "mean") {
        return o.value;
      }
    }
    FAIL("no observation " << metric);
    return 0.0;
  };
  CHECK(find("gross_margin") == -15.0);
  CHECK(find("oversell_cost") == 15.0);
  CHECK(find("false_cancellations") == 1.0);
  CHECK(find("oversells") == 0.0);
}

TEST_CASE("Outcomes: revenue is booked when the line ships, as lines_fulfilled counts it", "[models][outcomes]") {
  // As above, over 18 hours: the carrier collects the picked mug at 17:00.
  const peaksim::RetailRun r = run(scenario(2, kTwoCustomers), {"/horizon=\"18h\""});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.lines_fulfilled == 1);
  CHECK(web.false_cancellations == 1);
  CHECK(web.revenue == 20.0);
  CHECK(web.cost_of_goods == 8.0);
  CHECK(web.cancellation_cost == 15.0);  // margin 20 - 8 - 15 = -3
}

TEST_CASE("Outcomes: only stock the OMS could have sourced makes a cancellation false", "[models][outcomes]") {
  SECTION("free units at a node the OMS does not source from") {
    // A second store holds 5 mugs, but no orders link leads to it: the canceled line
    // (one mug at store-1, picked for the first customer) is an oversell.
    std::string text = scenario(1, kTwoCustomers);
    text.replace(text.find(R"(    { "id": "storefront")"), 0,
                 R"(    { "id": "store-2", "kind": "store", "region": "north", "inventory": { "skus": { "MUG": 5 } } },
)");
    const analysis::ChannelMetrics web = run(text).metrics.channels.at(0);
    CHECK(web.oversells == 1);
    CHECK(web.false_cancellations == 0);
  }
  SECTION("a line of two mugs while two stores hold one each") {
    // store-1 and store-2 hold a mug each, both sourced from; the storefront shows 2 and
    // promises a line of 2, which no one node can serve whole: an oversell, though two
    // mugs sit on shelves.
    std::string text = scenario(1, R"([ { "at": "1m", "sku": "MUG", "units": 2 } ])");
    text.replace(text.find(R"(    { "id": "storefront")"), 0,
                 R"(    { "id": "store-2", "kind": "store", "region": "north", "inventory": { "skus": { "MUG": 1 } } },
)");
    text.replace(text.find(R"(    { "from": "oms", "to": "storefront")"), 0,
                 R"(    { "from": "store-2", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "store-2", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "store-2", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
)");
    const analysis::ChannelMetrics web = run(text).metrics.channels.at(0);
    CHECK(web.lines_promised == 1);
    CHECK(web.oversells == 1);
    CHECK(web.false_cancellations == 0);
  }
}

TEST_CASE("Outcomes: a cancellation when the stock was truly gone is an oversell", "[models][outcomes]") {
  SECTION("the shelf is empty") {
    // One mug, picked at 10m01s for the first customer; the second is canceled at 20m.
    const analysis::ChannelMetrics web = run(scenario(1, kTwoCustomers)).metrics.channels.at(0);
    CHECK(web.oversells == 1);
    CHECK(web.canceled == 1);
    CHECK(web.false_cancellations == 0);
    CHECK(web.cancellation_cost == 15.0);
    CHECK(web.revenue == 0.0);  // the picked mug ships at 17:00, after the horizon
  }
  SECTION("the unit on the shelf is spoken for") {
    // One mug, two customers before the 10m release: the first line is sent to
    // store-1 at 10m (the mug still on the shelf until its pick at 10m01s) and
    // the second canceled at the same instant — the mug was the first line's.
    const analysis::ChannelMetrics web =
        run(scenario(1, R"([ { "at": "1m", "sku": "MUG" }, { "at": "2m", "sku": "MUG" } ])")).metrics.channels.at(0);
    CHECK(web.oversells == 1);
    CHECK(web.false_cancellations == 0);
  }
  SECTION("backordered, not canceled: an oversell with no cancellation cost") {
    const analysis::ChannelMetrics web =
        run(scenario(1, kTwoCustomers), {"/nodes/2/params/backorder=true"}).metrics.channels.at(0);
    CHECK(web.oversells == 1);
    CHECK(web.backordered == 1);
    CHECK(web.cancellation_cost == 0.0);
  }
}

TEST_CASE("Outcomes: walk-in sales earn their price, at the till", "[models][outcomes]") {
  const std::string text = R"({
  "name": "till", "seed": 1, "horizon": "1h", "replications": 1,
  "catalog": { "items": [ { "id": "MUG", "price": 12.5, "unit_cost": 4 }, { "id": "CUP", "price": 3, "unit_cost": 1 } ] },
  "nodes": [ { "id": "store-1", "kind": "store", "inventory": { "skus": { "MUG": 1, "CUP": 5 } } } ],
  "links": [],
  "demand": { "pos": { "nodes": "store-1", "trace": [
    { "at": "1m", "sku": "MUG" }, { "at": "2m", "sku": "MUG" }, { "at": "3m", "sku": "CUP", "units": 2 } ] } }
})";
  const analysis::ChannelMetrics pos = run(text).metrics.channels.at(0);
  CHECK(pos.pos_sales == 2);
  CHECK(pos.revenue == 12.5 + 2 * 3.0);  // the second mug's walk-in finds an empty shelf
  CHECK(pos.cost_of_goods == 4.0 + 2 * 1.0);
}

TEST_CASE("Capture time: the OMS counts the promise from capture, not from receipt", "[models][outcomes]") {
  // The storefront sends its orders as an hourly file: a line captured at 5m
  // reaches the OMS at 1h00m01s and is released at the 1h10m tick. Promised 12
  // hours from capture, it has 12h - 1h05m = 10h55m left then (not 11h50m, as
  // counted from receipt): the sla_risk policy reports it as hours_to_promise.
  const std::string text = scenario(2, R"([ { "at": "5m", "sku": "MUG" } ])");
  const peaksim::RetailRun r = run(text, {"/links/2/mode=\"file\"", "/links/2/interval=\"1h\"",
                                          "/demand/web/promise=\"12h\"",
                                          "/policies={\"sourcing\": {\"name\": \"sla_risk\"}}"});
  const auto index = models::retail::probes::sourcing_part_index("hours_to_promise");
  const auto& [sum, orders] = r.metrics.sourcing_parts.at(index);
  REQUIRE(orders == 1);
  CHECK(sum == Approx(10.0 + 55.0 / 60.0));
}
