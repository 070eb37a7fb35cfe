#include "models/retail/open_hours.h"

#include <algorithm>
#include <utility>

namespace models::retail {
namespace {
constexpr std::int64_t kDayUs = sim::Duration::days(1).count_us();
constexpr std::int64_t kWeekUs = 7 * kDayUs;
}  // namespace

namespace {
using Intervals = scenario::WeeklyHours::Intervals;

// The first interval that does not end at or before `at`.
Intervals::const_iterator holding_or_after(const Intervals& open, std::int64_t at) {
  return std::upper_bound(open.begin(), open.end(), at,
                          [](std::int64_t t, const auto& interval) { return t < interval.second; });
}
// The first interval that starts after `at`.
Intervals::const_iterator starting_after(const Intervals& open, std::int64_t at) {
  return std::upper_bound(open.begin(), open.end(), at,
                          [](std::int64_t t, const auto& interval) { return t < interval.first; });
}
}  // namespace

OpenHours::OpenHours(scenario::WeeklyHours hours, int start_weekday, std::optional<std::int64_t> start_day,
                     sim::Duration horizon)
    : always_(hours.always), offset_us_(static_cast<std::int64_t>(start_weekday) * kDayUs) {
  if (always_) {
    return;
  }
  hours_ = std::make_shared<const scenario::WeeklyHours>(std::move(hours));
  if (hours_->dates.empty()) {
    return;
  }
  // Day by day from the day before the horizon (its night may run into day 0): a
  // date's hours, else its weekday's; then cut at 0, sorted and merged.
  Intervals open;
  const std::int64_t days = horizon.count_us() / kDayUs + 8;
  for (std::int64_t d = -1; d < days; ++d) {
    const auto dated = start_day ? hours_->dates.find(*start_day + d) : hours_->dates.end();
    const Intervals& day = dated != hours_->dates.end()
                               ? dated->second
                               : hours_->by_weekday[static_cast<std::size_t>((start_weekday + d + 7) % 7)];
    for (const auto& [from, to] : day) {
      if (d * kDayUs + to > 0) {
        open.emplace_back(std::max<std::int64_t>(0, d * kDayUs + from), d * kDayUs + to);
      }
    }
  }
  std::sort(open.begin(), open.end());
  auto merged = std::make_shared<Intervals>();
  for (const auto& interval : open) {
    if (!merged->empty() && interval.first <= merged->back().second) {
      merged->back().second = std::max(merged->back().second, interval.second);
    } else {
      merged->push_back(interval);
    }
  }
  timeline_ = std::move(merged);
}

std::int64_t OpenHours::in_week(sim::Time t) const { return (t.count_us() + offset_us_) % kWeekUs; }

bool OpenHours::open(sim::Time t) const {
  if (always_) {
    return true;
  }
  if (timeline_) {
    const auto it = holding_or_after(*timeline_, t.count_us());
    return it != timeline_->end() && it->first <= t.count_us();
  }
  const std::int64_t w = in_week(t);
  // The last interval starting at or before w holds it if it has not ended.
  const auto after = starting_after(hours_->open, w);
  return after != hours_->open.begin() && w < std::prev(after)->second;
}

sim::Time OpenHours::next_open(sim::Time t) const {
  if (open(t)) {
    return t;
  }
  if (timeline_) {  // past its end (a week past the horizon): never
    const auto it = holding_or_after(*timeline_, t.count_us());
    return it == timeline_->end() ? sim::Time::infinity() : sim::Time::from_us(it->first);
  }
  if (hours_->open.empty() || t == sim::Time::infinity()) {
    return sim::Time::infinity();
  }
  const std::int64_t w = in_week(t);
  const auto after = starting_after(hours_->open, w);
  const std::int64_t wait = after != hours_->open.end() ? after->first - w : kWeekUs - w + hours_->open.front().first;
  return t + sim::Duration::micros(wait);
}

}  // namespace models::retail
