#include "models/retail/demand.h"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include <algorithm>
#include <cmath>

namespace models::retail {
namespace {

double profile_at(const std::vector<scenario::ProfilePoint>& profile, sim::Time t) {
  if (profile.empty()) {
    return 1.0;
  }
  const auto at = t - sim::Time::zero();
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

}  // namespace

DemandProcess::DemandProcess(const scenario::ChannelSpec& channel, const std::vector<scenario::SkuSpec>& skus,
                             sim::Duration horizon)
    : channel_(&channel), horizon_(sim::Time::zero() + horizon), sku_count_(skus.size()) {
  // The profile is piecewise linear, so its maximum is at a point; promotions multiply.
  double max_profile = 1.0;
  if (!channel.profile.empty()) {
    max_profile = 0.0;
    for (const auto& p : channel.profile) {
      max_profile = std::max(max_profile, p.multiplier);
    }
  }
  double max_promo = 1.0;
  for (const auto& promo : channel.promotions) {
    max_promo *= std::max(1.0, promo.multiplier);  // overlapping promotions multiply
  }
  max_rate_ = channel.orders_per_hour * max_profile * max_promo;
  std::vector<double> weights;
  weights.reserve(skus.size());
  for (std::size_t rank = 0; rank < skus.size(); ++rank) {
    weights.push_back(channel.zipf ? 1.0 / std::pow(static_cast<double>(rank + 1), *channel.zipf)
                                   : skus[rank].popularity);
  }
  popularity_ = boost::random::discrete_distribution<std::uint32_t, double>(weights.begin(), weights.end());
  if (!channel.regions.empty()) {
    std::vector<double> region_weights;
    for (const auto& [name, weight] : channel.regions) {  // std::map: sorted by name
      region_weights.push_back(weight);
    }
    regions_ = boost::random::discrete_distribution<std::size_t, double>(region_weights.begin(), region_weights.end());
    has_regions_ = true;
  }
}

double DemandProcess::rate_per_hour(sim::Time t) const {
  double rate = channel_->orders_per_hour * profile_at(channel_->profile, t);
  const auto at = t - sim::Time::zero();
  for (const auto& promo : channel_->promotions) {
    if (at >= promo.start && at < promo.start + promo.duration) {
      rate *= promo.multiplier;
    }
  }
  return rate;
}

std::optional<sim::Time> DemandProcess::next_arrival(sim::Time now, sim::LpRandom& rng) const {
  if (!channel_->trace.empty()) {
    if (trace_cursor_ >= channel_->trace.size()) {
      return std::nullopt;
    }
    return std::max(now, sim::Time::zero() + channel_->trace[trace_cursor_].at);
  }
  if (max_rate_ <= 0.0) {
    return std::nullopt;
  }
  const double mean_gap_us = 3.6e9 / max_rate_;
  sim::Time t = now;
  for (;;) {
    const double gap = boost::random::exponential_distribution<double>(1.0)(rng) * mean_gap_us;
    t = t + sim::Duration::micros(std::max<std::int64_t>(1, static_cast<std::int64_t>(gap)));
    if (t >= horizon_) {
      return std::nullopt;
    }
    if (rng.uniform01() * max_rate_ < rate_per_hour(t)) {
      return t;
    }
  }
}

std::vector<BasketLine> DemandProcess::basket(sim::LpRandom& rng) const {
  if (!channel_->trace.empty()) {
    const auto& entry = channel_->trace.at(trace_cursor_++);
    return {BasketLine{entry.sku, static_cast<std::uint32_t>(entry.units)}};
  }
  std::size_t lines = 1;
  if (channel_->basket_mean > 1.0) {
    lines += boost::random::poisson_distribution<std::size_t, double>(channel_->basket_mean - 1.0)(rng);
  }
  lines = std::min({lines, static_cast<std::size_t>(channel_->basket_max), sku_count_});
  std::vector<BasketLine> out;
  out.reserve(lines);
  // Distinct SKUs; a few redraws, then give up on a line rather than loop.
  for (std::size_t attempt = 0; out.size() < lines && attempt < lines * 8; ++attempt) {
    const std::uint32_t sku = popularity_(rng);
    if (std::none_of(out.begin(), out.end(), [&](const BasketLine& l) { return l.sku == sku; })) {
      out.push_back(BasketLine{sku, 1});
    }
  }
  return out;
}

std::optional<std::size_t> DemandProcess::region(sim::LpRandom& rng) const {
  if (!has_regions_) {
    return std::nullopt;
  }
  return regions_(rng);
}

}  // namespace models::retail
