// The retail recorders on probe records written by hand, without a model or an
// engine: each case feeds RetailRecorder a few records and checks one figure
// that a recorder computes (analysis/recorders/). What it does not pin: the
// models' side of the probes (tests/models/ and the goldens do).
#include <catch2/catch.hpp>

#include <memory>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/censoring.h"
#include "analysis/recorders/observe.h"
#include "analysis/retail_metrics.h"
#include "models/retail/probes.h"

namespace probes = models::retail::probes;

namespace {

sim::Time at_s(std::int64_t seconds) { return sim::Time::zero() + sim::Duration::seconds(seconds); }

analysis::RetailRecorder::Context context(std::vector<std::string> channels) {
  analysis::RetailRecorder::Context out;
  out.channels = std::move(channels);
  out.warmup = sim::Time::zero();
  out.end = at_s(3600);
  return out;
}

// A line id as OrderLine::id() builds it: (capture node, order) << 20 | SKU.
std::int64_t line_id(std::int64_t order, std::int64_t sku) { return (order << 20) | sku; }

}  // namespace

TEST_CASE("Recorders: an order whose lines ship from two nodes is one split shipment", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(4);
  const std::int64_t a = line_id(9, 1), b = line_id(9, 2), c = line_id(9, 3);
  for (const std::int64_t line : {a, b, c}) {
    recorder.record(0, at_s(10), probes::kLineCaptured, 0, line);
  }
  recorder.record(1, at_s(100), probes::kLineShipped, 0, a);
  recorder.record(2, at_s(200), probes::kLineShipped, 0, b);
  recorder.record(3, at_s(300), probes::kLineShipped, 0, c);  // a third node: still one split order
  const analysis::RetailMetrics metrics = recorder.compute(context({"web"}));
  CHECK(metrics.channels[0].split_orders == 1);
  CHECK(metrics.channels[0].cycle_time.count() == 3);
  CHECK(metrics.channels[0].cycle_time.max() == 290.0);
}

TEST_CASE("Recorders: the first release counts, once, for latency and the backlog", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(2);
  const std::int64_t line = line_id(1, 5);
  recorder.record(0, at_s(0), probes::kLineCaptured, 0, line);
  recorder.record(1, at_s(600), probes::kLineReleased, 0, line);
  recorder.record(1, at_s(900), probes::kLineReleased, 0, line);  // released again after a short pick
  const analysis::RetailMetrics metrics = recorder.compute(context({"web"}));
  CHECK(metrics.channels[0].release_latency.count() == 1);
  CHECK(metrics.channels[0].release_latency.max() == 600.0);
  CHECK(metrics.release_backlog_max == 1.0);
  CHECK(metrics.release_backlog_mean == Approx(600.0 / 3600.0));
}

TEST_CASE("Recorders: a customer turned away is a lost sale only while stock exists elsewhere", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(2);
  if (GENERATE(true, false)) {  // node 0 holds 5 of SKU 7 and none of SKU 8: one array, as the models report it
    std::vector<std::int64_t> stock(9, 0);
    stock[7] = 5;
    recorder.record_array(0, at_s(0), probes::kPhysicalLevel,
                          std::make_shared<const std::vector<std::int64_t>>(std::move(stock)));
  } else {  // ... or one record per SKU: the same
    recorder.record(0, at_s(0), probes::kPhysicalLevel, 5, 7);
    recorder.record(0, at_s(0), probes::kPhysicalLevel, 0, 8);
  }
  recorder.record(0, at_s(50), probes::kPhysicalLevel, 0, 7);      // sold out at 50 s
  recorder.record(1, at_s(10), probes::kLineTurnedAway, 1, probes::channel_sku(0, 7));  // stock elsewhere: lost
  recorder.record(1, at_s(20), probes::kLineTurnedAway, 1, probes::channel_sku(0, 8));  // none anywhere
  recorder.record(1, at_s(60), probes::kLineTurnedAway, 1, probes::channel_sku(0, 7));  // gone by then
  const analysis::RetailMetrics metrics = recorder.compute(context({"web"}));
  CHECK(metrics.channels[0].lines_turned_away == 3);
  CHECK(metrics.channels[0].lost_sales == 1);

}

