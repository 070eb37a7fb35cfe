#include "models/retail/returns.h"

#include <boost/random/exponential_distribution.hpp>

#include <algorithm>

namespace models::retail {

ReturnDesk::ReturnDesk(std::vector<ReturnSource> sources, scenario::DurationDistribution inspection,
                       sim::Duration horizon)
    : sources_(std::move(sources)), inspection_(std::move(inspection)), horizon_(sim::Time::zero() + horizon) {
  std::vector<double> rates;
  for (const ReturnSource& source : sources_) {
    rates.push_back(source.per_hour);
    total_per_hour_ += source.per_hour;
    reasons_.emplace_back(source.code_weights.begin(), source.code_weights.end());
  }
  if (!rates.empty()) {
    source_ = boost::random::discrete_distribution<std::size_t, double>(rates.begin(), rates.end());
  }
}

std::optional<sim::Time> ReturnDesk::next_arrival(sim::Time now, sim::LpRandom& rng) const {
  if (total_per_hour_ <= 0.0) {
    return std::nullopt;
  }
  const double gap = boost::random::exponential_distribution<double>(1.0)(rng) * 3.6e9 / total_per_hour_;
  const sim::Time t = now + sim::Duration::micros(std::max<std::int64_t>(1, static_cast<std::int64_t>(gap)));
  return t < horizon_ ? std::optional<sim::Time>(t) : std::nullopt;
}

DrawnReturn ReturnDesk::draw(sim::LpRandom& rng) const {
  // A fixed number of draws in a fixed order: source, SKU, reason, disposition, inspection.
  const std::size_t s = source_(rng);
  const ReturnSource& source = sources_[s];
  DrawnReturn out;
  out.channel = source.channel;
  out.sku = (*source.skus)(rng);
  const std::size_t reason = reasons_[s](rng);
  out.code = source.codes[reason];
  out.foreign_code = source.foreign[reason];
  out.till = source.refunded_at_till;
  out.resellable = rng.uniform01() < source.resellable;
  out.inspection = inspection_.sample(rng);
  return out;
}

}  // namespace models::retail
