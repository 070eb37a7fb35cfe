// What `peaksim diff` computes: which way is worse under a gate, what is
// compared and in which order, and summary.json read back. Welch's t-test itself
// is checked against known answers in statistics_test.cpp; the command end to end
// by tests/cli/diff_runs.sh.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/run_diff.h"
#include "analysis/statistics.h"
#include "analysis/summary_json.h"

namespace {

using analysis::Better;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

analysis::MetricSummary metric(const std::string& name, const analysis::Labels& labels,
                               const std::vector<double>& values) {
  analysis::MetricSummary m;
  m.metric = name;
  m.labels = labels;
  m.statistic = "mean";
  m.unit = "orders";
  m.value = analysis::interval_of(values);
  m.per_replication = values;
  return m;
}

// One run of `scenario`: variant "baseline" with the given metrics and a gate on oversells{channel=web}.
analysis::RunSummary run(std::vector<analysis::MetricSummary> metrics, const std::string& comparison = "<=",
                         const std::string& scenario = "s") {
  analysis::RunSummary s;
  s.record.scenario = scenario;
  s.record.file_sha256 = "abc";
  analysis::VariantSummary v;
  v.name = "baseline";
  v.replications = 5;
  v.metrics = std::move(metrics);
  s.variants.push_back(std::move(v));
  analysis::GateVerdict gate;
  gate.variant = "baseline";
  gate.metric = "oversells";
  gate.labels = {{"channel", "web"}};
  gate.statistic = "mean";
  gate.comparison = comparison;
  s.gates.push_back(gate);
  return s;
}

const analysis::MetricChange& change_of(const analysis::RunDiff& d, const std::string& name) {
  for (const auto& c : d.changes) {
    if (c.name() == name) {
      return c;
    }
  }
  throw std::logic_error("no change for " + name);
}

}  // namespace

TEST_CASE("Diff: a gate's comparison says which way is worse", "[analysis][diff]") {
  CHECK(analysis::better_direction_of("<") == Better::Lower);
  CHECK(analysis::better_direction_of("<=") == Better::Lower);
  CHECK(analysis::better_direction_of(">") == Better::Higher);
  CHECK(analysis::better_direction_of(">=") == Better::Higher);
  CHECK_FALSE(analysis::better_direction_of("==").has_value());
  CHECK(analysis::is_worse(Better::Lower, 0.5));
  CHECK_FALSE(analysis::is_worse(Better::Lower, -0.5));
  CHECK(analysis::is_worse(Better::Higher, -0.5));
  CHECK_FALSE(analysis::is_worse(Better::Higher, 0.5));
  CHECK_FALSE(analysis::is_worse(Better::Lower, 0.0));
  CHECK_FALSE(analysis::is_worse(Better::Lower, kNaN));
}

TEST_CASE("Diff: a gated metric that moved significantly the wrong way is worse", "[analysis][diff]") {
  const std::vector<double> low = {1, 2, 1, 2, 1};
  const std::vector<double> high = {9, 10, 9, 10, 11};
  const analysis::Labels web = {{"channel", "web"}};
  const analysis::Labels pos = {{"channel", "pos"}};
  SECTION("lower is better ('<='): a rise is worse, a fall is better") {
    const analysis::RunDiff up = analysis::compare_runs(run({metric("oversells", web, low)}),
                                                        run({metric("oversells", web, high)}));
    REQUIRE(up.changes.size() == 1);
    CHECK(up.changes[0].gated == Better::Lower);
    CHECK(up.changes[0].test.significant);
    CHECK(up.changes[0].worse);
    CHECK(up.worse_gated() == 1);
    const analysis::RunDiff down = analysis::compare_runs(run({metric("oversells", web, high)}),
                                                          run({metric("oversells", web, low)}));
    CHECK_FALSE(down.changes[0].worse);
    CHECK(down.worse_gated() == 0);
  }
  SECTION("higher is better ('>='): a rise is not worse") {
    const analysis::RunDiff up = analysis::compare_runs(run({metric("oversells", web, low)}, ">="),
                                                        run({metric("oversells", web, high)}, ">="));
    CHECK(up.changes[0].gated == Better::Higher);
    CHECK_FALSE(up.changes[0].worse);
  }
  SECTION("the same metric under other labels is not gated, so never worse") {
    const analysis::RunDiff d = analysis::compare_runs(run({metric("oversells", pos, low)}),
                                                       run({metric("oversells", pos, high)}));
    CHECK_FALSE(d.changes[0].gated.has_value());
    CHECK(d.changes[0].test.significant);
    CHECK_FALSE(d.changes[0].worse);
  }
  SECTION("a rise that is not significant is not worse") {
    const analysis::RunDiff d = analysis::compare_runs(run({metric("oversells", web, {1, 5, 2, 6, 3})}),
                                                       run({metric("oversells", web, {2, 5, 3, 6, 3})}));
    CHECK_FALSE(d.changes[0].test.significant);
    CHECK_FALSE(d.changes[0].worse);
  }
  SECTION("a gated metric with one replication is not testable, so not worse") {
    const analysis::RunDiff d =
        analysis::compare_runs(run({metric("oversells", web, low)}), run({metric("oversells", web, {50})}));
    CHECK_FALSE(d.changes[0].test.testable);
    CHECK_FALSE(d.changes[0].worse);
    CHECK(d.not_testable() == 1);
  }
}

