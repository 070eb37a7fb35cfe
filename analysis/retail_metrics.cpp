#include "analysis/retail_metrics.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

#include "analysis/recorders/backorders.h"
#include "analysis/recorders/accuracy.h"
#include "analysis/recorders/finance.h"
#include "analysis/recorders/fulfilment.h"
#include "analysis/recorders/inventory.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/middleware.h"
#include "analysis/recorders/money.h"
#include "analysis/recorders/observe.h"
#include "analysis/recorders/outages.h"
#include "analysis/recorders/outcomes.h"
#include "analysis/recorders/replenishment.h"
#include "analysis/recorders/returns_status.h"
#include "models/retail/messages.h"
#include "sim/memory.h"

namespace analysis {

void RetailRecorder::record(sim::LpId lp, sim::Time when, sim::ProbeId probe, double value, std::int64_t label) {
  if (lp >= per_lp_.size()) {
    throw std::out_of_range("RetailRecorder: LP #" + std::to_string(lp) + " beyond the LPs it was sized for");
  }
  if ((static_cast<std::uint64_t>(label) & models::retail::kResentLineBit) != 0 &&
      models::retail::probes::labels_a_line(probe)) {
    // A re-sent copy a non-idempotent OMS took for an order: no customer's line; only its shipment counts.
    if (probe == models::retail::probes::kLineShipped) {
      per_lp_[lp].push(ProbeRecord{when, models::retail::probes::kDuplicateOrderShipped, value, label});
    }
    return;
  }
  per_lp_[lp].push(ProbeRecord{when, probe, value, label});
}

void RetailRecorder::record_array(sim::LpId lp, sim::Time when, sim::ProbeId probe, const Values& values) {
  if (lp >= per_lp_.size()) {
    throw std::out_of_range("RetailRecorder: LP #" + std::to_string(lp) + " beyond the LPs it was sized for");
  }
  per_lp_[lp].push(
      ProbeRecord{when, kArrayRecord, static_cast<double>(probe), static_cast<std::int64_t>(arrays_[lp].size())});
  arrays_[lp].push_back(values);
}

namespace {

// Every recorder of one computation, each phase handed to all of them in a fixed
// order (LineBook first: the others look lines up).
class Recorders {
 public:
  Recorders(const RetailRecorder::Context& context, RetailMetrics& out)
      : outcomes_(context, out),
        fulfilment_(context, out),
        middleware_(context, out),
        inventory_(context, out),
        returns_(context, out),
        backorders_(context, out),
        accuracy_(context, out),
        replenishment_(context, out),
        outages_(context, out),
        finance_(context, out) {}

  // Whether some join reads records of `probe`: only those outlive the index phase.
  static bool joined(sim::ProbeId probe) {
    return recorders::LineBook::joins(probe) || recorders::Outcomes::joins(probe) ||
           recorders::Fulfilment::joins(probe) || recorders::ReturnsStatus::joins(probe) ||
           recorders::Backorders::joins(probe) || recorders::Outages::joins(probe) || recorders::Finance::joins(probe);
  }
  // Counting, before the index phase: what grows with the records is then allocated once.
  void expect(const ProbeRecord& r) {
    lines_.expect(r);
    outcomes_.expect(r);
    accuracy_.expect(r);
  }
  void reserve() {
    lines_.reserve();
    outcomes_.reserve();
    accuracy_.reserve();
  }
  // A record standing for a whole array (only levels come as arrays).
  void index_array(sim::LpId lp, const ProbeRecord& r, const std::vector<std::int64_t>& values) {
    const auto probe = static_cast<sim::ProbeId>(r.value);
    outcomes_.index_array(lp, probe, values);
    inventory_.index_array(lp, r.when, probe, values);
    accuracy_.index_array(lp, r.when, probe, values);
  }
  void index(sim::LpId lp, std::size_t idx, const ProbeRecord& r) {
    lines_.index(r);
    outcomes_.index(lp, idx, r);
    fulfilment_.index(r, lines_);
    middleware_.index(r);
    inventory_.index(lp, r);
    returns_.index(r);
    accuracy_.index(lp, r);
    replenishment_.index(r);
    outages_.index(lp, r);
    finance_.index(lp, r);
  }
  void join(sim::LpId lp, const ProbeRecord& r) {
    lines_.join(r);  // first: it marks oversold lines and throws for lines never captured
    outcomes_.join(r, lines_);
    fulfilment_.join(lp, r, lines_);
    returns_.join(r);
    backorders_.join(r, lines_);
    outages_.join(r, lines_);
    finance_.join(r, lines_);
  }
  // The figures that need every record, and the series in a fixed order: per channel,
  // per group, per broker, network-wide.
  void finish(RetailMetrics& out) {
    outcomes_.finish(lines_);
    fulfilment_.finish(lines_);
    middleware_.finish();
    inventory_.finish();
    returns_.finish(lines_);
    accuracy_.finish();
    outages_.finish(lines_);
    finance_.finish(lines_);  // after outcomes and fulfilment: chargebacks read their counts
    out.series = outcomes_.take_series();
    const auto append = [&out](std::vector<Series> part) {
      std::move(part.begin(), part.end(), std::back_inserter(out.series));
    };
    append(fulfilment_.take_group_series());
    append(middleware_.take_series());
    append(fulfilment_.take_backlog_series());
    append(inventory_.take_series());
    append(outages_.take_series());
  }

