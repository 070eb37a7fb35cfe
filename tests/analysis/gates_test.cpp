// Gates judged on intervals, replications folded into summaries, JUnit XML.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "analysis/gates.h"
#include "analysis/summary.h"
#include "analysis/summary_json.h"

using namespace analysis;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

VariantSummary one_metric(std::vector<double> values) {
  ReplicationResult r;
  std::vector<ReplicationResult> runs;
  r.variant = std::string(1, 'v');  // not = "v" in the loop: GCC 12's false -Wrestrict (bug 105329)
  for (std::size_t i = 0; i < values.size(); ++i) {
    r.replication = static_cast<std::uint32_t>(i);
    r.observations = {Observation{"oversell_rate", {{"channel", "web"}}, "mean", "ratio", values[i]}};
    runs.push_back(r);
  }
  return summarize_variant(runs, nullptr);
}

GateVerdict gate(const std::string& op, double threshold, bool inconclusive_passes = false) {
  GateVerdict g;
  g.gate = "web oversell rate";
  g.metric = "oversell_rate";
  g.labels = {{"channel", "web"}};
  g.statistic = "mean";
  g.comparison = op;
  g.threshold = threshold;
  g.inconclusive_passes = inconclusive_passes;
  return g;
}

Verdict judged(const VariantSummary& v, GateVerdict g) {
  judge(g, v);
  return g.verdict;
}

}  // namespace

TEST_CASE("Gates: pass, fail or inconclusive by where the whole interval lies", "[analysis][gates]") {
  // Mean 0.02, sd 0.00079 over 5 replications: 95% CI 0.02 +- 0.00098.
  const VariantSummary v = one_metric({0.019, 0.0205, 0.02, 0.0195, 0.021});
  REQUIRE(v.metrics.front().value.low == Approx(0.02 - 2.776445 * std::sqrt(2.5e-6 / 4) / std::sqrt(5.0)));
  CHECK(judged(v, gate("<=", 0.03)) == Verdict::Pass);
  CHECK(judged(v, gate("<", 0.03)) == Verdict::Pass);
  CHECK(judged(v, gate("<=", 0.01)) == Verdict::Fail);
  CHECK(judged(v, gate("<=", 0.02)) == Verdict::Inconclusive);
  CHECK(judged(v, gate(">=", 0.01)) == Verdict::Pass);
  CHECK(judged(v, gate(">", 0.03)) == Verdict::Fail);
  CHECK(judged(v, gate(">", 0.02)) == Verdict::Inconclusive);
}

TEST_CASE("Gates: an inconclusive verdict fails unless the gate lets it pass", "[analysis][gates]") {
  const VariantSummary v = one_metric({0.019, 0.0205, 0.02, 0.0195, 0.021});
  GateVerdict strict = gate("<=", 0.02);
  judge(strict, v);
  CHECK_FALSE(strict.passed);
  CHECK_THAT(strict.explanation, Catch::Contains("straddles 0.02") && Catch::Contains("counted as a failure"));
  GateVerdict lenient = gate("<=", 0.02, true);
  judge(lenient, v);
  CHECK(lenient.passed);
}

TEST_CASE("Gates: a closed interval touching the threshold", "[analysis][gates]") {
  const VariantSummary v = one_metric({0.02, 0.02, 0.02});  // sd 0: the interval is the point 0.02
  CHECK(judged(v, gate("<=", 0.02)) == Verdict::Pass);
  CHECK(judged(v, gate("<", 0.02)) == Verdict::Fail);
  CHECK(judged(v, gate(">=", 0.02)) == Verdict::Pass);
}

