// models/retail/open_hours.h — a node's opening hours on the simulation clock.
//
// The scenario's weekly hours (models/scenario/opening_hours.h) placed on the
// horizon: day 0 is the scenario's start weekday. A store with hours takes
// walk-ins and picks only while open; without them it is open around the clock.
#pragma once

#include <cstdint>

#include "models/scenario/opening_hours.h"
#include "sim/time.h"

namespace models::retail {

class OpenHours {
 public:
  OpenHours() = default;  // always open
  OpenHours(scenario::WeeklyHours hours, int start_weekday);

  [[nodiscard]] bool always() const { return hours_.always; }
  [[nodiscard]] bool open(sim::Time t) const;
  // `t` when open then, else the next opening; Time::infinity() when it never opens.
  [[nodiscard]] sim::Time next_open(sim::Time t) const;

 private:
  [[nodiscard]] std::int64_t in_week(sim::Time t) const;  // microseconds since Monday 00:00
  scenario::WeeklyHours hours_;
  std::int64_t offset_us_ = 0;  // from Monday 00:00 to the horizon's start
};

}  // namespace models::retail
