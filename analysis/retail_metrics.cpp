#include "analysis/retail_metrics.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "models/retail/probes.h"

namespace analysis {

namespace probes = models::retail::probes;

void RetailRecorder::record(sim::LpId lp, sim::Time when, sim::ProbeId probe, double value, std::int64_t label) {
  if (lp >= per_lp_.size()) {
    throw std::out_of_range("RetailRecorder: LP #" + std::to_string(lp) + " beyond the LPs it was sized for");
  }
  per_lp_[lp].push_back(Record{when, probe, value, label});
}

RetailMetrics RetailRecorder::compute(const std::vector<std::string>& channels, sim::Time warmup) const {
  RetailMetrics out;
  out.channels.resize(channels.size());
  for (std::size_t c = 0; c < channels.size(); ++c) {
    out.channels[c].name = channels[c];
  }
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
      const auto units = static_cast<std::uint64_t>(r.value);
      switch (r.probe) {
        case probes::kPhysicalLevel:
          levels[static_cast<std::uint32_t>(r.label)].emplace_back(r.when, lp, idx, static_cast<std::int64_t>(r.value));
          break;
        case probes::kLineTurnedAway:
          if (counted) {
            channel(r.label >> 32).lines_turned_away += 1;
            turned_away[static_cast<std::uint32_t>(r.label & 0xFFFFFFFF)].push_back(
                TurnAway{r.when, static_cast<std::size_t>(r.label >> 32), static_cast<std::int64_t>(r.value)});
          }
          break;
        case probes::kOrderCaptured:
          channel(r.label).orders += counted ? 1 : 0;
          break;
        case probes::kLinePromised:
          channel(r.label).lines_promised += counted ? 1 : 0;
          break;
        case probes::kLineFulfilled:
          channel(r.label).lines_fulfilled += counted ? 1 : 0;
          break;
        case probes::kPosSale:
          channel(r.label).pos_sales += counted ? 1 : 0;
          break;
        case probes::kPosStockout:
          channel(r.label).pos_stockouts += counted ? 1 : 0;
          break;
        case probes::kOversellResourced:
        case probes::kOversellBackordered:
        case probes::kOversellCanceled: {
          if (!counted) {
            break;
          }
          ChannelMetrics& c = channel(r.label);
          c.oversells += 1;
          c.oversold_units += units;
          c.resourced += r.probe == probes::kOversellResourced ? 1 : 0;
          c.backordered += r.probe == probes::kOversellBackordered ? 1 : 0;
          c.canceled += r.probe == probes::kOversellCanceled ? 1 : 0;
          break;
        }
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
        default:
          break;
      }
    }
  }
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

}  // namespace analysis
