#include "models/retail/demand.h"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include <algorithm>
#include <cmath>

#include "models/scenario/demand_plan.h"

namespace models::retail {
using scenario::profile_multiplier;

DemandProcess::DemandProcess(const scenario::ChannelSpec& channel, const std::vector<scenario::SkuSpec>& skus,
                             sim::Duration horizon, const std::function<std::uint16_t(const std::string&)>& region_code,
                             std::shared_ptr<const SkuDraw> sku_draw)
    : channel_(&channel), horizon_(sim::Time::zero() + horizon), sku_count_(skus.size()), draw_(std::move(sku_draw)) {
  const auto code = [&](const std::string& name) -> std::uint16_t {
    return name.empty() || !region_code ? 0 : region_code(name);
  };
  for (const auto& entry : channel.trace) {
    trace_regions_.push_back(code(entry.region));
  }
  if (channel.order_log) {
    log_cursor_.emplace(*channel.order_log->log);
    for (const std::string& name : channel.order_log->log->regions()) {
      log_regions_.push_back(code(name));
    }
  }
  // The profile is piecewise linear, so its maximum is at a point; promotions multiply.
  double max_profile = 1.0;
  if (!channel.profile.empty()) {
    max_profile = 0.0;
    for (const auto& p : channel.profile) {
      max_profile = std::max(max_profile, p.multiplier);
    }
  }
  // Overlapping promotions multiply. Their product is constant between starts and
  // ends, so its largest value is at some promotion's start: bounding by the product
  // of every promotion would make a week of daily doorbusters draw 4^7 candidate
  // arrivals for each one kept.
  double max_promo = 1.0;
  for (const auto& at : channel.promotions) {
    double product = 1.0;
    for (const auto& promo : channel.promotions) {
      if (promo.start <= at.start && at.start < promo.start + promo.duration) {
        product *= std::max(1.0, promo.multiplier);
      }
    }
    max_promo = std::max(max_promo, product);
  }
  max_rate_ = channel.orders_per_hour * max_profile * max_promo;
  for (const auto& promo : channel.promotions) {
    targeted_ = targeted_ || !promo.skus.empty();
  }
  if (!draw_) {
    auto draw = std::make_shared<SkuDraw>();
    const std::vector<double> weights = scenario::sku_weights(channel, skus);
    draw->popularity = boost::random::discrete_distribution<std::uint32_t, double>(weights.begin(), weights.end());
    if (targeted_) {
      draw->mix = scenario::sku_mix(channel, skus);
    }
    draw_ = std::move(draw);
  }
  if (!channel.units_per_line.empty()) {
    std::vector<double> unit_weights;
    for (const auto& point : channel.units_per_line) {
      unit_values_.push_back(point.value);
      unit_weights.push_back(point.weight);
    }
    line_units_ = boost::random::discrete_distribution<std::int64_t, double>(unit_weights.begin(), unit_weights.end());
  }
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
  const auto at = t - sim::Time::zero();
  double rate = channel_->orders_per_hour * profile_multiplier(channel_->profile, at);
  for (const auto& promo : channel_->promotions) {
    if (promo.skus.empty() && at >= promo.start && at < promo.start + promo.duration) {
      rate *= promo.multiplier;
    }
  }
  if (const Mix* mix = mix_at(t)) {
    rate *= mix->rate_factor;
  }
  return rate;
}

const DemandProcess::Mix* DemandProcess::mix_at(sim::Time t) const {
  if (!targeted_) {
    return nullptr;
  }
  const auto at = t - sim::Time::zero();
  std::uint64_t running = 0;
  for (std::size_t idx = 0; idx < channel_->promotions.size(); ++idx) {
    const auto& promo = channel_->promotions[idx];
    if (!promo.skus.empty() && at >= promo.start && at < promo.start + promo.duration) {
      running |= std::uint64_t{1} << idx;  // the loader allows at most 64 promotions per channel
    }
  }
  if (running == 0) {
    return nullptr;
  }
  auto it = mixes_.find(running);
  if (it == mixes_.end()) {
    std::vector<double> weights = draw_->mix;
    for (std::size_t idx = 0; idx < channel_->promotions.size(); ++idx) {
      if ((running >> idx & 1U) != 0) {
        for (std::uint32_t sku : channel_->promotions[idx].skus) {
          weights[sku] *= channel_->promotions[idx].multiplier;
        }
      }
    }
    Mix mix;
    mix.rate_factor = 0.0;
    for (double w : weights) {
      mix.rate_factor += w;
    }
    if (mix.rate_factor > 0.0) {
      mix.popularity = boost::random::discrete_distribution<std::uint32_t, double>(weights.begin(), weights.end());
    }
    it = mixes_.emplace(running, std::move(mix)).first;
  }
  return &it->second;
}

std::optional<sim::Time> DemandProcess::next_logged(sim::Time now, sim::LpRandom& rng) const {
  const scenario::OrderLogReplay& replay = *channel_->order_log;
  if (copies_left_ > 0) {
    return std::max(now, logged_at_);
  }
  const sim::Duration horizon = horizon_ - sim::Time::zero();
  const double whole = std::floor(replay.scale);
  const double extra = replay.scale - whole;
  while (log_cursor_ && log_cursor_->next(logged_)) {
    if (replay.past(logged_.at, horizon)) {
      break;  // the log is in time order: nothing later is kept either
    }
    if (logged_.channel != replay.channel || !replay.keeps(logged_.at, horizon)) {
      continue;
    }
    copies_left_ = static_cast<std::int64_t>(whole);
    if (extra > 0.0 && boost::random::bernoulli_distribution<double>(extra)(rng)) {
      ++copies_left_;
    }
    if (copies_left_ > 0) {
      logged_at_ = sim::Time::zero() + logged_.at + replay.time_shift;
      return std::max(now, logged_at_);
    }
  }
  log_cursor_.reset();
  return std::nullopt;
}

std::optional<std::uint16_t> DemandProcess::replayed_region() const {
  std::uint16_t code = 0;
  if (channel_->order_log) {
    code = copies_left_ > 0 && logged_.region > 0 ? log_regions_[logged_.region - 1] : 0;
  } else if (trace_cursor_ < trace_regions_.size()) {
    code = trace_regions_[trace_cursor_];
  }
  return code > 0 ? std::optional(code) : std::nullopt;
}

std::optional<sim::Time> DemandProcess::next_arrival(sim::Time now, sim::LpRandom& rng) const {
  if (channel_->order_log) {
    return next_logged(now, rng);
  }
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

std::vector<BasketLine> DemandProcess::basket(sim::LpRandom& rng, sim::Time at) const {
  if (channel_->order_log || !channel_->trace.empty()) {
    const auto& lines = channel_->order_log ? logged_.lines : channel_->trace.at(trace_cursor_++).lines;
    if (channel_->order_log) {
      --copies_left_;
    }
    std::vector<BasketLine> out;
    for (const auto& line : lines) {
      out.push_back(BasketLine{line.sku, static_cast<std::uint32_t>(line.units)});
    }
    return out;
  }
  const Mix* mix = mix_at(at);
  const auto& popularity = mix != nullptr ? mix->popularity : draw_->popularity;
  std::size_t lines = 1;
  if (channel_->basket_mean > 1.0) {
    lines += boost::random::poisson_distribution<std::size_t, double>(channel_->basket_mean - 1.0)(rng);
  }
  lines = std::min({lines, static_cast<std::size_t>(channel_->basket_max), sku_count_});
  std::vector<BasketLine> out;
  out.reserve(lines);
  // Distinct SKUs; a few redraws, then give up on a line rather than loop.
  for (std::size_t attempt = 0; out.size() < lines && attempt < lines * 8; ++attempt) {
    const std::uint32_t sku = popularity(rng);
    if (std::none_of(out.begin(), out.end(), [&](const BasketLine& l) { return l.sku == sku; })) {
      out.push_back(BasketLine{sku, 1});
    }
  }
  if (!unit_values_.empty()) {
    for (BasketLine& line : out) {  // after the SKUs, so a channel without units_per_line draws as before
      line.qty = static_cast<std::uint32_t>(unit_values_[line_units_(rng)]);
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
