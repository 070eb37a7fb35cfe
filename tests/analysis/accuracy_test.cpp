// Inventory accuracy, ATP error and update latency (analysis/recorders/accuracy.h)
// on probe records written by hand: each figure is worked out below. The models'
// side (which LP emits what, when) is pinned by tests/models/accuracy_test.cpp.
#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "models/retail/probes.h"

namespace probes = models::retail::probes;

namespace {

sim::Time at_s(std::int64_t seconds) { return sim::Time::zero() + sim::Duration::seconds(seconds); }

constexpr sim::LpId kStore = 0, kOms = 1, kWeb = 2;

analysis::RetailRecorder::Context context(std::int64_t warmup_s = 0) {
  analysis::RetailRecorder::Context out;
  out.channels = {"web"};
  out.warmup = at_s(warmup_s);
  out.end = at_s(3600);
  out.nodes = {"store-1", "oms", "web"};
  return out;
}

// A node's initial stock, as the models report it: one array for every SKU.
void initial_stock(analysis::RetailRecorder& recorder, sim::LpId lp, std::vector<std::int64_t> units) {
  recorder.record_array(lp, at_s(0), probes::kPhysicalLevel,
                        std::make_shared<const std::vector<std::int64_t>>(std::move(units)));
}

// store-1 holds 10 of SKU 0; the OMS tracks store-1 (one SKU); the storefront
// shows one SKU, 10 units at the start.
analysis::RetailRecorder start() {
  analysis::RetailRecorder recorder(3);
  initial_stock(recorder, kStore, {10});
  recorder.record(kOms, at_s(0), probes::kViewTracks, 1, kStore);
  recorder.record(kWeb, at_s(0), probes::kShownSkus, 1, 0);
  recorder.record(kWeb, at_s(0), probes::kShownAvailability, 10, 0);
  return recorder;
}

const analysis::ViewMetrics& view(const analysis::RetailMetrics& m, const std::string& name) {
  for (const auto& v : m.views) {
    if (v.name == name) {
      return v;
    }
  }
  FAIL("no view " << name);
  throw std::logic_error("unreachable");
}

// Sales at 100 s, 400 s, 1000 s and 3000 s; a level per sale.
void sales(analysis::RetailRecorder& recorder) {
  std::int64_t level = 10;
  for (const std::int64_t when : {100, 400, 1000, 3000}) {
    recorder.record(kStore, at_s(when), probes::kPhysicalLevel, static_cast<double>(--level), 0);
  }
}

}  // namespace

TEST_CASE("Accuracy: views that hear of every change at once are exact", "[analysis][accuracy]") {
  analysis::RetailRecorder recorder = start();
  sales(recorder);
  std::int64_t shown = 10;
  for (const std::int64_t when : {100, 400, 1000, 3000}) {  // streamed with no latency: the same instants
    recorder.record(kOms, at_s(when), probes::kViewApplied, -1, probes::node_sku(kStore, 0));
    recorder.record(kWeb, at_s(when), probes::kShownAvailability, static_cast<double>(--shown), 0);
  }
  const analysis::RetailMetrics m = recorder.compute(context());
  REQUIRE(m.views.size() == 2);
  for (const auto& v : m.views) {
    INFO(v.name);
    CHECK(v.accuracy == 1.0);
    CHECK(v.update_censored == 0);
  }
  CHECK(view(m, "oms").update_latency.count() == 4);
  CHECK(view(m, "oms").update_latency.max() == 0.0);
  CHECK(view(m, "web").update_latency.count() == 0);  // its in-stock state never changes
  CHECK(view(m, "web").error_mean == 0.0);
  CHECK(view(m, "web").error_p95 == 0.0);
}

TEST_CASE("Accuracy: a batched feed is wrong from the first change to the flush", "[analysis][accuracy]") {
  // Flushes at 900 s (the two sales so far, coalesced: -2) and 1800 s (-1); the
  // sale at 3000 s is not reported by the 3600 s horizon.
  analysis::RetailRecorder recorder = start();
  sales(recorder);
  recorder.record(kOms, at_s(900), probes::kViewApplied, -2, probes::node_sku(kStore, 0));
  recorder.record(kOms, at_s(1800), probes::kViewApplied, -1, probes::node_sku(kStore, 0));
  recorder.record(kWeb, at_s(900), probes::kShownAvailability, 8, 0);
  recorder.record(kWeb, at_s(1800), probes::kShownAvailability, 7, 0);

  SECTION("over the whole hour") {
    const analysis::RetailMetrics m = recorder.compute(context());
    // Wrong on [100, 900), [1000, 1800) and [3000, 3600): 2,200 s of 3,600.
    const auto& v = view(m, "oms");
    CHECK(v.accuracy == Approx(1.0 - 2200.0 / 3600.0));
    CHECK(v.update_latency.count() == 2);  // 100 -> 900 and 1000 -> 1800
    CHECK(v.update_latency.min() == 800.0);
    CHECK(v.update_latency.max() == 800.0);
    CHECK(v.update_censored == 1);  // 3000 -> never
    // The storefront shows 10, then 8, then 7, against 10, 9, 8, 7, 6 on the
    // shelf: off by 1 for 300 + 800 + 600 s, by 2 for 500 s, exact for 1,400 s;
    // but always in stock, as the shelf is: its in-stock state is never wrong.
    const auto& web = view(m, "web");
    CHECK(web.accuracy == 1.0);
    CHECK(web.update_latency.count() == 0);
    CHECK(web.update_censored == 0);
    CHECK(web.error_mean == Approx((1700.0 + 2 * 500.0) / 3600.0));
    CHECK(web.error_p50 == 1.0);
    CHECK(web.error_p95 == 2.0);
    CHECK(web.error_max == 2.0);
  }
  SECTION("after a warm-up of 950 s: the first episode is not sampled, the time before it not weighed") {
    const analysis::RetailMetrics m = recorder.compute(context(950));
    const auto& oms = view(m, "oms");
    CHECK(oms.accuracy == Approx(1.0 - 1400.0 / 2650.0));
    CHECK(oms.update_latency.count() == 1);
    CHECK(oms.update_censored == 1);
  }
}

