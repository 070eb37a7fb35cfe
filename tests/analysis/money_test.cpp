// The money recorder on probe records written by hand (analysis/recorders/money.h):
// lost revenue at the SKU's price, and a canceled line judged against free stock.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "models/retail/probes.h"

namespace probes = models::retail::probes;

namespace {

sim::Time at_s(std::int64_t seconds) { return sim::Time::zero() + sim::Duration::seconds(seconds); }

analysis::RetailRecorder::Context priced() {
  analysis::RetailRecorder::Context out;
  out.channels = {"web"};
  out.warmup = sim::Time::zero();
  out.end = at_s(3600);
  out.prices = {0.0, 10.0, 25.0};
  out.unit_costs = {0.0, 4.0, 15.0};
  out.cancellation_costs = {7.0};
  return out;
}

std::int64_t line_id(std::int64_t order, std::int64_t sku) { return (order << 20) | sku; }

}  // namespace

TEST_CASE("Money: a lost sale loses its units at the SKU's price", "[analysis][money]") {
  analysis::RetailRecorder recorder(2);
  recorder.record(0, at_s(0), probes::kPhysicalLevel, 4, 2);                              // node 0: 4 of SKU 2
  recorder.record(1, at_s(10), probes::kLineTurnedAway, 3, probes::channel_sku(0, 2));  // lost: 3 x 25
  recorder.record(1, at_s(20), probes::kLineTurnedAway, 1, probes::channel_sku(0, 1));  // SKU 1: none anywhere
  const analysis::RetailMetrics m = recorder.compute(priced());
  CHECK(m.channels[0].lost_sales == 1);
  CHECK(m.channels[0].lost_revenue == 75.0);
}

TEST_CASE("Money: a canceled line is false while free units are on a shelf, whatever the OMS saw",
          "[analysis][money]") {
  analysis::RetailRecorder recorder(3);
  const std::int64_t a = line_id(1, 2), b = line_id(2, 2), c = line_id(3, 2);
  for (const std::int64_t line : {a, b, c}) {
    recorder.record(2, at_s(1), probes::kLineCaptured, 0, line);
  }
  // node 0: one unit of SKU 2, reported as the models do (one array) or as one record: the same
  if (GENERATE(true, false)) {
    recorder.record_array(0, at_s(0), probes::kPhysicalLevel,
                          std::make_shared<const std::vector<std::int64_t>>(std::vector<std::int64_t>{0, 0, 1}));
  } else {
    recorder.record(0, at_s(0), probes::kPhysicalLevel, 1, 2);
  }
  recorder.record(2, at_s(100), probes::kOversellCanceled, probes::channel_units(0, 1), a);  // on the shelf: false
  recorder.record(1, at_s(150), probes::kUnitsPromisedAtNode, 1, probes::node_sku(0, 2));  // the OMS sends a line
  recorder.record(2, at_s(200), probes::kOversellCanceled, probes::channel_units(0, 1), b);  // spoken for: oversell
  recorder.record(0, at_s(250), probes::kUnitsPromisedAtNode, -1, probes::node_sku(0, 2));  // picked
  recorder.record(0, at_s(250), probes::kPhysicalLevel, 0, 2);
  recorder.record(2, at_s(300), probes::kOversellBackordered, probes::channel_units(0, 1), c);  // gone: oversell
  const analysis::RetailMetrics m = recorder.compute(priced());
  CHECK(m.channels[0].false_cancellations == 1);
  CHECK(m.channels[0].oversells == 2);
  CHECK(m.channels[0].canceled == 1);
  CHECK(m.channels[0].backordered == 1);
  CHECK(m.channels[0].cancellation_cost == 14.0);  // two canceled lines (false or not) x 7; backordered: nothing
}
