// Replenishment (models/retail/physical_node_supply.cpp, vendor.h), with known answers
// worked out from scenarios/README.md ("Replenishment") alone: a min/max policy on a
// fixed list of customers reorders exactly when and how much a hand calculation says,
// nightly and continuous; units are conserved across vendors, transfers, docks and
// losses in transit, every day; a receiving dock fed by Poisson receipts is an M/D/1
// queue; and bad replenishment parameters are refused with their JSON path.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/retail/probes.h"
#include "models/scenario/loader.h"
#include "tests/models/recorded_run.h"

namespace scn = models::scenario;
namespace probes = models::retail::probes;

namespace {

constexpr double kHour = 3600.0;

// One customer buying one MUG at half past every hour, for `hours` hours.
std::string hourly_trace(int hours) {
  std::string out;
  for (int h = 0; h < hours; ++h) {
    out += std::string(out.empty() ? "" : ", ") + R"({"at": ")" + std::to_string(h) + "h30m\", \"sku\": \"MUG\"}";
  }
  return "[" + out + "]";
}

// A store replenished from a warehouse with plenty: orders take 5 minutes to reach it,
// consignments 2 hours to travel, and are on the shelf when they arrive.
std::string one_store(const std::string& horizon, int initial, const std::string& store_params, int hours,
                      const std::string& policy = "min_max", const std::string& from = "dc") {
  return R"({
    "name": "replenish", "seed": 7, "horizon": ")" + horizon + R"(",
    "catalog": { "items": [ { "id": "MUG", "price": 10, "unit_cost": 4 } ] },
    "nodes": [
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 100000 } },
      { "id": "store", "kind": "store", "inventory": { "units_per_sku": )" + std::to_string(initial) + R"( },
        "params": { "shrink_per_day": 0, "replenishment": ")" + policy + R"(", "replenish_from": ")" + from + R"(",
                    "order_latency": "5m", "transit_time": "2h", )" + store_params + R"( } }
    ],
    "links": [],
    "demand": { "pos": { "nodes": "store", "trace": )" + hourly_trace(hours) + R"( } }
  })";
}

scn::ScenarioSpec load(const std::string& text) {
  const scn::LoadResult loaded = scn::load_scenario_text(text, "replenish.json");
  INFO(loaded.diags.format("replenish.json"));
  REQUIRE(loaded.ok());
  return loaded.scenario->baseline;
}

std::string load_errors(const std::string& text) {
  const scn::LoadResult loaded = scn::load_scenario_text(text, "replenish.json");
  REQUIRE_FALSE(loaded.ok());
  return loaded.diags.format("replenish.json");
}

