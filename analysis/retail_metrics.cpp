#include "analysis/retail_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "models/retail/messages.h"
#include "models/retail/probes.h"

namespace analysis {

namespace probes = models::retail::probes;

void RetailRecorder::record(sim::LpId lp, sim::Time when, sim::ProbeId probe, double value, std::int64_t label) {
  if (lp >= per_lp_.size()) {
    throw std::out_of_range("RetailRecorder: LP #" + std::to_string(lp) + " beyond the LPs it was sized for");
  }
  per_lp_[lp].push_back(Record{when, probe, value, label});
}

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;

// Per-minute series of one replication, filled as records are read.
class MinuteSeries {
 public:
  MinuteSeries(const std::vector<std::string>& channels, sim::Time end)
      : minutes_(static_cast<std::size_t>((end.count_us() + kMinuteUs - 1) / kMinuteUs)) {
    for (const std::string& channel : channels) {
      for (const char* name : {"orders", "oversells", "turned_away"}) {
        series_.push_back(Series{name, Labels{{"channel", channel}}, name == std::string("orders") ? "orders" : "lines",
                                 std::vector<double>(minutes_, 0.0)});
      }
    }
  }
  // Counts per channel: which 0 orders, 1 oversells, 2 turned away.
  void count(std::size_t channel, int which, sim::Time when) {
    const std::size_t index = channel * 3 + static_cast<std::size_t>(which);
    if (const auto m = minute(when); m < minutes_ && index < series_.size()) {
      series_[index].values[m] += 1.0;
    }
  }
  // A level: `changes` (time, delta) sorted by time; the value at the end of each minute.
  void level(const std::string& name, const std::string& unit, double start,
             const std::vector<std::pair<std::int64_t, double>>& changes, Labels labels = {}, double divisor = 1.0) {
    Series s{name, std::move(labels), unit, std::vector<double>(minutes_, 0.0)};
    double value = start;
    std::size_t next = 0;
    for (std::size_t m = 0; m < minutes_; ++m) {
      const auto minute_end = static_cast<std::int64_t>(m + 1) * kMinuteUs;
      while (next < changes.size() && changes[next].first < minute_end) {
        value += changes[next++].second;
      }
      s.values[m] = value / divisor;
    }
    series_.push_back(std::move(s));
  }
  std::vector<Series> take() { return std::move(series_); }

 private:
  [[nodiscard]] std::size_t minute(sim::Time when) const {
    return when.count_us() < 0 ? minutes_ : static_cast<std::size_t>(when.count_us() / kMinuteUs);
  }
  std::size_t minutes_;
  std::vector<Series> series_;
};

// The time-weighted mean and the peak of a level over [from, to), from sorted changes.
std::pair<double, double> weighted_level(const std::vector<std::pair<std::int64_t, double>>& changes, std::int64_t from,
                                         std::int64_t to) {
  double value = 0.0, area = 0.0, peak = 0.0;
  std::int64_t at = from;
  bool started = false;
  for (const auto& [when, delta] : changes) {
    if (when >= to) {
      break;
    }
    if (when > from) {
      if (!started) {
        peak = value;
        started = true;
      }
      area += value * static_cast<double>(when - at);
      at = when;
    }
    value += delta;
    if (when >= from) {
      peak = std::max(peak, value);
    }
  }
  if (!started) {
    peak = value;
  }
  area += value * static_cast<double>(to - at);
  return {to > from ? area / static_cast<double>(to - from) : std::numeric_limits<double>::quiet_NaN(), peak};
}

}  // namespace

