#include "analysis/recorders/finance.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <tuple>

#include "sim/hash.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

namespace {

// Draws made outside every LP's stream, keyed by what they decide (hash-based: the
// same whatever order the documents are read in).
enum Purpose : std::uint64_t { kSplitTender = 1, kTenderMismatch = 2 };

double draw(std::uint64_t salt, Purpose purpose, std::uint64_t key) {
  return sim::unit_interval(sim::splitmix64(salt ^ sim::weyl(purpose) ^ sim::splitmix64(key)));
}

constexpr std::uint64_t kTillSaleBit = std::uint64_t{1} << 62;  // a walk-in sale's id (no line id has it)

// The next multiple of `every` at or after `t` (every > 0; t >= 0): 0 itself is one.
sim::Time next_run(sim::Time t, sim::Duration every) {
  const std::int64_t step = every.count_us();
  const std::int64_t us = std::max<std::int64_t>(t.count_us(), 0);
  return sim::Time::from_us((us + step - 1) / step * step);
}

}  // namespace

void Finance::add_sale(sim::Time when, std::uint32_t channel, std::uint32_t sku, std::uint64_t units, std::uint64_t id,
                       std::uint64_t order) {
  const Context::Finance& f = context_.finance;
  const double price = sku < context_.prices.size() ? context_.prices[sku] : 0.0;
  const std::uint64_t sale = docs_.size();
  docs_.push_back(Doc{when, DocKind::Sale, channel, id, price * static_cast<double>(units)});
  const double share = channel < f.split_tender_share.size() ? f.split_tender_share[channel] : 0.0;
  const int tenders = share > 0.0 && draw(f.salt, kSplitTender, order) < share ? 2 : 1;
  for (int t = 0; t < tenders; ++t) {
    docs_.push_back(Doc{when, DocKind::Tender, channel, id * 2 + static_cast<std::uint64_t>(t), 0.0, sale});
  }
}

void Finance::index(sim::LpId lp, const ProbeRecord& r) {
  if (!context_.finance.ledger || r.when < context_.warmup) {
    return;
  }
  if (r.probe == probes::kPosSale) {
    // A walk-in line's identity is its store's and its number there (records come LP by
    // LP: another store's sales never shift it); its order is the customer's basket,
    // whose lines the till sells at one instant.
    if (lp != till_lp_) {
      till_lp_ = lp;
      till_sales_ = 0;
    }
    const auto channel = static_cast<std::uint32_t>(r.label >> 32);
    const std::uint64_t id = kTillSaleBit | (static_cast<std::uint64_t>(lp) << 32) | till_sales_++;
    const std::uint64_t basket = sim::splitmix64(static_cast<std::uint64_t>(lp) ^ sim::weyl(static_cast<std::uint64_t>(r.when.count_us())));
    add_sale(r.when, channel, static_cast<std::uint32_t>(r.label & 0xFFFFFFFF), static_cast<std::uint64_t>(r.value),
             id, basket);
  } else if (r.probe == probes::kRefundAtChannel) {
    docs_.push_back(Doc{r.when, DocKind::Refund, static_cast<std::uint32_t>(r.value), static_cast<std::uint64_t>(r.label)});
  }
}

void Finance::join(const ProbeRecord& r, const LineBook& lines) {
  if (!context_.finance.ledger || r.probe != probes::kLineFulfilled) {
    return;
  }
  const Line* line = lines.find(r.label);
  if (line != nullptr && line->captured >= context_.warmup) {
    fulfilled_.push_back(Sold{r.label, static_cast<std::uint32_t>(probes::channel_of_value(r.value)),
                              static_cast<std::uint32_t>(probes::units_of_value(r.value))});
  }
}

// The ERP's posting job: oldest documents first, at most post_capacity a run.
void Finance::post() {
  const Context::Finance& f = context_.finance;
  FinanceMetrics& m = out_.finance;
  std::size_t next = 0;
  std::optional<sim::Time> last;  // the previous run that posted
  while (next < docs_.size()) {
    sim::Time run = next_run(docs_[next].when, f.post_every);
    run = last ? std::max(run, *last + f.post_every) : run;
    last = run;
    if (run > context_.end) {
      break;
    }
    std::size_t posted = 0;
    while (next < docs_.size() && docs_[next].when <= run && (f.post_capacity == 0 || posted < static_cast<std::size_t>(f.post_capacity))) {
      Doc& d = docs_[next++];
      d.posted = run;
      m.posting_lag.add((run - d.when).to_seconds());
      ++posted;
    }
    m.posted += posted;
  }
  for (std::size_t i = next; i < docs_.size(); ++i) {
    m.unposted += 1;
    m.revenue_unposted += docs_[i].kind == DocKind::Sale ? docs_[i].amount : 0.0;
  }
}

