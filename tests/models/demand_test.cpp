// Demand and stock as a retailer states them, with known answers: units per
// line, promotions on some SKUs, multi-line traces, stock as days of cover, and
// store records that start the day with the shrink found at their next count.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/retail/demand.h"
#include "models/scenario/demand_plan.h"
#include "models/scenario/loader.h"

namespace scn = models::scenario;

namespace {

scn::ScenarioSpec load(const std::string& text, const std::vector<std::string>& sets = {}) {
  const scn::LoadResult loaded = scn::load_scenario_text(text, "demand.json", sets);
  INFO(loaded.diags.format("demand.json"));
  REQUIRE(loaded.ok());
  return loaded.scenario->baseline;
}

std::string errors(const std::string& text, const std::vector<std::string>& sets = {}) {
  const scn::LoadResult loaded = scn::load_scenario_text(text, "demand.json", sets);
  REQUIRE_FALSE(loaded.ok());
  return loaded.diags.format("demand.json");
}

// Three SKUs, A twice as popular as B or C; two stores whose walk-ins come 2 an
// hour (one line of one unit), and a storefront with 1 order an hour.
const std::string kShop = R"({
  "name": "shop", "horizon": "24h",
  "catalog": { "items": [ { "id": "A", "price": 10, "popularity": 2 }, { "id": "B", "price": 10, "popularity": 1 },
                          { "id": "C", "price": 10, "popularity": 1 } ] },
  "nodes": [
    { "id": "store-{1..2}", "kind": "store", "params": { "shrink_per_day": 0 },
      "inventory": { "days_of_cover": { "min": 2, "max": 2, "online_share": 0.5 } } },
    { "id": "dc", "kind": "warehouse", "inventory": { "days_of_cover": { "min": 1.5, "max": 1.5, "online_share": 0.5 } } },
    { "id": "web", "kind": "storefront" },
    { "id": "oms", "kind": "oms" }
  ],
  "links": [ { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" } ],
  "demand": {
    "pos": { "nodes": "store-*", "orders_per_hour": 2 },
    "web": { "nodes": "web", "orders_per_hour": 1 }
  }
})";

}  // namespace

TEST_CASE("Days of cover: ceil(days x walk-in demand + the node's share of online demand), per SKU", "[models][demand]") {
  const auto spec = load(kShop);
  // Walk-in: 48 orders a day x [1/2, 1/4, 1/4] = [24, 12, 12] per store. Online: 24 x the mix = [12, 6, 6];
  // the stores' declaration covers half of it, split over its 2 stores: [3, 1.5, 1.5] each.
  // Store: 2 days x [27, 13.5, 13.5] = [54, 27, 27]. DC: 1.5 days x half of online [6, 3, 3] = [9, 4.5 -> 5, 5].
  CHECK(spec.nodes[0].inventory == std::vector<std::int64_t>{54, 27, 27});
  CHECK(spec.nodes[1].inventory == std::vector<std::int64_t>{54, 27, 27});
  CHECK(spec.nodes[2].inventory == std::vector<std::int64_t>{9, 5, 5});
  // Units per line and basket size scale the plan; promotions do not.
  const auto bigger = load(kShop, {R"(/demand/pos/units_per_line={"empirical": [{"value": 2, "weight": 1}]})",
                                   R"(/demand/pos/promotions=[{"name": "p", "start": "0h", "duration": "24h", "multiplier": 5}])"});
  CHECK(bigger.nodes[0].inventory == std::vector<std::int64_t>{2 * (48 + 3), 51, 51});
}

TEST_CASE("Days of cover: a variant that changes no input of a node's draw shares the baseline's copy; one that "
          "changes demand or cover draws its own, as a load of that variant alone would", "[models][demand]") {
  std::string text = kShop;
  const std::string fixed = R"("days_of_cover": { "min": 2, "max": 2, "online_share": 0.5 })";
  text.replace(text.find(fixed), fixed.size(), R"("days_of_cover": { "min": 1, "max": 3, "online_share": 0.5 })");
  text.insert(text.rfind('}'), R"(, "experiments": [
    { "name": "same-stock", "overrides": [ { "path": "/links/0/latency", "value": "5s" } ] },
    { "name": "more-web", "overrides": [ { "path": "/demand/web/orders_per_hour", "value": 40 } ] },
    { "name": "more-cover", "overrides": [ { "path": "/nodes/0/inventory/days_of_cover/max", "value": 9 } ] } ])");
  const scn::LoadResult loaded = scn::load_scenario_text(text, "demand.json");
  INFO(loaded.diags.format("demand.json"));
  REQUIRE(loaded.ok());
  const scn::ScenarioSpec& baseline = loaded.scenario->baseline;
  const auto& variants = loaded.scenario->variants;
  REQUIRE(variants.size() == 3);
  for (std::size_t node = 0; node < 3; ++node) {
    CHECK(variants[0].nodes[node].inventory.shared() == baseline.nodes[node].inventory.shared());
  }
  // Each changed variant against a load where its override is the baseline.
  const auto alone = [&](const std::string& set) { return load(text, {set}); };
  const scn::ScenarioSpec more_web = alone("/demand/web/orders_per_hour=40");
  const scn::ScenarioSpec more_cover = alone("/nodes/0/inventory/days_of_cover/max=9");
  for (std::size_t node = 0; node < 3; ++node) {
    CHECK(variants[1].nodes[node].inventory.get() == more_web.nodes[node].inventory.get());
    CHECK(variants[2].nodes[node].inventory.get() == more_cover.nodes[node].inventory.get());
  }
  CHECK(variants[1].nodes[2].inventory.get() != baseline.nodes[2].inventory.get());  // the DC covers web demand
  CHECK(variants[2].nodes[0].inventory.get() != baseline.nodes[0].inventory.get());
  CHECK(variants[2].nodes[2].inventory.shared() == baseline.nodes[2].inventory.shared());  // the DC's draw is unchanged
}

