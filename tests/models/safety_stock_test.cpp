// Safety stock (policies.safety_stock): the buffers worked out by hand from the
// demand the scenario implies, which rule wins, and a channel that is never
// shown the units held back.
#include <catch2/catch.hpp>

#include <string>

#include "cli/retail_run.h"
#include "models/retail/build.h"
#include "models/scenario/loader.h"

namespace scn = models::scenario;

namespace {

// Two stores that ship parcels, reporting stock to the OMS in 30-minute
// batches that take 2 minutes (an exposure window of 32 minutes). Walk-ins
// at store-1 buy 8 orders an hour of one line, SKU A three times as popular
// as B; four web customers over the 2-hour horizon buy one A each.
const std::string kTwoStores = R"({
  "name": "safety", "horizon": "2h", "replications": 1, "seed": 3,
  "catalog": { "items": [ { "id": "A", "price": 10, "popularity": 3 }, { "id": "B", "price": 10, "popularity": 1 } ] },
  "nodes": [
    { "id": "store-1", "kind": "store", "region": "north", "inventory": { "skus": { "A": 3 } } },
    { "id": "store-2", "kind": "store", "region": "north", "inventory": { "skus": { "A": 0 } } },
    { "id": "storefront", "kind": "storefront" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "10m" } }
  ],
  "links": [
    { "from": "store-*", "to": "oms", "carries": "inventory", "mode": "batch", "interval": "30m", "latency": "2m" },
    { "from": "oms", "to": "storefront", "carries": "availability", "mode": "stream", "latency": "1s" },
    { "from": "storefront", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "store-*", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "store-*", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" }
  ],
  "demand": {
    "pos": { "nodes": "store-1", "orders_per_hour": 8 },
    "web": { "nodes": "storefront",
             "trace": [ { "at": "4m", "sku": "A" }, { "at": "5m", "sku": "A" }, { "at": "6m", "sku": "A" }, { "at": "7m", "sku": "A" } ] }
  },
  "policies": { "reservation": { "name": "none" } }
})";

scn::Scenario load(const std::vector<std::string>& sets) {
  scn::LoadResult r = scn::load_scenario_text(kTwoStores, "safety.json", sets);
  INFO(r.diags.format("safety.json"));
  REQUIRE(r.ok());
  return std::move(*r.scenario);
}

std::string note_of(const std::string& rules) {
  const auto model = models::retail::build(load({"/policies/safety_stock=" + rules}).baseline);
  REQUIRE(model.notes.size() == 1);
  return model.notes.front();
}

// The web channel's figures when the storefront is the only buyer (no walk-ins).
const analysis::ChannelMetrics& web(const peaksim::RetailRun& run) {
  for (const auto& c : run.metrics.channels) {
    if (c.name == "web") {
      return c;
    }
  }
  FAIL("no web channel");
  throw std::logic_error("unreachable");
}

peaksim::RetailRun run_web(const std::string& rules) {
  std::vector<std::string> sets = {"/demand/pos=null"};
  if (!rules.empty()) {
    sets.push_back("/policies/safety_stock=" + rules);
  }
  peaksim::RetailRun out = peaksim::run_retail(load(sets).baseline, 0, {});
  REQUIRE(out.metrics.units.conserved());
  return out;
}

}  // namespace

TEST_CASE("Safety stock service_level: z x sqrt(rate x window), by hand", "[models][safety]") {
  // Rates: walk-ins at store-1 buy A at 8 x 1 x 3/4 = 6/h and B at 2/h. The web's
  // trace is 4 units of A in 2 h = 2/h, split evenly over the two stores that
  // ship: 1/h each. Window: 30m interval + 2m latency = 32 min = 0.5333 h.
  //   store-1 A: 1.65 x sqrt(7 x 0.5333 = 3.733) = 1.65 x 1.932 = 3.19 -> 4
  //   store-1 B: 1.65 x sqrt(2 x 0.5333 = 1.067) = 1.65 x 1.033 = 1.70 -> 2
  //   store-2 A: 1.65 x sqrt(1 x 0.5333)         = 1.65 x 0.730 = 1.20 -> 2
  //   store-2 B: no demand                                           -> 0
  CHECK(note_of(R"([{"kind": "store", "form": "service_level", "service_factor": 1.65}])") ==
        "safety stock (baseline): store 8 units over 4 positions (mean 2.00, max 4); "
        "network 0 units over 2 positions (mean 0.00, max 0)");
  // velocity k 1 over the same window: 7 x 0.5333 = 3.73 -> 4, 1.07 -> 2, 0.53 -> 1, 0.
  CHECK(note_of(R"([{"node": "store-*", "form": "velocity", "k": 1}])") ==
        "safety stock (baseline): store 7 units over 4 positions (mean 1.75, max 4); "
        "network 0 units over 2 positions (mean 0.00, max 0)");
  // An explicit window replaces the feeds'.
  CHECK(note_of(R"([{"node": "store-1", "form": "service_level", "window": "5h"}])") ==
        // A: 1.65 x sqrt(7 x 5) = 9.76 -> 10; B: 1.65 x sqrt(2 x 5) = 5.22 -> 6
        "safety stock (baseline): store 16 units over 4 positions (mean 4.00, max 10); "
        "network 0 units over 2 positions (mean 0.00, max 0)");
}

