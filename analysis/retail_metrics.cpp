#include "analysis/retail_metrics.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

#include "analysis/recorders/backorders.h"
#include "analysis/recorders/accuracy.h"
#include "analysis/recorders/fulfilment.h"
#include "analysis/recorders/inventory.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/middleware.h"
#include "analysis/recorders/money.h"
#include "analysis/recorders/observe.h"
#include "analysis/recorders/outcomes.h"
#include "analysis/recorders/returns_status.h"
#include "sim/memory.h"

namespace analysis {

void RetailRecorder::record(sim::LpId lp, sim::Time when, sim::ProbeId probe, double value, std::int64_t label) {
  if (lp >= per_lp_.size()) {
    throw std::out_of_range("RetailRecorder: LP #" + std::to_string(lp) + " beyond the LPs it was sized for");
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
  RetailMetrics out;
  out.channels.resize(context.channels.size());
  for (std::size_t c = 0; c < context.channels.size(); ++c) {
    out.channels[c].name = context.channels[c];
  }
  out.measured_hours = (context.end - context.warmup).to_seconds() / 3600.0;
  out.warmup_hours = (context.warmup - sim::Time::zero()).to_seconds() / 3600.0;

  recorders::LineBook lines;
  recorders::Outcomes outcomes(context, out);
  recorders::Fulfilment fulfilment(context, out);
  recorders::Middleware middleware(context, out);
  recorders::Inventory inventory(context, out);
  recorders::ReturnsStatus returns(context, out);
  recorders::Backorders backorders(context, out);
  recorders::Accuracy accuracy(context, out);
  const auto joined = [](sim::ProbeId probe) {
    return recorders::LineBook::joins(probe) || recorders::Outcomes::joins(probe) ||
           recorders::Fulfilment::joins(probe) || recorders::ReturnsStatus::joins(probe) ||
           recorders::Backorders::joins(probe);
  };
  // Counted first, so that what grows with the records is allocated once, at its size.
  std::vector<std::vector<PackedRecord>> to_join(per_lp_.size());
  for (sim::LpId lp = 0; lp < per_lp_.size(); ++lp) {
    std::size_t kept = 0;
    per_lp_[lp].for_each([&](const ProbeRecord& r) {
      kept += joined(r.probe) ? 1 : 0;
      outcomes.expect(r);
      accuracy.expect(r);
    });
    to_join[lp].reserve(kept);
  }
  outcomes.reserve();
  accuracy.reserve();
  std::size_t freed = 0;  // bytes of records freed since memory was last given back
  for (sim::LpId lp = 0; lp < per_lp_.size(); ++lp) {
    freed += per_lp_[lp].bytes();
    std::size_t idx = 0;
    per_lp_[lp].drain([&](const ProbeRecord& r) {
      if (r.probe == kArrayRecord) {  // only levels come as arrays
        const auto probe = static_cast<sim::ProbeId>(r.value);
        const std::vector<std::int64_t>& values = *arrays_[lp][static_cast<std::size_t>(r.label)];
        outcomes.index_array(lp, probe, values);
        inventory.index_array(lp, r.when, probe, values);
        accuracy.index_array(lp, r.when, probe, values);
        ++idx;
        return;
      }
      lines.index(r);  // first: the others look lines up
      outcomes.index(lp, idx, r);
      fulfilment.index(r, lines);
      middleware.index(r);
      inventory.index(lp, r);
      returns.index(r);
      accuracy.index(lp, r);
      if (joined(r.probe)) {
        to_join[lp].push_back(PackedRecord::of(r));
      }
      ++idx;
    });
    if (freed > (std::size_t{256} << 20)) {  // the recorders' arrays grow as the records go: reuse
      sim::return_free_memory();
      freed = 0;
    }
  }
  sim::return_free_memory();  // the records just read: before the joins and the sweeps allocate
  for (sim::LpId lp = 0; lp < per_lp_.size(); ++lp) {
    for (const PackedRecord& p : to_join[lp]) {
      const ProbeRecord r = p.unpack();
      lines.join(r);  // first: it marks oversold lines and throws for lines never captured
      outcomes.join(r, lines);
      fulfilment.join(lp, r, lines);
      returns.join(r);
      backorders.join(r, lines);
    }
    std::vector<PackedRecord>().swap(to_join[lp]);
  }
  outcomes.finish(lines);
  fulfilment.finish(lines);
  middleware.finish();
  inventory.finish();
  returns.finish(lines);
  accuracy.finish();
  // The series in a fixed order: per channel, per group, per broker, network-wide.
  out.series = outcomes.take_series();
  const auto append = [&out](std::vector<Series> part) {
    std::move(part.begin(), part.end(), std::back_inserter(out.series));
  };
  append(fulfilment.take_group_series());
  append(middleware.take_series());
  append(fulfilment.take_backlog_series());
  append(inventory.take_series());
  return out;
}

std::vector<Observation> observations(const RetailMetrics& metrics, std::uint64_t events) {
  std::vector<Observation> out;
  recorders::ObservationWriter emit(out, metrics.measured_hours);
  for (const ChannelMetrics& c : metrics.channels) {
    const Labels labels{{"channel", c.name}};
    recorders::observe_outcomes(c, labels, emit);
    recorders::observe_money(c, labels, emit);
    recorders::observe_fulfilment(c, labels, emit);
    recorders::observe_backorders(c, labels, emit);
    recorders::observe_returns_status(c, labels, emit);
  }
  recorders::observe_groups(metrics, emit);
  recorders::observe_middleware(metrics, emit);
  recorders::observe_sourcing(metrics, emit);
  recorders::observe_throttling(metrics, emit);
  recorders::observe_inventory(metrics, emit);
  recorders::observe_accuracy(metrics, emit);
  // The engine counts the whole run, warm-up included: so does the rate.
  emit.count_over("events", {}, "events", events, metrics.measured_hours + metrics.warmup_hours);
  return out;
}

}  // namespace analysis
