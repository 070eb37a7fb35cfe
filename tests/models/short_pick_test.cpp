// Known answers for short picks and backorders: what a node tells the systems
// when a line is short (models/retail/physical_node.h, ShortPick), how the OMS
// re-routes the line (with its customer's region, never to a node that failed
// it, at most max_reroutes times) and how a backordered line waits for stock
// (models/retail/oms.h). Each scenario is small enough to follow by hand; each
// check fails when its lever is switched off.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/retail/build.h"
#include "models/retail/probes.h"
#include "models/scenario/loader.h"
#include "sim/sequential_engine.h"

namespace scn = models::scenario;
namespace probes = models::retail::probes;

namespace {

scn::ScenarioSpec load_text(const std::string& text) {
  const scn::LoadResult loaded = scn::load_scenario_text(text, "inline.json");
  INFO(loaded.diags.format("inline.json"));
  REQUIRE(loaded.ok());
  return loaded.scenario->baseline;
}

const analysis::ChannelMetrics& web_of(const peaksim::RetailRun& run) {
  for (const auto& c : run.metrics.channels) {
    if (c.name == "web") {
      return c;
    }
  }
  FAIL("no web channel");
  throw std::logic_error("unreachable");
}

// Which LP emitted each probe of interest, in order, beside the usual metrics.
class Witness final : public sim::ProbeSink {
 public:
  explicit Witness(std::size_t lps) : recorder_(lps) {}
  void record(sim::LpId lp, sim::Time when, sim::ProbeId probe, double value, std::int64_t label) override {
    recorder_.record(lp, when, probe, value, label);
    if (probe == probes::kShortPick) {
      short_picked_at.push_back(lp);
    } else if (probe == probes::kLineShipped) {
      shipped_at.push_back(lp);
    }
  }
  std::vector<sim::LpId> short_picked_at, shipped_at;

 private:
  analysis::RetailRecorder recorder_;
};

Witness run_witnessed(const scn::ScenarioSpec& spec) {
  models::retail::RetailModel model = models::retail::build(spec);
  Witness witness(model.network.lp_count());
  sim::EngineOptions options;
  options.end = sim::Time::zero() + spec.horizon;
  options.probes = &witness;
  (void)sim::SequentialEngine(options).run(model.network);
  return witness;
}

// One store holding one mug sells it at its till at 1 minute; it tells the OMS
// only in a 10-hour batch, so the OMS's view says 1 while the shelf has 0. Web
// customers come at 4 and 14 minutes; the OMS releases every 10 minutes.
std::string phantom_unit(const std::string& short_pick) {
  return R"({
    "name": "phantom", "seed": 3, "horizon": "1h",
    "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
    "nodes": [
      { "id": "store-1", "kind": "store", "inventory": { "skus": { "MUG": 1 } },
        "params": { "short_pick": ")" + short_pick + R"(", "shrink_per_day": 0 } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "10m" } }
    ],
    "links": [
      { "from": "store-1", "to": "oms", "carries": "inventory", "mode": "batch", "interval": "10h", "latency": "1s" },
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "store-1", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "store-1", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": {
      "pos": { "nodes": "store-1", "trace": [ { "at": "1m", "sku": "MUG" } ] },
      "web": { "nodes": "web", "trace": [ { "at": "4m", "sku": "MUG" }, { "at": "14m", "sku": "MUG" } ] }
    }
  })";
}

}  // namespace

TEST_CASE("Short pick: zero_location stops the OMS promising the phantom unit a second time", "[models][short_pick]") {
  // none: at 10 minutes the 4-minute line goes to store-1 and is short; nothing
  // tells the OMS, so its view shows the mug again, the 14-minute customer is
  // promised it and the 20-minute release sends that line to store-1 too: two
  // short picks. zero_location: store-1's adjustment (its buffered sale, sent at
  // once) sets the OMS's view to 0 by 10 min 2 s; the 14-minute customer sees 0.
  const peaksim::RetailRun none = peaksim::run_retail(load_text(phantom_unit("none")), 0, {});
  CHECK(web_of(none).short_picks == 2);
  CHECK(web_of(none).lines_promised == 2);
  CHECK(web_of(none).oversells == 2);
  const peaksim::RetailRun zero = peaksim::run_retail(load_text(phantom_unit("zero_location")), 0, {});
  CHECK(web_of(zero).short_picks == 1);
  CHECK(web_of(zero).lines_promised == 1);
  CHECK(web_of(zero).lines_turned_away == 1);
  CHECK(web_of(zero).oversells == 1);
  // decrement: the sale was already in the batch, so nothing more is cut; the
  // batch goes at once all the same.
  const peaksim::RetailRun decrement = peaksim::run_retail(load_text(phantom_unit("decrement")), 0, {});
  CHECK(web_of(decrement).short_picks == 1);
}