TEST_CASE("Safety stock precedence: the most specific rule wins, rules never add up", "[models][safety]") {
  // store-1: the glob (2) beats the kind (1); store-2: its own id (5) beats both.
  // Network 4 per SKU; the web's own rule (1) replaces it for the web.
  CHECK(note_of(R"([{"kind": "store", "form": "fixed", "units": 1},
                    {"node": "store-*", "form": "fixed", "units": 2},
                    {"node": "store-2", "form": "fixed", "units": 5},
                    {"network": true, "form": "fixed", "units": 4},
                    {"channel": "web", "form": "fixed", "units": 1}])") ==
        "safety stock (baseline): store 14 units over 4 positions (mean 3.50, max 5); "
        "network 8 units over 2 positions (mean 4.00, max 4); channel web 2 units over 2 positions (mean 1.00, max 1)");
}

TEST_CASE("Safety stock: a channel is never shown the units held back", "[models][safety]") {
  // store-1 holds 3 A; four web customers a minute apart, and the OMS streams its
  // figure to the storefront within a second of each order.
  const auto none = run_web("");
  CHECK(web(none).lines_promised == 3);
  CHECK(web(none).lines_turned_away == 1);
  // One unit held back, at the node or from the network: the web sells 2.
  for (const char* rules : {R"([{"node": "store-1", "form": "fixed", "units": 1}])",
                                  R"([{"network": true, "form": "fixed", "units": 1}])",
                                  R"([{"channel": "web", "form": "fixed", "units": 1}])",
                                  R"([{"kind": "store", "form": "percent", "percent": 10}])"}) {
    INFO(rules);
    const auto held = run_web(rules);
    CHECK(web(held).lines_promised == 2);
    CHECK(web(held).lines_turned_away == 2);
    CHECK(web(held).oversells == 0);
  }
  // The channel's own rule replaces the network's rather than adding to it: 3 - 1, not 3 - 1 - 3.
  const auto own = run_web(R"([{"network": true, "form": "fixed", "units": 3}, {"channel": "web", "form": "fixed", "units": 1}])");
  CHECK(web(own).lines_promised == 2);
  const auto all = run_web(R"([{"network": true, "form": "fixed", "units": 3}])");
  CHECK(web(all).lines_promised == 0);
  CHECK(web(all).lines_turned_away == 4);
}

TEST_CASE("Safety stock percent follows the OMS's view of on hand as the shelf empties", "[models][safety]") {
  // store-1's stock streams to the OMS at once; web customers at 4, 15 and 25 minutes,
  // each released at the next 10-minute tick and picked soon after. 50 % held back:
  //   start: 3 on hand, holds ceil(1.5) = 2, shows 1: the 4-minute customer is promised;
  //   after its pick: 2 on hand, holds 1, shows 1: the 15-minute customer is promised;
  //   after that pick: 1 on hand, holds ceil(0.5) = 1, shows 0: the 25-minute one is turned away.
  // A buffer fixed at the start (2) would have shown 0 after the first pick.
  const std::string trace = R"([{"at": "4m", "sku": "A"}, {"at": "15m", "sku": "A"}, {"at": "25m", "sku": "A"}])";
  for (const char* rules : {R"([{"node": "store-1", "form": "percent", "percent": 50}])",
                            R"([{"network": true, "form": "percent", "percent": 50}])",
                            R"([{"channel": "web", "form": "percent", "percent": 50}])"}) {
    INFO(rules);
    peaksim::RetailRun run = peaksim::run_retail(
        load({"/demand/pos=null", "/links/0/mode=\"stream\"", "/links/0/interval=null", "/links/0/latency=\"0s\"",
              "/demand/web/trace=" + trace, std::string("/policies/safety_stock=") + rules})
            .baseline,
        0, {});
    CHECK(web(run).lines_promised == 2);
    CHECK(web(run).lines_turned_away == 1);
    CHECK(web(run).oversells == 0);
  }
}

TEST_CASE("Safety stock rules: bad input names the rule, what was expected and what was found", "[models][safety]") {
  const auto error_of = [](const std::string& rules) {
    scn::LoadResult r = scn::load_scenario_text(kTwoStores, "safety.json", {"/policies/safety_stock=" + rules});
    REQUIRE_FALSE(r.ok());
    return r.diags.format("safety.json");
  };
  CHECK_THAT(error_of(R"([{"form": "fixed"}])"),
             Catch::Contains("/policies/safety_stock/0: expected exactly one scope key (node, kind, network or channel), found none"));
  CHECK_THAT(error_of(R"([{"kind": "store", "node": "store-1", "form": "fixed"}])"),
             Catch::Contains("found node, kind"));
  CHECK_THAT(error_of(R"([{"kind": "store", "form": "fixd"}])"), Catch::Contains("/policies/safety_stock/0/form"));
  CHECK_THAT(error_of(R"([{"kind": "oms", "form": "fixed"}])"), Catch::Contains("/policies/safety_stock/0/kind"));
  CHECK_THAT(error_of(R"([{"node": "dc-*", "form": "fixed"}])"), Catch::Contains("/policies/safety_stock/0/node"));
  CHECK_THAT(error_of(R"([{"channel": "pos", "form": "fixed"}])"), Catch::Contains("buys at the till"));
  CHECK_THAT(error_of(R"([{"network": false, "form": "fixed"}])"), Catch::Contains("/policies/safety_stock/0/network: expected true"));
  CHECK_THAT(error_of(R"([{"network": true, "form": "fixed", "units": -1}])"), Catch::Contains("/policies/safety_stock/0/units"));
  CHECK_THAT(error_of(R"([{"network": true, "form": "fixed", "unit": 1}])"), Catch::Contains("units"));
  CHECK_THAT(error_of(R"([{"network": true, "form": "fixed"}, {"network": true, "form": "percent"}])"),
             Catch::Contains("/policies/safety_stock/1: a second rule for the same scope (the first is /policies/safety_stock/0)"));
  CHECK_THAT(error_of(R"({"network": true})"), Catch::Contains("/policies/safety_stock: expected an array of rules"));
}
