#include "analysis/recorders/outages.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "analysis/recorders/money.h"
#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

Outages::Outages(const Context& context, RetailMetrics& out) : context_(context), out_(out) {
  out.outages.present = context.outages;
}

void Outages::index(sim::LpId lp, const ProbeRecord& r) {
  OutageMetrics& m = out_.outages;
  const bool counted = r.when >= context_.warmup;
  switch (r.probe) {
    case probes::kSystemDown: {
      const auto node = static_cast<std::size_t>(r.label);
      const std::string name = node < context_.nodes.size() ? context_.nodes[node] : "lp#" + std::to_string(node);
      const double inside = std::min(r.value, (context_.end - r.when).to_seconds());
      m.downtime_hours[name] += std::max(0.0, inside) / 3600.0;
      break;
    }
    case probes::kMessageHeld: m.held += counted ? 1 : 0; break;
    case probes::kReplayDrain:
      if (counted) {
        m.drain.add(r.value);
      }
      break;
    case probes::kOrderRefused:
      if (counted) {
        ChannelMetrics& c = out_.channels.at(checked_index(r.label, out_.channels.size(), "channel"));
        (r.value == probes::kRefusedSiteDown ? c.orders_site_down : c.orders_checkout_closed) += 1;
      }
      break;
    case probes::kLineRefused:
      if (counted) {
        const auto channel = static_cast<std::size_t>(r.label >> 32);
        ChannelMetrics& c = out_.channels.at(checked_index(static_cast<std::int64_t>(channel), out_.channels.size(), "channel"));
        add_lost_sale(context_, c, probes::sku_of_line(r.label), static_cast<std::uint64_t>(r.value));
      }
      break;
    case probes::kLineCapturedOmsDown:
      if (counted) {
        out_.channels.at(checked_index(r.label, out_.channels.size(), "channel")).lines_captured_oms_down += 1;
      }
      break;
    case probes::kDuplicateOrderSuppressed:
    case probes::kDuplicateOrderApplied:
    case probes::kConfirmationSent:
    case probes::kStatusShown:
      index_order_fault(lp, r, counted);
      break;
    case probes::kPosSaleOffline: m.pos_units_offline += counted ? static_cast<std::uint64_t>(r.value) : 0; break;
    case probes::kMessageLost: m.lost_on_the_way += r.label == 3 ? 0 : 1; break;  // (3: a broker refused it, delivered)
    case probes::kMessagesSent: m.sent += static_cast<std::uint64_t>(r.value); break;
    case probes::kMessagesDelivered: m.delivered += static_cast<std::uint64_t>(r.value); break;
    case probes::kMessagesInFlight: m.in_flight += static_cast<std::uint64_t>(r.value); break;
    case probes::kMessagesDeadLettered: m.dead_at_end += static_cast<std::uint64_t>(r.value); break;
    case probes::kDeadLettered: m.dead_lettered += counted ? 1 : 0; break;
    case probes::kRedriven:
      if (counted) {
        m.redriven += 1;
        m.dead_letter_time.add(r.value);
      }
      break;
    case probes::kDeadLetterDepth: depth_.emplace_back(r.when.count_us(), r.value); break;
    case probes::kExceptionBusy: busy_.emplace_back(r.when.count_us(), r.value); break;
    case probes::kExceptionStaff: staff_ += r.value; break;
    default: break;
  }
}

// Copied order lines, shipment confirmations and statuses (index, order-side faults).
void Outages::index_order_fault(sim::LpId lp, const ProbeRecord& r, bool counted) {
  OutageMetrics& m = out_.outages;
  switch (r.probe) {
    case probes::kDuplicateOrderSuppressed:
    case probes::kDuplicateOrderApplied:
      if (counted) {
        ChannelMetrics& c = out_.channels.at(checked_index(static_cast<std::int64_t>(r.value), out_.channels.size(), "channel"));
        (r.probe == probes::kDuplicateOrderApplied ? c.duplicate_orders_applied : c.duplicate_orders_suppressed) += 1;
      }
      if (r.probe == probes::kDuplicateOrderApplied) {
        copies_.try_emplace(r.label, counted);
      }
      break;
    case probes::kConfirmationSent:
      confirming_.try_emplace(r.label, r.when);
      break;
    case probes::kStatusShown:
      if (m.present) {
        if (lp != shown_at_) {  // records come LP by LP: each customer service's view by itself
          shown_.clear();
          shown_at_ = lp;
        }
        auto [it, fresh] = shown_.try_emplace(r.label, r.value);
        if (!fresh && r.value < it->second) {
          m.status_regressions += counted ? 1 : 0;  // an older status shown after a newer one
        } else {
          it->second = r.value;
        }
      }
      break;
    default: break;
  }
}