// Reconciliation runs, then the exception team (c people, first in first out).
void Finance::reconcile() {
  const Context::Finance& f = context_.finance;
  FinanceMetrics& m = out_.finance;
  struct Case {
    sim::Time arrived;
    std::size_t tender;
  };
  std::vector<Case> cases;
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    const Doc& d = docs_[i];
    if (d.kind != DocKind::Tender) {
      continue;
    }
    m.tenders += 1;
    const sim::Time ready = std::max(d.posted, docs_[d.sale].posted);  // both posted
    if (ready == sim::Time::infinity()) {
      m.unreconciled += 1;
      continue;
    }
    const sim::Time run = next_run(ready, f.reconcile_every);
    if (run > context_.end) {
      m.unreconciled += 1;
      continue;
    }
    const double mismatch = d.channel < f.tender_mismatch.size() ? f.tender_mismatch[d.channel] : 0.0;
    if (mismatch > 0.0 && draw(f.salt, kTenderMismatch, d.id) < mismatch) {
      cases.push_back(Case{run, i});
    } else {
      m.reconcile_lag.add((run - docs_[d.sale].when).to_seconds());
    }
  }
  // Cases of one run are taken oldest document first (docs_ order).
  std::stable_sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.arrived < b.arrived; });
  std::priority_queue<sim::Time, std::vector<sim::Time>, std::greater<>> free_at;
  for (std::int64_t p = 0; p < f.staff; ++p) {
    free_at.push(sim::Time::zero());
  }
  const sim::Time from = context_.warmup;
  double busy_s = 0.0;
  for (const Case& c : cases) {
    const Doc& d = docs_[c.tender];
    const sim::Time start = std::max(c.arrived, free_at.top());
    free_at.pop();
    const sim::Duration handling = f.handling ? f.handling(d.id) : sim::Duration::zero();
    const sim::Time done = start + handling;
    free_at.push(done);
    m.exceptions += 1;
    m.close_effort_hours += handling.to_seconds() / 3600.0;
    const sim::Time busy_from = std::max(start, from);
    const sim::Time busy_to = std::min(done, context_.end);
    busy_s += busy_to > busy_from ? (busy_to - busy_from).to_seconds() : 0.0;
    if (done <= context_.end) {
      m.exception_time.add((done - c.arrived).to_seconds());
      m.reconcile_lag.add((done - docs_[d.sale].when).to_seconds());
    } else {
      m.unreconciled += 1;
    }
  }
  const double window = (context_.end - from).to_seconds() * static_cast<double>(f.staff);
  m.utilisation = cases.empty() || window <= 0.0 ? std::numeric_limits<double>::quiet_NaN() : busy_s / window;
}

void Finance::chargebacks() {
  const std::vector<double>& cost = context_.finance.chargeback_cost;
  for (std::size_t ch = 0; ch < out_.channels.size() && ch < cost.size(); ++ch) {
    if (cost[ch] <= 0.0) {
      continue;
    }
    ChannelMetrics& c = out_.channels[ch];
    c.chargebacks = c.canceled_after_promise + c.backorders_canceled + c.sla_misses;
    c.chargeback_cost = cost[ch] * static_cast<double>(c.chargebacks);
  }
}

void Finance::finish(const LineBook& lines) {
  out_.finance.chargebacks = context_.finance.chargebacks();
  chargebacks();
  FinanceMetrics& m = out_.finance;
  m.present = context_.finance.ledger;
  if (!m.present) {
    return;
  }
  for (const Sold& s : fulfilled_) {  // join order: a fixed order
    const Line* line = lines.find(s.line);
    if (line != nullptr && line->shipped != sim::Time::infinity()) {
      const auto id = static_cast<std::uint64_t>(s.line);
      add_sale(line->shipped, s.channel, probes::sku_of_line(s.line), s.units, id, id >> 20);
    }
  }
  fulfilled_.clear();
  // Oldest first; ties: sales, their tenders, refunds; then by id. Tenders point at their
  // sale by index: carry the sale's id through the sort and look it up after.
  std::vector<std::uint64_t> sale_id(docs_.size());
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    sale_id[i] = docs_[i].kind == DocKind::Tender ? docs_[docs_[i].sale].id : 0;
  }
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    docs_[i].sale = sale_id[i];
  }
  std::sort(docs_.begin(), docs_.end(), [](const Doc& a, const Doc& b) {
    return std::tie(a.when, a.kind, a.id) < std::tie(b.when, b.kind, b.id);
  });
  sim::FlatHashMap<std::uint64_t, std::size_t> sale_at;
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    if (docs_[i].kind == DocKind::Sale) {
      sale_at.emplace(docs_[i].id, i);
    }
  }
  for (Doc& d : docs_) {
    if (d.kind == DocKind::Tender) {
      d.sale = sale_at.at(d.sale);
    }
  }
  m.documents = docs_.size();
  post();
  reconcile();
  docs_.clear();
  docs_.shrink_to_fit();
}

void observe_finance(const RetailMetrics& metrics, ObservationWriter& emit) {
  const FinanceMetrics& m = metrics.finance;
  if (!m.present) {
    return;
  }
  emit.count("documents_posted", {}, "documents", m.posted);
  emit.latency("posting_lag", {}, m.posting_lag);
  emit.count("documents_unposted", {}, "documents", m.unposted);
  emit.amount("revenue_unposted", {}, "currency", m.revenue_unposted);
  emit.count("tender_settlements", {}, "tenders", m.tenders);
  emit.count("finance_exceptions", {}, "cases", m.exceptions);
  emit.latency("finance_exception_time", {}, m.exception_time);
  emit.ratio("finance_utilisation", {}, "ratio", m.utilisation);
  emit.latency("reconciliation_lag", {}, m.reconcile_lag);
  emit.count("unreconciled_at_close", {}, "tenders", m.unreconciled);
  emit.amount("close_effort", {}, "person-hours", m.close_effort_hours);
}

void observe_chargebacks(const RetailMetrics& metrics, const ChannelMetrics& c, const Labels& labels,
                         ObservationWriter& emit) {
  if (!metrics.finance.chargebacks) {
    return;
  }
  emit.count("chargebacks", labels, "cases", c.chargebacks);
  emit.amount("chargeback_cost", labels, "currency", c.chargeback_cost);
}

}  // namespace analysis::recorders
