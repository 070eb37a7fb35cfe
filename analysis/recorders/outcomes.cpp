#include "analysis/recorders/outcomes.h"

#include <algorithm>

#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

Outcomes::Outcomes(const Context& context, RetailMetrics& out)
    : context_(context), out_(out), minutes_(minutes_until(context.end)) {
  for (const std::string& channel : context.channels) {
    for (const char* name : {"orders", "oversells", "turned_away"}) {
      series_.push_back(Series{name, Labels{{"channel", channel}}, name == std::string("orders") ? "orders" : "lines",
                               std::vector<double>(minutes_, 0.0)});
    }
  }
}

void Outcomes::count_minute(std::size_t channel, Count which, sim::Time when) {
  const std::size_t index = channel * 3 + static_cast<std::size_t>(which);
  const std::size_t minute = when.count_us() < 0 ? minutes_ : static_cast<std::size_t>(when.count_us() / kMinuteUs);
  if (minute < minutes_ && index < series_.size()) {
    series_[index].values[minute] += 1.0;
  }
}

void Outcomes::turned_away(const ProbeRecord& r) {
  const auto channel = static_cast<std::size_t>(r.label >> 32);
  count_minute(channel, Count::TurnedAway, r.when);
  if (r.when >= context_.warmup) {
    channel_at(out_, channel).lines_turned_away += 1;
    turned_away_[static_cast<std::uint32_t>(r.label & 0xFFFFFFFF)].push_back(
        TurnAway{r.when, channel, static_cast<std::int64_t>(r.value)});
  }
}

void Outcomes::index(sim::LpId lp, std::size_t idx, const ProbeRecord& r) {
  const std::uint64_t counted = r.when >= context_.warmup ? 1 : 0;
  switch (r.probe) {
    case probes::kPhysicalLevel:
      levels_[static_cast<std::uint32_t>(r.label)].emplace_back(r.when, lp, idx, static_cast<std::int64_t>(r.value));
      break;
    case probes::kLineTurnedAway:
      turned_away(r);
      break;
    case probes::kOrderCaptured:
      count_minute(static_cast<std::size_t>(r.label), Count::Orders, r.when);
      channel_at(out_, static_cast<std::size_t>(r.label)).orders += counted;
      break;
    case probes::kLinePromised:
      channel_at(out_, static_cast<std::size_t>(r.label)).lines_promised += counted;
      break;
    case probes::kPosSale:
      channel_at(out_, static_cast<std::size_t>(r.label)).pos_sales += counted;
      break;
    case probes::kPosStockout:
      count_minute(static_cast<std::size_t>(r.label), Count::TurnedAway, r.when);
      channel_at(out_, static_cast<std::size_t>(r.label)).pos_stockouts += counted;
      break;
    case probes::kLineFulfilled:
    case probes::kOversellResourced:
    case probes::kOversellBackordered:
    case probes::kOversellCanceled:
      static_cast<void>(channel_at(out_, probes::channel_of_value(r.value)));  // checks the channel
      if (r.probe != probes::kLineFulfilled) {
        count_minute(probes::channel_of_value(r.value), Count::Oversells, r.when);  // the series: when it was found
      }
      break;
    default:
      break;
  }
}

// Outcomes join each line's capture, counting lines captured after the warm-up.
void Outcomes::join(const ProbeRecord& r, const LineBook& lines) {
  if (r.probe != probes::kLineFulfilled && r.probe != probes::kOversellResourced &&
      r.probe != probes::kOversellBackordered && r.probe != probes::kOversellCanceled) {
    return;
  }
  const Line* line = lines.find(r.label);  // LineBook::join has thrown for a line never captured
  if (line == nullptr || line->captured < context_.warmup) {
    return;
  }
  ChannelMetrics& c = channel_at(out_, probes::channel_of_value(r.value));
  if (r.probe == probes::kLineFulfilled) {
    return;  // picked: counted fulfilled when it ships (fulfilment.cpp)
  }
  c.oversells += 1;
  c.oversold_units += probes::units_of_value(r.value);
  c.resourced += r.probe == probes::kOversellResourced ? 1 : 0;
  c.backordered += r.probe == probes::kOversellBackordered ? 1 : 0;
  c.canceled += r.probe == probes::kOversellCanceled ? 1 : 0;
}

void Outcomes::finish() {
  for (auto& [sku, aways] : turned_away_) {
    auto& changes = levels_[sku];
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
        out_.channels[away.channel].lost_sales += 1;
      }
    }
  }
}

void observe_outcomes(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit) {
  emit.count("orders_captured", labels, "orders", c.orders);
  emit.count("lines_promised", labels, "lines", c.lines_promised);
  emit.count("lines_fulfilled", labels, "lines", c.lines_fulfilled);
  emit.count("lines_turned_away", labels, "lines", c.lines_turned_away + c.pos_stockouts);
  emit.count("pos_sales", labels, "lines", c.pos_sales);
  emit.count("oversells", labels, "lines", c.oversells);
  emit.fraction("oversell_rate", labels, c.oversells, c.lines_promised);
  emit.count("oversold_units", labels, "units", c.oversold_units);
  emit.count("lost_sales", labels, "lines", c.lost_sales);
  emit.fraction("lost_sale_rate", labels, c.lost_sales, c.lines_promised + c.lines_turned_away);
}

}  // namespace analysis::recorders