RetailMetrics RetailRecorder::compute(const Context& context) const {
  const std::vector<std::string>& channels = context.channels;
  const sim::Time warmup = context.warmup, end = context.end;
  RetailMetrics out;
  const std::size_t groups = context.groups.size();
  out.groups.resize(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    out.groups[g].name = context.groups[g];
    out.groups[g].pickers = g < context.group_pickers.size() ? context.group_pickers[g] : 0;
  }
  std::vector<std::vector<std::pair<std::int64_t, double>>> busy(groups), queued(groups);
  out.brokers.resize(context.brokers.size());
  for (std::size_t b = 0; b < context.brokers.size(); ++b) {
    out.brokers[b].name = context.brokers[b];
  }
  std::vector<std::vector<std::pair<std::int64_t, double>>> broker_queue(context.brokers.size());
  auto broker = [&](std::int64_t label) -> std::size_t {
    if (label < 0 || static_cast<std::size_t>(label) >= out.brokers.size()) {
      throw std::out_of_range("a probe names broker #" + std::to_string(label) + ", which does not exist");
    }
    return static_cast<std::size_t>(label);
  };
  auto group = [&](std::int64_t label) -> std::size_t {
    if (label < 0 || static_cast<std::size_t>(label) >= groups) {
      throw std::out_of_range("a probe names fulfilment group #" + std::to_string(label) + ", which does not exist");
    }
    return static_cast<std::size_t>(label);
  };
  out.channels.resize(channels.size());
  for (std::size_t c = 0; c < channels.size(); ++c) {
    out.channels[c].name = channels[c];
  }
  out.measured_hours = (end - warmup).to_seconds() / 3600.0;
  out.warmup_hours = (warmup - sim::Time::zero()).to_seconds() / 3600.0;
  MinuteSeries minutes(channels, end);
  struct Line {
    sim::Time captured;
    std::size_t channel = 0;
    sim::Time shipped = sim::Time::infinity();
    bool oversold = false;
    bool bopis = false;
    bool shipped_home = false;  // a pickup line no pickup store could fill
  };
  std::unordered_map<std::int64_t, Line> captured_at;  // line id -> what happened to it
  std::unordered_map<std::int64_t, bool> released;          // line id -> already released
  std::vector<std::pair<std::int64_t, double>> backlog;     // (time, +1 captured / -1 released or dropped)
  std::vector<std::pair<std::int64_t, double>> on_hand;     // (time, change of unreserved units on hand)
  std::map<std::pair<sim::LpId, std::uint32_t>, std::int64_t> level_now;  // (lp, sku) -> level
  auto channel = [&](std::int64_t label) -> ChannelMetrics& {
    const auto idx = static_cast<std::size_t>(label);
    if (idx >= out.channels.size()) {
      throw std::out_of_range("a probe names channel #" + std::to_string(idx) + ", which does not exist");
    }
    return out.channels[idx];
  };
  // (sku) -> changes of physical level: (time, lp, order within the LP, level)
  std::map<std::uint32_t, std::vector<std::tuple<sim::Time, sim::LpId, std::size_t, std::int64_t>>> levels;
  struct TurnAway {
    sim::Time when;
    std::size_t channel;
    std::int64_t units;
  };
  std::map<std::uint32_t, std::vector<TurnAway>> turned_away;
  for (sim::LpId lp = 0; lp < per_lp_.size(); ++lp) {  // LP order: a fixed merge order
    const auto& records = per_lp_[lp];
    for (std::size_t idx = 0; idx < records.size(); ++idx) {
      const Record& r = records[idx];
      const bool counted = r.when >= warmup;
      switch (r.probe) {
        case probes::kPhysicalLevel: {
          levels[static_cast<std::uint32_t>(r.label)].emplace_back(r.when, lp, idx, static_cast<std::int64_t>(r.value));
          auto& now = level_now[{lp, static_cast<std::uint32_t>(r.label)}];
          on_hand.emplace_back(r.when.count_us(), static_cast<double>(static_cast<std::int64_t>(r.value) - now));
          now = static_cast<std::int64_t>(r.value);
          break;
        }
        case probes::kLineCaptured:
          captured_at.emplace(r.label, Line{r.when, static_cast<std::size_t>(r.value)});
          backlog.emplace_back(r.when.count_us(), 1.0);
          break;
        case probes::kLineBopis:
          if (const auto at = captured_at.find(r.label); at != captured_at.end()) {
            at->second.bopis = true;
            channel(static_cast<std::int64_t>(r.value)).bopis_lines += counted ? 1 : 0;
          }
          break;
        case probes::kPickWait:
          if (counted) {
            out.groups[group(r.label)].pick_wait.add(r.value);
          }
          break;
        case probes::kPickersBusy:
          busy[group(r.label)].emplace_back(r.when.count_us(), r.value);
          break;
        case probes::kPickQueue:
          queued[group(r.label)].emplace_back(r.when.count_us(), r.value);
          break;
        case probes::kBrokerQueue:
          broker_queue[broker(r.label)].emplace_back(r.when.count_us(), r.value);
          break;
        case probes::kMessageAge:
          if (counted) {
            out.brokers[broker(r.label)].message_age.add(r.value);
          }
          break;
        case probes::kMessageReplayed:
          out.messages_replayed += counted ? 1 : 0;
          break;
        case probes::kMessageLost:
          out.messages_lost += counted ? 1 : 0;
          break;
        case probes::kMessageRetried:
          out.messages_retried += counted ? 1 : 0;
          break;
        case probes::kMessageReordered:
          out.messages_reordered += counted ? 1 : 0;
          break;
        case probes::kSourcingPart:
          if (counted) {
            auto& [sum, orders] = out.sourcing_parts.at(static_cast<std::size_t>(r.label));
            sum += r.value;
            orders += 1;
          }
          break;
        case probes::kCallThrottled:
          if (counted) {
            out.calls_throttled += 1;
            out.throttle_delay.add(r.value);
          }
          break;
        case probes::kDuplicateApplied:
          out.duplicates_applied += 1;
          out.duplicated_units_applied += static_cast<std::int64_t>(r.value);
          break;
        case probes::kDuplicateSuppressed:
          out.duplicates_suppressed += 1;
          break;
        case probes::kOmsViewUnits:
          out.oms_view_units += static_cast<std::int64_t>(r.value);
          out.has_oms_view = true;
          break;
        case probes::kLineDropped:
          backlog.emplace_back(r.when.count_us(), -1.0);
          break;
        case probes::kLineTurnedAway:
          minutes.count(static_cast<std::size_t>(r.label >> 32), 2, r.when);
          if (counted) {
            channel(r.label >> 32).lines_turned_away += 1;
            turned_away[static_cast<std::uint32_t>(r.label & 0xFFFFFFFF)].push_back(
                TurnAway{r.when, static_cast<std::size_t>(r.label >> 32), static_cast<std::int64_t>(r.value)});
          }
          break;
        case probes::kOrderCaptured:
          minutes.count(static_cast<std::size_t>(r.label), 0, r.when);
          channel(r.label).orders += counted ? 1 : 0;
          break;
        case probes::kLinePromised:
          channel(r.label).lines_promised += counted ? 1 : 0;
          break;
        case probes::kPosSale:
          channel(r.label).pos_sales += counted ? 1 : 0;
          break;
        case probes::kPosStockout:
          minutes.count(static_cast<std::size_t>(r.label), 2, r.when);
          channel(r.label).pos_stockouts += counted ? 1 : 0;
          break;
        case probes::kLineFulfilled:
        case probes::kOversellResourced:
        case probes::kOversellBackordered:
        case probes::kOversellCanceled:
          channel(static_cast<std::int64_t>(probes::channel_of_value(r.value)));  // checks the channel
          if (r.probe != probes::kLineFulfilled) {
            minutes.count(probes::channel_of_value(r.value), 1, r.when);  // the series: when it was found
          }
          break;
        case probes::kUnitsReceived:
          out.units.received += static_cast<std::int64_t>(r.value);
          break;
        case probes::kUnitsOnHand:
          out.units.on_hand += static_cast<std::int64_t>(r.value);
          break;
        case probes::kUnitsReserved:
          out.units.reserved += static_cast<std::int64_t>(r.value);
          break;
        case probes::kUnitsShipped:
          out.units.shipped += static_cast<std::int64_t>(r.value);
          break;
        case probes::kUnitsSold:
          out.units.sold += static_cast<std::int64_t>(r.value);
          break;
        case probes::kUnitsDamaged:
          out.units.damaged += static_cast<std::int64_t>(r.value);
          break;
        case probes::kUnitsReturned:
          out.units.returned += static_cast<std::int64_t>(r.value);
          break;
        default:
          break;
      }
    }
  }
  std::unordered_map<std::int64_t, std::pair<sim::LpId, bool>> shipped_from;  // order -> first node, split
  // Outcomes and latencies: join each line's fulfilment, oversell, release and
  // shipment to its capture, in LP order (a fixed order), counting lines
  // captured after the warm-up.
  for (sim::LpId lp = 0; lp < per_lp_.size(); ++lp) {
    for (const Record& r : per_lp_[lp]) {
      if (r.probe == probes::kLineFulfilled || r.probe == probes::kOversellResourced ||
          r.probe == probes::kOversellBackordered || r.probe == probes::kOversellCanceled) {
        const auto at = captured_at.find(r.label);
        if (at == captured_at.end()) {
          throw std::logic_error("an outcome for a line never captured (line id " + std::to_string(r.label) + ")");
        }
        if (r.probe != probes::kLineFulfilled) {
          at->second.oversold = true;
        }
        if (at->second.captured < warmup) {
          continue;
        }
        ChannelMetrics& c = channel(static_cast<std::int64_t>(probes::channel_of_value(r.value)));
        const std::uint32_t units = probes::units_of_value(r.value);
        if (r.probe == probes::kLineFulfilled) {
          c.lines_fulfilled += 1;
          continue;
        }
        c.oversells += 1;
        c.oversold_units += units;
        c.resourced += r.probe == probes::kOversellResourced ? 1 : 0;
        c.backordered += r.probe == probes::kOversellBackordered ? 1 : 0;
        c.canceled += r.probe == probes::kOversellCanceled ? 1 : 0;
        continue;
      }
      if (r.probe == probes::kBopisShipped) {
        const auto at = captured_at.find(r.label);
        if (at != captured_at.end() && at->second.captured >= warmup && !at->second.shipped_home) {
          at->second.shipped_home = true;  // once, however often a short pick sends it on again
          channel(static_cast<std::int64_t>(r.value)).bopis_shipped += 1;
        }
        continue;
      }
      if (r.probe != probes::kLineReleased && r.probe != probes::kLineShipped) {
        continue;
      }
      const auto at = captured_at.find(r.label);
      if (at == captured_at.end()) {
        throw std::logic_error("a line was released or shipped without being captured (line id " +
                               std::to_string(r.label) + ")");
      }
      ChannelMetrics& c = channel(static_cast<std::int64_t>(r.value));
      const bool counted = at->second.captured >= warmup;
      if (r.probe == probes::kLineReleased) {
        if (!released.emplace(r.label, true).second) {
          continue;  // the first release counts
        }
        backlog.emplace_back(r.when.count_us(), -1.0);
        if (counted) {
          c.release_latency.add((r.when - at->second.captured).to_seconds());
        }
      } else {
        at->second.shipped = std::min(at->second.shipped, r.when);
        if (counted) {
          c.cycle_time.add((r.when - at->second.captured).to_seconds());
          // The LP that shipped it: an order whose lines leave from two nodes is split.
          const auto [order, fresh] = shipped_from.emplace(r.label >> 20, std::pair{lp, false});
          if (!fresh && order->second.first != lp && !order->second.second) {
            order->second.second = true;
            c.split_orders += 1;
          }
        }
      }
    }
  }
  // SLA: a promised line (not oversold) whose promise fell due within the
  // horizon is a miss if it had not shipped by then; later promises are not judged.
  if (!context.promises.empty()) {
    for (const auto& [id, line] : captured_at) {  // counts only: the order of the map does not matter
      if (line.captured < warmup || line.oversold || line.channel >= context.promises.size()) {
        continue;
      }
      const bool pickup = line.bopis && line.channel < context.bopis_promises.size();
      const sim::Time due = line.captured + (pickup ? context.bopis_promises : context.promises)[line.channel];
      if (due > end) {
        continue;
      }
      ChannelMetrics& c = out.channels[line.channel];
      c.sla_due += 1;
      c.sla_misses += line.shipped > due ? 1 : 0;
    }
  }
  for (std::size_t g = 0; g < groups; ++g) {
    std::sort(busy[g].begin(), busy[g].end());
    std::sort(queued[g].begin(), queued[g].end());
    GroupMetrics& m = out.groups[g];
    const double pickers = m.pickers > 0 ? static_cast<double>(m.pickers) : std::numeric_limits<double>::quiet_NaN();
    const auto [busy_mean, busy_max] = weighted_level(busy[g], warmup.count_us(), end.count_us());
    m.utilisation_mean = busy_mean / pickers;
    m.utilisation_max = busy_max / pickers;
    std::tie(m.queue_mean, m.queue_max) = weighted_level(queued[g], warmup.count_us(), end.count_us());
    minutes.level("pick_queue", "lines", 0.0, queued[g], Labels{{"node", m.name}});
    minutes.level("utilisation", "ratio", 0.0, busy[g], Labels{{"node", m.name}}, pickers);
  }
  for (std::size_t b = 0; b < out.brokers.size(); ++b) {
    std::sort(broker_queue[b].begin(), broker_queue[b].end());
    std::tie(out.brokers[b].backlog_mean, out.brokers[b].backlog_max) =
        weighted_level(broker_queue[b], warmup.count_us(), end.count_us());
    minutes.level("broker_backlog", "messages", 0.0, broker_queue[b], Labels{{"node", out.brokers[b].name}});
  }
  std::sort(backlog.begin(), backlog.end());
  std::sort(on_hand.begin(), on_hand.end());
  std::tie(out.release_backlog_mean, out.release_backlog_max) =
      weighted_level(backlog, warmup.count_us(), end.count_us());
  minutes.level("release_backlog", "lines", 0.0, backlog);
  minutes.level("units_on_hand", "units", 0.0, on_hand);
  out.series = minutes.take();

  returns_and_status(context, out);

  // Lost sales: sweep each SKU's physical levels in time order against its turn-aways.
  for (auto& [sku, aways] : turned_away) {
    auto& changes = levels[sku];
    std::sort(changes.begin(), changes.end());
    std::sort(aways.begin(), aways.end(), [](const TurnAway& a, const TurnAway& b) {
      return std::tie(a.when, a.channel) < std::tie(b.when, b.channel);
    });
    std::map<sim::LpId, std::int64_t> at_node;
    std::int64_t total = 0;
    std::size_t next = 0;
    for (const TurnAway& away : aways) {
      // Changes at the same instant as the customer count as already made.
      while (next < changes.size() && std::get<0>(changes[next]) <= away.when) {
        const auto& [when, lp, order, level] = changes[next];
        total += level - at_node[lp];
        at_node[lp] = level;
        ++next;
      }
      if (total >= away.units) {
        out.channels[away.channel].lost_sales += 1;
      }
    }
  }
  return out;
}

