#include "analysis/recorders/returns_status.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/retail/messages.h"
#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

namespace {

// Keeps the earliest time per key.
template <class Map, class Key>
void keep_first(Map& map, const Key& key, sim::Time when) {
  const auto [it, fresh] = map.emplace(key, when);
  it->second = fresh ? when : std::min(it->second, when);
}

}  // namespace

void ReturnsStatus::index(const ProbeRecord& r) {
  switch (r.probe) {
    case probes::kReturnReceived:
      received(r);
      break;
    case probes::kReturnReason:
      if (r.when >= context_.warmup) {
        const auto code = static_cast<std::size_t>(r.label & 0xFFFFFFFF);
        const std::string name = code < context_.reasons.size() ? context_.reasons[code] : std::to_string(code);
        channel_at(out_, static_cast<std::size_t>(r.label >> 32)).returns_by_reason[name] += 1;
      }
      break;
    default:
      break;
  }
}

void ReturnsStatus::received(const ProbeRecord& r) {
  returns_.emplace(r.label, Return{r.when, static_cast<std::size_t>(r.value)});
  channel_at(out_, static_cast<std::size_t>(r.value)).returns += r.when >= context_.warmup ? 1 : 0;
}

void ReturnsStatus::join(const ProbeRecord& r) {
  if (!joins(r.probe)) {  // what RetailRecorder keeps for this phase
    return;
  }
  switch (r.probe) {
    case probes::kReturnResellable:
    case probes::kRefundAtChannel:
    case probes::kRefundMismatched:
    case probes::kRefundReconciled:
      disposed(r);
      break;
    case probes::kStatusSent:
      sent_.push_back(Sent{r.label, static_cast<std::uint16_t>(r.value), r.when});
      break;
    case probes::kStatusShown:
      keep_first(shown_, std::pair{r.label, static_cast<std::uint16_t>(r.value)}, r.when);  // the first showing
      break;
    default:
      break;
  }
}

void ReturnsStatus::disposed(const ProbeRecord& r) {
  const auto it = returns_.find(r.label);
  if (it == returns_.end()) {
    throw std::logic_error("a refund or disposition for a return never received (return id " +
                           std::to_string(r.label) + ")");
  }
  Return& ret = it->second;
  if (r.probe == probes::kRefundReconciled) {
    ret.reconciled = true;
  }
  if (ret.received < context_.warmup) {
    return;
  }
  ChannelMetrics& c = channel_at(out_, ret.channel);
  const double since = (r.when - ret.received).to_seconds();
  if (r.probe == probes::kReturnResellable) {
    c.returns_resellable += 1;
  } else if (r.probe == probes::kRefundAtChannel) {
    c.return_to_refund.add(since);
  } else if (r.probe == probes::kRefundMismatched) {
    c.refunds_mismatched += 1;
  } else {
    c.refund_lag.add(since);
  }
}

void ReturnsStatus::finish(const LineBook& lines) {
  for (const auto& [id, ret] : returns_) {  // counts only: the order of the map does not matter
    if (ret.received >= context_.warmup && !ret.reconciled) {
      channel_at(out_, ret.channel).refunds_unreconciled += 1;
    }
  }
  for (const Sent& s : sent_) {
    const Line* line = lines.find(s.line);
    if (s.when < context_.warmup || line == nullptr) {
      continue;
    }
    const sim::Time happened =
        s.status == models::retail::status_code(models::retail::OrderStatus::Released) ? line->released : line->shipped;
    const auto seen = shown_.find({s.line, s.status});
    ChannelMetrics& c = channel_at(out_, line->channel);
    if (happened == sim::Time::infinity() || seen == shown_.end()) {
      c.statuses_censored += 1;  // the horizon cuts it: no sample
      continue;
    }
    // The view and the truth disagree from the earlier of the two instants to the later.
    c.status_staleness.add(std::abs((seen->second - happened).to_seconds()));
  }
}

void observe_returns_status(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit) {
  emit.count("returns", labels, "lines", c.returns);
  emit.count("returns_resellable", labels, "lines", c.returns_resellable);
  for (const auto& [reason, count] : c.returns_by_reason) {  // a std::map: in reason order
    Labels by_reason = labels;
    by_reason["reason"] = reason;
    emit.count("returns_by_reason", by_reason, "lines", count);
  }
  emit.latency("return_to_refund", labels, c.return_to_refund);
  emit.latency("refund_lag", labels, c.refund_lag);
  emit.count("refunds_mismatched", labels, "refunds", c.refunds_mismatched);
  emit.count("refunds_unreconciled", labels, "refunds", c.refunds_unreconciled);
  emit.latency("status_staleness", labels, c.status_staleness);
  emit.count("statuses_censored", labels, "statuses", c.statuses_censored);
}

}  // namespace analysis::recorders
