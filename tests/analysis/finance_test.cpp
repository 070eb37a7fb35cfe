// The ledger (analysis/recorders/finance.h) on probe records written by hand, with
// known answers written from scenarios/README.md ("Financial posting"): the posting
// job's runs and capacity, split tenders, reconciliation runs and the finance team.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "analysis/retail_metrics.h"
#include "models/retail/probes.h"

namespace probes = models::retail::probes;

namespace {

sim::Time at_min(std::int64_t minutes) { return sim::Time::zero() + sim::Duration::minutes(minutes); }

// A till channel selling SKU 1 at 10 a unit; the ERP posts every 30 minutes and
// reconciles every hour; one person takes exactly 10 minutes a case.
analysis::RetailRecorder::Context ledger(std::int64_t horizon_min) {
  analysis::RetailRecorder::Context out;
  out.channels = {"tills"};
  out.warmup = sim::Time::zero();
  out.end = at_min(horizon_min);
  out.prices = {0.0, 10.0};
  out.unit_costs = {0.0, 4.0};
  out.cancellation_costs = {0.0};
  out.finance.ledger = true;
  out.finance.post_every = sim::Duration::minutes(30);
  out.finance.reconcile_every = sim::Duration::hours(1);
  out.finance.staff = 1;
  out.finance.handling = [](std::uint64_t) { return sim::Duration::minutes(10); };
  out.finance.salt = 42;
  out.finance.split_tender_share = {0.0};
  out.finance.tender_mismatch = {0.0};
  out.finance.chargeback_cost = {0.0};
  return out;
}

// Walk-in sales of SKU 1 at 0:10 (2 units), 0:20, 0:50 and 1:10.
analysis::RetailMetrics run(const analysis::RetailRecorder::Context& context) {
  analysis::RetailRecorder recorder(1);
  const std::int64_t label = probes::channel_sku(0, 1);
  recorder.record(0, at_min(10), probes::kPosSale, 2, label);
  recorder.record(0, at_min(20), probes::kPosSale, 1, label);
  recorder.record(0, at_min(50), probes::kPosSale, 1, label);
  recorder.record(0, at_min(70), probes::kPosSale, 1, label);
  return recorder.compute(context);
}

}  // namespace

TEST_CASE("Finance: the posting job posts at its runs what came by then", "[analysis][finance]") {
  const analysis::RetailMetrics m = run(ledger(240));
  const analysis::FinanceMetrics& f = m.finance;
  REQUIRE(f.present);
  CHECK(f.documents == 8);  // four sales, a tender each
  CHECK(f.tenders == 4);
  CHECK(f.posted == 8);
  CHECK(f.unposted == 0);
  // Runs at 0:30, 1:00, 1:30: lags 20, 10, 10 and 20 minutes, each for a sale and its tender.
  CHECK(f.posting_lag.count() == 8);
  CHECK(f.posting_lag.mean() == Approx(15 * 60.0));
  CHECK(f.posting_lag.max() == Approx(20 * 60.0));
  // Reconciled at the first hourly run after both are posted: 1:00, 1:00, 1:00, 2:00.
  CHECK(f.reconcile_lag.count() == 4);
  CHECK(f.reconcile_lag.mean() == Approx((50 + 40 + 10 + 50) / 4.0 * 60.0));
  CHECK(f.exceptions == 0);
  CHECK(f.unreconciled == 0);
  CHECK(f.close_effort_hours == 0.0);
}

TEST_CASE("Finance: a posting run's capacity leaves the newest documents unposted at period end", "[analysis][finance]") {
  analysis::RetailRecorder::Context context = ledger(180);
  context.finance.post_capacity = 1;
  const analysis::FinanceMetrics f = run(context).finance;
  // One document a run, oldest first, at 0:30, 1:00, ..., 3:00: six of eight.
  CHECK(f.posted == 6);
  CHECK(f.unposted == 2);
  CHECK(f.revenue_unposted == 10.0);  // the 1:10 sale (one unit) and its tender
  // Lags: 0:10's sale 20m and tender 50m, 0:20's 70m and 100m, 0:50's 100m and 130m.
  CHECK(f.posting_lag.mean() == Approx((20 + 50 + 70 + 100 + 100 + 130) / 6.0 * 60.0));
  // The last two tenders' sales were never both posted: unreconciled at close.
  CHECK(f.unreconciled == 1);
}

