// Opening hours, warehouse shifts, carrier days and carrier scans (models/scenario/opening_hours.h,
// models/retail/open_hours.h), with
// known answers: a store closed at night sells nothing and picks nothing then, its
// walk-ins are the rate times its open hours, and an order that comes while it is
// closed waits for the opening. Open hours are worked out here from the docs'
// rules (the weekday of the start date, the hours of each weekday), not the model's.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "models/retail/build.h"
#include "models/retail/open_hours.h"
#include "models/retail/probes.h"
#include "models/scenario/loader.h"
#include "models/scenario/opening_hours.h"
#include "tests/models/recorded_run.h"

namespace scn = models::scenario;
namespace probes = models::retail::probes;

namespace {

constexpr double kHour = 3600.0;

// 2026-11-26 is a Thursday (Thanksgiving). The store: weekdays 09-17, Saturday 10-14,
// Sunday closed. Walk-ins 30 an hour around the clock as demand; web orders 6 an hour,
// shipped from the store (its only stock).
const std::string kWeek = R"({
  "name": "calendar", "seed": 5, "horizon": "7d", "start_date": "2026-11-26",
  "catalog": { "skus": 3 },
  "nodes": [
    { "id": "store", "kind": "store", "inventory": { "units_per_sku": 1000000 },
      "params": { "shrink_per_day": 0, "pickers": 3, "pick_time": "5m", "pack_time": "0s",
                  "opening_hours": { "mon-fri": "09:00-17:00", "sat": "10:00-14:00", "sun": "closed" } } },
    { "id": "web", "kind": "storefront" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
  ],
  "links": [
    { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "store", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "store", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
  ],
  "demand": {
    "pos": { "nodes": "store", "orders_per_hour": 30 },
    "web": { "nodes": "web", "orders_per_hour": 6 }
  }
})";

// Open at `seconds` into the horizon, by the hours above: day 0 a Thursday.
bool open_by_hand(double seconds) {
  const int day = static_cast<int>(seconds / (24 * kHour));
  const double hour = (seconds - day * 24 * kHour) / kHour;
  const int weekday = (3 + day) % 7;  // 0 Monday
  if (weekday <= 4) {
    return hour >= 9.0 && hour < 17.0;
  }
  return weekday == 5 && hour >= 10.0 && hour < 14.0;
}

std::string load_errors(const std::string& text) {
  const scn::LoadResult loaded = scn::load_scenario_text(text, "calendar.json");
  REQUIRE_FALSE(loaded.ok());
  return loaded.diags.format("calendar.json");
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("Opening hours: a store sells and picks only while open; orders that come at night wait for the opening",
          "[models][calendar]") {
  const scn::LoadResult loaded = scn::load_scenario_text(kWeek, "calendar.json");
  INFO(loaded.diags.format("calendar.json"));
  REQUIRE(loaded.ok());
  const scn::ScenarioSpec& spec = loaded.scenario->baseline;
  CHECK(spec.start_weekday == 3);
  const test_support::Records records = test_support::run_recorded(spec);  // units are checked conserved at the end

  int sales = 0, picks = 0, overnight = 0, sales_when_closed = 0, picks_when_closed = 0;
  std::vector<int> sales_by_hour(7 * 24, 0);
  for (const auto& r : records.all) {
    const double t = (r.when - sim::Time::zero()).to_seconds();
    if (r.probe == probes::kPosSale) {
      ++sales;
      ++sales_by_hour.at(static_cast<std::size_t>(t / kHour));
      sales_when_closed += open_by_hand(t) ? 0 : 1;
    } else if (r.probe == probes::kPickWait) {
      ++picks;
      picks_when_closed += open_by_hand(t) ? 0 : 1;
      overnight += r.value > 12 * kHour ? 1 : 0;
    }
  }
  CHECK(sales_when_closed == 0);
  CHECK(picks_when_closed == 0);
  // And every hour it is open sells (30 expected: P(none) = e^-30): no open hour is lost.
  int open_hours = 0;
  for (std::size_t h = 0; h < sales_by_hour.size(); ++h) {
    if (open_by_hand(static_cast<double>(h) * kHour)) {
      CAPTURE(h);
      CHECK(sales_by_hour[h] > 0);
      ++open_hours;
    }
  }
  CHECK(open_hours == 44);
  // Open hours in the week: Thu, Fri, Mon, Tue, Wed 8 each, Sat 4, Sun 0 = 44 hours;
  // walk-ins (one line of one unit each) are Poisson with mean 30 x 44 = 1,320.
  CHECK(std::abs(sales - 1320) < 4.5 * std::sqrt(1320.0));
  // Web orders come around the clock (6 x 168 = 1,008; 3 pickers pick 36 an hour open):
  // all picked but those still queued at the end, and those from Saturday 14:00 to
  // Monday 09:00 wait over 12 hours.
  CHECK(picks > 900);
  CHECK(overnight > 100);
}

TEST_CASE("Opening hours by date: closed on Thanksgiving, open 06:00 to midnight on Black Friday", "[models][calendar]") {
  const std::string hours = R"("opening_hours": { "mon-fri": "09:00-17:00", "sat": "10:00-14:00", "sun": "closed" })";
  const std::string text = with(kWeek, hours, R"("opening_hours": { "mon-fri": "09:00-17:00", "sat": "10:00-14:00",
      "sun": "closed", "2026-11-26": "closed", "2026-11-27": "06:00-24:00" })");
  const scn::LoadResult loaded = scn::load_scenario_text(text, "calendar.json");
  INFO(loaded.diags.format("calendar.json"));
  REQUIRE(loaded.ok());
  const test_support::Records records = test_support::run_recorded(loaded.scenario->baseline);
  std::vector<int> sales(7, 0);
  int picks_thursday = 0, sales_outside = 0;
  for (const auto& r : records.all) {
    const double t = (r.when - sim::Time::zero()).to_seconds();
    const int day = static_cast<int>(t / (24 * kHour));
    const bool open = day == 0 ? false : day == 1 ? t - 24 * kHour >= 6 * kHour : open_by_hand(t);
    if (r.probe == probes::kPosSale) {
      ++sales.at(static_cast<std::size_t>(day));
      sales_outside += open ? 0 : 1;
    } else if (r.probe == probes::kPickWait) {
      picks_thursday += day == 0 ? 1 : 0;
    }
  }
  CHECK(sales[0] == 0);
  CHECK(picks_thursday == 0);
  CHECK(sales_outside == 0);
  CHECK(std::abs(sales[1] - 540) < 4.5 * std::sqrt(540.0));  // 30 an hour x 18 hours
  CHECK(std::abs(sales[4] - 240) < 4.5 * std::sqrt(240.0));  // Monday as every weekday: 8 hours
  // A date needs the start date; a key that is neither day nor date is refused.
  const std::string undated = with(text, R"(, "start_date": "2026-11-26")", "");
  CHECK_THAT(load_errors(undated), Catch::Contains("/nodes/0/params/opening_hours/2026-11-26") &&
                                       Catch::Contains("\"start_date\""));
  CHECK_THAT(load_errors(with(text, "2026-11-27", "2026-02-30")),
             Catch::Contains("/nodes/0/params/opening_hours/2026-02-30") && Catch::Contains("a date \"YYYY-MM-DD\""));
}

TEST_CASE("Opening hours: placed on the clock from the start date's weekday; nights and week ends wrap",
          "[models][calendar]") {
  scn::Diagnostics diags;
  const auto hours = scn::read_weekly_hours(
      nlohmann::json{{"mon-fri", "09:00-17:00"}, {"sat", "22:00-02:00"}, {"sun", "23:00-24:00"}}, "/h", diags);
  REQUIRE(hours);
  REQUIRE(diags.empty());
  const auto at = [](int day, double hour) {
    return sim::Time::zero() + sim::Duration::micros(static_cast<std::int64_t>((day * 24 + hour) * 3.6e9));
  };
  const models::retail::OpenHours thursday(*hours, 3);  // day 0 a Thursday
  CHECK_FALSE(thursday.open(at(0, 8.99)));
  CHECK(thursday.open(at(0, 9.0)));
  CHECK_FALSE(thursday.open(at(0, 17.0)));
  CHECK(thursday.next_open(at(0, 17.0)) == at(1, 9.0));           // Thursday evening: Friday 09:00
  CHECK(thursday.next_open(at(1, 18.0)) == at(2, 22.0));          // Friday evening: Saturday 22:00
  CHECK(thursday.open(at(3, 1.5)));                               // Saturday's night runs into Sunday
  CHECK_FALSE(thursday.open(at(3, 2.0)));
  CHECK(thursday.open(at(3, 23.5)));                              // Sunday 23:00-24:00
  CHECK_FALSE(thursday.open(at(4, 0.0)));                         // Monday 00:00: closed until 09:00
  CHECK(thursday.next_open(at(3, 2.0)) == at(3, 23.0));
  CHECK(thursday.next_open(at(4, 0.0)) == at(4, 9.0));
  const models::retail::OpenHours monday(*hours, 0);
  CHECK(monday.open(at(0, 9.0)));
  CHECK(monday.open(at(6, 1.0)));                      // day 6 a Sunday: Saturday night runs into it
  CHECK(monday.next_open(at(6, 3.0)) == at(6, 23.0));
  // "daily" and a wrapping range; the whole day every day is "always".
  CHECK(scn::read_weekly_hours(nlohmann::json{{"daily", "00:00-24:00"}}, "/h", diags)->always);
  const auto weekend = scn::read_weekly_hours(nlohmann::json{{"fri-mon", "10:00-12:00"}}, "/h", diags);
  REQUIRE(weekend);
  CHECK(weekend->open.size() == 4);
  const models::retail::OpenHours never(*scn::read_weekly_hours(nlohmann::json::object(), "/h", diags), 0);
  CHECK_FALSE(never.open(at(0, 12.0)));
  CHECK(never.next_open(at(0, 12.0)) == sim::Time::infinity());
  CHECK(diags.empty());
  CHECK(scn::weekday_of("2026-11-26") == 3);
  CHECK(scn::weekday_of("2000-01-01") == 5);  // a Saturday
  CHECK(scn::weekday_of("2026-02-29") == std::nullopt);
  CHECK(scn::weekday_of("26-11-2026") == std::nullopt);
}

TEST_CASE("Opening hours and start dates that cannot be are refused with their JSON path", "[models][calendar]") {
  const std::string hours = R"("opening_hours": { "mon-fri": "09:00-17:00", "sat": "10:00-14:00", "sun": "closed" })";
  CHECK_THAT(load_errors(with(kWeek, hours, R"("opening_hours": { "weekdays": "09:00-17:00" })")),
             Catch::Contains("/nodes/0/params/opening_hours/weekdays") && Catch::Contains("\"mon-fri\""));
  CHECK_THAT(load_errors(with(kWeek, hours, R"("opening_hours": { "mon-fri": "09:00-17:00", "fri": "10:00-12:00" })")),
             Catch::Contains("/nodes/0/params/opening_hours/") && Catch::Contains("found fri in both \"fri\" and \"mon-fri\""));
  CHECK_THAT(load_errors(with(kWeek, hours, R"("opening_hours": { "daily": "9-17" })")),
             Catch::Contains("/nodes/0/params/opening_hours/daily") && Catch::Contains("\"HH:MM-HH:MM\""));
  CHECK_THAT(load_errors(with(kWeek, hours, R"("opening_hours": { "daily": "09:00-09:00" })")),
             Catch::Contains("/nodes/0/params/opening_hours/daily") && Catch::Contains("different times"));
  CHECK_THAT(load_errors(with(kWeek, hours, R"("opening_hours": "sometimes")")),
             Catch::Contains("/nodes/0/params/opening_hours") && Catch::Contains("\"always\""));
  CHECK_THAT(load_errors(with(kWeek, R"("start_date": "2026-11-26")", R"("start_date": "2026-13-01")")),
             Catch::Contains("/start_date") && Catch::Contains("YYYY-MM-DD"));
}

TEST_CASE("Opening hours by date: the night before the horizon runs into day 0; a dated closure shifts the next "
          "opening; a replayed walk-in who comes while closed is passed over", "[models][calendar]") {
  scn::Diagnostics diags;
  const auto at = [](int day, double hour) {
    return sim::Time::zero() + sim::Duration::micros(static_cast<std::int64_t>((day * 24 + hour) * 3.6e9));
  };
  const auto saturday = scn::day_number("2026-11-28");  // day 0: Saturday; day 6: Friday
  REQUIRE(saturday);
  const models::retail::OpenHours nights(
      *scn::read_weekly_hours(nlohmann::json{{"fri", "22:00-02:00"}, {"2026-12-25", "closed"}}, "/h", diags), 5, saturday,
      sim::Duration::days(7));
  CHECK(nights.open(at(0, 1.0)));  // Friday night, the day before the horizon
  CHECK_FALSE(nights.open(at(0, 2.0)));
  CHECK(nights.next_open(at(0, 3.0)) == at(6, 22.0));
  const models::retail::OpenHours holiday(
      *scn::read_weekly_hours(nlohmann::json{{"daily", "09:00-17:00"}, {"2026-11-30", "closed"}}, "/h", diags), 5, saturday,
      sim::Duration::days(7));
  CHECK(holiday.next_open(at(1, 18.0)) == at(3, 9.0));  // Monday the 30th closed: Tuesday 09:00
  CHECK_FALSE(holiday.open(at(2, 12.0)));
  CHECK(holiday.open(at(3, 12.0)));
  CHECK(diags.empty());

  // A replayed walk-in at 03:00 (closed) is passed over; the one at 10:00 buys.
  std::string text = with(kWeek, R"("pos": { "nodes": "store", "orders_per_hour": 30 })",
                          R"("pos": { "nodes": "store", "trace": [ { "at": "3h", "sku": "SKU-1" }, { "at": "10h", "sku": "SKU-2" } ] })");
  const scn::LoadResult loaded = scn::load_scenario_text(text, "calendar.json");
  INFO(loaded.diags.format("calendar.json"));
  REQUIRE(loaded.ok());
  std::vector<double> sold_at;
  for (const auto& r : test_support::run_recorded(loaded.scenario->baseline).all) {
    if (r.probe == probes::kPosSale) {
      sold_at.push_back((r.when - sim::Time::zero()).to_seconds());
    }
  }
  CHECK(sold_at == std::vector<double>{10 * kHour});
}

TEST_CASE("Warehouse shifts and carrier days by weekday and date: picks only on shift, parcels only on carrier days",
          "[models][calendar]") {
  // Thanksgiving week from Thursday 2026-11-26. The DC works Monday to Friday 08:00-16:00
  // and Saturday 08:00-12:00, not on Thanksgiving; the carrier collects at 17:00 Monday to
  // Friday, not on Thanksgiving. Web orders come around the clock, all from the DC.
  const std::string text = R"({
    "name": "dc-calendar", "seed": 9, "horizon": "7d", "start_date": "2026-11-26",
    "catalog": { "skus": 3 },
    "nodes": [
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 1000000 },
        "params": { "pickers": 4, "pick_time": "5m", "pack_time": "0s", "carrier_cutoff": "17:00",
                    "shift_hours": { "mon-fri": "08:00-16:00", "sat": "08:00-12:00", "2026-11-26": "closed" },
                    "carrier_days": { "mon-fri": "00:00-24:00", "2026-11-26": "closed" } } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
    ],
    "links": [
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": { "web": { "nodes": "web", "orders_per_hour": 10 } }
  })";
  const scn::LoadResult loaded = scn::load_scenario_text(text, "calendar.json");
  INFO(loaded.diags.format("calendar.json"));
  REQUIRE(loaded.ok());
  const test_support::Records records = test_support::run_recorded(loaded.scenario->baseline);
  // By hand: day 0 Thursday (closed, a holiday), 1 Friday, 2 Saturday, 3 Sunday, 4-6 Monday to Wednesday.
  const auto on_shift = [](double t) {
    const int day = static_cast<int>(t / (24 * kHour));
    const double hour = t / kHour - 24.0 * day;
    if (day == 0 || day == 3) {
      return false;
    }
    return hour >= 8.0 && hour < (day == 2 ? 12.0 : 16.0);
  };
  std::vector<int> shipped_by_day(7, 0);
  int picks = 0, picks_off_shift = 0, shipped_off_cutoff = 0;
  for (const auto& r : records.all) {
    const double t = (r.when - sim::Time::zero()).to_seconds();
    if (r.probe == probes::kPickWait) {
      ++picks;
      picks_off_shift += on_shift(t) ? 0 : 1;
    } else if (r.probe == probes::kLineShipped) {
      const int day = static_cast<int>(t / (24 * kHour));
      ++shipped_by_day.at(static_cast<std::size_t>(day));
      shipped_off_cutoff += std::abs(t - (24.0 * day + 17.0) * kHour) < 1e-6 ? 0 : 1;
    }
  }
  CHECK(picks > 500);
  CHECK(picks_off_shift == 0);
  CHECK(shipped_off_cutoff == 0);  // every parcel leaves at a 17:00 collection
  // Collections on Friday and Monday to Wednesday only: not Thanksgiving, not the weekend.
  CHECK(shipped_by_day[0] == 0);
  CHECK(shipped_by_day[2] == 0);
  CHECK(shipped_by_day[3] == 0);
  for (const int day : {1, 4, 5, 6}) {
    CAPTURE(day);
    CHECK(shipped_by_day[static_cast<std::size_t>(day)] > 0);
  }
  // Saturday's picks leave on Monday: Monday ships Saturday's and its own.
  CHECK(shipped_by_day[4] > shipped_by_day[5]);
}

