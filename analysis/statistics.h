// analysis/statistics.h — replications × metrics matrices: means, standard
// deviations, Student-t confidence intervals and paired differences (Eigen
// for the matrices, Boost.Math for the t quantiles).
//
// A NaN cell is a replication without samples for that metric: it is left out
// of that metric's statistics (n counts the finite cells only).
#pragma once

#include <Eigen/Core>

#include <cstddef>
#include <vector>

namespace analysis {

struct Interval {
  double mean = 0.0;
  double sd = 0.0;    // sample standard deviation (n - 1); NaN when n < 2
  double low = 0.0;   // confidence interval; [-inf, +inf] when n < 2 (nothing can be concluded)
  double high = 0.0;  // ... and [NaN, NaN] with mean NaN when n == 0
  std::size_t n = 0;

  [[nodiscard]] double half_width() const { return (high - low) / 2.0; }
};

// The two-sided Student-t quantile for `confidence` (0.95 -> t_{0.975, dof}).
[[nodiscard]] double t_quantile(double confidence, std::size_t dof);

// Per column of `values` (rows: replications, columns: metrics).
[[nodiscard]] std::vector<Interval> column_intervals(const Eigen::MatrixXd& values, double confidence = 0.95);

// Per column, over rows where both are finite: `values - baseline`, paired by row.
[[nodiscard]] std::vector<Interval> paired_differences(const Eigen::MatrixXd& values, const Eigen::MatrixXd& baseline,
                                                       double confidence = 0.95);

// One column, for callers holding a vector.
[[nodiscard]] Interval interval_of(const std::vector<double>& values, double confidence = 0.95);

// Welch's unequal-variance t-test of two independent samples (two runs of one
// scenario), for the change mean(after) - mean(before). NaN and infinite values
// (replications without samples) are left out, as everywhere here.
struct WelchTest {
  std::size_t n_before = 0, n_after = 0;  // finite values on each side
  double difference = 0.0;  // mean(after) - mean(before); NaN when a side has none
  double low = 0.0;         // confidence interval of the difference ([-inf, +inf] when not testable)
  double high = 0.0;
  double t = 0.0;        // difference / standard error; NaN when not testable
  double dof = 0.0;      // Welch-Satterthwaite degrees of freedom (not a whole number); NaN when not testable
  double p_value = 0.0;  // two-sided; NaN when not testable
  bool testable = false;     // at least 2 values on each side
  bool significant = false;  // testable, and the interval excludes 0 (p < 1 - confidence)
};
[[nodiscard]] WelchTest welch_test(const std::vector<double>& before, const std::vector<double>& after,
                                   double confidence = 0.95);

}  // namespace analysis