TEST_CASE("Finance: split tenders settle separately, and every mismatch is a case for the team", "[analysis][finance]") {
  analysis::RetailRecorder::Context context = ledger(240);
  context.finance.split_tender_share = {1.0};
  context.finance.tender_mismatch = {1.0};
  const analysis::FinanceMetrics f = run(context).finance;
  CHECK(f.tenders == 8);
  CHECK(f.documents == 12);
  CHECK(f.exceptions == 8);
  // Six cases reach the 1:00 run, two the 2:00 run; one person, 10 minutes each: the
  // first six are done at 1:10 ... 2:00 (waits 10, 20, ..., 60 minutes), the next two
  // at 2:10 and 2:20.
  CHECK(f.exception_time.count() == 8);
  CHECK(f.exception_time.mean() == Approx((10 + 20 + 30 + 40 + 50 + 60 + 10 + 20) / 8.0 * 60.0));
  CHECK(f.close_effort_hours == Approx(8 * 10 / 60.0));
  CHECK(f.utilisation == Approx(80.0 / 240.0));
  CHECK(f.unreconciled == 0);
  // Without split tenders, a share of 0.5 splits about half the orders: the draw is
  // per order and the same whatever the order records are read in.
  context.finance.split_tender_share = {0.5};
  context.finance.tender_mismatch = {0.0};
  const analysis::FinanceMetrics half = run(context).finance;
  CHECK(half.tenders >= 4);
  CHECK(half.tenders <= 8);
  CHECK(run(context).finance.tenders == half.tenders);
}

TEST_CASE("Finance: a case still in hand at period end is unreconciled, its effort counted", "[analysis][finance]") {
  analysis::RetailRecorder::Context context = ledger(65);
  context.finance.tender_mismatch = {1.0};
  const analysis::FinanceMetrics f = run(context).finance;
  // At 1:00 three tenders are posted with their sales: three cases; by 1:05 none is done.
  CHECK(f.exceptions == 3);
  CHECK(f.exception_time.count() == 0);
  CHECK(f.unreconciled == 4);  // the three cases and the 1:10 sale's tender (not posted)
  CHECK(f.close_effort_hours == Approx(3 * 10 / 60.0));
}

TEST_CASE("Finance: no ledger, no figures", "[analysis][finance]") {
  analysis::RetailRecorder::Context context = ledger(240);
  context.finance.ledger = false;
  const analysis::RetailMetrics m = run(context);
  CHECK_FALSE(m.finance.present);
  CHECK(m.finance.documents == 0);
  const std::vector<analysis::Observation> obs = analysis::observations(m, 0);
  for (const analysis::Observation& o : obs) {
    CHECK(o.metric != "documents_posted");
  }
}

TEST_CASE("Finance: a document at time 0 posts at the run at 0", "[analysis][finance]") {
  analysis::RetailRecorder recorder(1);
  recorder.record(0, at_min(0), probes::kPosSale, 1, probes::channel_sku(0, 1));
  const analysis::FinanceMetrics f = recorder.compute(ledger(60)).finance;
  CHECK(f.posted == 2);
  CHECK(f.posting_lag.max() == 0.0);
}

TEST_CASE("Finance: a walk-in basket's lines split their tenders together, whatever other stores sold",
          "[analysis][finance]") {
  analysis::RetailRecorder::Context context = ledger(600);
  context.finance.split_tender_share = {0.5};
  const auto tenders = [&context](bool other_store) {
    analysis::RetailRecorder recorder(2);
    for (std::int64_t basket = 0; basket < 40; ++basket) {  // two lines a basket, at one instant
      recorder.record(1, at_min(5 + basket), probes::kPosSale, 1, probes::channel_sku(0, 1));
      recorder.record(1, at_min(5 + basket), probes::kPosSale, 2, probes::channel_sku(0, 1));
    }
    if (other_store) {  // store 0's sales (read first) shift nothing at store 1
      recorder.record(0, at_min(3), probes::kPosSale, 1, probes::channel_sku(0, 1));
    }
    return recorder.compute(context).finance.tenders - (other_store ? 1 : 0);
  };
  const std::uint64_t alone = tenders(false);
  CHECK(alone > 80);             // some baskets split ...
  CHECK(alone < 160);            // ... not all
  CHECK((alone - 80) % 2 == 0);  // each split basket adds a tender to both its lines
  // Store 0's sale may split too: its own tenders are 1 or 2; store 1's are the same.
  const std::uint64_t with_other = tenders(true);
  CHECK((with_other == alone || with_other == alone + 1));
}
