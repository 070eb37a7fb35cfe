// Known answers for what one replication measures: release latencies worked out
// by hand on the trace scenario, Little's law on the OMS's release queue, and
// the warm-up cut.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace scn = models::scenario;

namespace {

const std::string kScenarios = std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/";

scn::Scenario load(const std::string& file, const std::vector<std::string>& sets = {}) {
  scn::LoadResult r = scn::load_scenario_file(kScenarios + file, sets);
  INFO(r.diags.format(file));
  REQUIRE(r.ok());
  return std::move(*r.scenario);
}

double observed(const std::vector<analysis::Observation>& obs, const std::string& metric, const std::string& channel,
                const std::string& statistic) {
  for (const auto& o : obs) {
    if (o.metric == metric && o.statistic == statistic &&
        (channel.empty() ? o.labels.empty() : o.labels.count("channel") && o.labels.at("channel") == channel)) {
      return o.value;
    }
  }
  FAIL("no observation " << metric << "{" << channel << "} " << statistic);
  return 0;
}

}  // namespace

TEST_CASE("Observations: release latency on the trace, worked out by hand", "[analysis][retail]") {
  // Web customers promised at 4m, 5m and 6m; the OMS releases every 10 minutes
  // from 0, so all three go at 10m: waits of 6, 5 and 4 minutes. Every one is
  // short-picked (the store's POS sold the units), so nothing ships.
  const scn::Scenario s = load("one-sku-two-channels-trace.json");
  const peaksim::RetailRun run = peaksim::run_retail(s.baseline, 0, {});
  const auto obs = analysis::observations(run.metrics, run.stats.events);
  CHECK(observed(obs, "lines_promised", "web", "mean") == 3);
  CHECK(observed(obs, "release_latency", "web", "mean") == Approx(300.0).epsilon(1e-9));
  CHECK(observed(obs, "release_latency", "web", "max") == 360.0);
  CHECK(observed(obs, "release_latency", "web", "p50") == Approx(300.0).epsilon(0.01));
  CHECK(std::isnan(observed(obs, "cycle_time", "web", "mean")));  // no samples: nothing shipped
  CHECK(observed(obs, "oversell_rate", "web", "mean") == Approx(1.0));
  CHECK(std::isnan(observed(obs, "oversell_rate", "pos", "mean")));  // walk-ins are never promised
  CHECK(observed(obs, "lines_promised", "web", "rate") == Approx(1.5));  // 3 lines in 2 hours
  // The queue: one line from 4m, two from 5m, three from 6m until 10m.
  const double expected_backlog = (1.0 * 60 + 2.0 * 60 + 3.0 * 240) / 7200.0;
  CHECK(observed(obs, "release_backlog", "", "mean") == Approx(expected_backlog).epsilon(1e-9));
  CHECK(observed(obs, "release_backlog", "", "max") == 3.0);
  CHECK(observed(obs, "events", "", "mean") == static_cast<double>(run.stats.events));
}

TEST_CASE("Observations: the per-minute series count every customer and line", "[analysis][retail]") {
  const scn::Scenario s = load("one-sku-two-channels-trace.json");
  const peaksim::RetailRun run = peaksim::run_retail(s.baseline, 0, {});
  std::map<std::string, const analysis::Series*> by_name;
  for (const auto& series : run.metrics.series) {
    by_name[series.name + "/" + analysis::format_labels(series.labels)] = &series;
    CHECK(series.values.size() == 120);  // a 2-hour horizon
  }
  const auto total = [&](const std::string& key) {
    REQUIRE(by_name.count(key));
    double sum = 0;
    for (double v : by_name[key]->values) sum += v;
    return sum;
  };
  CHECK(total("orders/channel=web") == 5);
  CHECK(total("orders/channel=pos") == 3);
  CHECK(total("oversells/channel=web") == 3);
  CHECK(total("turned_away/channel=web") == 2);
  const auto& backlog = by_name.at("release_backlog/")->values;
  CHECK(backlog[3] == 0);  // minute 3 ends before the first promise
  CHECK(backlog[4] == 1);
  CHECK(backlog[6] == 3);
  CHECK(backlog[9] == 3);
  CHECK(backlog[10] == 0);  // released at 10m
}

TEST_CASE("Observations: Little's law holds on the OMS release queue", "[analysis][retail]") {
  // L = lambda W: the time-weighted number of lines waiting for release equals
  // their arrival rate times their mean wait. Lines dropped at release (oversold
  // at sourcing) wait like the others but have no latency sample, and lines at
  // the window's edges are cut: a few percent at most on a 6-hour day.
  const scn::Scenario s = load("omnichannel-180-stores.json", {"/horizon=\"6h\"", "/warmup=\"0s\""});
  const peaksim::RetailRun run = peaksim::run_retail(s.baseline, 0, {});
  const auto obs = analysis::observations(run.metrics, run.stats.events);
  double lambda = 0, lw = 0;  // per hour, and the sum of rate x wait over channels
  for (const char* channel : {"web", "marketplace-a", "marketplace-b"}) {
    const double rate = observed(obs, "lines_promised", channel, "rate");
    lambda += rate;
    lw += rate * observed(obs, "release_latency", channel, "mean") / 3600.0;
  }
  REQUIRE(lambda > 100);
  const double backlog = observed(obs, "release_backlog", "", "mean");
  INFO("L = " << backlog << ", lambda W = " << lw);
  CHECK(backlog == Approx(lw).epsilon(0.05));
}

TEST_CASE("Observations: the warm-up is cut from counts and latencies", "[analysis][retail]") {
  // With a 30-minute warm-up, the three web lines captured at 4-6 minutes are not counted.
  const scn::Scenario s = load("one-sku-two-channels-trace.json", {"/warmup=\"30m\""});
  const peaksim::RetailRun run = peaksim::run_retail(s.baseline, 0, {});
  const auto obs = analysis::observations(run.metrics, run.stats.events);
  CHECK(observed(obs, "lines_promised", "web", "mean") == 0);
  CHECK(observed(obs, "orders_captured", "web", "mean") == 1);  // the 45-minute customer
  CHECK(std::isnan(observed(obs, "release_latency", "web", "mean")));
  CHECK(observed(obs, "release_backlog", "", "mean") == 0);
}
