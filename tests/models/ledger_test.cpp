// The ledger end to end (scenarios/README.md, "Financial posting"): a marketplace's
// chargebacks for lines it canceled after promising them, taken off gross margin;
// the ERP's documents for what shipped; and the ledger's parameters refused where
// they would do nothing.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace {

// One DC with a single mug; a marketplace whose connector drops the listing file
// hourly, so three customers at 1h10, 1h20 and 1h30 all buy the one mug it lists.
const std::string kMarketplace = R"({
  "name": "ledger", "horizon": "30h",
  "catalog": { "items": [ { "id": "MUG", "price": 10, "unit_cost": 4 } ] },
  "nodes": [
    { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 1 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m",
                  "carrier_cutoff": "16:00" } },
    { "id": "mkt", "kind": "marketplace" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } },
    { "id": "erp", "kind": "erp", "params": { "ledger": true, "post_every": "1h" } }
  ],
  "links": [
    { "from": "mkt", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "erp", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "mkt", "carries": "availability", "mode": "file", "interval": "10h", "latency": "1s" }
  ],
  "demand": { "mkt": { "nodes": "mkt", "chargeback_cost": 25,
    "trace": [ { "at": "1h10m", "sku": "MUG" }, { "at": "1h20m", "sku": "MUG" }, { "at": "1h30m", "sku": "MUG" } ] } }
})";

peaksim::RetailRun run(const std::vector<std::string>& sets = {}) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(kMarketplace, "ledger.json", sets);
  INFO(loaded.diags.format("ledger.json"));
  REQUIRE(loaded.ok());
  return peaksim::run_retail(loaded.scenario->baseline, 0, {});
}

std::string refusal(const std::vector<std::string>& sets) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(kMarketplace, "ledger.json", sets);
  CHECK_FALSE(loaded.ok());
  return loaded.diags.format("ledger.json");
}

}  // namespace

TEST_CASE("Ledger: a marketplace charges back each line canceled after its promise", "[models][finance]") {
  const peaksim::RetailRun r = run();
  const analysis::ChannelMetrics& mkt = r.metrics.channels.at(0);
  CHECK(mkt.lines_promised == 3);
  CHECK(mkt.lines_fulfilled == 1);
  CHECK(mkt.canceled == 2);  // two mugs promised that were not there
  CHECK(mkt.chargebacks == 2);
  CHECK(mkt.chargeback_cost == 50.0);
  // Gross margin loses exactly the chargebacks.
  const peaksim::RetailRun free = run({"/demand/mkt/chargeback_cost=0"});
  const auto margin = [](const analysis::ChannelMetrics& c) {
    return c.revenue - c.cost_of_goods - c.cancellation_cost - c.chargeback_cost;
  };
  CHECK(free.metrics.channels.at(0).chargeback_cost == 0.0);
  CHECK(margin(free.metrics.channels.at(0)) - margin(mkt) == 50.0);
  // The ledger: the one sale shipped and its tender, posted at the next hourly run.
  const analysis::FinanceMetrics& f = r.metrics.finance;
  REQUIRE(f.present);
  CHECK(f.documents == 2);
  CHECK(f.posted == 2);
  CHECK(f.posting_lag.max() < 3600.0);
  CHECK(f.tenders == 1);
}

TEST_CASE("Ledger: its figures are refused where they would do nothing", "[models][finance]") {
  CHECK(refusal({"/nodes/3/params/ledger=false"}).find("expected \"ledger\": true beside \"post_every\"") !=
        std::string::npos);
  CHECK(refusal({"/nodes/3/params={}", "/demand/mkt/split_tender_share=0.3"}).find("ERP keeping the ledger") !=
        std::string::npos);
  CHECK(refusal({"/nodes/1/kind=\"storefront\""}).find("expected a marketplace channel") != std::string::npos);
}
