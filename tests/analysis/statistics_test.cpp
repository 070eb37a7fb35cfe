#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/statistics.h"

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// One column holding `values`, as a replications × 1 matrix.
Eigen::MatrixXd column(const std::vector<double>& values) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(values.size()), 1);
  for (std::size_t row = 0; row < values.size(); ++row) {
    out(static_cast<Eigen::Index>(row), 0) = values[row];
  }
  return out;
}

// {1, 2, 3, 4, 5}: mean 3, sd sqrt(2.5), t_{0.975, 4} = 2.776445 (tables).
void check_one_to_five(const analysis::Interval& interval) {
  const double half_width = 2.776445 * std::sqrt(2.5) / std::sqrt(5.0);
  CHECK(interval.n == 5);
  CHECK(interval.mean == 3.0);
  CHECK(interval.sd == Approx(std::sqrt(2.5)).epsilon(1e-15));
  CHECK(interval.low == Approx(3.0 - half_width).margin(1e-6));
  CHECK(interval.high == Approx(3.0 + half_width).margin(1e-6));
  CHECK(interval.half_width() == Approx(1.963243).margin(1e-6));
}

}  // namespace

TEST_CASE("t_quantile: matches the Student-t tables", "[analysis]") {
  CHECK(analysis::t_quantile(0.95, 9) == Approx(2.262157).margin(1e-6));
  CHECK(analysis::t_quantile(0.95, 1) == Approx(12.7062).margin(1e-4));
  CHECK(analysis::t_quantile(0.95, 4) == Approx(2.776445).margin(1e-6));
  CHECK(analysis::t_quantile(0.99, 4) == Approx(4.604095).margin(1e-6));
  CHECK(analysis::t_quantile(0.90, 30) == Approx(1.697261).margin(1e-6));
  CHECK(analysis::t_quantile(0.95, 1000000) == Approx(1.959966).margin(1e-6));  // tends to the normal's 1.959964
}

TEST_CASE("t_quantile: refuses a confidence outside (0, 1) and zero degrees of freedom", "[analysis]") {
  CHECK_THROWS_AS(analysis::t_quantile(0.95, 0), std::invalid_argument);
  CHECK_THROWS_AS(analysis::t_quantile(1.0, 5), std::invalid_argument);
  CHECK_THROWS_AS(analysis::t_quantile(0.0, 5), std::invalid_argument);
  CHECK_THROWS_AS(analysis::t_quantile(kNaN, 5), std::invalid_argument);
  CHECK_THROWS_AS(analysis::column_intervals(column({1, 2, 3}), 95.0), std::invalid_argument);
}

TEST_CASE("column_intervals: 1..5 gives mean 3, sd sqrt(2.5) and the 95% t-interval", "[analysis]") {
  const auto intervals = analysis::column_intervals(column({1, 2, 3, 4, 5}));
  REQUIRE(intervals.size() == 1);
  check_one_to_five(intervals[0]);
  check_one_to_five(analysis::interval_of({5, 3, 1, 4, 2}));
}

TEST_CASE("column_intervals: NaN and infinite cells are left out and not counted", "[analysis]") {
  const auto intervals = analysis::column_intervals(column({kNaN, 1, 2, kNaN, 3, 4, kInf, 5, kNaN}));
  REQUIRE(intervals.size() == 1);
  check_one_to_five(intervals[0]);
  check_one_to_five(analysis::interval_of({1, kNaN, 2, 3, -kInf, 4, 5}));
}

TEST_CASE("column_intervals: no finite cell gives NaN; one gives its value and an unbounded interval",
          "[analysis]") {
  SECTION("n == 0") {
    for (const auto& interval : {analysis::column_intervals(column({kNaN, kNaN}))[0], analysis::interval_of({})}) {
      CHECK(interval.n == 0);
      CHECK(std::isnan(interval.mean));
      CHECK(std::isnan(interval.sd));
      CHECK(std::isnan(interval.low));
      CHECK(std::isnan(interval.high));
    }
  }
  SECTION("n == 1") {
    const auto interval = analysis::column_intervals(column({kNaN, 7.5, kNaN}))[0];
    CHECK(interval.n == 1);
    CHECK(interval.mean == 7.5);
    CHECK(std::isnan(interval.sd));
    CHECK(interval.low == -kInf);
    CHECK(interval.high == kInf);
  }
  SECTION("a matrix without rows gives one NaN interval per column") {
    const auto intervals = analysis::column_intervals(Eigen::MatrixXd(0, 3));
    REQUIRE(intervals.size() == 3);
    CHECK(intervals[2].n == 0);
    CHECK(std::isnan(intervals[2].mean));
  }
}