struct Timed {
  double hours;
  double units;
};
std::vector<Timed> of_probe(const test_support::Records& records, sim::ProbeId probe) {
  std::vector<Timed> out;
  for (const auto& r : records.all) {
    if (r.probe == probe) {
      out.push_back(Timed{r.when.to_seconds() / kHour, r.value});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("Replenishment: min/max on a fixed list of customers orders when and how much the hand calculation says",
          "[models][replenishment]") {
  SECTION("continuous review: each time the position falls to the minimum") {
    // 10 on the shelf, min 5, max 10, one sale at :30 each hour. The sale at 04:30 brings
    // the position to 5: order 5; they reach the warehouse at 04:35, leave at once and
    // arrive at 06:35. The position (shelf + on order) is then 10 - sales since, so it is
    // 5 again every 5 sales: orders at 04:30, 09:30, 14:30 and 19:30, put away 2 h 5 m later.
    const auto records = test_support::run_recorded(
        load(one_store("24h", 10, R"("reorder_min": 5, "reorder_max": 10, "review": "continuous")", 24)));
    const auto orders = of_probe(records, probes::kReplenishOrdered);
    const auto put_away = of_probe(records, probes::kReplenishPutAway);
    REQUIRE(orders.size() == 4);
    REQUIRE(put_away.size() == 4);
    for (std::size_t k = 0; k < 4; ++k) {
      CHECK(orders[k].hours == Approx(4.5 + 5.0 * static_cast<double>(k)));
      CHECK(orders[k].units == 5);
      CHECK(put_away[k].hours == Approx(4.5 + 5.0 * static_cast<double>(k) + 2.0 + 5.0 / 60.0));
      CHECK(put_away[k].units == 5);
    }
    CHECK(of_probe(records, probes::kPosStockout).empty());
  }
  SECTION("nightly review at 22:00: order up to the maximum when at or below the minimum") {
    // 30 on the shelf, min 10, max 30. Day 0 at 22:00: 22 sold, 8 left: order 22 (on the
    // shelf at 00:05). Day 1 at 22:00: 8 - 2 + 22 - 22 = 6: order 24. Day 2 the same.
    const auto records = test_support::run_recorded(
        load(one_store("3d", 30, R"("reorder_min": 10, "reorder_max": 30, "review_at": "22:00")", 72)));
    const auto orders = of_probe(records, probes::kReplenishOrdered);
    REQUIRE(orders.size() == 3);
    CHECK(orders[0].hours == Approx(22.0));
    CHECK(orders[0].units == 22);
    CHECK(orders[1].hours == Approx(46.0));
    CHECK(orders[1].units == 24);
    CHECK(orders[2].hours == Approx(70.0));
    CHECK(orders[2].units == 24);
    CHECK(of_probe(records, probes::kPosStockout).empty());
  }
  SECTION("without replenishment the same customers empty the shelf") {
    const auto records = test_support::run_recorded(load(one_store("24h", 10, R"("review": "nightly")", 24, "none")));
    CHECK(of_probe(records, probes::kReplenishOrdered).empty());
    CHECK(of_probe(records, probes::kPosStockout).size() == 14);
  }
}

namespace {

// A vendor that ships late and short, a warehouse reordering from it by days of cover
// through a dock, three stores reordering from the warehouse continuously and losing
// 5 % in transit, shrink, and web orders sourced from all four.
const std::string kChain = R"({
  "name": "chain", "seed": 11, "horizon": "1d",
  "catalog": { "skus": 40 },
  "nodes": [
    { "id": "acme", "kind": "vendor",
      "params": { "lead_time": { "uniform": { "min": "6h", "max": "30h" } }, "fill_rate": 0.8,
                  "late_rate": 0.3, "late_delay": "8h" } },
    { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": { "min": 20, "max": 60 } },
      "params": { "replenishment": "days_of_cover", "replenish_from": "acme", "cover_min_days": 1.5,
                  "cover_max_days": 3, "cover_online_share": 1, "review_at": "06:00", "receiving_rate": 400,
                  "transit_time": "6h", "putaway_time": "1h", "shift_start": "06:00", "shift_end": "22:00" } },
    { "id": "store-{1..3}", "kind": "store", "inventory": { "units_per_sku": { "min": 3, "max": 12 } },
      "params": { "replenishment": "min_max", "replenish_from": "dc", "reorder_min": 4, "reorder_max": 12,
                  "review": "continuous", "transit_loss": 0.05, "receiving_rate": 60,
                  "transit_time": { "uniform": { "min": "2h", "max": "10h" } }, "shrink_per_day": 0.01 } },
    { "id": "web", "kind": "storefront" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "5m" } },
    { "id": "erp", "kind": "erp" }
  ],
  "links": [
    { "from": "store-*", "to": "erp", "carries": "inventory", "mode": "batch", "interval": "30m", "latency": "5s" },
    { "from": "dc", "to": "erp", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "erp", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" },
    { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "store-*", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "store-*", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" }
  ],
  "demand": {
    "pos": { "nodes": "store-*", "orders_per_hour": 6 },
    "web": { "nodes": "web", "orders_per_hour": 10 }
  }
})";

}  // namespace

TEST_CASE("Replenishment: no unit is created or lost across vendors, transfers, docks and transit, every day",
          "[models][replenishment]") {
  std::int64_t put_away_before = -1;
  for (const char* horizon : {"1d", "2d", "3d", "4d"}) {
    INFO("horizon " << horizon);
    std::string text = kChain;
    text.replace(text.find("\"1d\""), 4, std::string("\"") + horizon + "\"");
    const peaksim::RetailRun run = peaksim::run_retail(load(text), 0, {});
    const analysis::UnitBalance& u = run.metrics.units;
    // Every node: received (initial, returns, put away) = on hand + reserved + shipped + sold + damaged + transferred out.
    CHECK(u.conserved());
    // Between nodes: from vendors + transferred out = put away + inbound + lost in transit + in transit.
    CHECK(u.moved_conserved());
    CHECK(u.put_away > put_away_before);  // something arrives every day
    put_away_before = u.put_away;
    if (std::string(horizon) == "4d") {
      // Every mechanism took part: vendors shipped (short), stores lost units in transit.
      CHECK(u.from_vendors > 0);
      CHECK(u.transferred_out > 0);
      CHECK(u.lost_in_transit > 0);
      CHECK(run.metrics.replenishment.units_short > 0);
      CHECK(run.metrics.replenishment.units_lost == u.lost_in_transit);
    }
  }
}

TEST_CASE("Replenishment: identical results on the sequential and the parallel engine", "[models][replenishment]") {
  std::string text = kChain;
  text.replace(text.find("\"1d\""), 4, "\"3d\"");
  const scn::ScenarioSpec spec = load(text);
  const peaksim::RetailRun one = peaksim::run_retail(spec, 1, {});
  peaksim::RunSettings parallel;
  parallel.parallel = true;
  parallel.threads = 2;
  parallel.partitions = 2;
  const peaksim::RetailRun two = peaksim::run_retail(spec, 1, parallel);
  CHECK(one.stats.checksum == two.stats.checksum);
  CHECK(one.stats.events == two.stats.events);
  CHECK(one.metrics.units.put_away == two.metrics.units.put_away);
  CHECK(one.metrics.units.in_transit == two.metrics.units.in_transit);
}

TEST_CASE("Replenishment: a receiving dock fed by Poisson receipts waits as an M/D/1 queue", "[models][replenishment]") {
  // Walk-ins buy one unit each, 30 an hour (Poisson); continuous review with min = max - 1
  // orders one unit per sale from a vendor with a fixed lead time, so receipts reach the
  // dock as the same Poisson process, shifted. The dock receives 40 units an hour, one unit
  // each: a deterministic 90 s. M/D/1: Wq = rho / (2 mu (1 - rho)), rho = 0.75: 135 s.
  const std::string text = R"({
    "name": "dock", "seed": 21, "horizon": "40d",
    "catalog": { "items": [ { "id": "MUG", "price": 10, "unit_cost": 4 } ] },
    "nodes": [
      { "id": "acme", "kind": "vendor", "params": { "lead_time": "1h" } },
      { "id": "store", "kind": "store", "inventory": { "units_per_sku": 5000 },
        "params": { "shrink_per_day": 0, "replenishment": "min_max", "replenish_from": "acme", "review": "continuous",
                    "reorder_min": 4999, "reorder_max": 5000, "transit_time": "1h", "receiving_rate": 40 } }
    ],
    "links": [],
    "demand": { "pos": { "nodes": "store", "orders_per_hour": 30, "basket": { "mean": 1, "max": 1 },
                         "units_per_line": { "empirical": [ { "value": 1, "weight": 1 } ] } } }
  })";
  // Six replications of 40 days (about 170,000 receipts): the pooled mean's standard
  // error is about 1.6 % (one replication's mean wanders by 4 %, the queue's waits being
  // correlated), so 5 % is three of them.
  const scn::ScenarioSpec spec = load(text);
  double sum = 0.0;
  std::uint64_t n = 0;
  for (std::uint32_t rep = 0; rep < 6; ++rep) {
    const peaksim::RetailRun run = peaksim::run_retail(spec, rep, {});
    REQUIRE(run.metrics.replenishment.receiving_wait.size() == 1);
    const auto& waits = run.metrics.replenishment.receiving_wait[0];
    sum += waits.mean() * static_cast<double>(waits.count());
    n += waits.count();
  }
  const double lambda = 30.0 / kHour, mu = 40.0 / kHour, rho = lambda / mu;
  const double wq = rho / (2.0 * mu * (1.0 - rho));
  REQUIRE(wq == Approx(135.0));
  REQUIRE(n > 150000);
  CHECK(sum / static_cast<double>(n) == Approx(wq).epsilon(0.05));
}