TEST_CASE("Gates: one replication never passes; zero samples never pass", "[analysis][gates]") {
  CHECK(judged(one_metric({0.001}), gate("<=", 0.5)) == Verdict::Inconclusive);
  GateVerdict none = gate("<=", 0.5, /*inconclusive_passes=*/true);
  judge(none, one_metric({kNaN, kNaN, kNaN}));
  CHECK(none.verdict == Verdict::NoSamples);
  CHECK_FALSE(none.passed);
  GateVerdict missing = gate("<=", 0.5, true);
  missing.metric = "cycle_time";
  judge(missing, one_metric({0.1, 0.2}));
  CHECK(missing.verdict == Verdict::NoSamples);
  CHECK_THAT(missing.explanation, Catch::Contains("no replication measured cycle_time{channel=web} mean"));
}

TEST_CASE("Gates: a relative gate judges the paired difference, not the metric", "[analysis][gates]") {
  // Replications vary a lot (0.03 to 0.09), the policy is 0.02 lower in every one
  // but the last (0.021 lower): alone, either interval is wide; paired, the
  // difference is -0.0202 +- 0.00056 (sd 0.000447), entirely below -0.015.
  const VariantSummary baseline = one_metric({0.05, 0.09, 0.03, 0.07, 0.06});
  const VariantSummary policy = one_metric({0.03, 0.07, 0.01, 0.05, 0.039});
  GateVerdict cuts = gate("<=", -0.015);
  cuts.relative = "baseline";
  judge(cuts, policy, &baseline);
  CHECK(cuts.verdict == Verdict::Pass);
  CHECK(cuts.measured.n == 5);
  CHECK(cuts.measured.mean == Approx(-0.0202));
  CHECK(cuts.measured.high == Approx(-0.0202 + 2.776445 * std::sqrt(8e-7 / 4 / 5)).epsilon(1e-6));
  CHECK_THAT(cuts.explanation, Catch::StartsWith("difference vs baseline: 95% CI ["));
  // The same threshold on the policy's own interval is far from conclusive.
  GateVerdict absolute = gate("<=", -0.015);
  judge(absolute, policy);
  CHECK(absolute.verdict == Verdict::Fail);
  // Not worse than the baseline: the whole difference is below 0.
  GateVerdict not_worse = gate("<=", 0.0);
  not_worse.relative = "baseline";
  CHECK(judged(policy, not_worse) == Verdict::NoSamples);  // no reference given: the baseline was not run
  judge(not_worse, policy, &baseline);
  CHECK(not_worse.verdict == Verdict::Pass);
  // ... and worse, reversed.
  judge(not_worse, baseline, &policy);
  CHECK(not_worse.verdict == Verdict::Fail);
  CHECK_FALSE(not_worse.passed);
}

TEST_CASE("Gates: a relative gate pairs only the replications both measured", "[analysis][gates]") {
  const VariantSummary baseline = one_metric({0.05, kNaN, 0.03, 0.07});
  const VariantSummary policy = one_metric({0.04, 0.07, kNaN, 0.06});
  GateVerdict g = gate("<=", 0.0);
  g.relative = "baseline";
  judge(g, policy, &baseline);
  CHECK(g.measured.n == 2);  // replications 0 and 3
  CHECK(g.measured.mean == Approx(-0.01));
  CHECK(g.verdict == Verdict::Pass);  // sd 0: the interval is the point -0.01
  GateVerdict missing = gate("<=", 0.0);
  missing.relative = "baseline";
  judge(missing, policy, &policy);  // the reference itself: every difference 0
  CHECK(missing.measured.mean == 0.0);
  judge(missing, policy, nullptr);
  CHECK(missing.verdict == Verdict::NoSamples);
  CHECK_THAT(missing.explanation, Catch::Contains("\"baseline\", which this gate compares with, was not run"));
}

