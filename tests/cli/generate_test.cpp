// `peaksim generate --days N`: the reference's day N times over. Checked with a
// piecewise-linear evaluator written here from scenarios/README.md ("piecewise-linear
// over the horizon, times increasing", clamped outside the points), not the generator's.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/generate.h"
#include "models/scenario/loader.h"
#include "sim/time.h"

namespace {

double hours(const nlohmann::json& duration) {
  return sim::parse_duration(duration.get<std::string>()).to_seconds() / 3600.0;
}

double multiplier_at(const nlohmann::json& points, double t) {
  if (t <= hours(points.front().at("at"))) {
    return points.front().at("multiplier").get<double>();
  }
  for (std::size_t i = 1; i < points.size(); ++i) {
    const double t0 = hours(points[i - 1].at("at"));
    const double t1 = hours(points[i].at("at"));
    if (t <= t1) {
      const double m0 = points[i - 1].at("multiplier").get<double>();
      const double m1 = points[i].at("multiplier").get<double>();
      return m0 + (m1 - m0) * (t - t0) / (t1 - t0);
    }
  }
  return points.back().at("multiplier").get<double>();
}

// The profile's integral over [from, to] hours, by the trapezoid rule on a fine grid.
double area(const nlohmann::json& points, double from, double to) {
  constexpr int kSteps = 200000;
  const double h = (to - from) / kSteps;
  double sum = 0.0;
  for (int i = 0; i < kSteps; ++i) {
    sum += (multiplier_at(points, from + i * h) + multiplier_at(points, from + (i + 1) * h)) * h / 2.0;
  }
  return sum;
}

}  // namespace

TEST_CASE("generate --days: every day's demand is the reference's day", "[cli][generate]") {
  peaksim::GenerateOptions one;
  one.stores = 12;
  one.skus = 100;
  peaksim::GenerateOptions three = one;
  three.days = 3;
  const nlohmann::json day = peaksim::generate_scenario(one);
  const nlohmann::json week = peaksim::generate_scenario(three);
  CHECK(day.at("horizon") == "24h");
  CHECK(sim::parse_duration(week.at("horizon").get<std::string>()) == sim::Duration::seconds(3 * 86400));
  CHECK(week.at("warmup") == day.at("warmup"));

  int profiles = 0;
  for (const auto& [name, channel] : day.at("demand").items()) {
    CAPTURE(name);
    const nlohmann::json& repeated = week.at("demand").at(name);
    CHECK(repeated.at("orders_per_hour") == channel.at("orders_per_hour"));
    if (!channel.contains("profile")) {
      continue;
    }
    ++profiles;
    const nlohmann::json& base = channel.at("profile");
    const nlohmann::json& points = repeated.at("profile");
    // Each day follows the reference's day to the second before midnight.
    for (int d = 0; d < 3; ++d) {
      for (double t = 0.0; t < 24.0 - 1.0 / 3600.0; t += 0.25) {
        CAPTURE(d, t);
        CHECK(multiplier_at(points, 24.0 * d + t) == Approx(multiplier_at(base, t)).margin(1e-12));
      }
    }
    CHECK(multiplier_at(points, 72.0) == Approx(multiplier_at(base, 24.0)));
    // Customers over the three days: three of the reference's days, but for each
    // day-end second's ramp.
    CHECK(area(points, 0.0, 72.0) == Approx(3.0 * area(base, 0.0, 24.0)).epsilon(1e-4));
  }
  CHECK(profiles == 4);

  // A promotion within the day repeats each day; one over the whole day covers all three.
  const nlohmann::json& promotions = week.at("demand").at("web").at("promotions");
  const nlohmann::json& daily = day.at("demand").at("web").at("promotions");
  REQUIRE(daily.size() == 1);
  REQUIRE(promotions.size() == 3);
  for (int d = 0; d < 3; ++d) {
    CHECK(hours(promotions[d].at("start")) == Approx(hours(daily[0].at("start")) + 24.0 * d));
    CHECK(promotions[d].at("duration") == daily[0].at("duration"));
    CHECK(promotions[d].at("multiplier") == daily[0].at("multiplier"));
    CHECK(promotions[d].at("top") == daily[0].at("top"));
  }
  CHECK(promotions[2].at("name") == "doorbusters (day 3)");
  bool whole_horizon = false;
  for (const auto& experiment : week.at("experiments")) {
    for (const auto& change : experiment.value("overrides", nlohmann::json::array())) {
      if (change.at("path") != "/demand/pos/promotions") {
        continue;
      }
      for (const auto& promotion : change.at("value")) {
        CHECK(hours(promotion.at("start")) == 0.0);
        CHECK(hours(promotion.at("duration")) == 72.0);
        whole_horizon = true;
      }
    }
  }
  CHECK(whole_horizon);

  peaksim::GenerateOptions too_many = one;
  too_many.days = 32;
  CHECK_THROWS_AS(peaksim::generate_scenario(too_many), std::invalid_argument);
}

TEST_CASE("generate --oms-shards: the same stores, in the same regions, with the same stock", "[cli][generate]") {
  peaksim::GenerateOptions one;
  one.stores = 41;  // not a multiple of the 4 regions
  one.skus = 60;
  peaksim::GenerateOptions sharded = one;
  sharded.oms_shards = 2;
  const auto load = [](nlohmann::json file) {
    // Cover drawn from [3, 3] days: each store's stock is then its planned demand alone.
    for (auto& node : file.at("nodes")) {
      if (node.at("kind") == "store") {
        node["inventory"]["days_of_cover"]["min"] = 3;
        node["inventory"]["days_of_cover"]["max"] = 3;
      }
    }
    const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(file.dump(), "gen.json", {});
    INFO(loaded.diags.format("gen.json"));
    REQUIRE(loaded.ok());
    return loaded.scenario->baseline;
  };
  const auto whole = load(peaksim::generate_scenario(one));
  const auto split = load(peaksim::generate_scenario(sharded));
  // Each region's stores, by their initial stock (ids differ: store-004 is store-west-001);
  // a share of the online demand each, whatever the declarations.
  const auto stores = [](const models::scenario::ScenarioSpec& spec) {
    std::map<std::string, std::multiset<std::vector<std::int64_t>>> by_region;
    for (const auto& node : spec.nodes) {
      if (node.kind == models::NodeKind::Store) {
        by_region[node.region].insert(node.inventory.get());
      }
    }
    return by_region;
  };
  CHECK(stores(whole) == stores(split));
  CHECK(stores(split).at("north").size() == 11);
  CHECK(stores(split).at("west").size() == 10);
  // Two shards owning every region once, each with its own ESB.
  std::vector<std::string> owned;
  std::size_t esbs = 0;
  for (const auto& node : split.nodes) {
    if (node.kind == models::NodeKind::Oms) {
      owned.push_back(node.params.text("regions"));
    }
    esbs += node.id.rfind("esb-", 0) == 0 ? 1 : 0;
  }
  CHECK(owned.size() == 2);
  CHECK(esbs == 2);
}