// Returns are joined by their id, statuses by (line id, status): the first
// pass indexes receipts and the lines' true release and shipment times, the
// second reads what happened after, in LP order (a fixed order).
void RetailRecorder::returns_and_status(const Context& context, RetailMetrics& out) const {
  const sim::Time warmup = context.warmup;
  struct Return {
    sim::Time received;
    std::size_t channel = 0;
    bool reconciled = false;
  };
  std::unordered_map<std::int64_t, Return> returns;
  std::unordered_map<std::int64_t, std::size_t> channel_of_line;
  std::unordered_map<std::int64_t, sim::Time> released, shipped;
  auto channel = [&](std::size_t idx) -> ChannelMetrics& {
    if (idx >= out.channels.size()) {
      throw std::out_of_range("a probe names channel #" + std::to_string(idx) + ", which does not exist");
    }
    return out.channels[idx];
  };
  for (const auto& records : per_lp_) {
    for (const Record& r : records) {
      switch (r.probe) {
        case probes::kReturnReceived:
          returns.emplace(r.label, Return{r.when, static_cast<std::size_t>(r.value)});
          channel(static_cast<std::size_t>(r.value)).returns += r.when >= warmup ? 1 : 0;
          break;
        case probes::kReturnReason:
          if (r.when >= warmup) {
            const auto code = static_cast<std::size_t>(r.label & 0xFFFFFFFF);
            const std::string name = code < context.reasons.size() ? context.reasons[code] : std::to_string(code);
            channel(static_cast<std::size_t>(r.label >> 32)).returns_by_reason[name] += 1;
          }
          break;
        case probes::kLineCaptured:
          channel_of_line.emplace(r.label, static_cast<std::size_t>(r.value));
          break;
        case probes::kLineReleased:
          released.emplace(r.label, r.when);  // the first release
          break;
        case probes::kLineShipped: {
          const auto [it, fresh] = shipped.emplace(r.label, r.when);
          it->second = fresh ? r.when : std::min(it->second, r.when);
          break;
        }
        default:
          break;
      }
    }
  }
  struct Sent {
    std::int64_t line;
    std::uint16_t status;
    sim::Time when;
  };
  std::vector<Sent> sent;
  std::map<std::pair<std::int64_t, std::uint16_t>, sim::Time> shown;
  for (const auto& records : per_lp_) {
    for (const Record& r : records) {
      switch (r.probe) {
        case probes::kReturnResellable:
        case probes::kRefundAtChannel:
        case probes::kRefundMismatched:
        case probes::kRefundReconciled: {
          const auto it = returns.find(r.label);
          if (it == returns.end()) {
            throw std::logic_error("a refund or disposition for a return never received (return id " +
                                   std::to_string(r.label) + ")");
          }
          Return& ret = it->second;
          if (r.probe == probes::kRefundReconciled) {
            ret.reconciled = true;
          }
          if (ret.received < warmup) {
            break;
          }
          ChannelMetrics& c = channel(ret.channel);
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
          break;
        }
        case probes::kStatusSent:
          sent.push_back(Sent{r.label, static_cast<std::uint16_t>(r.value), r.when});
          break;
        case probes::kStatusShown:
        {
          const auto [it, fresh] = shown.emplace(std::pair{r.label, static_cast<std::uint16_t>(r.value)}, r.when);
          it->second = fresh ? r.when : std::min(it->second, r.when);  // the first showing
          break;
        }
        default:
          break;
      }
    }
  }
  for (const auto& [id, ret] : returns) {  // counts only: the order of the map does not matter
    if (ret.received >= warmup && !ret.reconciled) {
      channel(ret.channel).refunds_unreconciled += 1;
    }
  }
  for (const Sent& s : sent) {
    const auto line = channel_of_line.find(s.line);
    if (s.when < warmup || line == channel_of_line.end()) {
      continue;
    }
    const auto& truth = s.status == models::retail::status_code(models::retail::OrderStatus::Released) ? released : shipped;
    const auto happened = truth.find(s.line);
    const auto seen = shown.find({s.line, s.status});
    ChannelMetrics& c = channel(line->second);
    if (happened == truth.end() || seen == shown.end()) {
      c.statuses_censored += 1;  // the horizon cuts it: no sample
      continue;
    }
    // The view and the truth disagree from the earlier of the two instants to the later.
    c.status_staleness.add(std::abs((seen->second - happened->second).to_seconds()));
  }
}