TEST_CASE("Summaries: differences are paired by replication", "[analysis][summary]") {
  // Replications differ a lot (demand varies), the variant is always 1 lower:
  // the paired difference is exactly -1 with a zero-width interval.
  auto runs = [](const std::string& variant, double shift) {
    std::vector<ReplicationResult> out;
    const double level[] = {10, 50, 20, 90};
    for (std::uint32_t r = 0; r < 4; ++r) {
      ReplicationResult rr;
      rr.variant = variant;
      rr.replication = r;
      rr.observations = {Observation{"lost_sales", {{"channel", "web"}}, "mean", "lines", level[r] + shift}};
      rr.series = {Series{"orders", {{"channel", "web"}}, "orders", {level[r], 1.0}}};
      out.push_back(rr);
    }
    return out;
  };
  const auto baseline = runs("baseline", 0);
  const auto variant = runs("better", -1);
  const VariantSummary v = summarize_variant(variant, &baseline);
  REQUIRE(v.metrics.size() == 1);
  const MetricSummary& m = v.metrics.front();
  CHECK(m.value.mean == Approx(41.5));
  CHECK(m.value.half_width() > 30);  // unpaired, the noise hides the change
  REQUIRE(m.vs_baseline);
  CHECK(m.vs_baseline->mean == -1.0);
  CHECK(m.vs_baseline->low == -1.0);
  CHECK(m.vs_baseline->high == -1.0);
  REQUIRE(v.series.size() == 1);
  CHECK(v.series.front().mean == std::vector<double>{42.5, 1.0});
  CHECK(v.series.front().low == std::vector<double>{10, 1.0});
  CHECK(v.series.front().high == std::vector<double>{90, 1.0});
}

TEST_CASE("Summaries: replications that measured different metrics are refused", "[analysis][summary]") {
  std::vector<ReplicationResult> runs(2);
  runs[0].observations = {Observation{"a", {}, "mean", "x", 1}};
  runs[1].observations = {Observation{"b", {}, "mean", "x", 1}};
  CHECK_THROWS_WITH(summarize_variant(runs, nullptr), Catch::Contains("another order"));
}

TEST_CASE("summary.json: schema tag, undefined figures as null, invocation kept apart", "[analysis][summary]") {
  RunSummary s;
  s.record.scenario = "x";
  s.record.threads = 7;
  s.variants.push_back(one_metric({kNaN, 0.5}));
  const auto j = to_json(s);
  CHECK(j["schema"] == "peaksim.summary/1");
  const auto& metric = j["variants"][0]["metrics"][0];
  CHECK(metric["n"] == 1);
  CHECK(metric["values"][0].is_null());
  CHECK(metric["sd"].is_null());
  CHECK(metric["ci95"][0].is_null());  // one replication: unbounded, written as null
  CHECK(j["invocation"]["threads"] == 7);
  CHECK_FALSE(j["run"].contains("threads"));
}

TEST_CASE("JUnit: a suite per file, a case per gate, failures carry the interval", "[analysis][gates]") {
  RunSummary s;
  s.record.scenario = "peak<day>";
  s.variants.push_back(one_metric({0.019, 0.0205, 0.02, 0.0195, 0.021}));
  GateVerdict pass = gate("<=", 0.03), fail = gate("<=", 0.01);
  fail.gate = "web & \"friends\"";
  judge(pass, s.variants.front());
  judge(fail, s.variants.front());
  s.gates = {pass, fail};
  const std::string xml = junit_xml({{"scenarios/a.json", &s, ""}, {"scenarios/b.json", nullptr, "bad <thing>"}});
  CHECK_THAT(xml, Catch::Contains("<testsuites name=\"peaksim check\" tests=\"3\" failures=\"1\" errors=\"1\">"));
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"scenarios/a.json\" tests=\"2\" failures=\"1\" errors=\"0\""));
  CHECK_THAT(xml, Catch::Contains("name=\"web &amp; &quot;friends&quot;\""));
  CHECK_THAT(xml, Catch::Contains("classname=\"peak&lt;day&gt;.v\""));
  CHECK_THAT(xml, Catch::Contains("<failure type=\"fail\" message=\"fail: 95% CI ["));
  CHECK_THAT(xml, Catch::Contains("<error message=\"bad &lt;thing&gt;\"/>"));
}