TEST_CASE("Diff: gated metrics first, then by |t|; one-sided metrics and variants listed apart", "[analysis][diff]") {
  const analysis::Labels web = {{"channel", "web"}};
  analysis::RunSummary before = run({metric("orders", web, {10, 11, 10, 11, 10}), metric("oversells", web, {1, 2, 1, 2, 1}),
                                     metric("lost_sales", web, {5, 6, 5, 6, 5}), metric("gone", {}, {1, 1})});
  analysis::RunSummary after = run({metric("orders", web, {40, 41, 40, 41, 40}), metric("oversells", web, {1, 2, 2, 2, 1}),
                                    metric("lost_sales", web, {6, 7, 6, 7, 6}), metric("new", {}, {1, 1})});
  before.variants.push_back({"only-old", {}, 5, {}, {}, 0, 0.0});
  after.variants.push_back({"only-new", {}, 5, {}, {}, 0, 0.0});
  const analysis::RunDiff d = analysis::compare_runs(before, after);
  REQUIRE(d.changes.size() == 3);
  CHECK(d.changes[0].name() == "oversells{channel=web} mean");  // gated, though it barely moved
  CHECK(d.changes[1].name() == "orders{channel=web} mean");     // |t| largest
  CHECK(d.changes[2].name() == "lost_sales{channel=web} mean");
  CHECK(change_of(d, "orders{channel=web} mean").relative == Approx(30.0 / 10.4));
  CHECK(d.moved() == 2);
  REQUIRE(d.metrics_only_in_old.size() == 1);
  CHECK(d.metrics_only_in_old[0].name == "gone mean");
  REQUIRE(d.metrics_only_in_new.size() == 1);
  CHECK(d.metrics_only_in_new[0].name == "new mean");
  CHECK(d.variants_only_in_old == std::vector<std::string>{"only-old"});
  CHECK(d.variants_only_in_new == std::vector<std::string>{"only-new"});
}

TEST_CASE("Diff: identical runs move nothing", "[analysis][diff]") {
  const analysis::Labels web = {{"channel", "web"}};
  const analysis::RunSummary a = run({metric("oversells", web, {1, 4, 2, 8, 5}), metric("orders", web, {3, 3, 3})});
  const analysis::RunDiff d = analysis::compare_runs(a, a);
  CHECK(d.changes.size() == 2);
  CHECK(d.moved() == 0);
  CHECK(d.worse_gated() == 0);
  CHECK_FALSE(d.scenario_changed());
}

TEST_CASE("Diff: runs of different scenarios, or without a common variant, are refused", "[analysis][diff]") {
  const analysis::RunSummary a = run({metric("orders", {}, {1, 2})});
  const analysis::RunSummary other = run({metric("orders", {}, {1, 2})}, "<=", "t");
  CHECK_THROWS_WITH(analysis::compare_runs(a, other), Catch::Contains("different scenarios: \"s\" and \"t\""));
  analysis::RunSummary renamed = a;
  renamed.variants[0].name = "hard-reservation";
  CHECK_THROWS_WITH(analysis::compare_runs(a, renamed), Catch::Contains("no variant in common"));
}