TEST_CASE("Replenishment: bad parameters are refused with their JSON path", "[models][replenishment]") {
  const auto errors = [](const std::string& params, const std::string& from = "dc") {
    return load_errors(one_store("1d", 10, params, 2, "min_max", from));
  };
  CHECK_THAT(errors(R"("reorder_max": 5)", ""),
             Catch::Contains("/nodes/1/params/replenish_from") && Catch::Contains("expected the id of a warehouse or vendor"));
  CHECK_THAT(errors(R"("reorder_max": 5)", "dc-9"),
             Catch::Contains("/nodes/1/params/replenish_from") && Catch::Contains("\"dc-9\", which no node has"));
  CHECK_THAT(errors(R"("reorder_max": 5)", "store"),
             Catch::Contains("/nodes/1/params/replenish_from") && Catch::Contains("itself"));
  CHECK_THAT(load_errors(one_store("1d", 10, R"("cover_min_days": 4, "cover_max_days": 4)", 2, "days_of_cover")),
             Catch::Contains("/nodes/1/params/cover_max_days") && Catch::Contains("above cover_min_days (4)"));
  CHECK_THAT(errors(R"("reorder_min": 5, "reorder_max": 5)"),
             Catch::Contains("/nodes/1/params/reorder_max") && Catch::Contains("expected reorder_max above reorder_min (5), found 5"));
  CHECK_THAT(errors(R"("reorder_min": 5, "reorder_max": 5000000)"),
             Catch::Contains("/nodes/1/params/reorder_max") && Catch::Contains("at most 4194303"));
  // A store is no supplier; a loop of suppliers never ends.
  std::string from_store = one_store("1d", 10, R"("reorder_max": 5)", 2);
  from_store.replace(from_store.find(R"("kind": "warehouse")"), 19, R"("kind": "store")");
  CHECK_THAT(load_errors(from_store), Catch::Contains("/nodes/1/params/replenish_from") &&
                                          Catch::Contains("expected a warehouse or vendor, found \"dc\", a store"));
  const std::string loop = R"({
    "name": "loop", "seed": 1, "horizon": "1d", "catalog": { "skus": 2 },
    "nodes": [
      { "id": "dc-1", "kind": "warehouse", "inventory": { "units_per_sku": 9 },
        "params": { "replenishment": "min_max", "replenish_from": "dc-2", "reorder_max": 9 } },
      { "id": "dc-2", "kind": "warehouse", "inventory": { "units_per_sku": 9 },
        "params": { "replenishment": "min_max", "replenish_from": "dc-1", "reorder_max": 9 } }
    ],
    "links": []
  })";
  CHECK_THAT(load_errors(loop), Catch::Contains("/nodes/0/params/replenish_from") &&
                                    Catch::Contains("found a loop: dc-1 -> dc-2 -> dc-1"));
  // A store asks for transfers only for its pickup lines.
  std::string no_bopis = one_store("1d", 10, R"("reorder_max": 5, "transfer_from": "dc", "bopis": false)", 2, "none");
  CHECK_THAT(load_errors(no_bopis), Catch::Contains("/nodes/1/params/transfer_from") &&
                                        Catch::Contains("expected a store that offers BOPIS"));
  CHECK_THAT(errors(R"("reorder_max": 5, "review": "weekly")"), Catch::Contains("/nodes/1/params/review"));
  CHECK_THAT(errors(R"("reorder_max": 5, "transit_loss": 1.5)"), Catch::Contains("/nodes/1/params/transit_loss"));
  CHECK_THAT(errors(R"("reorder_max": 5, "receiving_docks": 0)"), Catch::Contains("/nodes/1/params/receiving_docks"));
}