TEST_CASE("Carrier scans: the shipped status waits for the carrier's scan, its delay after the collection",
          "[models][calendar]") {
  // Web orders from a DC collected daily at 17:00; the carrier's scan leaves 3 h after the
  // collection and takes 1 s to the OMS, which tells customer service at once.
  const auto run = [](const std::string& shipped_status) {
    const std::string text = R"({
      "name": "scans", "seed": 4, "horizon": "3d",
      "catalog": { "skus": 5 },
      "nodes": [
        { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 100000 },
          "params": { "pickers": 4, "pick_time": "5m", "pack_time": "0s", "carrier_cutoff": "17:00",
                      "shipped_status": ")" + shipped_status + R"(", "carrier_scan_delay": "3h" } },
        { "id": "web", "kind": "storefront" },
        { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } },
        { "id": "cs", "kind": "customer_service" }
      ],
      "links": [
        { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
        { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
        { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
        { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" },
        { "from": "oms", "to": "cs", "carries": "status", "mode": "stream", "latency": "1s" }
      ],
      "demand": { "web": { "nodes": "web", "orders_per_hour": 8 } }
    })";
    const scn::LoadResult loaded = scn::load_scenario_text(text, "scans.json");
    INFO(loaded.diags.format("scans.json"));
    REQUIRE(loaded.ok());
    return test_support::run_recorded(loaded.scenario->baseline);
  };
  const auto shipped_status_vs_collection = [](const test_support::Records& records) {
    std::map<std::int64_t, double> collected, told;  // line id -> seconds
    const auto shipped = static_cast<double>(models::retail::status_code(models::retail::OrderStatus::Shipped));
    for (const auto& r : records.all) {
      const double t = (r.when - sim::Time::zero()).to_seconds();
      if (r.probe == probes::kLineShipped) {
        collected[r.label] = t;
      } else if (r.probe == probes::kStatusSent && r.value == shipped) {
        told[r.label] = t;
      }
    }
    std::vector<double> gaps;
    for (const auto& [line, at] : told) {
      const auto c = collected.find(line);
      REQUIRE(c != collected.end());  // a shipped status only for a collected parcel
      gaps.push_back(at - c->second);
    }
    return std::pair{gaps, collected.size()};
  };
  const auto [scanned, collected] = shipped_status_vs_collection(run("carrier_scan"));
  REQUIRE(collected > 200);
  // Every collection (17:00 on days 0 to 2) is told within the horizon, exactly 3 h 1 s later.
  CHECK(scanned.size() == collected);
  for (const double gap : scanned) {
    CHECK(gap == Approx(3 * kHour + 1.0).margin(1e-6));
  }
  // At the pick, the status goes out hours before the parcel leaves at 17:00.
  std::size_t early = 0;
  const test_support::Records at_pick = run("at_pick");
  std::map<std::int64_t, double> collected_at;
  for (const auto& r : at_pick.all) {
    if (r.probe == probes::kLineShipped) {
      collected_at[r.label] = (r.when - sim::Time::zero()).to_seconds();
    }
  }
  for (const auto& r : at_pick.all) {
    if (r.probe == probes::kStatusSent && r.value == 2.0) {
      const auto c = collected_at.find(r.label);
      early += c != collected_at.end() && (r.when - sim::Time::zero()).to_seconds() < c->second ? 1 : 0;
    }
  }
  CHECK(early > 100);
}