 private:
  recorders::LineBook lines_;
  recorders::Outcomes outcomes_;
  recorders::Fulfilment fulfilment_;
  recorders::Middleware middleware_;
  recorders::Inventory inventory_;
  recorders::ReturnsStatus returns_;
  recorders::Backorders backorders_;
  recorders::Accuracy accuracy_;
  recorders::Replenishment replenishment_;
  recorders::Outages outages_;
  recorders::Finance finance_;
};

RetailMetrics empty_metrics(const RetailRecorder::Context& context) {
  RetailMetrics out;
  out.channels.resize(context.channels.size());
  for (std::size_t c = 0; c < context.channels.size(); ++c) {
    out.channels[c].name = context.channels[c];
  }
  out.measured_hours = (context.end - context.warmup).to_seconds() / 3600.0;
  out.warmup_hours = (context.warmup - sim::Time::zero()).to_seconds() / 3600.0;
  return out;
}

// The index phase: every LP's records (`arrays`: the arrays its array records name),
// freed as they are read; returns, per LP, the records a join reads.
std::vector<std::vector<PackedRecord>> index_all(std::vector<RecordLog>& per_lp,
                                                 const std::vector<std::vector<sim::ProbeSink::Values>>& arrays,
                                                 Recorders& recorders) {
  // Counted first, so that what grows with the records is allocated once, at its size.
  std::vector<std::vector<PackedRecord>> to_join(per_lp.size());
  for (sim::LpId lp = 0; lp < per_lp.size(); ++lp) {
    std::size_t kept = 0;
    per_lp[lp].for_each([&](const ProbeRecord& r) {
      kept += Recorders::joined(r.probe) ? 1 : 0;
      recorders.expect(r);
    });
    to_join[lp].reserve(kept);
  }
  recorders.reserve();
  std::size_t freed = 0;  // bytes of records freed since memory was last given back
  for (sim::LpId lp = 0; lp < per_lp.size(); ++lp) {
    freed += per_lp[lp].bytes();
    std::size_t idx = 0;  // the record's place in its LP's log, arrays included
    per_lp[lp].drain([&](const ProbeRecord& r) {
      if (r.probe == kArrayRecord) {
        recorders.index_array(lp, r, *arrays[lp][static_cast<std::size_t>(r.label)]);
      } else {
        recorders.index(lp, idx, r);
        if (Recorders::joined(r.probe)) {
          to_join[lp].push_back(PackedRecord::of(r));
        }
      }
      ++idx;
    });
    if (freed > (std::size_t{256} << 20)) {  // the recorders' arrays grow as the records go: reuse
      sim::return_free_memory();
      freed = 0;
    }
  }
  return to_join;
}

}  // namespace

// Every recorder reads the records in LP order, then each LP's own order: a
// fixed merge order, whatever engine, thread count or partitioning produced
// them, so floating-point sums and "first seen" choices are bit-identical.
// Two phases: index (captures, receipts, levels, counts), then join (what
// happened later to a line or return captured anywhere in the network).
//
// Only what a join reads outlives the index phase: each LP's log is freed chunk by
// chunk as it is indexed, its join records kept aside (a tenth of them on a large
// day, where levels and queues are the bulk), and those are freed once joined.
RetailMetrics RetailRecorder::compute(const Context& context) {
  if (computed_) {
    throw std::logic_error("RetailRecorder::compute: called twice (the first call consumed the records)");
  }
  computed_ = true;
  RetailMetrics out = empty_metrics(context);
  Recorders all(context, out);
  std::vector<std::vector<PackedRecord>> to_join = index_all(per_lp_, arrays_, all);
  sim::return_free_memory();  // the records just read: before the joins and the sweeps allocate
  for (sim::LpId lp = 0; lp < to_join.size(); ++lp) {
    for (const PackedRecord& p : to_join[lp]) {
      all.join(lp, p.unpack());
    }
    std::vector<PackedRecord>().swap(to_join[lp]);
  }
  all.finish(out);
  return out;
}


std::vector<Observation> observations(const RetailMetrics& metrics, std::uint64_t events) {
  std::vector<Observation> out;
  recorders::ObservationWriter emit(out, metrics.measured_hours);
  for (const ChannelMetrics& c : metrics.channels) {
    const Labels labels{{"channel", c.name}};
    recorders::observe_outcomes(c, labels, emit);
    recorders::observe_money(c, labels, emit);
    recorders::observe_chargebacks(metrics, c, labels, emit);
    recorders::observe_fulfilment(c, labels, emit);
    recorders::observe_backorders(c, labels, emit);
    recorders::observe_returns_status(c, labels, emit);
    recorders::observe_outage_channel(metrics, c, labels, emit);
  }
  recorders::observe_groups(metrics, emit);
  recorders::observe_middleware(metrics, emit);
  recorders::observe_sourcing(metrics, emit);
  recorders::observe_throttling(metrics, emit);
  recorders::observe_inventory(metrics, emit);
  recorders::observe_accuracy(metrics, emit);
  recorders::observe_replenishment(metrics, emit);
  recorders::observe_outages(metrics, emit);
  recorders::observe_finance(metrics, emit);
  // The engine counts the whole run, warm-up included: so does the rate.
  emit.count_over("events", {}, "events", events, metrics.measured_hours + metrics.warmup_hours);
  return out;
}

}  // namespace analysis