TEST_CASE("Replenishment: units a hard reservation held count in the position until picked", "[models][replenishment]") {
  // A DC with 20 MUGs serves web orders under hard reservation (one an hour at :30, each
  // reserved at capture and picked at once): a reservation moves a unit from the shelf to
  // reserved (the position holds), the pick takes it off. The 15th pick leaves a position
  // of 5 = reorder_min: one order of 15 (position 20 again), none after.
  std::string web;
  for (int h = 0; h < 20; ++h) {
    web += std::string(web.empty() ? "" : ", ") + R"({"at": ")" + std::to_string(h) + "h30m\", \"sku\": \"MUG\"}";
  }
  const std::string text = R"({
    "name": "hard", "seed": 3, "horizon": "24h",
    "catalog": { "items": [ { "id": "MUG", "price": 10, "unit_cost": 4 } ] },
    "nodes": [
      { "id": "acme", "kind": "vendor", "params": { "lead_time": "2d" } },
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 20 },
        "params": { "replenishment": "min_max", "replenish_from": "acme", "review": "continuous", "reorder_min": 5,
                    "reorder_max": 20, "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "0s" } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
    ],
    "links": [
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": { "web": { "nodes": "web", "trace": [)" + web + R"(] } },
    "policies": { "reservation": { "name": "hard", "timeout": "10s" } }
  })";
  const auto records = test_support::run_recorded(load(text));
  const auto orders = of_probe(records, probes::kReplenishOrdered);
  REQUIRE(orders.size() == 1);
  CHECK(orders[0].units == 15);
  CHECK(orders[0].hours > 14.5);  // the 15th customer came at 14:30; picked seconds later
  CHECK(orders[0].hours < 14.6);
}