namespace {

// Three stores in the north each sell their one mug at the till at 1 minute and
// report it only in a 10-hour batch; short picks tell the systems nothing
// (`none`), so every store's view keeps showing the mug. One web customer at 4
// minutes; release at 10 minutes.
std::string three_phantoms(int max_reroutes) {
  std::string nodes, links, demand;
  for (int idx = 1; idx <= 3; ++idx) {
    const std::string id = "store-" + std::to_string(idx);
    nodes += R"({ "id": ")" + id + R"(", "kind": "store", "region": "north", "inventory": { "skus": { "MUG": 1 } },
                  "params": { "short_pick": "none", "shrink_per_day": 0 } },)";
    links += R"({ "from": ")" + id + R"(", "to": "oms", "carries": "inventory", "mode": "batch", "interval": "10h", "latency": "1s" },
                { "from": "oms", "to": ")" + id + R"(", "carries": "orders", "mode": "stream", "latency": "1s" },
                { "from": ")" + id + R"(", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },)";
    demand += R"("pos-)" + std::to_string(idx) + R"(": { "nodes": ")" + id + R"(", "trace": [ { "at": "1m", "sku": "MUG" } ] },)";
  }
  return R"({
    "name": "three-phantoms", "seed": 3, "horizon": "2h",
    "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
    "nodes": [ )" + nodes + R"(
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "10m", "max_reroutes": )" +
         std::to_string(max_reroutes) + R"( } }
    ],
    "links": [ )" + links + R"(
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": { )" + demand + R"(
      "web": { "nodes": "web", "regions": { "north": 1 }, "trace": [ { "at": "4m", "sku": "MUG" } ] }
    }
  })";
}

}  // namespace

TEST_CASE("Short pick: the OMS re-routes a line away from every node that failed it, at most max_reroutes times",
          "[models][short_pick]") {
  // All three stores show 1 in the customer's region: ties go to the lower slot.
  // store-1 fails, then store-2 (store-1 excluded though it still shows the
  // mug), then store-3; with every node failed there is nowhere left: canceled.
  // Excluding only the last failure would send the line back to store-1.
  const Witness all = run_witnessed(load_text(three_phantoms(3)));
  CHECK(all.short_picked_at == std::vector<sim::LpId>{0, 1, 2});
  const Witness one = run_witnessed(load_text(three_phantoms(1)));
  CHECK(one.short_picked_at == std::vector<sim::LpId>{0, 1});  // one re-route, then canceled
  const Witness never = run_witnessed(load_text(three_phantoms(0)));
  CHECK(never.short_picked_at == std::vector<sim::LpId>{0});
  const peaksim::RetailRun run = peaksim::run_retail(load_text(three_phantoms(1)), 0, {});
  CHECK(web_of(run).oversells == 1);
  CHECK(web_of(run).canceled == 0);  // counted once, as re-sourced at its first short pick
  CHECK(web_of(run).resourced == 1);
}