TEST_CASE("Recorders: units on hand start from each node's initial stock array", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(2);
  recorder.record_array(0, at_s(0), probes::kPhysicalLevel,
                        std::make_shared<const std::vector<std::int64_t>>(std::vector<std::int64_t>{3, 4}));
  recorder.record_array(1, at_s(0), probes::kPhysicalLevel,
                        std::make_shared<const std::vector<std::int64_t>>(std::vector<std::int64_t>{0, 10}));
  recorder.record(0, at_s(90), probes::kPhysicalLevel, 2, 0);  // node 0 sells one of SKU 0 in minute 1
  const analysis::RetailMetrics metrics = recorder.compute(context({"web"}));
  const analysis::Series& on_hand = metrics.series.back();  // network-wide units on hand, per minute
  REQUIRE(on_hand.name == "units_on_hand");
  CHECK(on_hand.values[0] == 17.0);
  CHECK(on_hand.values[1] == 16.0);
  CHECK(on_hand.values.back() == 16.0);
}

TEST_CASE("Recorders: records keep their time, probe, value and label across the log's chunks; a time past 2^47 us "
          "is refused", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(1);
  // 40,000 levels of SKU 0 (eight chunks: 256, 512, ... 16,384, 16,384), the last at 1 unit: each
  // record moves the network's units on hand, so the series reads them all back in order.
  for (std::int64_t s = 0; s < 40000; ++s) {
    recorder.record(0, at_s(s / 12), probes::kPhysicalLevel, static_cast<double>(40000 - s), 0);
  }
  const analysis::RetailMetrics metrics = recorder.compute(context({"web"}));
  const analysis::Series& on_hand = metrics.series.back();
  REQUIRE(on_hand.name == "units_on_hand");
  CHECK(on_hand.values[0] == 40000.0 - 719.0);  // the level after minute 0's 720 records
  CHECK(on_hand.values[30] == 40000.0 - (31 * 720 - 1));
  CHECK(on_hand.values.back() == 1.0);
  CHECK_THROWS_AS(recorder.record(0, sim::Time::from_us(std::int64_t{1} << 47), probes::kPhysicalLevel, 1, 0),
                  std::out_of_range);
  CHECK_NOTHROW(recorder.record(0, sim::Time::from_us((std::int64_t{1} << 47) - 1), probes::kPhysicalLevel, 1, 0));
}

TEST_CASE("Recorders: the join phase sees every record it reads among the levels that are freed before it; a "
          "recorder computes once", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(2);
  // Lines captured at LP 0; LP 1 reports 30,000 levels with a shipment after every 1,000th.
  for (std::int64_t order = 0; order < 30; ++order) {
    recorder.record(0, at_s(order), probes::kLineCaptured, 0, line_id(order, 1));
  }
  for (std::int64_t i = 0; i < 30000; ++i) {
    recorder.record(1, at_s(100 + i / 10), probes::kPhysicalLevel, static_cast<double>(30000 - i), 2);
    if (i % 1000 == 999) {
      recorder.record(1, at_s(100 + i / 10), probes::kLineShipped, 0, line_id(i / 1000, 1));
    }
  }
  const analysis::RetailMetrics metrics = recorder.compute(context({"web"}));
  const analysis::ChannelMetrics& web = metrics.channels[0];
  REQUIRE(web.cycle_time.count() == 30);
  CHECK(web.cycle_time.min() == 100.0 + 99.0);             // captured at 0 s, shipped at 199 s
  CHECK(web.cycle_time.max() == 100.0 + 2999.0 - 29.0);    // captured at 29 s, shipped at 3099 s
  CHECK(metrics.series.back().values.back() == 1.0);       // and every level was indexed
  CHECK_THROWS_AS(recorder.compute(context({"web"})), std::logic_error);
}

