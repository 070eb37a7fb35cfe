// analysis/recorders/finance.h — the ledger: what the ERP posts, when, and what
// finance has to reconcile by hand at period end (scenarios/README.md, "Financial
// posting").
//
// The ledger is downstream of operations: nothing the ERP posts changes what is sold,
// picked or shipped, so it is computed from the run's events, per replication, as
// the ERP's jobs would run them (Context::Finance):
//
//   documents       a sale for every promised line shipped (captured after the warm-up:
//                   those `revenue` counts) and every walk-in sale at a till after it,
//                   at the moment revenue is recognised; a tender settlement for each
//                   tender that paid it (two for an order paid with split tenders: the
//                   channel's split_tender_share, drawn per order); a refund for every
//                   refund reaching the channel's system after the warm-up
//   posting job     at every multiple of post_every, the ERP posts the documents that
//                   came by then, oldest first (ties: sales, then tenders, then refunds;
//                   each by id), at most post_capacity a run (0: all)
//   reconciliation  at every multiple of reconcile_interval, each tender settlement
//                   whose sale and own document are posted is matched: it disagrees
//                   with the channel's tender_mismatch chance (drawn per tender) and
//                   goes to the finance exception queue, else it is reconciled then
//   exception queue finance_staff people, first in first out, each case taking a
//                   handling-time draw (per case: the same whatever the order cases
//                   are read in); a case is reconciled when its person finishes it
//   chargebacks     per marketplace channel with a chargeback_cost: each promised line
//                   canceled after its promise (an oversell, a false cancellation, a
//                   backorder that waited too long) and each SLA miss is a case
//
//   documents_posted, posting_lag (event to posted), documents_unposted and
//   revenue_unposted (at period end: the horizon), tender_settlements,
//   finance_exceptions, finance_exception_time (reconciliation run to resolved),
//   finance_utilisation (busy people / staff over the measured window),
//   reconciliation_lag (a tender's sale to its reconciliation), unreconciled_at_close
//   (tender settlements not reconciled at the horizon), close_effort (person-hours of
//   every exception case the period raised, finished or not); per channel
//   chargebacks and chargeback_cost (taken off gross_margin).
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/observe.h"

namespace analysis::recorders {

class Finance {
 public:
  Finance(const Context& context, RetailMetrics& out) : context_(context), out_(out) {}
  void index(sim::LpId lp, const ProbeRecord& r);
  void join(const ProbeRecord& r, const LineBook& lines);
  [[nodiscard]] static constexpr bool joins(sim::ProbeId probe) {
    return probe == models::retail::probes::kLineFulfilled;
  }
  // After the outcomes and fulfilment recorders' finish (chargebacks read their counts).
  void finish(const LineBook& lines);

 private:
  enum class DocKind : std::uint8_t { Sale, Tender, Refund };
  struct Doc {
    sim::Time when;
    DocKind kind;
    std::uint32_t channel;
    std::uint64_t id;     // the line (sale), the line and tender (tender), the return (refund)
    double amount = 0.0;  // a sale's revenue
    std::uint64_t sale = 0;  // a tender: its sale's index in docs_ (after sorting: rewritten)
    sim::Time posted = sim::Time::infinity();
  };
  struct Sold {
    std::int64_t line;
    std::uint32_t channel;
    std::uint32_t units;
  };
  void add_sale(sim::Time when, std::uint32_t channel, std::uint32_t sku, std::uint64_t units, std::uint64_t id,
                std::uint64_t order);
  void post();
  void reconcile();
  void chargebacks();

  const Context& context_;
  RetailMetrics& out_;
  std::vector<Sold> fulfilled_;  // lines the OMS heard shipped (join): sales once their shipment is known
  std::vector<Doc> docs_;
  sim::LpId till_lp_ = 0;         // walk-in sales: the store whose records are being read
  std::uint64_t till_sales_ = 0;  // ... and its sales so far (their ids)
};

void observe_finance(const RetailMetrics& metrics, ObservationWriter& emit);
void observe_chargebacks(const RetailMetrics& metrics, const ChannelMetrics& c, const Labels& labels,
                         ObservationWriter& emit);

}  // namespace analysis::recorders