TEST_CASE("Short pick: a re-routed line keeps its customer's region", "[models][short_pick]") {
  // store-1 (north) shows its phantom mug and is chosen first (in region, then
  // lower slot than store-3). Re-routed with the customer's region, the line
  // goes to store-3 (north, 1 mug) rather than store-2 (south, 5 mugs: the most
  // units, which is what a line that lost its region would get).
  const std::string text = R"({
    "name": "regions", "seed": 3, "horizon": "18h",
    "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
    "nodes": [
      { "id": "store-1", "kind": "store", "region": "north", "inventory": { "skus": { "MUG": 1 } },
        "params": { "shrink_per_day": 0 } },
      { "id": "store-2", "kind": "store", "region": "south", "inventory": { "skus": { "MUG": 5 } },
        "params": { "shrink_per_day": 0 } },
      { "id": "store-3", "kind": "store", "region": "north", "inventory": { "skus": { "MUG": 1 } },
        "params": { "shrink_per_day": 0 } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "10m" } }
    ],
    "links": [
      { "from": "store-*", "to": "oms", "carries": "inventory", "mode": "batch", "interval": "10h", "latency": "1s" },
      { "from": "oms", "to": "store-*", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "store-*", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": {
      "pos": { "nodes": "store-1", "trace": [ { "at": "1m", "sku": "MUG" } ] },
      "web": { "nodes": "web", "regions": { "north": 1 }, "trace": [ { "at": "4m", "sku": "MUG" } ] }
    }
  })";
  // (18 hours: the parcel leaves at the 17:00 carrier cutoff.)
  const Witness witness = run_witnessed(load_text(text));
  CHECK(witness.short_picked_at == std::vector<sim::LpId>{0});
  CHECK(witness.shipped_at == std::vector<sim::LpId>{2});
}

namespace {

// One store with one mug; two web customers 1 second apart both see it (the
// OMS's new availability reaches the storefront a second after the first line
// arrives). At the 3-minute release the first line takes the mug and the second
// is backordered. Web returns come back by mail to the empty DC, twice an hour
// on average, each resellable after a 30-minute inspection.
std::string backorder_scenario(const std::string& max_wait, double return_rate) {
  return R"({
    "name": "backorder", "seed": 5, "horizon": "18h",
    "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
    "nodes": [
      { "id": "store-1", "kind": "store", "inventory": { "skus": { "MUG": 1 } }, "params": { "shrink_per_day": 0 } },
      { "id": "dc", "kind": "warehouse", "params": { "shift_start": "00:00", "shift_end": "00:00" } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms",
        "params": { "release_interval": "1m", "backorder": true, "backorder_max_wait": ")" + max_wait + R"(" } }
    ],
    "links": [
      { "from": "store-1", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "store-1", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "store-1", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": {
      "web": { "nodes": "web", "orders_per_hour": 2,
               "returns": { "rate": )" + std::to_string(return_rate) + R"(, "in_store": 0, "resellable": 1 },
               "trace": [ { "at": "120s", "sku": "MUG" }, { "at": "121s", "sku": "MUG" } ] }
    }
  })";
}

}  // namespace

TEST_CASE("Backorder: a backordered line is released when a return restocks the SKU", "[models][backorder]") {
  const peaksim::RetailRun run = peaksim::run_retail(load_text(backorder_scenario("24h", 1.0)), 0, {});
  const auto& web = web_of(run);
  CHECK(web.lines_promised == 2);
  CHECK(web.backorders == 1);
  CHECK(web.backorders_fulfilled == 1);
  CHECK(web.backorders_canceled == 0);
  CHECK(web.lines_fulfilled == 2);
  REQUIRE(web.backorder_wait.count() == 1);
  // Backordered at 3 minutes; the returned unit's inspection alone takes 30.
  CHECK(web.backorder_wait.max() >= 27 * 60.0);
}

TEST_CASE("Backorder: a backordered line no stock comes back for is canceled after backorder_max_wait",
          "[models][backorder]") {
  // No returns: nothing restocks the mug. And with returns, a 10-minute wait
  // ends before any returned unit is inspected.
  for (const double rate : {0.0, 1.0}) {
    INFO("return rate " << rate);
    const peaksim::RetailRun run = peaksim::run_retail(load_text(backorder_scenario("10m", rate)), 0, {});
    const auto& web = web_of(run);
    CHECK(web.backorders == 1);
    CHECK(web.backorders_canceled == 1);
    CHECK(web.backorders_fulfilled == 0);
    CHECK(web.lines_fulfilled == 1);
    CHECK(web.backorder_wait.count() == 0);
  }
}
