#include <catch2/catch.hpp>

#include "sim/errors.h"
#include "sim/time.h"

using sim::Duration;
using sim::parse_duration;

TEST_CASE("parse_duration: reads every unit and compound forms", "[sim][time]") {
  CHECK(parse_duration("250ms") == Duration::millis(250));
  CHECK(parse_duration("90s") == Duration::seconds(90));
  CHECK(parse_duration("30m") == Duration::minutes(30));
  CHECK(parse_duration("1h30m") == Duration::minutes(90));
  CHECK(parse_duration("2d") == Duration::days(2));
  CHECK(parse_duration("500us") == Duration::micros(500));
  CHECK(parse_duration("1.5h") == Duration::minutes(90));
  CHECK(parse_duration("0.25s") == Duration::millis(250));
  CHECK(parse_duration("1d2h3m4s5ms6us") ==
        Duration::days(1) + Duration::hours(2) + Duration::minutes(3) + Duration::seconds(4) +
            Duration::millis(5) + Duration::micros(6));
  CHECK(parse_duration("0s") == Duration::zero());
}

TEST_CASE("parse_duration: refuses what is not a duration, saying what it found", "[sim][time]") {
  struct Bad {
    const char* text;
    const char* why;
  };
  const Bad bad = GENERATE(Bad{"30", "a number without a unit"}, Bad{"", "an empty string"},
                           Bad{"-5s", "negative durations are not allowed"}, Bad{"5 s", "unknown unit"},
                           Bad{"5x", "unknown unit"}, Bad{"30m1h", "units must go from largest to smallest"},
                           Bad{"1h30", "the last number has no unit"}, Bad{"1.s", "decimal point"},
                           Bad{"0.5us", "finer than a microsecond"}, Bad{"s", "must start with a digit"},
                           Bad{"99999999999999999999d", "too large"}, Bad{"1m1m", "largest to smallest"});
  INFO("input \"" << bad.text << "\"");
  try {
    (void)parse_duration(bad.text);
    FAIL("parsed without error");
  } catch (const sim::DurationError& e) {
    const std::string msg = e.what();
    CHECK_THAT(msg, Catch::Contains("expected a duration such as"));
    CHECK_THAT(msg, Catch::Contains(std::string("found \"") + bad.text + "\""));
    CHECK_THAT(msg, Catch::Contains(bad.why));
  }
}

TEST_CASE("format_duration: prints the shortest exact spelling, which parses back", "[sim][time]") {
  CHECK(sim::format_duration(Duration::minutes(90)) == "1h30m");
  CHECK(sim::format_duration(Duration::millis(250)) == "250ms");
  CHECK(sim::format_duration(Duration::zero()) == "0s");
  CHECK(sim::format_duration(Duration::days(2)) == "2d");
  const std::int64_t us = GENERATE(as<std::int64_t>{}, 1, 999, 1'000, 61'000'001, 86'400'000'000LL + 5, 123'456'789'012LL);
  const Duration d = Duration::micros(us);
  CHECK(parse_duration(sim::format_duration(d)) == d);
}

TEST_CASE("Time: adding a huge duration saturates at infinity instead of wrapping", "[sim][time]") {
  const sim::Time t = sim::Time::from_us(10);
  CHECK(t + Duration::max() == sim::Time::infinity());
  CHECK(sim::Time::infinity() + Duration::seconds(1) == sim::Time::infinity());
  CHECK(t + Duration::seconds(1) == sim::Time::from_us(1'000'010));
}

TEST_CASE("format_time: prints a clock with days past 24 hours", "[sim][time]") {
  CHECK(sim::format_time(sim::Time::zero() + Duration::hours(12) + Duration::millis(250)) == "12:00:00.250");
  CHECK(sim::format_time(sim::Time::zero() + Duration::hours(26)) == "1d 02:00:00.000");
}