TEST_CASE("Accuracy: a hard reservation keeps the units on the shelf", "[analysis][accuracy]") {
  // At 100 s two units are reserved (the level falls, the shelf does not); the
  // pick at 500 s takes them off the shelf and the OMS hears of it at once.
  analysis::RetailRecorder recorder = start();
  recorder.record(kStore, at_s(100), probes::kPhysicalLevel, 8, 0);
  recorder.record(kStore, at_s(100), probes::kShelfReserved, 2, 0);
  recorder.record(kStore, at_s(500), probes::kShelfReserved, -2, 0);
  recorder.record(kOms, at_s(500), probes::kViewApplied, -2, probes::node_sku(kStore, 0));
  const analysis::RetailMetrics m = recorder.compute(context());
  CHECK(view(m, "oms").accuracy == 1.0);
  CHECK(view(m, "oms").update_censored == 0);
  // The storefront still shows 10 while only 8 are free to sell from 100 s on: off
  // by 2, but in stock as the shelf is.
  CHECK(view(m, "web").accuracy == 1.0);
  CHECK(view(m, "web").error_mean == Approx(2.0 * 3500.0 / 3600.0));
}

TEST_CASE("Accuracy: a storefront is wrong while it shows stock the shelves no longer hold", "[analysis][accuracy]") {
  // The shelf sells its 10 units at 600 s (to 0), is restocked to 5 at 2400 s. The
  // storefront hears of the sell-out at 1500 s and of the restock at 3000 s: shown in
  // stock while empty on [600, 1500), shown out of stock while stocked on [2400, 3000).
  analysis::RetailRecorder recorder = start();
  recorder.record(kStore, at_s(600), probes::kPhysicalLevel, 0, 0);
  recorder.record(kStore, at_s(2400), probes::kPhysicalLevel, 5, 0);
  recorder.record(kWeb, at_s(1500), probes::kShownAvailability, 0, 0);
  recorder.record(kWeb, at_s(3000), probes::kShownAvailability, 5, 0);
  const analysis::RetailMetrics m = recorder.compute(context());
  const auto& web = view(m, "web");
  CHECK(web.accuracy == Approx(1.0 - (900.0 + 600.0) / 3600.0));
  CHECK(web.update_latency.count() == 2);
  CHECK(web.update_latency.min() == 600.0);
  CHECK(web.update_latency.max() == 900.0);
  CHECK(web.update_censored == 0);
}

TEST_CASE("Accuracy: positions never touched count as accurate", "[analysis][accuracy]") {
  // The OMS tracks 4 SKUs at store-1; only SKU 0 is ever wrong, for 1,800 s.
  analysis::RetailRecorder recorder(3);
  initial_stock(recorder, kStore, {10, 0, 0, 0});
  recorder.record(kStore, at_s(1800), probes::kPhysicalLevel, 9, 0);
  recorder.record(kOms, at_s(0), probes::kViewTracks, 4, kStore);
  const analysis::RetailMetrics m = recorder.compute(context());
  CHECK(view(m, "oms").positions == 4);
  CHECK(view(m, "oms").accuracy == Approx(1.0 - 1800.0 / (4 * 3600.0)));
  CHECK(view(m, "oms").update_censored == 1);
}

TEST_CASE("Accuracy: the initial stock is where views start; a level reported later is a change", "[analysis][accuracy]") {
  // The same 10 units, reported one SKU at a time at 0 s instead of as the initial array:
  // the OMS's view (which starts empty: it heard of no initial stock) is wrong all hour.
  analysis::RetailRecorder recorder(3);
  recorder.record(kStore, at_s(0), probes::kPhysicalLevel, 10, 0);
  recorder.record(kOms, at_s(0), probes::kViewTracks, 1, kStore);
  const analysis::RetailMetrics m = recorder.compute(context());
  CHECK(view(m, "oms").accuracy == 0.0);
}

TEST_CASE("Accuracy: a view that differs from the shelf by more than 32 bits hold is refused, not wrapped",
          "[analysis][accuracy]") {
  analysis::RetailRecorder recorder = start();
  recorder.record(kOms, at_s(100), probes::kViewApplied, 2'000'000'000.0, probes::node_sku(kStore, 0));
  SECTION("2^31 - 1 units apart is held") {
    recorder.record(kOms, at_s(200), probes::kViewApplied, 147'483'647.0, probes::node_sku(kStore, 0));
    CHECK_NOTHROW(recorder.compute(context()));
  }
  SECTION("2^31 is refused") {
    recorder.record(kOms, at_s(200), probes::kViewApplied, 147'483'648.0, probes::node_sku(kStore, 0));
    CHECK_THROWS_AS(recorder.compute(context()), std::out_of_range);
  }
}
