// sim/time.h — simulated time as an integer count of microseconds.
//
// Time is never floating point: equal instants must compare equal on every
// machine, and ties are broken by EventKey, not by rounding. `Duration` is a
// span, `Time` an instant measured from the start of the run (t = 0).
//
//   auto d = sim::parse_duration("1h30m");       // Duration::minutes(90)
//   sim::Time t = sim::Time::zero() + d;
//   std::string s = sim::format_duration(d);     // "1h30m"
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace sim {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration micros(std::int64_t us) { return Duration(us); }
  static constexpr Duration millis(std::int64_t ms) { return Duration(ms * 1'000); }
  static constexpr Duration seconds(std::int64_t s) { return Duration(s * 1'000'000); }
  static constexpr Duration minutes(std::int64_t m) { return seconds(m * 60); }
  static constexpr Duration hours(std::int64_t h) { return minutes(h * 60); }
  static constexpr Duration days(std::int64_t d) { return hours(d * 24); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration max() { return Duration(std::numeric_limits<std::int64_t>::max()); }

  [[nodiscard]] constexpr std::int64_t count_us() const { return us_; }
  [[nodiscard]] constexpr double to_seconds() const { return static_cast<double>(us_) / 1e6; }

  friend constexpr auto operator<=>(Duration, Duration) = default;
  friend constexpr Duration operator+(Duration a, Duration b) { return Duration(a.us_ + b.us_); }
  friend constexpr Duration operator-(Duration a, Duration b) { return Duration(a.us_ - b.us_); }
  friend constexpr Duration operator*(Duration a, std::int64_t k) { return Duration(a.us_ * k); }
  constexpr Duration& operator+=(Duration d) { us_ += d.us_; return *this; }

 private:
  constexpr explicit Duration(std::int64_t us) : us_(us) {}
  std::int64_t us_ = 0;
};

class Time {
 public:
  constexpr Time() = default;
  static constexpr Time zero() { return Time(0); }
  static constexpr Time from_us(std::int64_t us) { return Time(us); }
  // The end of all time: no event is ever scheduled at or after it.
  static constexpr Time infinity() { return Time(std::numeric_limits<std::int64_t>::max()); }

  [[nodiscard]] constexpr std::int64_t count_us() const { return us_; }
  [[nodiscard]] constexpr double to_seconds() const { return static_cast<double>(us_) / 1e6; }

  friend constexpr auto operator<=>(Time, Time) = default;
  // Saturates at infinity so that `now + huge_delay` never wraps into the past.
  friend constexpr Time operator+(Time t, Duration d) {
    const std::int64_t room = std::numeric_limits<std::int64_t>::max() - t.us_;
    return d.count_us() >= room ? infinity() : Time(t.us_ + d.count_us());
  }
  friend constexpr Duration operator-(Time a, Time b) { return Duration::micros(a.us_ - b.us_); }

 private:
  constexpr explicit Time(std::int64_t us) : us_(us) {}
  std::int64_t us_ = 0;
};

// Parses "250ms", "90s", "30m", "1h30m", "2d", "1.5h", "500us". Units: us, ms, s,
// m, h, d; several parts in decreasing unit order may follow each other. A bare
// number ("30") is an error: a duration always names its unit.
// Throws DurationError with a message saying what was expected and what was found.
[[nodiscard]] Duration parse_duration(std::string_view text);

// The shortest exact spelling in the same grammar: 5400 s -> "1h30m", 0.25 s -> "250ms".
[[nodiscard]] std::string format_duration(Duration d);

// "12h03m07.250s"-style clock of an instant, for logs and progress lines.
[[nodiscard]] std::string format_time(Time t);

}  // namespace sim