TEST_CASE("Drop-ship: a vendor with stock fulfils order lines, each parcel leaving ship_time after it arrives; "
          "lines beyond its stock are oversold like any other",
          "[models][replenishment]") {
  // The vendor holds the only 5 MUGs and sends its stock once a day (a file). The
  // storefront hears availability every 2 hours, so it promises all 8 customers of the
  // first 2 hours (at 10, 20, ... 80 minutes). Each line reaches the vendor 1 s after the
  // OMS gets it and leaves 2 h later, with no cutoff; the vendor confirms each pick 30 min
  // after it starts. The OMS stops counting a line as committed when the confirmation
  // comes, but hears of the units leaving only with the next file: from then its view
  // shows them again, so it sends the 6th line to an empty vendor (a short pick: the
  // oversell found there). The vendor's adjustment goes at once and the last two lines
  // are oversold at sourcing. With the vendor's stock streamed and its picks confirmed in
  // 1 s (the pick's delta first, at the same instant), the OMS never sends more than 5:
  // the same 3 oversold, all at sourcing, no short pick.
  std::string trace;
  for (int k = 1; k <= 8; ++k) {
    trace += std::string(trace.empty() ? "" : ", ") + R"({"at": ")" + std::to_string(10 * k) + "m\", \"sku\": \"MUG\"}";
  }
  const auto scenario = [&](const std::string& feed, const std::string& confirm) {
    return R"({
      "name": "drop-ship", "seed": 5, "horizon": "12h",
      "catalog": { "items": [ { "id": "MUG", "price": 10, "unit_cost": 4 } ] },
      "nodes": [
        { "id": "maker", "kind": "vendor", "inventory": { "units_per_sku": 5 }, "params": { "ship_time": "2h" } },
        { "id": "web", "kind": "storefront" },
        { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
      ],
      "links": [
        { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
        { "from": "oms", "to": "maker", "carries": "orders", "mode": "stream", "latency": "1s" },
        { "from": "maker", "to": "oms", "carries": "shipments", "mode": "stream", "latency": ")" + confirm + R"(" },
        { "from": "maker", "to": "oms", "carries": "inventory", )" + feed + R"(, "latency": "1s" },
        { "from": "oms", "to": "web", "carries": "availability", "mode": "batch", "interval": "2h", "latency": "1s" }
      ],
      "demand": { "web": { "nodes": "web", "trace": [)" + trace + R"(] } }
    })";
  };
  for (const bool daily : {true, false}) {
    INFO((daily ? "a daily file" : "streamed"));
    const scn::ScenarioSpec spec = load(daily ? scenario(R"("mode": "file", "interval": "24h")", "30m")
                                              : scenario(R"("mode": "stream")", "1s"));
    const peaksim::RetailRun run = peaksim::run_retail(spec, 0, {});
    REQUIRE(run.metrics.channels.size() == 1);
    const auto& web = run.metrics.channels[0];
    CHECK(web.lines_promised == 8);
    CHECK(web.lines_fulfilled == 5);
    CHECK(web.oversells == 3);
    CHECK(web.short_picks == (daily ? 1 : 0));
    CHECK(run.metrics.units.shipped == 5);
    const auto records = test_support::run_recorded(spec);
    const auto shipped = of_probe(records, probes::kLineShipped);
    REQUIRE(shipped.size() == 5);
    for (std::size_t k = 0; k < shipped.size(); ++k) {
      // Customer k + 1 at 10 (k + 1) minutes; 1 s to the OMS, 1 s to the vendor, 2 h there.
      CHECK(shipped[k].hours * kHour == Approx(600.0 * static_cast<double>(k + 1) + 2.0 + 2 * kHour).margin(1e-6));
    }
  }
}

