// Known answers for returns, refunds and customer-service status staleness
// (models/retail/returns.h, relay.h, oms.h; analysis/retail_metrics.cpp).
//
// What these prove: the number of returns is the steady-state rate x hours, the
// reason mix and the resellable share follow their weights, restocked units are
// back on hand with units conserved exactly, refunds take exactly the link
// latencies plus the ERP's posting delay, a foreign-coded refund reconciles
// exactly at the finance job's next multiple, with no returns links the ERP hears
// nothing, and status staleness with a stream link of latency L and refresh R is
// uniform on [L, L + R]. Statistical checks use one fixed seed and tolerances of
// about 4 standard deviations (stated at each check), so they fail only when the
// behaviour is wrong.
#include <catch2/catch.hpp>

#include <algorithm>

#include <cmath>
#include <map>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/retail/build.h"
#include "models/retail/probes.h"
#include "models/scenario/loader.h"
#include "sim/sequential_engine.h"
#include "tests/models/recorded_run.h"

namespace probes = models::retail::probes;

namespace {

models::scenario::ScenarioSpec load(const std::string& text) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "returns.json");
  INFO(loaded.diags.format("returns.json"));
  REQUIRE(loaded.ok());
  return loaded.scenario->baseline;
}

double observed(const std::vector<analysis::Observation>& obs, const std::string& metric, const std::string& channel,
                const std::string& statistic) {
  for (const auto& o : obs) {
    if (o.metric == metric && o.statistic == statistic && o.labels.count("channel") && o.labels.at("channel") == channel) {
      return o.value;
    }
  }
  FAIL("no observation " << metric << "{" << channel << "} " << statistic);
  return 0;
}

using test_support::Records;
using test_support::run_recorded;

// One store selling at its till (channel "pos"), one DC, a storefront ("web"),
// an OMS and an ERP; fixed latencies. `links` and `returns` are spliced in.
std::string scenario(const std::string& horizon, const std::string& pos_returns, const std::string& web_returns,
                     const std::string& extra_links, const std::string& erp_params = R"({ "posting_delay": "2m" })") {
  return R"({
    "name": "returns", "seed": 11, "horizon": ")" + horizon + R"(",
    "catalog": { "skus": 5, "zipf": 1.0, "price": { "min": 10, "max": 20 } },
    "nodes": [
      { "id": "store", "kind": "store", "inventory": { "units_per_sku": 1000000 },
        "params": { "shrink_per_day": 0, "inspection_time": "0s" } },
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 1000000 },
        "params": { "inspection_time": "0s" } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } },
      { "id": "erp", "kind": "erp", "params": )" + erp_params + R"( }
    ],
    "links": [
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" })" +
         extra_links + R"(
    ],
    "demand": {
      "pos": { "nodes": "store", "orders_per_hour": 10, "returns": )" + pos_returns + R"( },
      "web": { "nodes": "web", "orders_per_hour": 20, "returns": )" + web_returns + R"( }
    }
  })";
}

const std::string kReturnLinks = R"(,
      { "from": "store", "to": "erp", "carries": "returns", "mode": "stream", "latency": "10s" },
      { "from": "dc", "to": "erp", "carries": "returns", "mode": "stream", "latency": "10s" },
      { "from": "erp", "to": "oms", "carries": "refunds", "mode": "stream", "latency": "30s" })";

}  // namespace

TEST_CASE("Returns: count, reason mix and resellable share follow the channel; restocked units are back on hand",
          "[models][returns]") {
  // pos: 10 orders/h x rate 0.5 = 5 returns/h at the store; over 1000 h, 5000.
  const auto spec = load(scenario("1000h", R"({ "rate": 0.5, "reasons": { "DEFECT": 0.2, "SIZE": 0.8 }, "resellable": 0.7 })",
                                  R"({ "rate": 0.0 })", kReturnLinks));
  const peaksim::RetailRun run = peaksim::run_retail(spec, 0, {});
  const analysis::ChannelMetrics& pos = run.metrics.channels.at(0);
  REQUIRE(pos.name == "pos");
  const double n = static_cast<double>(pos.returns);
  INFO("returns " << n << " (5000), SIZE " << pos.returns_by_reason.at("SIZE") << ", resellable " << pos.returns_resellable);
  CHECK(n == Approx(5000).epsilon(0.06));  // Poisson: sd 71, 4 sd = 5.7 %
  CHECK(pos.returns_by_reason.size() == 2);
  CHECK(pos.returns_by_reason.at("DEFECT") + pos.returns_by_reason.at("SIZE") == pos.returns);
  CHECK(pos.returns_by_reason.at("SIZE") / n == Approx(0.8).margin(0.023));  // sd 0.0057
  CHECK(pos.returns_resellable / n == Approx(0.7).margin(0.026));            // sd 0.0065
  CHECK(run.metrics.channels.at(1).returns == 0);
  // Inspection takes 0s: every returned unit is in the books by the end. The
  // store's units: its initial stock, less what the till sold, plus the restocked.
  const auto& u = run.metrics.units;
  CHECK(u.conserved());
  const std::int64_t initial = 2 * 5 * 1000000;  // store and DC, five SKUs each
  CHECK(u.received == initial + static_cast<std::int64_t>(pos.returns));
  CHECK(u.damaged == static_cast<std::int64_t>(pos.returns - pos.returns_resellable));
  CHECK(u.on_hand + u.reserved + u.shipped == initial - u.sold + static_cast<std::int64_t>(pos.returns_resellable));
}

