#include "analysis/recorders/fulfilment.h"

#include <algorithm>
#include <limits>
#include <string>

#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

Fulfilment::Fulfilment(const Context& context, RetailMetrics& out)
    : context_(context), out_(out), busy_(context.groups.size()), queued_(context.groups.size()) {
  out.groups.resize(context.groups.size());
  for (std::size_t g = 0; g < context.groups.size(); ++g) {
    out.groups[g].name = context.groups[g];
    out.groups[g].pickers = g < context.group_pickers.size() ? context.group_pickers[g] : 0;
  }
}

void Fulfilment::index(const ProbeRecord& r, const LineBook& lines) {
  const bool counted = r.when >= context_.warmup;
  switch (r.probe) {
    case probes::kLineCaptured:
      backlog_.emplace_back(r.when.count_us(), 1.0);
      break;
    case probes::kLineDropped:
    case probes::kOrderLineLost:  // never reaches the OMS: it leaves the backlog
      backlog_.emplace_back(r.when.count_us(), -1.0);
      break;
    case probes::kLineBopis:
      if (lines.find(r.label) != nullptr) {  // captured before, in LP order
        channel_at(out_, static_cast<std::size_t>(static_cast<std::int64_t>(r.value))).bopis_lines += counted ? 1 : 0;
      }
      break;
    case probes::kPickWait:
      if (counted) {
        out_.groups[group(r.label)].pick_wait.add(r.value);
      }
      break;
    case probes::kPickersBusy:
      busy_[group(r.label)].emplace_back(r.when.count_us(), r.value);
      break;
    case probes::kPickQueue:
      queued_[group(r.label)].emplace_back(r.when.count_us(), r.value);
      break;
    case probes::kSourcingPart:
      if (counted) {  // summed in LP order: the same sum on every engine
        auto& [sum, orders] = out_.sourcing_parts.at(static_cast<std::size_t>(r.label));
        sum += r.value;
        orders += 1;
      }
      break;
    default:
      break;
  }
}

// Releases and shipments join each line's capture, counting lines captured after the warm-up.
void Fulfilment::join(sim::LpId lp, const ProbeRecord& r, const LineBook& lines) {
  if (!joins(r.probe)) {  // what RetailRecorder keeps for this phase
    return;
  }
  if (r.probe == probes::kBopisShipped) {
    const Line* line = lines.find(r.label);
    if (line != nullptr && line->captured >= context_.warmup && shipped_home_.insert(r.label).second) {
      // once, however often a short pick sends it on again
      channel_at(out_, static_cast<std::size_t>(static_cast<std::int64_t>(r.value))).bopis_shipped += 1;
    }
    return;
  }
  if (r.probe != probes::kLineReleased && r.probe != probes::kLineShipped) {
    return;
  }
  const Line* line = lines.find(r.label);  // LineBook::join has thrown for a line never captured
  ChannelMetrics& c = channel_at(out_, static_cast<std::size_t>(static_cast<std::int64_t>(r.value)));
  if (line == nullptr) {
    return;
  }
  if (r.probe == probes::kLineReleased) {
    released(r, *line, c);
  } else {
    shipped(lp, r, *line, c);
  }
}

void Fulfilment::released(const ProbeRecord& r, const Line& line, ChannelMetrics& c) {
  if (!released_.insert(r.label).second) {
    return;  // the first release counts
  }
  backlog_.emplace_back(r.when.count_us(), -1.0);
  if (line.captured >= context_.warmup) {
    c.release_latency.add((r.when - line.captured).to_seconds());
  }
}

void Fulfilment::shipped(sim::LpId lp, const ProbeRecord& r, const Line& line, ChannelMetrics& c) {
  if (line.captured < context_.warmup) {
    return;
  }
  if (r.when == line.shipped) {  // its first shipment (LineBook::join has seen this record)
    c.lines_fulfilled += 1;      // shipped when the carrier collects it (a pickup: ready at the counter)
  }
  c.cycle_time.add((r.when - line.captured).to_seconds());
  // The LP that shipped it: an order whose lines leave from two nodes is split.
  constexpr int kOrderShift = 20;  // a line id is (capture node, order) << 20 | SKU (OrderLine::id)
  const auto [order, fresh] = shipped_from_.emplace(r.label >> kOrderShift, std::pair{lp, false});
  if (!fresh && order->second.first != lp && !order->second.second) {
    order->second.second = true;
    c.split_orders += 1;
  }
}

