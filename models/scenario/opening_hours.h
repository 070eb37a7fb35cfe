// models/scenario/opening_hours.h — when a node is open, by weekday.
//
// A node's `opening_hours` is "always" or an object from days to hours:
//   { "mon-fri": "09:00-21:00", "sat": "09:00-18:00", "sun": "closed" }
// Keys: a weekday ("mon" ... "sun"), a range of them ("mon-fri"; "fri-mon" wraps
// through the weekend) or "daily"; each weekday at most once, and a weekday no key
// names is closed. Values: "HH:MM-HH:MM" (the close "24:00" is midnight; a close at
// or before the open runs past midnight into the next day) or "closed". The week
// is fixed by the scenario's `start_date` (its weekday is the horizon's first day;
// none: a Monday).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/diagnostics.h"

namespace models::scenario {

struct WeeklyHours {
  bool always = true;
  // Open intervals [from, to) in microseconds since Monday 00:00, sorted, disjoint,
  // within [0, one week); one that runs past Sunday midnight is split in two.
  std::vector<std::pair<std::int64_t, std::int64_t>> open;
  friend bool operator==(const WeeklyHours&, const WeeklyHours&) = default;
};

// The hours `value` gives, or nullopt after a diagnostic at `pointer` (or below it).
[[nodiscard]] std::optional<WeeklyHours> read_weekly_hours(const nlohmann::json& value, const std::string& pointer,
                                                           Diagnostics& diags);
// The weekday (0 Monday ... 6 Sunday) of a date "YYYY-MM-DD", or nullopt when it is no date.
[[nodiscard]] std::optional<int> weekday_of(const std::string& date);

}  // namespace models::scenario