TEST_CASE("column_intervals: constant values give sd 0 and a zero-width interval at the value", "[analysis]") {
  const auto interval = analysis::interval_of({0.1, 0.1, 0.1});  // 0.1 + 0.1 + 0.1 != 0.3, yet the mean is 0.1
  CHECK(interval.n == 3);
  CHECK(interval.mean == 0.1);
  CHECK(interval.sd == 0.0);
  CHECK(interval.low == 0.1);
  CHECK(interval.high == 0.1);
}

TEST_CASE("column_intervals: a large offset does not cost the variance its digits", "[analysis]") {
  // 1e9 + {4, 7, 13, 16}: variance 30. The one-pass sum(x^2) - n mean^2 loses it to cancellation.
  const auto interval = analysis::interval_of({1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
  CHECK(interval.mean == 1e9 + 10);
  CHECK(interval.sd == Approx(std::sqrt(30.0)).epsilon(1e-12));
}

TEST_CASE("column_intervals: each column is computed from its own cells only", "[analysis]") {
  Eigen::MatrixXd values(5, 3);
  values << 1, 100, kNaN,  //
      2, 300, 4,           //
      3, kNaN, 4,          //
      4, 200, kNaN,        //
      5, 400, kNaN;
  const auto intervals = analysis::column_intervals(values, 0.95);
  REQUIRE(intervals.size() == 3);
  check_one_to_five(intervals[0]);
  // {100, 300, 200, 400}: mean 250, sd sqrt(50000 / 3), t_{0.975, 3} = 3.182446.
  CHECK(intervals[1].n == 4);
  CHECK(intervals[1].mean == 250.0);
  CHECK(intervals[1].sd == Approx(std::sqrt(50000.0 / 3.0)).epsilon(1e-15));
  CHECK(intervals[1].half_width() == Approx(3.182446 * std::sqrt(50000.0 / 3.0) / 2.0).margin(1e-4));
  CHECK(intervals[2].n == 2);
  CHECK(intervals[2].mean == 4.0);
  CHECK(intervals[2].half_width() == 0.0);
}

TEST_CASE("paired_differences: pairing by replication cancels the noise the variants share", "[analysis]") {
  // Replications differ wildly (demand seeds), but the variant always saves exactly 5.
  Eigen::MatrixXd baseline(4, 2);
  baseline << 100, 1,  //
      2500, 2,         //
      37, 3,           //
      12000, 4;
  Eigen::MatrixXd values = baseline;
  values.col(0).array() -= 5.0;
  values.col(1) << 2, 4, 6, 8;  // the second metric's difference is {1, 2, 3, 4}

  const auto paired = analysis::paired_differences(values, baseline);
  REQUIRE(paired.size() == 2);
  CHECK(paired[0].n == 4);
  CHECK(paired[0].mean == -5.0);
  CHECK(paired[0].sd == 0.0);
  CHECK(paired[0].low == -5.0);
  CHECK(paired[0].high == -5.0);
  CHECK(paired[1].mean == 2.5);
  CHECK(paired[1].sd == Approx(std::sqrt(5.0 / 3.0)).epsilon(1e-15));

  // Unpaired, the same data says nothing: each variant's interval is thousands wide.
  const auto unpaired_values = analysis::column_intervals(values);
  const auto unpaired_baseline = analysis::column_intervals(baseline);
  CHECK(unpaired_values[0].half_width() > 5000.0);
  CHECK(unpaired_values[0].high > unpaired_baseline[0].low);  // the intervals overlap
}

TEST_CASE("paired_differences: a row counts only where both variants have a finite cell", "[analysis]") {
  const Eigen::MatrixXd values = column({11, kNaN, 13, 14, 15, 16});
  const Eigen::MatrixXd baseline = column({10, 20, 10, kNaN, 10, 10});
  const auto paired = analysis::paired_differences(values, baseline);
  REQUIRE(paired.size() == 1);
  CHECK(paired[0].n == 4);  // differences {1, 3, 5, 6}
  CHECK(paired[0].mean == 3.75);
  CHECK(paired[0].sd == Approx(std::sqrt(14.75 / 3.0)).epsilon(1e-15));
}

TEST_CASE("paired_differences: refuses matrices of different shapes", "[analysis]") {
  CHECK_THROWS_AS(analysis::paired_differences(Eigen::MatrixXd::Zero(4, 2), Eigen::MatrixXd::Zero(3, 2)),
                  std::invalid_argument);
  CHECK_THROWS_AS(analysis::paired_differences(Eigen::MatrixXd::Zero(4, 2), Eigen::MatrixXd::Zero(4, 3)),
                  std::invalid_argument);
}

TEST_CASE("welch_test: two small samples give the hand-computed t, dof, p and interval", "[analysis][welch]") {
  // before {1,2,3,4,5}: mean 3, s^2 = 2.5; after {2,4,6,8}: mean 5, s^2 = 20/3.
  // se^2 = 2.5/5 + (20/3)/4 = 13/6, t = 2 / sqrt(13/6) = 1.358732;
  // dof = (13/6)^2 / ((1/2)^2/4 + (5/3)^2/3) = (169/36) / (1/16 + 25/27) = 4.749415;
  // p = 2 P(T_4.749 > 1.358732) = 0.2351941 and t_{0.975, 4.749} = 2.611916, both by a
  // second method: mpmath, integrating the t density (30 digits), which agrees with its
  // regularised incomplete beta I_{dof/(dof+t^2)}(dof/2, 1/2) to every digit.
  const analysis::WelchTest w = analysis::welch_test({1, 2, 3, 4, 5}, {2, 4, 6, 8});
  CHECK(w.n_before == 5);
  CHECK(w.n_after == 4);
  CHECK(w.difference == 2.0);
  CHECK(w.t == Approx(1.3587324410).epsilon(1e-9));
  CHECK(w.dof == Approx(4.7494145199).epsilon(1e-9));
  CHECK(w.p_value == Approx(0.2351941114).epsilon(1e-7));
  CHECK(w.low == Approx(2.0 - 2.6119160893 * std::sqrt(13.0 / 6.0)).epsilon(1e-7));
  CHECK(w.high == Approx(5.8446363839).epsilon(1e-7));
  CHECK(w.testable);
  CHECK_FALSE(w.significant);  // p = 0.235; the interval holds 0
}

TEST_CASE("welch_test: a clear shift is significant, with the known p and interval", "[analysis][welch]") {
  // mpmath as above: t = 5.573159, dof = 8.998550, p = 0.000346176, CI [0.603989, 1.429344].
  const analysis::WelchTest w =
      analysis::welch_test({10.1, 9.8, 10.4, 10.0, 9.7}, {11.0, 10.6, 11.5, 10.9, 11.3, 10.8});
  CHECK(w.difference == Approx(1.0166666667).epsilon(1e-9));
  CHECK(w.t == Approx(5.5731589038).epsilon(1e-8));
  CHECK(w.dof == Approx(8.9985504048).epsilon(1e-8));
  CHECK(w.p_value == Approx(0.000346175543).epsilon(1e-6));
  CHECK(w.low == Approx(0.6039893505).epsilon(1e-7));
  CHECK(w.high == Approx(1.4293439829).epsilon(1e-7));
  CHECK(w.significant);
  // The other way round: the same test, mirrored.
  const analysis::WelchTest back =
      analysis::welch_test({11.0, 10.6, 11.5, 10.9, 11.3, 10.8}, {10.1, 9.8, 10.4, 10.0, 9.7});
  CHECK(back.t == Approx(-w.t));
  CHECK(back.p_value == Approx(w.p_value));
  CHECK(back.significant);
}

TEST_CASE("welch_test: fewer than 2 replications with samples on a side is not testable", "[analysis][welch]") {
  SECTION("one replication in the new run") {
    const analysis::WelchTest w = analysis::welch_test({1, 2, 3, 4, 5}, {100});
    CHECK_FALSE(w.testable);
    CHECK_FALSE(w.significant);  // however far the one value lies
    CHECK(w.difference == 97.0);
    CHECK(std::isnan(w.p_value));
    CHECK(std::isinf(w.low));
    CHECK(std::isinf(w.high));
  }
  SECTION("NaN replications (no samples) are dropped before counting") {
    const analysis::WelchTest w = analysis::welch_test({1, kNaN, kNaN}, {1, 2, 3});
    CHECK(w.n_before == 1);
    CHECK_FALSE(w.testable);
    CHECK_FALSE(w.significant);
  }
  SECTION("NaN replications are dropped, and what is left is tested") {
    const analysis::WelchTest with_nan = analysis::welch_test({1, 2, kNaN, 3, 4, 5}, {2, 4, kNaN, 6, 8});
    const analysis::WelchTest without = analysis::welch_test({1, 2, 3, 4, 5}, {2, 4, 6, 8});
    CHECK(with_nan.n_before == 5);
    CHECK(with_nan.t == without.t);
    CHECK(with_nan.p_value == without.p_value);
  }
}

TEST_CASE("welch_test: identical samples never move; constant samples that differ do", "[analysis][welch]") {
  const analysis::WelchTest same = analysis::welch_test({3, 1, 4, 1, 5}, {3, 1, 4, 1, 5});
  CHECK(same.difference == 0.0);
  CHECK(same.t == 0.0);
  CHECK(same.p_value == Approx(1.0));
  CHECK_FALSE(same.significant);
  const analysis::WelchTest constant = analysis::welch_test({7, 7, 7}, {7, 7, 7});
  CHECK(constant.p_value == 1.0);
  CHECK_FALSE(constant.significant);
  const analysis::WelchTest shifted = analysis::welch_test({7, 7, 7}, {8, 8, 8});
  CHECK(shifted.significant);  // no noise on either side: the change is exact
  CHECK(shifted.low == 1.0);
  CHECK(shifted.high == 1.0);
}
