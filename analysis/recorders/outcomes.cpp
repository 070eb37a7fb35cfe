#include "analysis/recorders/outcomes.h"

#include <algorithm>
#include <functional>

#include "analysis/recorders/money.h"
#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

Outcomes::Outcomes(const Context& context, RetailMetrics& out)
    : context_(context), out_(out), minutes_(minutes_until(context.end)) {
  for (const std::string& channel : context.channels) {
    for (const char* name : kCountSeries) {  // counts by minute: Count's order
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

void Outcomes::index_array(sim::LpId lp, sim::ProbeId probe, const std::vector<std::int64_t>& values) {
  if (probe != probes::kPhysicalLevel) {
    return;
  }
  if (lp >= initial_.size()) {
    initial_.resize(lp + 1, nullptr);
  }
  initial_[lp] = &values;
  if (initial_total_.size() < values.size()) {
    initial_total_.resize(values.size(), 0);
  }
  for (std::size_t sku = 0; sku < values.size(); ++sku) {
    initial_total_[sku] += values[sku];
  }
}

void Outcomes::index(sim::LpId lp, std::size_t idx, const ProbeRecord& r) {
  const std::uint64_t counted = r.when >= context_.warmup ? 1 : 0;
  switch (r.probe) {
    case probes::kPhysicalLevel: {  // made even when not kept: its units are checked either way
      const auto sku = static_cast<std::uint32_t>(r.label);
      const LevelChange change =
          LevelChange::level(r.when, lp, static_cast<std::uint32_t>(idx), static_cast<std::int64_t>(r.value));
      if (keeps_levels(sku)) {
        levels_of(sku).push_back(change);
      }
      break;
    }
    case probes::kUnitsPromisedAtNode: {
      const auto sku = static_cast<std::uint32_t>(r.label & 0xFFFFFFFF);
      const LevelChange change = LevelChange::promised(r.when, lp, static_cast<std::uint32_t>(idx),
                                                       static_cast<std::uint32_t>(r.label >> 32),
                                                       static_cast<std::int64_t>(r.value));
      if (keeps_levels(sku)) {
        levels_of(sku).push_back(change);
      }
      break;
    }
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
    case probes::kPosSale: {
      ChannelMetrics& c = channel_at(out_, static_cast<std::size_t>(r.label >> 32));
      c.pos_sales += counted;
      if (counted != 0) {
        add_sale(context_, c, static_cast<std::uint32_t>(r.label & 0xFFFFFFFF), static_cast<std::uint64_t>(r.value));
      }
      break;
    }
    case probes::kPosStockout:
      count_minute(static_cast<std::size_t>(r.label), Count::TurnedAway, r.when);
      channel_at(out_, static_cast<std::size_t>(r.label)).pos_stockouts += counted;
      break;
    case probes::kLineFulfilled:
      static_cast<void>(channel_at(out_, probes::channel_of_value(r.value)));  // checks the channel
      break;
    case probes::kOversellResourced:
      static_cast<void>(channel_at(out_, probes::channel_of_value(r.value)));
      count_minute(probes::channel_of_value(r.value), Count::Oversells, r.when);  // the series: when it was found
      break;
    case probes::kOversellBackordered:
    case probes::kOversellCanceled: {  // judged against the shelves in finish()
      const std::size_t channel = probes::channel_of_value(r.value);
      static_cast<void>(channel_at(out_, channel));
      const std::uint32_t sku = probes::sku_of_line(r.label);
      auto& drops = drops_[sku];
      drop_of_line_[r.label] = {sku, drops.size()};
      drops.push_back(Drop{r.when, channel, r.label, static_cast<std::int64_t>(probes::units_of_value(r.value)),
                           r.probe == probes::kOversellCanceled, false,
                           lp < context_.shards.size() ? context_.shards[lp] : std::uint8_t{0}});
      break;
    }
    default:
      break;
  }
}

void Outcomes::reserve() {
  only_judged_ = true;
  levels_.resize(std::max(levels_.size(), expected_.size()));
  for (std::size_t sku = 0; sku < expected_.size(); ++sku) {
    if (keeps_levels(static_cast<std::uint32_t>(sku))) {
      levels_[sku].reserve(expected_[sku]);
    }
  }
  std::vector<std::uint32_t>().swap(expected_);
}

// Outcomes join each line's capture, counting lines captured after the warm-up.
void Outcomes::join(const ProbeRecord& r, const LineBook& lines) {
  if (!joins(r.probe)) {
    return;
  }
  const Line* line = lines.find(r.label);  // LineBook::join has thrown for a line never captured
  if (line == nullptr || line->captured < context_.warmup) {
    return;
  }
  ChannelMetrics& c = channel_at(out_, probes::channel_of_value(r.value));
  if (r.probe == probes::kLineFulfilled) {
    // Counted fulfilled when it ships (fulfilment.cpp): its revenue too, in finish().
    picked_.push_back(Picked{r.label, probes::channel_of_value(r.value), probes::units_of_value(r.value)});
    return;
  }
  if (r.probe == probes::kOversellResourced) {
    c.oversells += 1;
    c.oversold_units += probes::units_of_value(r.value);
    c.resourced += 1;
    return;
  }
  const auto& [sku, at] = drop_of_line_.at(r.label);  // index() saw it
  drops_.at(sku)[at].counted = true;
}

namespace {

// Free units per node the OMS sources from (on the shelf, less those spoken for),
// and the most any one of them holds: a line is served whole by one node, so it
// could have been sourced only if one node held its units.
// Every node starts at its initial level (`initial(node)`), nothing spoken for.
class FreeStock {
 public:
  // `shards` and `shard`: only the nodes that shard owns (Context::shards; empty: every source).
  template <class Initial>
  FreeStock(const std::vector<bool>& sources, const std::vector<std::uint8_t>& shards, std::uint8_t shard,
            std::size_t nodes, const Initial& initial)
      : sources_(sources), shards_(shards), shard_(shard), initial_(initial) {
    for (std::size_t node = 0; node < nodes; ++node) {
      if (is_source(node)) {
        remember(initial(node));
      }
    }
  }
  void apply(std::size_t node, int kind, std::int64_t value) {
    if (!is_source(node)) {
      return;
    }
    auto& [level, promised] = at_node_.try_emplace(node, initial_(node), 0).first->second;
    forget(level - promised);
    (kind == 0 ? level : promised) = kind == 0 ? value : promised + value;
    remember(level - promised);
  }
  [[nodiscard]] std::int64_t most_at_one_node() const { return free_.empty() ? 0 : free_.rbegin()->first; }

 private:
  [[nodiscard]] bool is_source(std::size_t node) const {
    return (sources_.empty() || (node < sources_.size() && sources_[node])) &&
           (shards_.empty() || (node < shards_.size() && shards_[node] == shard_));
  }
  void remember(std::int64_t free) {
    if (free > 0) {
      ++free_[free];
    }
  }
  void forget(std::int64_t free) {
    if (free > 0) {
      if (auto at = free_.find(free); --at->second == 0) {
        free_.erase(at);
      }
    }
  }
  const std::vector<bool>& sources_;
  const std::vector<std::uint8_t>& shards_;
  std::uint8_t shard_;
  std::function<std::int64_t(std::size_t)> initial_;
  std::map<std::size_t, std::pair<std::int64_t, std::int64_t>> at_node_;  // node -> (level, spoken for), once changed
  std::map<std::int64_t, std::size_t> free_;  // free units > 0 -> how many nodes hold that many
};

}  // namespace

void Outcomes::judge_turn_aways(std::uint32_t sku, std::vector<TurnAway>& aways, const std::vector<LevelChange>& changes) {
  std::sort(aways.begin(), aways.end(), [](const TurnAway& a, const TurnAway& b) {
    return std::tie(a.when, a.channel) < std::tie(b.when, b.channel);
  });
  std::map<sim::LpId, std::int64_t> at_node;  // levels changed since the initial ones
  std::int64_t total = sku < initial_total_.size() ? initial_total_[sku] : 0;
  std::size_t next = 0;
  for (const TurnAway& away : aways) {
    // Changes at the same instant as the customer count as already made.
    while (next < changes.size() && changes[next].when() <= away.when) {
      const LevelChange& change = changes[next];
      if (change.is_level()) {
        std::int64_t& now = at_node.try_emplace(change.lp(), initial_level(change.lp(), sku)).first->second;
        total += change.value() - now;
        now = change.value();
      }
      ++next;
    }
    if (total >= away.units) {
      ChannelMetrics& c = out_.channels[away.channel];
      c.lost_sales += 1;
      add_lost_sale(context_, c, sku, static_cast<std::uint64_t>(away.units));
    }
  }
}

void Outcomes::judge_drops(std::uint32_t sku, std::vector<Drop>& drops, const std::vector<LevelChange>& changes) {
  std::sort(drops.begin(), drops.end(),
            [](const Drop& a, const Drop& b) { return std::tie(a.when, a.line) < std::tie(b.when, b.line); });
  // A sharded OMS's drop is judged against its own shard's nodes: one pass per shard.
  std::uint8_t last_shard = 0;
  for (const Drop& drop : drops) {
    last_shard = std::max(last_shard, drop.shard);
  }
  for (std::uint8_t shard = 0; shard <= last_shard; ++shard) {
    judge_shard_drops(sku, shard, drops, changes);
  }
}

void Outcomes::judge_shard_drops(std::uint32_t sku, std::uint8_t shard, const std::vector<Drop>& drops,
                                 const std::vector<LevelChange>& changes) {
  FreeStock stock(context_.sources, context_.shards, shard, initial_.size(),
                  [this, sku](std::size_t node) { return initial_level(node, sku); });
  std::size_t next = 0;
  for (const Drop& drop : drops) {
    if (drop.shard != shard) {
      continue;
    }
    // Changes at the same instant as the drop count as already made.
    while (next < changes.size() && changes[next].when() <= drop.when) {
      const LevelChange& change = changes[next];
      stock.apply(change.node(), change.is_level() ? 0 : 1, change.value());
      ++next;
    }
    const bool phantom = stock.most_at_one_node() >= drop.units;
    if (!phantom) {
      count_minute(drop.channel, Count::Oversells, drop.when);  // the series: when it was found
    }
    if (!drop.counted) {
      continue;
    }
    ChannelMetrics& c = out_.channels[drop.channel];
    if (phantom) {
      c.false_cancellations += 1;
    } else {
      c.oversells += 1;
      c.oversold_units += static_cast<std::uint64_t>(drop.units);
      c.backordered += drop.canceled ? 0 : 1;
      c.canceled += drop.canceled ? 1 : 0;
    }
    if (drop.canceled) {
      add_cancellation(context_, c, drop.channel);
    }
  }
}

void Outcomes::finish(const LineBook& lines) {
  for (const Picked& p : picked_) {  // join order: the sums add in a fixed order
    const Line* line = lines.find(p.line);
    if (line != nullptr && line->shipped != sim::Time::infinity()) {
      add_sale(context_, channel_at(out_, p.channel), probes::sku_of_line(p.line), p.units);
    }
  }
  for (std::vector<LevelChange>& changes : levels_) {
    std::sort(changes.begin(), changes.end());
  }
  static const std::vector<LevelChange> kNone;
  const auto changes_of = [&](std::uint32_t sku) -> const std::vector<LevelChange>& {
    return sku < levels_.size() ? levels_[sku] : kNone;
  };
  for (auto& [sku, aways] : turned_away_) {
    judge_turn_aways(sku, aways, changes_of(sku));
  }
  for (auto& [sku, drops] : drops_) {
    judge_drops(sku, drops, changes_of(sku));
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
  emit.count("false_cancellations", labels, "lines", c.false_cancellations);
  emit.count("lost_sales", labels, "lines", c.lost_sales);
  emit.fraction("lost_sale_rate", labels, c.lost_sales, c.lines_promised + c.lines_turned_away);
}

}  // namespace analysis::recorders
