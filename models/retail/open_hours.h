// models/retail/open_hours.h — a node's opening hours on the simulation clock.
//
// The scenario's weekly hours (models/scenario/opening_hours.h) placed on the
// horizon: day 0 is the scenario's start weekday. A store with hours takes
// walk-ins and picks only while open; without them it is open around the clock.
// Copies share the hours; hours with dates (a holiday closed, a doorbuster opening)
// are laid out day by day over the horizon once, shared alike.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "models/scenario/opening_hours.h"
#include "sim/time.h"

namespace models::retail {

class OpenHours {
 public:
  OpenHours() = default;  // always open
  // `start_day`: days from 1970-01-01 to the horizon's first day (the scenario's
  // start_date); needed only when the hours name dates.
  OpenHours(scenario::WeeklyHours hours, int start_weekday, std::optional<std::int64_t> start_day = std::nullopt,
            sim::Duration horizon = sim::Duration::zero());

  [[nodiscard]] bool always() const { return always_; }
  [[nodiscard]] bool open(sim::Time t) const;
  // `t` when open then, else the next opening; Time::infinity() when it never opens.
  [[nodiscard]] sim::Time next_open(sim::Time t) const;

 private:
  [[nodiscard]] std::int64_t in_week(sim::Time t) const;  // microseconds since Monday 00:00
  bool always_ = true;
  std::shared_ptr<const scenario::WeeklyHours> hours_;  // null when always
  // With dates: the open intervals from the horizon's start, day by day to a week past it.
  std::shared_ptr<const scenario::WeeklyHours::Intervals> timeline_;
  std::int64_t offset_us_ = 0;  // from Monday 00:00 to the horizon's start
};

}  // namespace models::retail
