// The registry (models/registry.cpp) declares every metric, its kind and so
// its statistics; the recorders (analysis/recorders/) emit the observations.
// Neither may drift from the other: a gate the registry accepts must be able
// to find its number, and a number the summary shows must be one a gate can
// name. Checked on one short replication of the reference scenario, which
// exercises every recorder (brokers, throttling, returns, sourcing parts), and
// of the peak week (replenishment).
// What it does not pin: values, and labels beyond their keys (a metric must
// appear at least once, with any labels).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/registry.h"
#include "models/retail/build.h"
#include "models/scenario/loader.h"

namespace {

std::vector<analysis::Observation> observations_of(const std::string& name, std::vector<std::string> sets = {}) {
  const std::string file = std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/" + name;
  sets.insert(sets.begin(), {"/horizon=\"3h\"", "/warmup=\"1h\""});
  const auto loaded = models::scenario::load_scenario_file(file, sets);
  INFO(loaded.diags.format(file));
  REQUIRE(loaded.ok());
  const peaksim::RetailRun run = peaksim::run_retail(loaded.scenario->baseline, 0, {});
  return analysis::observations(run.metrics, run.stats.events);
}

// The reference day, the peak week for what only replenishment yields, and the
// outage drill (its OMS down within the 3 hours) for what only outages yield.
std::vector<analysis::Observation> reference_observations() {
  std::vector<analysis::Observation> out = observations_of("omnichannel-180-stores.json");
  for (analysis::Observation& o : observations_of("peak-week.json")) {
    out.push_back(std::move(o));
  }
  for (analysis::Observation& o :
       observations_of("outage-drill.json", {"/nodes/7/outages=[{\"start\": \"90m\", \"duration\": \"20m\"}]"})) {
    out.push_back(std::move(o));
  }
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("Metrics registry: the observations are exactly what the registry declares", "[analysis][registry]") {
  const std::vector<analysis::Observation> observations = reference_observations();
  REQUIRE_FALSE(observations.empty());
  // Every observation names a declared, measured metric, one of its kind's
  // statistics, label keys a gate may select on, and the declared unit.
  std::set<std::pair<std::string, std::string>> seen;  // (metric, statistic)
  for (const analysis::Observation& o : observations) {
    INFO(o.metric << "{" << analysis::format_labels(o.labels) << "} " << o.statistic << " in " << o.unit);
    const models::MetricInfo* info = models::find_metric(o.metric);
    REQUIRE(info != nullptr);
    CHECK(info->measured);
    CHECK(contains(models::metric_statistics(info->kind), o.statistic));
    for (const auto& [key, value] : o.labels) {
      INFO("label " << key);
      CHECK(contains(info->labels, key));
    }
    if (info->unit != "varies") {  // sourcing_score: each part has its own unit
      CHECK(o.unit == (o.statistic == "rate" ? info->unit + "/h" : info->unit));
    }
    seen.emplace(o.metric, o.statistic);
  }
  // Every measured metric appears with every statistic its kind declares.
  for (const models::MetricInfo& info : models::metrics()) {
    if (!info.measured) {
      continue;  // in the vocabulary, not yet produced by the models
    }
    for (const std::string& statistic : models::metric_statistics(info.kind)) {
      INFO(info.name << " " << statistic);
      CHECK(seen.count({info.name, statistic}) == 1);
    }
  }
}

TEST_CASE("Metrics registry: series_per_run counts the series a run yields (peaksim run sizes results with it)",
          "[analysis][registry]") {
  for (const char* name : {"omnichannel-180-stores.json", "broker-outage.json", "one-sku-one-store.json", "outage-drill.json"}) {
    const std::string file = std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/" + name;
    const auto loaded = models::scenario::load_scenario_file(file, {"/horizon=\"2h\"", "/warmup=\"0s\""});
    INFO(file << loaded.diags.format(file));
    REQUIRE(loaded.ok());
    const auto model = models::retail::build(loaded.scenario->baseline);
    const peaksim::RetailRun run = peaksim::run_retail(loaded.scenario->baseline, 0, {});
    CHECK(run.metrics.series.size() ==
          analysis::series_per_run(model.channels.size(), model.groups.size(), model.brokers.size(), model.outages));
    for (const analysis::Series& series : run.metrics.series) {
      CHECK(series.values.size() == 120);  // one value a minute over the horizon
    }
  }
}
