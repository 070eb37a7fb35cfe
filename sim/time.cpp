// sim/time.cpp — the one parser and formatter of durations.
#include "sim/time.h"

#include <array>
#include <cstdio>
#include <string>

#include "sim/errors.h"

namespace sim {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t us;
};
// Longest names first where one is a prefix of another ("ms" before "m").
constexpr std::array<Unit, 6> kUnitsByRank = {{
    {"d", 86'400'000'000},
    {"h", 3'600'000'000},
    {"m", 60'000'000},
    {"s", 1'000'000},
    {"ms", 1'000},
    {"us", 1},
}};

constexpr std::string_view kExpected =
    R"(expected a duration such as "250ms", "90s", "30m", "1h30m" or "2d" (units: d, h, m, s, ms, us))";

[[noreturn]] void fail(std::string_view text, std::string_view why) {
  std::string msg(kExpected);
  msg += ", found \"";
  msg += text;
  msg += "\"";
  if (!why.empty()) {
    msg += " (";
    msg += why;
    msg += ")";
  }
  throw DurationError(msg);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads the unit at `pos`; returns its rank in kUnitsByRank or -1.
int read_unit(std::string_view text, std::size_t& pos) {
  auto starts = [&](std::string_view u) { return text.substr(pos, u.size()) == u; };
  int rank = -1;
  if (starts("ms")) {
    rank = 4;
  } else if (starts("us")) {
    rank = 5;
  } else if (starts("d")) {
    rank = 0;
  } else if (starts("h")) {
    rank = 1;
  } else if (starts("m")) {
    rank = 2;
  } else if (starts("s")) {
    rank = 3;
  }
  if (rank >= 0) {
    pos += kUnitsByRank[static_cast<std::size_t>(rank)].name.size();
  }
  return rank;
}

}  // namespace

Duration parse_duration(std::string_view text) {
  if (text.empty()) {
    fail(text, "an empty string");
  }
  constexpr __int128 kMax = std::numeric_limits<std::int64_t>::max();
  __int128 total_us = 0;
  int last_rank = -1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (!is_digit(text[pos])) {
      fail(text, text[pos] == '-' ? "negative durations are not allowed" : "a part must start with a digit");
    }
    __int128 whole = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      whole = whole * 10 + (text[pos] - '0');
      if (whole > kMax) {
        fail(text, "too large");
      }
      ++pos;
    }
    __int128 frac = 0;
    __int128 frac_scale = 1;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      if (pos >= text.size() || !is_digit(text[pos])) {
        fail(text, "a decimal point must be followed by digits");
      }
      while (pos < text.size() && is_digit(text[pos])) {
        if (frac_scale < 1'000'000'000'000'000LL) {
          frac = frac * 10 + (text[pos] - '0');
          frac_scale *= 10;
        } else if (text[pos] != '0') {
          fail(text, "more decimals than a microsecond resolves");
        }
        ++pos;
      }
    }
    if (pos >= text.size()) {
      fail(text, last_rank < 0 ? "a number without a unit" : "the last number has no unit");
    }
    const int rank = read_unit(text, pos);
    if (rank < 0) {
      fail(text, std::string("unknown unit starting at '") + text[pos] + "'");
    }
    if (rank <= last_rank) {
      fail(text, "units must go from largest to smallest, each at most once");
    }
    last_rank = rank;
    const std::int64_t unit_us = kUnitsByRank[static_cast<std::size_t>(rank)].us;
    const __int128 frac_us_scaled = frac * unit_us;
    if (frac_us_scaled % frac_scale != 0) {
      fail(text, "finer than a microsecond");
    }
    total_us += whole * unit_us + frac_us_scaled / frac_scale;
    if (total_us > kMax) {
      fail(text, "too large");
    }
  }
  return Duration::micros(static_cast<std::int64_t>(total_us));
}

std::string format_duration(Duration d) {
  std::int64_t us = d.count_us();
  if (us == 0) {
    return "0s";
  }
  std::string out;
  if (us < 0) {
    out += '-';
    us = -us;  // Duration::max() is positive; the most negative value is never formatted
  }
  for (const Unit& unit : kUnitsByRank) {
    const std::int64_t n = us / unit.us;
    if (n != 0) {
      out += std::to_string(n);
      out += unit.name;
      us -= n * unit.us;
    }
  }
  return out;
}

std::string format_time(Time t) {
  if (t == Time::infinity()) {
    return "end of time";
  }
  std::int64_t us = t.count_us();
  const char* sign = "";
  if (us < 0) {
    sign = "-";
    us = -us;
  }
  const std::int64_t days = us / Duration::days(1).count_us();
  us %= Duration::days(1).count_us();
  const std::int64_t hours = us / Duration::hours(1).count_us();
  us %= Duration::hours(1).count_us();
  const std::int64_t minutes = us / Duration::minutes(1).count_us();
  us %= Duration::minutes(1).count_us();
  const std::int64_t seconds = us / Duration::seconds(1).count_us();
  const std::int64_t millis = (us % Duration::seconds(1).count_us()) / 1000;
  char buf[64];
  if (days > 0) {
    std::snprintf(buf, sizeof buf, "%s%lldd %02lld:%02lld:%02lld.%03lld", sign, static_cast<long long>(days),
                  static_cast<long long>(hours), static_cast<long long>(minutes),
                  static_cast<long long>(seconds), static_cast<long long>(millis));
  } else {
    std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld.%03lld", sign, static_cast<long long>(hours),
                  static_cast<long long>(minutes), static_cast<long long>(seconds),
                  static_cast<long long>(millis));
  }
  return buf;
}

}  // namespace sim