TEST_CASE("Recorders: an outcome for a line never captured is refused", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(1);
  recorder.record(0, at_s(5), probes::kOversellCanceled, probes::channel_units(0, 1), line_id(3, 3));
  CHECK_THROWS_AS(recorder.compute(context({"web"})), std::logic_error);
}

TEST_CASE("ObservationWriter: each metric kind gives exactly its statistics", "[analysis][recorders]") {
  std::vector<analysis::Observation> out;
  analysis::recorders::ObservationWriter emit(out, 2.0);
  emit.count("oversells", {}, "lines", 3);
  REQUIRE(out.size() == 2);
  CHECK(out[1].statistic == "rate");
  CHECK(out[1].unit == "lines/h");
  CHECK(out[1].value == 1.5);
  emit.count_over("events", {}, "events", 10, 0.0);
  CHECK(std::isnan(out.back().value));  // no hours: no rate
  emit.fraction("oversell_rate", {}, 1, 0);
  CHECK(std::isnan(out.back().value));  // no promised lines: no ratio
  const std::size_t before = out.size();
  emit.latency("release_latency", {}, analysis::LatencyHistogram());
  emit.level("release_backlog", {}, "lines", 0.5, 2.0);
  std::vector<std::string> statistics;
  for (std::size_t idx = before; idx < out.size(); ++idx) {
    statistics.push_back(out[idx].statistic);
  }
  CHECK(statistics == std::vector<std::string>{"mean", "p50", "p95", "p99", "max", "mean", "max"});
}

TEST_CASE("Recorders: lines the horizon cuts off are counted censored, not judged", "[analysis][recorders]") {
  // A 10-minute promise. Line a (captured at 0 s) ships at 300 s: judged, on
  // time. Line b (at 3000 s) is due at 3600 s, the horizon: judged, missed.
  // Line c (at 3300 s) falls due after the horizon, is never released nor
  // shipped: censored for the SLA, the release latency and the cycle time.
  analysis::RetailRecorder recorder(2);
  const std::int64_t a = line_id(1, 1), b = line_id(2, 1), c = line_id(3, 1);
  recorder.record(0, at_s(0), probes::kLineCaptured, 0, a);
  recorder.record(0, at_s(3000), probes::kLineCaptured, 0, b);
  recorder.record(0, at_s(3300), probes::kLineCaptured, 0, c);
  recorder.record(1, at_s(100), probes::kLineReleased, 0, a);
  recorder.record(1, at_s(300), probes::kLineShipped, 0, a);
  recorder.record(1, at_s(3100), probes::kLineReleased, 0, b);
  auto ctx = context({"web"});
  ctx.promises = {sim::Duration::minutes(10)};
  const analysis::RetailMetrics metrics = recorder.compute(ctx);
  const analysis::ChannelMetrics& web = metrics.channels[0];
  CHECK(web.sla_due == 2);
  CHECK(web.sla_misses == 1);
  CHECK(web.sla_censored == 1);
  CHECK(web.release_censored == 1);
  CHECK(web.cycle_censored == 2);  // b and c never shipped
  CHECK(web.lines_fulfilled == 1);  // a, when it shipped
}

TEST_CASE("Recorders: a rate judged on fewer lines than were censored reads censored", "[analysis][recorders]") {
  const auto metric = [](const std::string& name, double mean) {
    analysis::MetricSummary m;
    m.metric = name;
    m.labels = {{"channel", "web"}};
    m.statistic = "mean";
    m.value.mean = mean;
    m.value.n = 1;
    return m;
  };
  analysis::VariantSummary v;
  v.metrics = {metric("lines_promised", 100), metric("oversells", 10), metric("sla_censored", 44)};
  const analysis::Labels web{{"channel", "web"}};
  CHECK_FALSE(analysis::mostly_censored(v, "sla_miss_rate", web));  // 46 judged, 44 censored
  v.metrics[2].value.mean = 46;
  CHECK(analysis::mostly_censored(v, "sla_miss_rate", web));  // 44 judged, 46 censored
  CHECK_FALSE(analysis::mostly_censored(v, "oversell_rate", web));  // nothing to censor
}