std::vector<Observation> observations(const RetailMetrics& metrics, std::uint64_t events) {
  std::vector<Observation> out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double hours = metrics.measured_hours;
  for (const ChannelMetrics& c : metrics.channels) {
    const Labels labels{{"channel", c.name}};
    auto count = [&](const char* name, const char* unit, std::uint64_t value) {
      out.push_back(Observation{name, labels, "mean", unit, static_cast<double>(value)});
      out.push_back(Observation{name, labels, "rate", std::string(unit) + "/h",
                                hours > 0 ? static_cast<double>(value) / hours : nan});
    };
    auto ratio = [&](const char* name, std::uint64_t num, std::uint64_t den) {
      out.push_back(Observation{name, labels, "mean", "ratio",
                                den == 0 ? nan : static_cast<double>(num) / static_cast<double>(den)});
    };
    auto latency = [&](const char* name, const LatencyHistogram& h) {
      out.push_back(Observation{name, labels, "mean", "s", h.mean()});
      out.push_back(Observation{name, labels, "p50", "s", h.percentile(0.50)});
      out.push_back(Observation{name, labels, "p95", "s", h.percentile(0.95)});
      out.push_back(Observation{name, labels, "p99", "s", h.percentile(0.99)});
      out.push_back(Observation{name, labels, "max", "s", h.max()});
    };
    count("orders_captured", "orders", c.orders);
    count("lines_promised", "lines", c.lines_promised);
    count("lines_fulfilled", "lines", c.lines_fulfilled);
    count("lines_turned_away", "lines", c.lines_turned_away + c.pos_stockouts);
    count("pos_sales", "lines", c.pos_sales);
    count("oversells", "lines", c.oversells);
    ratio("oversell_rate", c.oversells, c.lines_promised);
    count("oversold_units", "units", c.oversold_units);
    count("lost_sales", "lines", c.lost_sales);
    ratio("lost_sale_rate", c.lost_sales, c.lines_promised + c.lines_turned_away);
    latency("release_latency", c.release_latency);
    latency("cycle_time", c.cycle_time);
    count("sla_misses", "lines", c.sla_misses);
    count("split_shipments", "orders", c.split_orders);
    count("bopis_lines", "lines", c.bopis_lines);
    count("bopis_shipped_home", "lines", c.bopis_shipped);
    ratio("sla_miss_rate", c.sla_misses, c.sla_due);
    count("returns", "lines", c.returns);
    count("returns_resellable", "lines", c.returns_resellable);
    latency("return_to_refund", c.return_to_refund);
    latency("refund_lag", c.refund_lag);
    count("refunds_mismatched", "refunds", c.refunds_mismatched);
    count("refunds_unreconciled", "refunds", c.refunds_unreconciled);
    latency("status_staleness", c.status_staleness);
    count("statuses_censored", "statuses", c.statuses_censored);
  }
  for (const GroupMetrics& g : metrics.groups) {
    const Labels labels{{"node", g.name}};
    const auto& h = g.pick_wait;
    out.push_back(Observation{"pick_wait", labels, "mean", "s", h.mean()});
    out.push_back(Observation{"pick_wait", labels, "p50", "s", h.percentile(0.50)});
    out.push_back(Observation{"pick_wait", labels, "p95", "s", h.percentile(0.95)});
    out.push_back(Observation{"pick_wait", labels, "p99", "s", h.percentile(0.99)});
    out.push_back(Observation{"pick_wait", labels, "max", "s", h.max()});
    out.push_back(Observation{"utilisation", labels, "mean", "ratio", g.utilisation_mean});
    out.push_back(Observation{"utilisation", labels, "max", "ratio", g.utilisation_max});
    out.push_back(Observation{"pick_queue", labels, "mean", "lines", g.queue_mean});
    out.push_back(Observation{"pick_queue", labels, "max", "lines", g.queue_max});
  }
  out.push_back(Observation{"release_backlog", {}, "mean", "lines", metrics.release_backlog_mean});
  out.push_back(Observation{"release_backlog", {}, "max", "lines", metrics.release_backlog_max});
  for (const BrokerMetrics& b : metrics.brokers) {
    const Labels labels{{"node", b.name}};
    const auto& h = b.message_age;
    out.push_back(Observation{"broker_backlog", labels, "mean", "messages", b.backlog_mean});
    out.push_back(Observation{"broker_backlog", labels, "max", "messages", b.backlog_max});
    out.push_back(Observation{"message_age", labels, "mean", "s", h.mean()});
    out.push_back(Observation{"message_age", labels, "p50", "s", h.percentile(0.50)});
    out.push_back(Observation{"message_age", labels, "p95", "s", h.percentile(0.95)});
    out.push_back(Observation{"message_age", labels, "p99", "s", h.percentile(0.99)});
    out.push_back(Observation{"message_age", labels, "max", "s", h.max()});
  }
  for (const auto& [name, value] : {std::pair{"messages_replayed", metrics.messages_replayed},
                                    std::pair{"messages_lost", metrics.messages_lost},
                                    std::pair{"messages_retried", metrics.messages_retried},
                                    std::pair{"messages_reordered", metrics.messages_reordered},
                                    std::pair{"calls_throttled", metrics.calls_throttled},
                                    std::pair{"duplicates_applied", metrics.duplicates_applied},
                                    std::pair{"duplicates_suppressed", metrics.duplicates_suppressed}}) {
    out.push_back(Observation{name, {}, "mean", "messages", static_cast<double>(value)});
  }
  for (std::size_t part = 0; part < metrics.sourcing_parts.size(); ++part) {
    const auto& [sum, orders] = metrics.sourcing_parts[part];
    if (orders > 0) {
      const std::string name(probes::kSourcingParts[part]);
      const std::string unit = name.ends_with("_hours") ? "h" : name == "shipments" ? "shipments" : name == "risk" ? "score" : "currency";
      out.push_back(Observation{"sourcing_score", {{"part", name}}, "mean", unit, sum / static_cast<double>(orders)});
    }
  }
  // A throttled call's wait (no call throttled: NaN, no figure rather than a zero wait).
  for (const auto& [statistic, value] : {std::pair{"mean", metrics.throttle_delay.mean()},
                                         std::pair{"p50", metrics.throttle_delay.percentile(0.50)},
                                         std::pair{"p95", metrics.throttle_delay.percentile(0.95)},
                                         std::pair{"p99", metrics.throttle_delay.percentile(0.99)},
                                         std::pair{"max", metrics.throttle_delay.max()}}) {
    out.push_back(Observation{"throttle_delay", {}, statistic, "s", value});
  }
  // The OMS's belief minus physical stock at the end: duplicates applied twice,
  // lost messages, unreported shrink and deltas still in flight all show here.
  out.push_back(Observation{"inventory_drift", {}, "mean", "units",
                            metrics.has_oms_view ? static_cast<double>(metrics.oms_view_units - metrics.units.on_hand)
                                                 : nan});
  // The engine counts the whole run, warm-up included: so does the rate.
  const double run_hours = hours + metrics.warmup_hours;
  out.push_back(Observation{"events", {}, "mean", "events", static_cast<double>(events)});
  out.push_back(Observation{"events", {}, "rate", "events/h", run_hours > 0 ? static_cast<double>(events) / run_hours : nan});
  return out;
}

}  // namespace analysis
