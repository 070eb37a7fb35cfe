#include "models/scenario/opening_hours.h"

#include "models/scenario/data/order_log.h"

#include <algorithm>
#include <array>

namespace models::scenario {
namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t kDayUs = 24 * 60 * kMinuteUs;
constexpr std::int64_t kWeekUs = 7 * kDayUs;
constexpr std::array<const char*, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::optional<int> day_index(const std::string& name) {
  const auto it = std::find(kDays.begin(), kDays.end(), name);
  return it == kDays.end() ? std::nullopt : std::optional<int>(static_cast<int>(it - kDays.begin()));
}


// The weekdays a key names, in order, or empty when it names none.
std::vector<int> days_of(const std::string& key) {
  if (key == "daily") {
    return {0, 1, 2, 3, 4, 5, 6};
  }
  if (auto one = day_index(key)) {
    return {*one};
  }
  const std::size_t dash = key.find('-');
  if (dash == std::string::npos) {
    return {};
  }
  const auto first = day_index(key.substr(0, dash));
  const auto last = day_index(key.substr(dash + 1));
  if (!first || !last || *first == *last) {
    return {};
  }
  std::vector<int> out;
  for (int d = *first;; d = (d + 1) % 7) {
    out.push_back(d);
    if (d == *last) {
      return out;
    }
  }
}

constexpr const char* kKeyExpected =
    R"(a day: "mon" ... "sun", a range such as "mon-fri", "daily", or a date "YYYY-MM-DD")";
constexpr const char* kHoursExpected = R"(hours "HH:MM-HH:MM" such as "09:00-21:00", or "closed")";

// One day's hours from its midnight: none when "closed"; nullopt after a diagnostic.
std::optional<WeeklyHours::Intervals> day_hours(const nlohmann::json& hours, const std::string& at, Diagnostics& diags) {
  if (!hours.is_string()) {
    diags.expected(at, kHoursExpected, hours);
    return std::nullopt;
  }
  const std::string text = hours.get<std::string>();
  if (text == "closed") {
    return WeeklyHours::Intervals{};
  }
  const bool shaped = text.size() == 11 && text[5] == '-';
  const auto open_at = shaped ? minutes_of_day(text.substr(0, 5), false) : std::nullopt;
  const auto close_at = shaped ? minutes_of_day(text.substr(6), true) : std::nullopt;
  if (!open_at || !close_at) {
    diags.expected(at, kHoursExpected, hours);
    return std::nullopt;
  }
  const std::int64_t from = *open_at;
  const std::int64_t to = *close_at;
  if (from == to) {
    diags.add(at, "expected hours that open and close at different times (\"00:00-24:00\" is the whole day), found \"" +
                      text + "\"");
    return std::nullopt;
  }
  // A close at or before the open is past midnight.
  return WeeklyHours::Intervals{{from * kMinuteUs, to * kMinuteUs + (to <= from ? kDayUs : 0)}};
}


}  // namespace

std::optional<WeeklyHours> read_weekly_hours(const nlohmann::json& value, const std::string& pointer,
                                             Diagnostics& diags) {
  if (value.is_string() && value.get<std::string>() == "always") {
    return WeeklyHours{};
  }
  if (!value.is_object()) {
    diags.expected(pointer, R"("always" or an object from days to hours, such as {"mon-sat": "09:00-21:00", "sun": "closed"})",
                   value);
    return std::nullopt;
  }
  const std::size_t before = diags.size();
  std::array<std::string, 7> named_by{};
  WeeklyHours::Intervals open;
  WeeklyHours out;
  out.always = false;
  struct Dated {
    std::int64_t day;
    std::string key;
    nlohmann::json hours;
  };
  std::vector<Dated> dated;
  for (const auto& [key, hours] : value.items()) {
    const std::string at = pointer + "/" + key;
    const std::vector<int> days = days_of(key);
    const std::optional<std::int64_t> date = days.empty() ? day_number(key) : std::nullopt;
    if (days.empty() && !date) {
      diags.add(at, std::string("expected ") + kKeyExpected + ", found the key \"" + key + "\"");
      continue;
    }
    if (date) {
      dated.push_back(Dated{*date, key, hours});
      continue;
    }
    for (const int d : days) {
      if (!named_by[static_cast<std::size_t>(d)].empty()) {
        diags.add(at, std::string("expected each weekday once, found ") + kDays[static_cast<std::size_t>(d)] +
                          " in both \"" + named_by[static_cast<std::size_t>(d)] + "\" and \"" + key + "\"");
      }
      named_by[static_cast<std::size_t>(d)] = key;
    }
    const auto day = day_hours(hours, at, diags);
    if (!day) {
      continue;
    }
    for (const int d : days) {
      for (const auto& [from, to] : *day) {
        out.by_weekday[static_cast<std::size_t>(d)].emplace_back(from, to);
        const std::int64_t start = d * kDayUs + from;
        const std::int64_t end = d * kDayUs + to;
        if (end > kWeekUs) {  // past Sunday midnight: the rest is Monday's early hours
          open.emplace_back(start, kWeekUs);
          open.emplace_back(0, end - kWeekUs);
        } else {
          open.emplace_back(start, end);
        }
      }
    }
  }
  for (const Dated& d : dated) {
    if (const auto day = day_hours(d.hours, pointer + "/" + d.key, diags)) {
      out.dates[d.day] = *day;
    }
  }
  if (diags.size() != before) {
    return std::nullopt;
  }
  std::sort(open.begin(), open.end());
  for (const auto& interval : open) {  // a night that runs into the next day's opening joins it
    if (!out.open.empty() && interval.first <= out.open.back().second) {
      out.open.back().second = std::max(out.open.back().second, interval.second);
    } else {
      out.open.push_back(interval);
    }
  }
  if (out.dates.empty() && out.open.size() == 1 && out.open[0] == std::pair<std::int64_t, std::int64_t>{0, kWeekUs}) {
    return WeeklyHours{};  // every hour of the week
  }
  return out;
}

std::optional<int> weekday_of(const std::string& date) {
  const auto day = day_number(date);
  if (!day) {
    return std::nullopt;
  }
  return static_cast<int>((*day % 7 + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

std::optional<std::int64_t> day_number(const std::string& date) {
  // A date alone; the order log's parser checks the calendar (month lengths, leap years).
  if (date.size() != 10) {
    return std::nullopt;
  }
  const auto midnight = parse_date_time(date + "T00:00:00");
  if (!midnight) {
    return std::nullopt;
  }
  return *midnight / (kDayUs);
}

std::optional<int> minutes_of_day(const std::string& text, bool allow_24) {
  if (text.size() != 5 || text[2] != ':') {
    return std::nullopt;
  }
  for (std::size_t idx : {0u, 1u, 3u, 4u}) {
    if (text[idx] < '0' || text[idx] > '9') {
      return std::nullopt;
    }
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes >= 60 || hours > 24 || (hours == 24 && (!allow_24 || minutes != 0))) {
    return std::nullopt;
  }
  return hours * 60 + minutes;
}

}  // namespace models::scenario