TEST_CASE("The plan's orders per day integrate the profile over 24 hours, clamped outside its points", "[models][demand]") {
  scn::ChannelSpec c;
  c.orders_per_hour = 10;
  CHECK(scn::planned_orders_per_day(c) == Approx(240));
  c.profile = {{sim::Duration::hours(6), 0.0}, {sim::Duration::hours(12), 2.0}, {sim::Duration::hours(30), 2.0}};
  // 0 until 6h, a ramp to 2 at 12h (area 6), then 2 to 24h (area 24): 30 hours' worth.
  CHECK(scn::planned_orders_per_day(c) == Approx(300));
}

TEST_CASE("Units per line follow the channel's empirical distribution", "[models][demand]") {
  const auto spec = load(kShop, {R"(/demand/web/units_per_line={"empirical": [{"value": 1, "weight": 3}, {"value": 5, "weight": 1}]})"});
  models::retail::DemandProcess demand(spec.channels[1], spec.skus, spec.horizon);
  sim::LpRandom rng(1, 0, 1);
  int fives = 0, lines = 0;
  for (int i = 0; i < 4000; ++i) {
    for (const auto& line : demand.basket(rng, sim::Time::zero())) {
      REQUIRE((line.qty == 1 || line.qty == 5));
      fives += line.qty == 5 ? 1 : 0;
      ++lines;
    }
  }
  CHECK(static_cast<double>(fives) / lines == Approx(0.25).margin(0.02));
  CHECK(scn::mean_line_units(spec.channels[1]) == Approx(2.0));
  CHECK_THAT(errors(kShop, {R"(/demand/web/units_per_line={"empirical": [{"value": 64, "weight": 1}]})"}),
             Catch::Contains("/demand/web/units_per_line/empirical/0/value"));
}

TEST_CASE("A promotion on some SKUs multiplies their demand only: the rate and the mix both change", "[models][demand]") {
  const auto spec = load(kShop, {R"(/demand/web/promotions=[{"name": "b", "start": "1h", "duration": "1h", "multiplier": 5, "skus": ["B"]}])"});
  REQUIRE(spec.channels[1].promotions[0].skus == std::vector<std::uint32_t>{1});
  models::retail::DemandProcess demand(spec.channels[1], spec.skus, spec.horizon);
  const auto in_promo = sim::Time::zero() + sim::Duration::minutes(90);
  // A and C keep 3/4 of the base rate; B's 1/4 becomes 5/4: 2 orders an hour.
  CHECK(demand.rate_per_hour(sim::Time::zero() + sim::Duration::minutes(30)) == Approx(1.0));
  CHECK(demand.rate_per_hour(in_promo) == Approx(2.0));
  sim::LpRandom rng(7, 0, 1);
  int b_in = 0, b_out = 0;
  const int n = 8000;
  for (int i = 0; i < n; ++i) {
    b_in += demand.basket(rng, in_promo).at(0).sku == 1 ? 1 : 0;
    b_out += demand.basket(rng, sim::Time::zero()).at(0).sku == 1 ? 1 : 0;
  }
  CHECK(static_cast<double>(b_in) / n == Approx(5.0 / 8.0).margin(0.02));  // (5/4) / 2
  CHECK(static_cast<double>(b_out) / n == Approx(0.25).margin(0.02));
}

