#include "models/scenario/demand_plan.h"

#include "models/registry.h"

#include <algorithm>
#include <cmath>

namespace models::scenario {

std::vector<double> sku_weights(const ChannelSpec& channel, const std::vector<SkuSpec>& skus) {
  std::vector<double> weights;
  weights.reserve(skus.size());
  for (std::size_t rank = 0; rank < skus.size(); ++rank) {
    weights.push_back(channel.zipf ? 1.0 / std::pow(static_cast<double>(rank + 1), *channel.zipf)
                                   : skus[rank].popularity);
  }
  return weights;
}

std::vector<double> sku_mix(const ChannelSpec& channel, const std::vector<SkuSpec>& skus) {
  std::vector<double> weights = sku_weights(channel, skus);
  double total = 0.0;
  for (double w : weights) {
    total += w;
  }
  for (double& w : weights) {
    w = total > 0 ? w / total : 0.0;
  }
  return weights;
}

double profile_multiplier(const std::vector<ProfilePoint>& profile, sim::Duration at) {
  if (profile.empty()) {
    return 1.0;
  }
  if (at <= profile.front().at) {
    return profile.front().multiplier;
  }
  for (std::size_t idx = 1; idx < profile.size(); ++idx) {
    if (at <= profile[idx].at) {
      const auto& a = profile[idx - 1];
      const auto& b = profile[idx];
      const double span = static_cast<double>((b.at - a.at).count_us());
      const double w = static_cast<double>((at - a.at).count_us()) / span;
      return a.multiplier + w * (b.multiplier - a.multiplier);
    }
  }
  return profile.back().multiplier;
}

double planned_orders_per_day(const ChannelSpec& channel) {
  // The integral of the piecewise-linear profile over [0h, 24h], in hours, by
  // trapezoids between its knots (exact for a piecewise-linear function).
  const sim::Duration day = sim::Duration::hours(24);
  std::vector<sim::Duration> knots{sim::Duration::zero()};
  for (const ProfilePoint& point : channel.profile) {
    if (point.at > sim::Duration::zero() && point.at < day) {
      knots.push_back(point.at);
    }
  }
  knots.push_back(day);
  double area = 0.0;
  for (std::size_t idx = 1; idx < knots.size(); ++idx) {
    const double hours = static_cast<double>((knots[idx] - knots[idx - 1]).count_us()) / 3.6e9;
    area += hours * (profile_multiplier(channel.profile, knots[idx - 1]) + profile_multiplier(channel.profile, knots[idx])) / 2.0;
  }
  return channel.orders_per_hour * area;
}

double mean_line_units(const ChannelSpec& channel) {
  double weight = 0.0;
  double sum = 0.0;
  for (const UnitsPoint& point : channel.units_per_line) {
    weight += point.weight;
    sum += point.weight * static_cast<double>(point.value);
  }
  return weight > 0 ? sum / weight : 1.0;
}

std::vector<double> planned_daily_units(const ChannelSpec& channel, const std::vector<SkuSpec>& skus) {
  std::vector<double> units = sku_mix(channel, skus);
  const double per_day = planned_orders_per_day(channel) * channel.basket_mean * mean_line_units(channel);
  for (double& u : units) {
    u *= per_day;
  }
  return units;
}

PlannedDay planned_day(const ScenarioSpec& spec) {
  PlannedDay day;
  day.online.assign(spec.skus.size(), 0.0);
  for (const ChannelSpec& channel : spec.channels) {
    day.per_channel.push_back(planned_daily_units(channel, spec.skus));
    const bool at_stock = std::any_of(channel.nodes.begin(), channel.nodes.end(),
                                      [&](std::size_t n) { return node_kind(spec.nodes[n].kind).holds_stock; });
    for (std::size_t sku = 0; sku < day.online.size() && !at_stock; ++sku) {
      day.online[sku] += day.per_channel.back()[sku] * static_cast<double>(channel.nodes.size());
    }
  }
  return day;
}

}  // namespace models::scenario