TEST_CASE("Returns: online returns split between stores and mail at the warehouse by in_store", "[models][returns]") {
  // web: 20 orders/h x rate 0.5 = 10 returns/h; in_store 0.25 of them at the store (store codes: foreign).
  const auto spec = load(scenario("500h", R"({ "rate": 0.0, "reasons": { "DEFECT": 1 } })",
                                  R"({ "rate": 0.5, "in_store": 0.25, "reasons": { "wrong_size": 1 } })", kReturnLinks));
  const peaksim::RetailRun run = peaksim::run_retail(spec, 0, {});
  const analysis::ChannelMetrics& web = run.metrics.channels.at(1);
  const double n = static_cast<double>(web.returns);
  INFO("returns " << n << " (5000), coded DEFECT (in a store) " << (web.returns_by_reason.count("DEFECT") ? web.returns_by_reason.at("DEFECT") : 0));
  CHECK(n == Approx(5000).epsilon(0.06));
  CHECK(web.returns_by_reason.at("DEFECT") / n == Approx(0.25).margin(0.025));  // sd 0.0061
  CHECK(web.refunds_mismatched == web.returns_by_reason.at("DEFECT"));  // every store-coded web refund
}

TEST_CASE("Refunds: return to refund is exactly the link latencies plus the ERP's posting delay", "[models][returns]") {
  SECTION("a store's own sale: refunded at the till at once, reconciled when the ERP posts") {
    const auto spec = load(scenario("200h", R"({ "rate": 0.5 })", R"({ "rate": 0.0 })", kReturnLinks));
    const peaksim::RetailRun run = peaksim::run_retail(spec, 0, {});
    const auto obs = analysis::observations(run.metrics, run.stats.events);
    REQUIRE(observed(obs, "returns", "pos", "mean") > 500);
    CHECK(observed(obs, "return_to_refund", "pos", "max") == 0.0);
    CHECK(observed(obs, "refund_lag", "pos", "mean") == Approx(130.0).epsilon(1e-12));  // store->erp 10s + posting 2m
    CHECK(observed(obs, "refund_lag", "pos", "max") == 130.0);
    CHECK(observed(obs, "refunds_mismatched", "pos", "mean") == 0);
    CHECK(observed(obs, "refunds_unreconciled", "pos", "mean") <= 3);  // received in the last 130 s (0.2 expected)
  }
  SECTION("a web return by mail: dc->erp, posting, erp->oms") {
    const auto spec = load(scenario("200h", R"({ "rate": 0.0 })", R"({ "rate": 0.5, "in_store": 0 })", kReturnLinks));
    const peaksim::RetailRun run = peaksim::run_retail(spec, 0, {});
    const auto obs = analysis::observations(run.metrics, run.stats.events);
    REQUIRE(observed(obs, "returns", "web", "mean") > 1000);
    CHECK(observed(obs, "return_to_refund", "web", "mean") == Approx(160.0).epsilon(1e-12));  // 10s + 2m + 30s
    CHECK(observed(obs, "return_to_refund", "web", "max") == 160.0);
    CHECK(observed(obs, "refund_lag", "web", "max") == 160.0);  // the codes match: reconciled on arrival
    CHECK(observed(obs, "refunds_mismatched", "web", "mean") == 0);
  }
}

TEST_CASE("Refunds: a web return coded in a store reconciles exactly at the next multiple of reconcile_interval",
          "[models][returns]") {
  const auto spec = load(scenario("100h", R"({ "rate": 0.0, "reasons": { "DEFECT": 1 } })", R"({ "rate": 0.5, "in_store": 1 })",
                                  kReturnLinks, R"({ "posting_delay": "2m", "reconcile_interval": "1h" })"));
  const Records records = run_recorded(spec);
  std::map<std::int64_t, sim::Time> received, at_channel, reconciled;
  for (const auto& r : records.all) {
    if (r.probe == probes::kReturnReceived) received[r.label] = r.when;
    if (r.probe == probes::kRefundAtChannel) at_channel[r.label] = r.when;
    if (r.probe == probes::kRefundReconciled) reconciled[r.label] = r.when;
  }
  REQUIRE(received.size() > 500);
  const std::int64_t hour = sim::Duration::hours(1).count_us();
  std::size_t checked = 0;
  for (const auto& [id, when] : received) {
    const auto refund = at_channel.find(id);
    if (refund == at_channel.end()) {
      continue;  // in flight at the end
    }
    INFO("return " << id << " received at " << when.count_us() << " us");
    CHECK(refund->second - when == sim::Duration::seconds(160));  // store->erp 10s, posting 2m, erp->oms 30s
    const std::int64_t due = (refund->second.count_us() + hour - 1) / hour * hour;
    if (due < spec.horizon.count_us()) {
      REQUIRE(reconciled.count(id));
      CHECK(reconciled[id].count_us() == due);
      ++checked;
    }
  }
  CHECK(checked > 400);
}