TEST_CASE("Promotions multiply where they overlap and nowhere else: arrivals follow the product", "[models][demand]") {
  // 100 orders an hour; x4 in [2h, 4h) and [10h, 12h) (a daily doorbuster's shape), x3 in [9h, 11h):
  // 400 an hour, then 300, then 1,200 in [10h, 11h) where two overlap.
  const auto spec = load(kShop, {"/demand/web/orders_per_hour=100",
                                 R"(/demand/web/promotions=[{"name": "a", "start": "2h", "duration": "2h", "multiplier": 4},
                                    {"name": "b", "start": "10h", "duration": "2h", "multiplier": 4},
                                    {"name": "c", "start": "9h", "duration": "2h", "multiplier": 3}])"});
  models::retail::DemandProcess demand(spec.channels[1], spec.skus, spec.horizon);
  CHECK(demand.rate_per_hour(sim::Time::zero() + sim::Duration::minutes(630)) == Approx(1200.0));
  sim::LpRandom rng(11, 0, 1);
  std::vector<int> per_hour(24, 0);
  sim::Time now = sim::Time::zero();
  while (const auto next = demand.next_arrival(now, rng)) {
    now = *next;
    ++per_hour.at(static_cast<std::size_t>((now - sim::Time::zero()).count_us() / 3'600'000'000LL));
  }
  const std::vector<double> expected{100, 100, 400, 400, 100, 100, 100, 100, 100, 300, 1200, 400,
                                     100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
  for (std::size_t h = 0; h < 24; ++h) {
    CAPTURE(h);
    CHECK(std::abs(per_hour[h] - expected[h]) < 4.5 * std::sqrt(expected[h]));  // Poisson counts
  }
}

TEST_CASE("Promotions target SKUs by name, by a catalog range or by the channel's top N", "[models][demand]") {
  const auto top = load(kShop, {R"(/demand/web/promotions=[{"name": "t", "start": "0h", "duration": "1h", "multiplier": 2, "top": 1}])"});
  CHECK(top.channels[1].promotions[0].skus == std::vector<std::uint32_t>{0});
  const auto range = load(kShop, {R"(/demand/web/promotions=[{"name": "r", "start": "0h", "duration": "1h", "multiplier": 2, "sku_range": ["B", "C"]}])"});
  CHECK(range.channels[1].promotions[0].skus == std::vector<std::uint32_t>{1, 2});
  const auto all = load(kShop, {R"(/demand/web/promotions=[{"name": "a", "start": "0h", "duration": "1h", "multiplier": 2}])"});
  CHECK(all.channels[1].promotions[0].skus.empty());
  CHECK_THAT(errors(kShop, {R"(/demand/web/promotions=[{"name": "r", "start": "0h", "duration": "1h", "multiplier": 2, "sku_range": ["C", "A"]}])"}),
             Catch::Contains("/demand/web/promotions/0/sku_range") && Catch::Contains("before the last"));
  CHECK_THAT(errors(kShop, {R"(/demand/web/promotions=[{"name": "r", "start": "0h", "duration": "1h", "multiplier": 2, "skus": ["X"]}])"}),
             Catch::Contains("/demand/web/promotions/0/skus/0") && Catch::Contains("unknown SKU \"X\""));
  CHECK_THAT(errors(kShop, {R"(/demand/web/promotions=[{"name": "r", "start": "0h", "duration": "1h", "multiplier": 2, "top": 1, "skus": ["A"]}])"}),
             Catch::Contains("at most one of"));
}

TEST_CASE("A trace entry may be an order of several lines", "[models][demand]") {
  const auto spec = load(kShop, {R"(/demand/web/trace=[{"at": "1m", "lines": [{"sku": "B", "units": 2}, {"sku": "A"}]}, {"at": "2m", "sku": "C", "units": 3}])"});
  models::retail::DemandProcess demand(spec.channels[1], spec.skus, spec.horizon);
  sim::LpRandom rng(1, 0, 1);
  const auto first = demand.basket(rng, sim::Time::zero());
  REQUIRE(first.size() == 2);
  CHECK((first[0].sku == 1 && first[0].qty == 2 && first[1].sku == 0 && first[1].qty == 1));
  const auto second = demand.basket(rng, sim::Time::zero());
  REQUIRE(second.size() == 1);
  CHECK((second[0].sku == 2 && second[0].qty == 3));
  CHECK_THAT(errors(kShop, {R"(/demand/web/trace=[{"at": "1m", "lines": [{"sku": "A"}, {"sku": "A"}]}])"}),
             Catch::Contains("/demand/web/trace/0/lines/1/sku") && Catch::Contains("distinct"));
  CHECK_THAT(errors(kShop, {R"(/demand/web/trace=[{"at": "1m", "sku": "A", "lines": [{"sku": "B"}]}])"}),
             Catch::Contains("/demand/web/trace/0") && Catch::Contains("found both"));
}

TEST_CASE("Store records start the day with the shrink since their last count: physical stock is lower", "[models][demand]") {
  // One store, 10 mugs on the records, one walk-in at 1m buying one. With shrink_per_day 1 every
  // unit on a record counted some time before the start is gone (1 - 0^age); with 0 none is.
  const std::string text = R"({
    "name": "records", "horizon": "2h",
    "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
    "nodes": [ { "id": "store", "kind": "store", "inventory": { "units_per_sku": 10 },
                 "params": { "shrink_per_day": 1, "cycle_count_interval": "1000d" } } ],
    "demand": { "pos": { "nodes": "store", "trace": [ { "at": "1m", "sku": "MUG" } ] } }
  })";
  const auto gone = load(text);
  const auto out = peaksim::run_retail(gone, 0, {});
  REQUIRE(out.metrics.units.conserved());
  CHECK(out.metrics.channels.at(0).pos_stockouts == 1);
  CHECK(out.metrics.channels.at(0).pos_sales == 0);
  const auto kept = peaksim::run_retail(load(text, {"/nodes/0/params/shrink_per_day=0"}), 0, {});
  CHECK(kept.metrics.channels.at(0).pos_sales == 1);
}