TEST_CASE("Opening hours: a pickup order packed after closing is handed over at the next opening", "[models][calendar]") {
  // The store opens 09:00-17:00 every day; its one picker takes 30 min a line. A pickup
  // order comes at 16:50: picked from 16:50:02, ready at 17:20:02, after closing: the
  // customer collects it at 09:00 the next day. One at 10:00 is collected at 10:30:02.
  const std::string text = R"({
    "name": "collect", "seed": 6, "horizon": "2d",
    "catalog": { "items": [ { "id": "MUG", "price": 10, "unit_cost": 4 } ] },
    "nodes": [
      { "id": "store", "kind": "store", "region": "north", "inventory": { "units_per_sku": 10 },
        "params": { "shrink_per_day": 0, "pickers": 1, "pick_time": "30m", "pack_time": "0s",
                    "opening_hours": { "daily": "09:00-17:00" } } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
    ],
    "links": [
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "store", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "store", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": { "web": { "nodes": "web", "bopis_share": 1, "regions": { "north": 1 },
                         "trace": [ { "at": "10h", "sku": "MUG" }, { "at": "16h50m", "sku": "MUG" } ] } }
  })";
  const scn::LoadResult loaded = scn::load_scenario_text(text, "collect.json");
  INFO(loaded.diags.format("collect.json"));
  REQUIRE(loaded.ok());
  const test_support::Records records = test_support::run_recorded(loaded.scenario->baseline);
  std::vector<double> handed;
  for (const auto& r : records.all) {
    if (r.probe == probes::kLineShipped) {
      handed.push_back((r.when - sim::Time::zero()).to_seconds());
    }
  }
  REQUIRE(handed.size() == 2);
  CHECK(handed[0] == Approx(10 * kHour + 30 * 60 + 2));
  CHECK(handed[1] == Approx(33 * kHour));
}
