// models/scenario/opening_hours.h — when a node is open, by weekday.
//
// A node's `opening_hours` is "always" or an object from days to hours:
//   { "mon-fri": "09:00-21:00", "sat": "09:00-18:00", "sun": "closed" }
// Keys: a weekday ("mon" ... "sun"), a range of them ("mon-fri"; "fri-mon" wraps
// through the weekend) or "daily"; each weekday at most once, and a weekday no key
// names is closed. A date key ("2026-11-26": "closed", "2026-11-27": "06:00-24:00")
// replaces its weekday's hours on that day (a holiday, a doorbuster opening); it
// needs the scenario's `start_date`. Values: "HH:MM-HH:MM" (the close "24:00" is
// midnight; a close at or before the open runs past midnight into the next day) or
// "closed". The week is fixed by the scenario's `start_date` (its weekday is the
// horizon's first day; none: a Monday).
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/diagnostics.h"

namespace models::scenario {

struct WeeklyHours {
  using Intervals = std::vector<std::pair<std::int64_t, std::int64_t>>;
  bool always = true;
  // Each weekday's hours (0 Monday), from its midnight: [from, to), `to` up to two days.
  std::array<Intervals, 7> by_weekday;
  // Dates whose hours replace their weekday's: days since 1970-01-01 -> hours from that
  // date's midnight (empty: closed).
  std::map<std::int64_t, Intervals> dates;
  // Open intervals [from, to) in microseconds since Monday 00:00, sorted, disjoint,
  // within [0, one week); one that runs past Sunday midnight is split in two.
  Intervals open;
  friend bool operator==(const WeeklyHours&, const WeeklyHours&) = default;
};

// The hours `value` gives, or nullopt after a diagnostic at `pointer` (or below it).
[[nodiscard]] std::optional<WeeklyHours> read_weekly_hours(const nlohmann::json& value, const std::string& pointer,
                                                           Diagnostics& diags);
// The weekday (0 Monday ... 6 Sunday) of a date "YYYY-MM-DD", or nullopt when it is no date.
[[nodiscard]] std::optional<int> weekday_of(const std::string& date);
// Days from 1970-01-01 to a date "YYYY-MM-DD", or nullopt when it is no date.
[[nodiscard]] std::optional<std::int64_t> day_number(const std::string& date);
// Minutes since midnight of a time of day "HH:MM" (00:00 to 23:59; 24:00 too when
// `allow_24`), or nullopt when it is none.
[[nodiscard]] std::optional<int> minutes_of_day(const std::string& text, bool allow_24 = false);

}  // namespace models::scenario