TEST_CASE("Store transfers on request: a pickup line a store is short of waits for units from transfer_from",
          "[models][replenishment]") {
  // Store A holds 1 MUG and is the only pickup store; a walk-in takes it at 10:01, one
  // second before a web pickup line for it arrives (10:02). A asks store B: the request
  // takes 5 min, B ships at once, the units travel 1 h and are on A's shelf on arrival;
  // the line, first in A's queue, is picked (2 min) and ready at the counter at
  // 00:10:02 + 5 min + 1 h + 2 min. If B has none, its ASN says so and the line is a short
  // pick (oversold: no other pickup store); if every unit is lost in transit, the same.
  const auto scenario = [](int at_b, double loss) {
    return R"({
      "name": "transfer", "seed": 2, "horizon": "6h",
      "catalog": { "items": [ { "id": "MUG", "price": 10, "unit_cost": 4 } ] },
      "nodes": [
        { "id": "store-a", "kind": "store", "region": "north", "inventory": { "units_per_sku": 1 },
          "params": { "shrink_per_day": 0, "pickers": 1, "pick_time": "2m", "pack_time": "0s", "transfer_from": "store-b",
                      "order_latency": "5m", "transit_time": "1h", "transit_loss": )" + std::to_string(loss) + R"( } },
        { "id": "store-b", "kind": "store", "region": "north", "inventory": { "units_per_sku": )" + std::to_string(at_b) + R"( },
          "params": { "shrink_per_day": 0, "bopis": false, "ship_from_store": false } },
        { "id": "web", "kind": "storefront" },
        { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
      ],
      "links": [
        { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
        { "from": "oms", "to": "store-a", "carries": "orders", "mode": "stream", "latency": "1s" },
        { "from": "store-a", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
        { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
      ],
      "demand": {
        "pos": { "nodes": "store-a", "trace": [ { "at": "10m1s", "sku": "MUG" } ] },
        "web": { "nodes": "web", "trace": [ { "at": "10m", "sku": "MUG" } ], "bopis_share": 1, "regions": { "north": 1 } }
      }
    })";
  };
  SECTION("B has the units: the line waits for them and is ready 1 h 7 min later") {
    const auto records = test_support::run_recorded(load(scenario(5, 0.0)));
    CHECK(of_probe(records, probes::kShortPick).empty());
    const auto asked = of_probe(records, probes::kTransferAsked);
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].hours * kHour == Approx(602.0));
    const auto shipped = of_probe(records, probes::kLineShipped);
    REQUIRE(shipped.size() == 1);
    CHECK(shipped[0].hours * kHour == Approx(602.0 + 300.0 + kHour + 120.0));
    const peaksim::RetailRun run = peaksim::run_retail(load(scenario(5, 0.0)), 0, {});
    CHECK(run.metrics.replenishment.transfers == 1);
    CHECK(run.metrics.units.transferred_out == 1);
    CHECK(run.metrics.units.put_away == 1);
    CHECK(run.metrics.channels.at(1).oversells == 0);
  }
  SECTION("two lines wait for the same SKU; B has one unit: the line it ships for is picked, the other is short") {
    // A holds 2; a walk-in takes both at 0:10:01, a second before the first pickup line
    // arrives (0:10:02; the second at 0:30:32, the OMS still counting A's 2 less the first).
    // B ships the first request (its 1 unit) and has none for the second: that ASN
    // (0:40:32) makes the second line short; the first is ready at 1:17:02.
    std::string text = scenario(1, 0.0);
    const auto swap = [&text](const std::string& from, const std::string& to) {
      const auto at = text.find(from);
      REQUIRE(at != std::string::npos);
      text.replace(at, from.size(), to);
    };
    swap(R"("units_per_sku": 1 },)", R"("units_per_sku": 2 },)");  // store-a's, the first
    swap(R"([ { "at": "10m1s", "sku": "MUG" } ])", R"([ { "at": "10m1s", "sku": "MUG", "units": 2 } ])");
    swap(R"([ { "at": "10m", "sku": "MUG" } ])", R"([ { "at": "10m", "sku": "MUG" }, { "at": "30m30s", "sku": "MUG" } ])");
    const auto records = test_support::run_recorded(load(text));
    std::vector<std::int64_t> captured;
    std::int64_t short_line = -1, shipped_line = -1;
    double short_at = 0.0, shipped_at = 0.0;
    for (const auto& r : records.all) {
      if (r.probe == probes::kLineCaptured) {
        captured.push_back(r.label);
      } else if (r.probe == probes::kShortPick) {
        short_line = r.label;
        short_at = r.when.to_seconds();
      } else if (r.probe == probes::kLineShipped) {
        shipped_line = r.label;
        shipped_at = r.when.to_seconds();
      }
    }
    REQUIRE(captured.size() == 2);
    CHECK(of_probe(records, probes::kTransferAsked).size() == 2);
    CHECK(shipped_line == captured[0]);
    CHECK(shipped_at == Approx(602.0 + 300.0 + kHour + 120.0));
    CHECK(short_line == captured[1]);
    CHECK(short_at == Approx(1832.0 + 600.0));
  }
  for (const auto& [at_b, loss, why] : {std::tuple{0, 0.0, "B has none: its ASN says so"},
                                        std::tuple{5, 1.0, "every unit lost in transit"}}) {
    SECTION(why) {
      const auto records = test_support::run_recorded(load(scenario(at_b, loss)));
      const auto short_picks = of_probe(records, probes::kShortPick);
      REQUIRE(short_picks.size() == 1);
      // Found when the ASN comes back (10:02 + 5 min + 5 min) or the goods arrive (+ 1 h).
      CHECK(short_picks[0].hours * kHour == Approx(loss > 0 ? 602.0 + 300.0 + kHour : 602.0 + 600.0));
      CHECK(of_probe(records, probes::kLineShipped).empty());
    }
  }
}