TEST_CASE("Recorders: returns are counted by reason, every reason for every channel", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(1);
  recorder.record(0, at_s(10), probes::kReturnReason, 1, probes::channel_sku(0, 1));
  recorder.record(0, at_s(20), probes::kReturnReason, 1, probes::channel_sku(0, 1));
  auto ctx = context({"web", "pos"});
  ctx.reasons = {"DAMAGED", "WRONG_SIZE"};
  const analysis::RetailMetrics metrics = recorder.compute(ctx);
  CHECK(metrics.channels[0].returns_by_reason.at("WRONG_SIZE") == 2);
  CHECK(metrics.channels[0].returns_by_reason.at("DAMAGED") == 0);
  CHECK(metrics.channels[1].returns_by_reason.at("DAMAGED") == 0);
  const auto obs = analysis::observations(metrics, 0);
  const auto found = std::find_if(obs.begin(), obs.end(), [](const analysis::Observation& o) {
    return o.metric == "returns_by_reason" && o.labels.at("channel") == "web" && o.labels.at("reason") == "WRONG_SIZE";
  });
  REQUIRE(found != obs.end());
  CHECK(found->value == 2.0);
}

TEST_CASE("Recorders: lines waiting for a picker, and messages in a broker, at the horizon are censored",
          "[analysis][recorders]") {
  analysis::RetailRecorder recorder(2);
  recorder.record(0, at_s(10), probes::kPickQueue, 1, 0);
  recorder.record(0, at_s(20), probes::kPickQueue, 1, 0);
  recorder.record(0, at_s(30), probes::kPickQueue, -1, 0);  // one picked, one still waiting
  recorder.record(1, at_s(10), probes::kBrokerQueue, 1, 0);
  recorder.record(1, at_s(15), probes::kBrokerQueue, 1, 0);
  recorder.record(1, at_s(16), probes::kBrokerQueue, 1, 0);
  recorder.record(1, at_s(20), probes::kBrokerQueue, -1, 0);
  auto ctx = context({"web"});
  ctx.groups = {"store-*"};
  ctx.group_pickers = {1};
  ctx.brokers = {"broker"};
  const analysis::RetailMetrics metrics = recorder.compute(ctx);
  CHECK(metrics.groups[0].waiting_at_end == 1);
  CHECK(metrics.brokers[0].queued_at_end == 2);
}

TEST_CASE("Recorders: a level past 32 bits is refused, not wrapped", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(1);
  SECTION("2^31 - 1 units is held") {
    recorder.record(0, at_s(5), probes::kPhysicalLevel, 2147483647.0, 0);
    CHECK_NOTHROW(recorder.compute(context({"web"})));
  }
  SECTION("2^31 is refused") {
    recorder.record(0, at_s(5), probes::kPhysicalLevel, 2147483648.0, 0);
    CHECK_THROWS_AS(recorder.compute(context({"web"})), std::out_of_range);
  }
}

TEST_CASE("Recorders: a captured line's channel past 32 bits is refused, not truncated", "[analysis][recorders]") {
  analysis::RetailRecorder recorder(1);
  SECTION("channel 0 is held") {
    recorder.record(0, at_s(5), probes::kLineCaptured, 0.0, 7);
    CHECK_NOTHROW(recorder.compute(context({"web"})));
  }
  SECTION("channel 2^32 is refused") {
    recorder.record(0, at_s(5), probes::kLineCaptured, 4294967296.0, 7);
    CHECK_THROWS_AS(recorder.compute(context({"web"})), std::logic_error);
  }
}
