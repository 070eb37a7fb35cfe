#include "models/retail/open_hours.h"

#include <algorithm>
#include <utility>

namespace models::retail {
namespace {
constexpr std::int64_t kDayUs = sim::Duration::days(1).count_us();
constexpr std::int64_t kWeekUs = 7 * kDayUs;
}  // namespace

OpenHours::OpenHours(scenario::WeeklyHours hours, int start_weekday)
    : hours_(std::move(hours)), offset_us_(static_cast<std::int64_t>(start_weekday) * kDayUs) {}

std::int64_t OpenHours::in_week(sim::Time t) const { return (t.count_us() + offset_us_) % kWeekUs; }

bool OpenHours::open(sim::Time t) const {
  if (hours_.always) {
    return true;
  }
  const std::int64_t w = in_week(t);
  // The last interval starting at or before w holds it if it has not ended.
  auto after = std::upper_bound(hours_.open.begin(), hours_.open.end(), w,
                                [](std::int64_t at, const auto& interval) { return at < interval.first; });
  return after != hours_.open.begin() && w < std::prev(after)->second;
}

sim::Time OpenHours::next_open(sim::Time t) const {
  if (open(t)) {
    return t;
  }
  if (hours_.open.empty() || t == sim::Time::infinity()) {
    return sim::Time::infinity();
  }
  const std::int64_t w = in_week(t);
  auto after = std::upper_bound(hours_.open.begin(), hours_.open.end(), w,
                                [](std::int64_t at, const auto& interval) { return at < interval.first; });
  const std::int64_t wait = after != hours_.open.end() ? after->first - w : kWeekUs - w + hours_.open.front().first;
  return t + sim::Duration::micros(wait);
}

}  // namespace models::retail