TEST_CASE("Replenishment: the OMS's backorders wait for the receipts, and go at the first release after them",
          "[models][replenishment]") {
  // The DC starts with 2 MUGs, at its minimum: it orders 8 at once (continuous review). The
  // vendor gets the order at 00:05, ships at 02:05; the goods arrive at 03:05 and are on the
  // shelf at once; the DC's delta reaches the OMS a second later. The storefront hears
  // availability every 6 hours, so it promises 4 customers (00:10 to 00:40): the OMS sends 2
  // to the DC and backorders 2, released at its first 5-minute tick after 03:05:01, 03:10.
  const std::string text = R"({
    "name": "backorders", "seed": 8, "horizon": "12h",
    "catalog": { "items": [ { "id": "MUG", "price": 10, "unit_cost": 4 } ] },
    "nodes": [
      { "id": "acme", "kind": "vendor", "params": { "lead_time": "2h" } },
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 2 },
        "params": { "replenishment": "min_max", "replenish_from": "acme", "review": "continuous", "reorder_min": 2,
                    "reorder_max": 10, "transit_time": "1h", "putaway_time": "0s", "shift_start": "00:00",
                    "shift_end": "00:00", "pick_time": "1m", "pack_time": "0s", "carrier_cutoff": "09:00" } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "5m", "backorder": true } }
    ],
    "links": [
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "batch", "interval": "6h", "latency": "1s" }
    ],
    "demand": { "web": { "nodes": "web", "trace": [ { "at": "10m", "sku": "MUG" }, { "at": "20m", "sku": "MUG" },
                                                     { "at": "30m", "sku": "MUG" }, { "at": "40m", "sku": "MUG" } ] } }
  })";
  const scn::ScenarioSpec spec = load(text);
  const auto records = test_support::run_recorded(spec);
  const auto put_away = of_probe(records, probes::kReplenishPutAway);
  REQUIRE(put_away.size() == 1);
  CHECK(put_away[0].hours * kHour == Approx(3 * kHour + 300.0));
  CHECK(put_away[0].units == 8);
  const auto released = of_probe(records, probes::kBackorderReleased);
  REQUIRE(released.size() == 2);
  for (const Timed& r : released) {
    CHECK(r.hours * kHour == Approx(3 * kHour + 600.0));
  }
  const peaksim::RetailRun run = peaksim::run_retail(spec, 0, {});
  const auto& web = run.metrics.channels.at(0);
  CHECK(web.backorders == 2);
  CHECK(web.backorders_fulfilled == 2);
  CHECK(web.lines_fulfilled == 4);  // all four leave with the carrier at 09:00
}