TEST_CASE("summary.json: read back, it gives the metrics, values and gates it was written from", "[analysis][diff]") {
  analysis::RunSummary s = run({metric("oversells", {{"channel", "web"}}, {1, kNaN, 3})});
  s.record.seed = 7;
  s.record.sets = {"/links/0/interval=\"1h\""};
  const analysis::RunSummary back =
      analysis::summary_from_json(nlohmann::json::parse(analysis::to_json(s).dump()));
  CHECK(back.record.scenario == "s");
  CHECK(back.record.seed == 7);
  CHECK(back.record.sets == s.record.sets);
  REQUIRE(back.variants.size() == 1);
  REQUIRE(back.variants[0].metrics.size() == 1);
  const analysis::MetricSummary& m = back.variants[0].metrics[0];
  CHECK(m.labels == analysis::Labels{{"channel", "web"}});
  REQUIRE(m.per_replication.size() == 3);
  CHECK(m.per_replication[0] == 1.0);
  CHECK(std::isnan(m.per_replication[1]));
  CHECK(m.value.n == 2);
  REQUIRE(back.gates.size() == 1);
  CHECK(back.gates[0].comparison == "<=");
  CHECK(back.gates[0].variant == "baseline");
}

TEST_CASE("summary.json: gate records of a newer shape are read for what they judge, or skipped", "[analysis][diff]") {
  nlohmann::json j = nlohmann::json::parse(analysis::to_json(run({})).dump());
  j["gates"][0]["variants"] = {"baseline", "x"};  // fields this reader does not know are ignored
  j["gates"][0]["relative"] = true;
  nlohmann::json no_variant = j["gates"][0];
  no_variant.erase("variant");
  j["gates"].push_back(no_variant);  // cannot say which variant it gates: skipped
  const analysis::RunSummary back = analysis::summary_from_json(j);
  REQUIRE(back.gates.size() == 1);
  CHECK(back.gates[0].metric == "oversells");
}

TEST_CASE("summary.json: a document that is not a summary is refused by name", "[analysis][diff]") {
  CHECK_THROWS_WITH(analysis::summary_from_json(nlohmann::json::parse(R"({"name": "x"})")),
                    Catch::Contains("not a peaksim summary.json"));
  CHECK_THROWS_WITH(analysis::summary_from_json(nlohmann::json::parse(R"({"schema": "peaksim.partial/1"})")),
                    Catch::Contains("expected \"peaksim.summary/1\""));
  CHECK_THROWS_WITH(analysis::summary_from_json(nlohmann::json::parse(R"({"schema": "peaksim.summary/1"})")),
                    Catch::Contains("malformed summary.json"));
}

TEST_CASE("summary.json is written with arrays of numbers on one line, and reads back the same", "[diff][summary]") {
  CHECK(analysis::inline_number_arrays("{\n  \"a\": [\n    1.5,\n    null,\n    -2e-07\n  ],\n  \"b\": [],\n"
                                       "  \"c\": [\n    {\n      \"d\": [\n        3\n      ]\n    }\n  ],\n"
                                       "  \"e\": [\n    \"x [\"\n  ]\n}") ==
        "{\n  \"a\": [1.5,null,-2e-07],\n  \"b\": [],\n  \"c\": [\n    {\n      \"d\": [3]\n    }\n  ],\n"
        "  \"e\": [\n    \"x [\"\n  ]\n}");
  const analysis::RunSummary s = run({metric("oversells", {{"channel", "web"}}, {1.0, kNaN, 3.25, 0.1})});
  const std::string text = analysis::summary_text(s);
  CHECK(text.find("\"values\": [1.0,null,3.25,0.1]\n") != std::string::npos);
  CHECK(text.back() == '\n');
  // The same document as the indented one.
  CHECK(nlohmann::json::parse(text) == nlohmann::json::parse(analysis::to_json(s).dump(2)));
  CHECK(text.size() < analysis::to_json(s).dump(2).size());
}
