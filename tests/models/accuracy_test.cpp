// Inventory accuracy, ATP error and update latency on a whole model, where they
// are known by hand: one store with 5 mugs (and no caps) sells a mug at its till
// at 10, 20 and 50 minutes, and tells the ERP (then the OMS, then the storefront,
// each link a stream with no latency) either at once or in 30-minute batches. A
// web customer asks for a cap, which nobody has: no order reaches the OMS. Every
// view tracks 2 SKUs at store-1.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace {

constexpr const char* kScenario = R"({
  "name": "accuracy",
  "seed": 1,
  "horizon": "2h",
  "catalog": { "items": [ { "id": "MUG", "price": 12.5, "unit_cost": 4 }, { "id": "CAP", "price": 5, "unit_cost": 2 } ] },
  "nodes": [
    { "id": "store-1", "kind": "store", "region": "north", "inventory": { "skus": { "MUG": 5 } } },
    { "id": "storefront", "kind": "storefront", "region": "cloud" },
    { "id": "oms", "kind": "oms" },
    { "id": "erp", "kind": "erp" }
  ],
  "links": [
    { "from": "store-1", "to": "erp", "carries": "inventory", "mode": "stream", "latency": "0s" },
    { "from": "erp", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "0s" },
    { "from": "oms", "to": "storefront", "carries": "availability", "mode": "stream", "latency": "0s" },
    { "from": "storefront", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "store-1", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "store-1", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" }
  ],
  "demand": {
    "pos": {
      "nodes": "store-1",
      "trace": [ { "at": "10m", "sku": "MUG" }, { "at": "20m", "sku": "MUG" }, { "at": "50m", "sku": "MUG" } ]
    },
    "web": { "nodes": "storefront", "trace": [ { "at": "90m", "sku": "CAP" } ] }
  }
})";

peaksim::RetailRun run(const std::vector<std::string>& sets = {}) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(kScenario, "accuracy.json", sets);
  INFO(loaded.diags.format("accuracy.json"));
  REQUIRE(loaded.ok());
  return peaksim::run_retail(loaded.scenario->baseline, 0, {});
}

const analysis::ViewMetrics& view(const peaksim::RetailRun& r, const std::string& name) {
  for (const auto& v : r.metrics.views) {
    if (v.name == name) {
      return v;
    }
  }
  FAIL("no view " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("Accuracy: a store streaming with no latency keeps every view exact", "[models][accuracy]") {
  const peaksim::RetailRun r = run();
  REQUIRE(r.metrics.views.size() == 3);  // the storefront, the OMS and the ERP
  for (const std::string name : {"storefront", "oms", "erp"}) {
    INFO(name);
    const auto& v = view(r, name);
    CHECK(v.accuracy == 1.0);
    CHECK(v.update_censored == 0);
  }
  for (const std::string name : {"oms", "erp"}) {
    INFO(name);
    CHECK(view(r, name).update_latency.count() == 3);  // one per sale
    CHECK(view(r, name).update_latency.max() == 0.0);
  }
  CHECK(view(r, "storefront").update_latency.count() == 0);  // the mug stays in stock: its state never wrong
  CHECK(view(r, "storefront").error_mean == 0.0);
  CHECK(view(r, "storefront").error_p95 == 0.0);
}

TEST_CASE("Accuracy: a store batching every 30 minutes leaves the views wrong until each flush",
          "[models][accuracy]") {
  // Flushes at 30 and 60 minutes: the mug's views are wrong on [10, 30) and
  // [50, 60) minutes, 30 of 120 (the cap's never: 30 of 240 position-minutes);
  // the episodes last 20 and 10 minutes. The storefront is off by 1 for 20
  // minutes and by 2 for 10, over 2 SKUs x 120 minutes, but never shows a wrong
  // in-stock state: the mug stays in stock, the cap out of stock.
  const peaksim::RetailRun r = run({"/links/0/mode=\"batch\"", "/links/0/interval=\"30m\""});
  for (const std::string name : {"oms", "erp"}) {
    INFO(name);
    const auto& v = view(r, name);
    CHECK(v.accuracy == Approx(1.0 - 30.0 / 240.0));
    CHECK(v.update_latency.count() == 2);
    CHECK(v.update_latency.min() == 600.0);
    CHECK(v.update_latency.max() == 1200.0);
    CHECK(v.update_censored == 0);
  }
  const auto& storefront = view(r, "storefront");
  CHECK(storefront.accuracy == 1.0);
  CHECK(storefront.update_latency.count() == 0);
  CHECK(storefront.error_mean == Approx((20.0 + 2 * 10.0) / 240.0));
  CHECK(storefront.error_max == 2.0);
}

TEST_CASE("Accuracy: a storefront is wrong while it shows a sold-out SKU in stock", "[models][accuracy]") {
  // The store holds 3 mugs: the third sale, at 50 minutes, empties the shelf, but the
  // storefront shows 1 mug until the 60-minute flush: its in-stock state is wrong for
  // 10 of 240 SKU-minutes, one episode of 10 minutes.
  const peaksim::RetailRun r =
      run({"/links/0/mode=\"batch\"", "/links/0/interval=\"30m\"", "/nodes/0/inventory/skus/MUG=3"});
  const auto& storefront = view(r, "storefront");
  CHECK(storefront.accuracy == Approx(1.0 - 10.0 / 240.0));
  CHECK(storefront.update_latency.count() == 1);
  CHECK(storefront.update_latency.max() == 600.0);
  CHECK(storefront.update_censored == 0);
}
