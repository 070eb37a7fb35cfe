// Known answers for a broker with a throughput capacity: Poisson arrivals and a
// fixed delivery time make an M/D/1 queue (Pollaczek-Khinchine), and Little's
// law holds on its backlog.
#include <catch2/catch.hpp>

#include "analysis/retail_metrics.h"
#include "analysis/statistics.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace {

double observed(const std::vector<analysis::Observation>& obs, const std::string& metric, const std::string& statistic,
                const std::string& channel = "") {
  for (const auto& o : obs) {
    if (o.metric == metric && o.statistic == statistic &&
        (channel.empty() || (o.labels.count("channel") && o.labels.at("channel") == channel))) {
      return o.value;
    }
  }
  FAIL("no observation " << metric << " " << statistic);
  return 0;
}

}  // namespace

TEST_CASE("Broker: Poisson orders through a 10/s broker are an M/D/1 queue; Little's law holds", "[models][broker]") {
  // lambda = 7/s (25,200 orders an hour), mu = 10/s: rho = 0.7,
  // W = 1/mu + rho / (2 mu (1 - rho)) = 0.1 + 0.11667 = 0.21667 s, L = lambda W = 1.5167.
  const std::string text = R"({
    "name": "md1", "seed": 4, "horizon": "3h", "warmup": "10m",
    "catalog": { "items": [ { "id": "BOX", "price": 10 } ] },
    "nodes": [
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 100000000 },
        "params": { "pickers": 100, "pick_time": "10ms", "pack_time": "0s", "shift_start": "00:00", "shift_end": "00:00" } },
      { "id": "web", "kind": "storefront" },
      { "id": "broker", "kind": "broker", "params": { "capacity_per_s": 10 } },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
    ],
    "links": [
      { "from": "web", "to": "broker", "carries": "orders", "mode": "stream", "latency": "1ms" },
      { "from": "broker", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1ms" },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1ms" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1ms" },
      { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1ms" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1ms" }
    ],
    "demand": { "web": { "nodes": "web", "orders_per_hour": 25200 } }
  })";
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "md1.json");
  INFO(loaded.diags.format("md1.json"));
  REQUIRE(loaded.ok());
  std::vector<double> ages, backlogs, little;
  for (std::uint32_t r = 0; r < 3; ++r) {
    const peaksim::RetailRun run = peaksim::run_retail(loaded.scenario->baseline, r, {});
    const auto obs = analysis::observations(run.metrics, run.stats.events);
    const double age = observed(obs, "message_age", "mean");
    const double backlog = observed(obs, "broker_backlog", "mean");
    const double lambda = observed(obs, "lines_promised", "rate", "web") / 3600.0;
    ages.push_back(age);
    backlogs.push_back(backlog);
    little.push_back(backlog / (lambda * age));
  }
  const double w = analysis::interval_of(ages).mean;
  const double l = analysis::interval_of(backlogs).mean;
  INFO("W " << w << " s (M/D/1 0.21667), L " << l << " (1.5167), L / (lambda W) " << analysis::interval_of(little).mean);
  CHECK(w == Approx(0.21667).epsilon(0.05));
  CHECK(l == Approx(1.5167).epsilon(0.06));
  for (const double ratio : little) {
    CHECK(ratio == Approx(1.0).epsilon(0.01));  // Little's law, replication by replication
  }
}