// A promised line (not oversold) whose promise fell due within the horizon is
// a miss if it had not shipped by then; later promises are not judged, but
// counted as censored. So are latencies the horizon cuts: lines (not oversold)
// not released, or not shipped, by then.
void Fulfilment::judge_sla(const LineBook& lines) {
  for (const auto& [id, line] : lines.all()) {  // counts only: the order of the map does not matter
    if (line.captured < context_.warmup || line.oversold || line.channel >= out_.channels.size()) {
      continue;
    }
    ChannelMetrics& c = out_.channels[line.channel];
    c.release_censored += released_.contains(id) ? 0 : 1;
    c.cycle_censored += line.shipped == sim::Time::infinity() ? 1 : 0;
    if (line.channel >= context_.promises.size()) {
      continue;
    }
    const bool pickup = line.bopis && line.channel < context_.bopis_promises.size();
    const sim::Time due = line.captured + (pickup ? context_.bopis_promises : context_.promises)[line.channel];
    if (due > context_.end) {
      c.sla_censored += 1;
      continue;
    }
    c.sla_due += 1;
    c.sla_misses += line.shipped > due ? 1 : 0;
  }
}

void Fulfilment::finish(const LineBook& lines) {
  judge_sla(lines);
  for (std::size_t g = 0; g < out_.groups.size(); ++g) {
    GroupMetrics& m = out_.groups[g];
    const double pickers = m.pickers > 0 ? static_cast<double>(m.pickers) : std::numeric_limits<double>::quiet_NaN();
    const auto [busy_mean, busy_max] = settle_level(busy_[g], context_);
    m.utilisation_mean = busy_mean / pickers;
    m.utilisation_max = busy_max / pickers;
    std::tie(m.queue_mean, m.queue_max) = settle_level(queued_[g], context_);
    m.waiting_at_end = static_cast<std::uint64_t>(final_level(queued_[g]));
    group_series_.push_back(minute_level("pick_queue", "lines", queued_[g], context_.end, Labels{{"node", m.name}}));
    group_series_.push_back(
        minute_level("utilisation", "ratio", busy_[g], context_.end, Labels{{"node", m.name}}, pickers));
  }
  std::tie(out_.release_backlog_mean, out_.release_backlog_max) = settle_level(backlog_, context_);
  backlog_series_.push_back(minute_level("release_backlog", "lines", backlog_, context_.end));
}

void observe_fulfilment(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit) {
  emit.latency("release_latency", labels, c.release_latency);
  emit.count("release_latency_censored", labels, "lines", c.release_censored);
  emit.latency("cycle_time", labels, c.cycle_time);
  emit.count("cycle_time_censored", labels, "lines", c.cycle_censored);
  emit.count("sla_misses", labels, "lines", c.sla_misses);
  emit.count("split_shipments", labels, "orders", c.split_orders);
  emit.count("bopis_lines", labels, "lines", c.bopis_lines);
  emit.count("bopis_shipped_home", labels, "lines", c.bopis_shipped);
  emit.fraction("sla_miss_rate", labels, c.sla_misses, c.sla_due);
  emit.count("sla_censored", labels, "lines", c.sla_censored);
}

void observe_groups(const RetailMetrics& metrics, ObservationWriter& emit) {
  for (const GroupMetrics& g : metrics.groups) {
    const Labels labels{{"node", g.name}};
    emit.latency("pick_wait", labels, g.pick_wait);
    emit.count("pick_wait_censored", labels, "lines", g.waiting_at_end);
    emit.level("utilisation", labels, "ratio", g.utilisation_mean, g.utilisation_max);
    emit.level("pick_queue", labels, "lines", g.queue_mean, g.queue_max);
  }
  emit.level("release_backlog", {}, "lines", metrics.release_backlog_mean, metrics.release_backlog_max);
}

void observe_sourcing(const RetailMetrics& metrics, ObservationWriter& emit) {
  for (std::size_t part = 0; part < metrics.sourcing_parts.size(); ++part) {
    const auto& [sum, orders] = metrics.sourcing_parts[part];
    if (orders > 0) {
      const std::string name(probes::kSourcingParts[part]);
      const std::string unit = name.ends_with("_hours") ? "h"
                               : name == "shipments"    ? "shipments"
                               : name == "risk"         ? "score"
                                                        : "currency";
      emit.ratio("sourcing_score", {{"part", name}}, unit, sum / static_cast<double>(orders));
    }
  }
}

}  // namespace analysis::recorders