TEST_CASE("Refunds: with no returns links the ERP hears of nothing and every refund stays unreconciled",
          "[models][returns]") {
  const auto spec = load(scenario("100h", R"({ "rate": 0.5 })", R"({ "rate": 0.5 })", R"(,
      { "from": "erp", "to": "oms", "carries": "refunds", "mode": "stream", "latency": "30s" })"));
  const peaksim::RetailRun run = peaksim::run_retail(spec, 0, {});
  const auto obs = analysis::observations(run.metrics, run.stats.events);
  for (const char* channel : {"pos", "web"}) {
    INFO(channel);
    const double returns = observed(obs, "returns", channel, "mean");
    CHECK(returns > 300);
    CHECK(observed(obs, "refunds_unreconciled", channel, "mean") == returns);
    CHECK(std::isnan(observed(obs, "refund_lag", channel, "mean")));
  }
  CHECK(observed(obs, "return_to_refund", "pos", "max") == 0.0);  // the till still refunds
  CHECK(std::isnan(observed(obs, "return_to_refund", "web", "mean")));
  bool noted = false;
  for (const auto& note : run.notes) {
    noted = noted || note.find("never reach an ERP") != std::string::npos;
  }
  CHECK(noted);
}

TEST_CASE("Status: staleness over a stream link of latency L with refresh R is uniform on [L, L + R]",
          "[models][status]") {
  // L = 10 s, R = 10 m: mean L + R/2 = 310 s. The DC's shift (21:00-22:00) never
  // comes within the 20-hour horizon, so only release statuses are sent; with
  // continuous release their true time is the release. ~4000 lines: the mean's
  // sd is 600/sqrt(12 x 4000) = 2.7 s; tolerance 10 s.
  const std::string text = R"({
    "name": "status", "seed": 5, "horizon": "20h",
    "catalog": { "skus": 5, "price": { "min": 10, "max": 20 } },
    "nodes": [
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 1000000 },
        "params": { "shift_start": "21:00", "shift_end": "22:00" } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } },
      { "id": "cs", "kind": "customer_service", "params": { "status_refresh": "10m" } }
    ],
    "links": [
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "cs", "carries": "status", "mode": "stream", "latency": "10s" }
    ],
    "demand": { "web": { "nodes": "web", "orders_per_hour": 200 } }
  })";
  const auto spec = load(text);
  const peaksim::RetailRun run = peaksim::run_retail(spec, 0, {});
  const analysis::ChannelMetrics& web = run.metrics.channels.at(0);
  const auto& h = web.status_staleness;
  INFO("staleness n " << h.count() << " mean " << h.mean() << " min " << h.min() << " max " << h.max()
                      << ", censored " << web.statuses_censored);
  REQUIRE(h.count() > 3000);
  CHECK(h.min() >= 10.0);
  CHECK(h.max() <= 610.0);
  CHECK(h.mean() == Approx(310.0).margin(10.0));
  CHECK(h.percentile(0.5) == Approx(310.0).margin(20.0));
  // Censored: released in the last refresh interval (10 s + up to 10 m) before the horizon.
  CHECK(web.statuses_censored > 0);
  CHECK(web.statuses_censored < 200);
}

TEST_CASE("Returns: restocked store returns bring sold-out SKUs back to the web, which oversells them under reservation none",
          "[models][returns]") {
  // The reference's sell-out day sells the popular SKUs out; store returns are drawn by the
  // same popularity, so a restocked unit often revives a SKU the web shows as
  // gone. Its availability reaches the storefront at once (low stock), and with
  // no reservation the storefront promises it to every customer until the next
  // update: more lines promised, and more oversold. Only the store channel's
  // returns run here, restocked (resellable 1) or all written off (0).
  auto web = [](double resellable) {
    const std::string file = std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/omnichannel-180-stores.json";
    const auto loaded = models::scenario::load_scenario_file(
        file, {"/demand/web/returns/rate=0", "/demand/marketplace-a/returns/rate=0", "/demand/marketplace-b/returns/rate=0",
               "/demand/pos/returns/resellable=" + std::to_string(resellable)});
    REQUIRE(loaded.ok());
    const auto& variants = loaded.scenario->variants;
    const auto sell_out = std::find_if(variants.begin(), variants.end(),
                                       [](const models::scenario::ScenarioSpec& v) { return v.variant == "sell-out"; });
    REQUIRE(sell_out != variants.end());
    const peaksim::RetailRun run = peaksim::run_retail(*sell_out, 0, {});
    return run.metrics.channels.at(3);
  };
  const analysis::ChannelMetrics kept = web(1.0), written_off = web(0.0);
  REQUIRE(kept.name == "web");
  INFO("promised " << written_off.lines_promised << " -> " << kept.lines_promised << ", oversold "
                   << written_off.oversells << " -> " << kept.oversells);
  CHECK(kept.lines_promised > written_off.lines_promised);
  CHECK(kept.oversells > written_off.oversells);
}
