// Reservations that do what their names say, end to end on the retail models
// with answers known by hand: `hard` reserves where the sourcing policy would
// source, its `timeout` turns the customer away (and gives the late reservation
// back), `soft` lowers every channel's availability until its ttl + release lag,
// and a storefront's `cart_hold` delays checkout.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace {

peaksim::RetailRun run(const std::string& text, const std::vector<std::string>& sets = {}) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "reservation.json", sets);
  INFO(loaded.diags.format("reservation.json"));
  REQUIRE(loaded.ok());
  peaksim::RetailRun out = peaksim::run_retail(loaded.scenario->baseline, 0, {});
  REQUIRE(out.metrics.units.conserved());
  return out;
}

const analysis::GroupMetrics& group(const peaksim::RetailRun& r, const std::string& name) {
  for (const auto& g : r.metrics.groups) {
    if (g.name == name) {
      return g;
    }
  }
  FAIL("no fulfilment group " << name);
  return r.metrics.groups.front();
}

// Two warehouses with 10 mugs each: dc-a (north) first in node order, dc-b
// (south) second. Three web customers, all from the south, buy a mug at 1h, 2h
// and 3h. Every link takes 1 s; the OMS releases each line as it arrives.
const std::string kTwoRegions = R"({
  "name": "two-regions", "horizon": "30h",
  "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
  "nodes": [
    { "id": "dc-a", "kind": "warehouse", "region": "north", "inventory": { "units_per_sku": 10 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m" } },
    { "id": "dc-b", "kind": "warehouse", "region": "south", "inventory": { "units_per_sku": 10 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m" } },
    { "id": "web", "kind": "storefront" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
  ],
  "links": [
    { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "dc-*", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "dc-*", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
  ],
  "demand": { "web": { "nodes": "web", "regions": { "south": 1 },
    "trace": [ { "at": "1h", "sku": "MUG" }, { "at": "2h", "sku": "MUG" }, { "at": "3h", "sku": "MUG" } ] } },
  "policies": { "reservation": { "name": "hard", "timeout": "10s" } }
})";

// One mug at a warehouse, a storefront and a marketplace that both hear of
// availability from the OMS within 1 s. The storefront sends its orders in an
// hourly batch (its soft reservations go at once); a web customer buys the mug
// at 10m, a marketplace customer tries at 12m.
const analysis::ChannelMetrics& channel(const peaksim::RetailRun& r, const std::string& name) {
  for (const auto& c : r.metrics.channels) {
    if (c.name == name) {
      return c;
    }
  }
  FAIL("no channel " << name);
  return r.metrics.channels.front();
}

const std::string kTwoChannels = R"({
  "name": "two-channels", "horizon": "3h",
  "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
  "nodes": [
    { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 1 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m" } },
    { "id": "web", "kind": "storefront" },
    { "id": "mkt", "kind": "marketplace" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
  ],
  "links": [
    { "from": "web", "to": "oms", "carries": "orders", "mode": "batch", "interval": "1h", "latency": "1s" },
    { "from": "mkt", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "mkt", "carries": "availability", "mode": "stream", "latency": "1s" }
  ],
  "demand": {
    "web": { "nodes": "web", "trace": [ { "at": "10m", "sku": "MUG" } ] },
    "mkt": { "nodes": "mkt", "trace": [ { "at": "12m", "sku": "MUG" } ] }
  }
})";

std::string soft(const std::string& ttl, const std::string& lag) {
  return R"(/policies={"reservation": {"name": "soft", "ttl": ")" + ttl + R"(", "release_lag": ")" + lag + R"("}})";
}

}  // namespace

TEST_CASE("Hard reservation: reserved where the sourcing policy sources, the customer's region first",
          "[models][reservation]") {
  const auto r = run(kTwoRegions);
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.lines_promised == 3);
  CHECK(web.lines_fulfilled == 3);
  // `nearest`: the south warehouse, though dc-a comes first in node order and has stock.
  CHECK(group(r, "dc-b").pick_wait.count() == 3);
  CHECK(group(r, "dc-a").pick_wait.count() == 0);
}

TEST_CASE("Hard reservation: the customer waits `timeout` for the reply, then is turned away",
          "[models][reservation]") {
  // Web -> OMS -> dc-b -> OMS -> web: four 1-second hops, a 4-second round trip.
  SECTION("a reply at exactly the timeout is in time") {
    const auto r = run(kTwoRegions, {"/policies/reservation/timeout=\"4s\""});
    CHECK(r.metrics.channels.at(0).lines_promised == 3);
    CHECK(r.metrics.reservation_timeouts == 0);
  }
  SECTION("a millisecond less: every customer is turned away, and the reservations are given back") {
    const auto r = run(kTwoRegions, {"/policies/reservation/timeout=\"3999ms\""});
    const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
    CHECK(web.lines_promised == 0);
    CHECK(web.lines_turned_away == 3);
    CHECK(r.metrics.reservation_timeouts == 3);
    CHECK(r.metrics.units.on_hand == 20);  // back on the shelf
    CHECK(r.metrics.units.reserved == 0);
  }
}

TEST_CASE("Soft reservation: held at the OMS, it hides the unit from another channel until ttl + release lag",
          "[models][reservation]") {
  SECTION("switched off: the marketplace is shown the web's unit and sells it again") {
    const auto r = run(kTwoChannels);
    CHECK(channel(r, "mkt").lines_promised == 1);
    CHECK(channel(r, "mkt").lines_turned_away == 0);
  }
  SECTION("the hold reaches the OMS at 10m01s and the marketplace sees 0 at 10m02s") {
    const auto r = run(kTwoChannels, {soft("10m", "1m")});
    CHECK(channel(r, "web").lines_promised == 1);
    CHECK(channel(r, "mkt").lines_promised == 0);
    CHECK(channel(r, "mkt").lines_turned_away == 1);
    CHECK(channel(r, "web").oversells == 0);
  }
  SECTION("released at 10m01s + 1m + 50s, shown again at 11m52s: the 12m customer is promised") {
    const auto r = run(kTwoChannels, {soft("1m", "50s")});
    CHECK(channel(r, "mkt").lines_promised == 1);
  }
  SECTION("released at 10m01s + 1m + 60s, shown again at 12m02s: the 12m customer is turned away") {
    const auto r = run(kTwoChannels, {soft("1m", "60s")});
    CHECK(channel(r, "mkt").lines_promised == 0);
    CHECK(channel(r, "mkt").lines_turned_away == 1);
  }
}

TEST_CASE("Cart hold: the customer checks out `cart_hold` after adding to the cart", "[models][reservation]") {
  SECTION("no reservation: the marketplace sells the unit meanwhile and the web customer finds it gone") {
    const auto r = run(kTwoChannels, {R"(/nodes/1/params={"cart_hold": "5m"})"});
    CHECK(channel(r, "mkt").lines_promised == 1);  // 12m: the web has not checked out yet
    CHECK(channel(r, "web").lines_promised == 0);  // 15m: its view shows 0 since 12m02s
    CHECK(channel(r, "web").lines_turned_away == 1);
  }
  SECTION("soft: reserved at add-to-cart, the cart keeps the unit and the marketplace is turned away") {
    const auto r = run(kTwoChannels, {R"(/nodes/1/params={"cart_hold": "5m"})", soft("10m", "1m")});
    CHECK(channel(r, "web").lines_promised == 1);
    CHECK(channel(r, "mkt").lines_turned_away == 1);
  }
}