void Outages::join(const ProbeRecord& r, const LineBook& lines) {
  if (!joins(r.probe)) {
    return;
  }
  if (r.probe == probes::kDuplicateOrderShipped) {
    // A copy counts where it was applied (after every LP's probes are indexed): one
    // applied before the warm-up's end is not measured, wherever it ships, and a copy
    // shipped in parts counts once.
    if (const auto copy = copies_.find(r.label); copy != copies_.end()) {
      if (copy->second) {
        out_.channels.at(checked_index(static_cast<std::int64_t>(r.value), out_.channels.size(), "channel"))
            .duplicate_orders_shipped += 1;
      }
      copies_.erase(copy);
    }
    return;
  }
  if (r.probe == probes::kLineFulfilled) {
    const auto sent = confirming_.find(r.label);
    if (sent != confirming_.end()) {
      const Line* line = lines.find(r.label);
      if (line != nullptr && line->captured >= context_.warmup) {
        out_.outages.confirmation_lag.add((r.when - sent->second).to_seconds());
      }
      confirming_.erase(sent);
    }
    return;
  }
  if (r.probe == probes::kOrderLineLost) {
    lost_.push_back(r.label);  // judged at the end: a re-sent copy may still have brought it
    return;
  }
  const Line* line = lines.find(r.label);
  if (line != nullptr && line->captured >= context_.warmup) {
    out_.channels.at(line->channel).lines_dead_lettered += 1;
  }
}

void Outages::finish(const LineBook& lines) {
  OutageMetrics& m = out_.outages;
  if (!m.present) {
    return;
  }
  // A line whose message was lost is lost unless the OMS released it all the same (a
  // copy of it came: faults.duplicate, faults.resend); once, however many copies were lost.
  std::sort(lost_.begin(), lost_.end());
  lost_.erase(std::unique(lost_.begin(), lost_.end()), lost_.end());
  for (const std::int64_t id : lost_) {
    const Line* line = lines.find(id);
    if (line != nullptr && line->captured >= context_.warmup && line->released == sim::Time::infinity()) {
      out_.channels.at(line->channel).lines_lost += 1;
    }
  }
  lost_.clear();
  // Confirmations the OMS never heard of, for lines captured after the warm-up (a count:
  // the order of iteration does not matter).
  for (const auto& [id, sent] : confirming_) {
    const Line* line = lines.find(id);
    m.unconfirmed += line != nullptr && line->captured >= context_.warmup ? 1 : 0;
  }
  std::tie(m.depth_mean, m.depth_max) = settle_level(depth_, context_);
  series_.push_back(minute_level("dead_letter_depth", "messages", depth_, context_.end));
  const double busy_mean = settle_level(busy_, context_).first;
  m.utilisation = staff_ > 0.0 ? busy_mean / staff_ : std::numeric_limits<double>::quiet_NaN();
}

void observe_outage_channel(const RetailMetrics& metrics, const ChannelMetrics& c, const Labels& labels,
                            ObservationWriter& emit) {
  if (!metrics.outages.present) {
    return;
  }
  emit.count("orders_refused_site_down", labels, "orders", c.orders_site_down);
  emit.count("orders_refused_checkout_closed", labels, "orders", c.orders_checkout_closed);
  emit.count("lines_captured_oms_down", labels, "lines", c.lines_captured_oms_down);
  emit.count("lines_lost", labels, "lines", c.lines_lost);
  emit.count("lines_dead_lettered", labels, "lines", c.lines_dead_lettered);
  emit.count("duplicate_orders_suppressed", labels, "lines", c.duplicate_orders_suppressed);
  emit.count("duplicate_orders_applied", labels, "lines", c.duplicate_orders_applied);
  emit.count("duplicate_orders_shipped", labels, "lines", c.duplicate_orders_shipped);
}

void observe_outages(const RetailMetrics& metrics, ObservationWriter& emit) {
  const OutageMetrics& m = metrics.outages;
  if (!m.present) {
    return;
  }
  for (const auto& [node, hours] : m.downtime_hours) {
    emit.ratio("system_downtime", Labels{{"node", node}}, "h", hours);
  }
  emit.count("messages_held", {}, "messages", m.held);
  emit.latency("outage_drain", {}, m.drain);
  emit.count("pos_units_offline", {}, "units", m.pos_units_offline);
  emit.count("messages_dead_lettered", {}, "messages", m.dead_lettered);
  emit.count("messages_redriven", {}, "messages", m.redriven);
  emit.level("dead_letter_depth", {}, "messages", m.depth_mean, m.depth_max);
  emit.latency("dead_letter_time", {}, m.dead_letter_time);
  emit.ratio("exception_utilisation", {}, "ratio", m.utilisation);
  emit.latency("confirmation_lag", {}, m.confirmation_lag);
  emit.count("shipments_unconfirmed", {}, "lines", m.unconfirmed);
  emit.count("status_regressions", {}, "statuses", m.status_regressions);
  const double run_hours = metrics.measured_hours + metrics.warmup_hours;
  emit.count_over("messages_in_dead_letter", {}, "messages", m.dead_at_end, run_hours);
  emit.count_over("messages_sent", {}, "messages", m.sent, run_hours);
  emit.count_over("messages_delivered", {}, "messages", m.delivered, run_hours);
  emit.count_over("messages_in_flight", {}, "messages", m.in_flight, run_hours);
  const std::uint64_t accounted = m.delivered + m.lost_on_the_way + m.dead_at_end + m.in_flight;
  emit.count_over("messages_unaccounted", {}, "messages", m.sent > accounted ? m.sent - accounted : accounted - m.sent,
                  run_hours);
}

}  // namespace analysis::recorders
