#include "analysis/statistics.h"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>

namespace analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void check_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("statistics: confidence must be in (0, 1), found " + std::to_string(confidence));
  }
}

// Mean, sample standard deviation and Student-t interval of finite values, in
// their given order (sequential sums, so the same input gives the same bits).
Interval interval_of_finite(const std::vector<double>& xs, double confidence) {
  Interval out;
  out.n = xs.size();
  if (out.n == 0) {
    out.mean = out.sd = out.low = out.high = kNaN;
    return out;
  }
  const double n = static_cast<double>(out.n);
  // Pass 1, shifted by the first value: every deviation of constant data is
  // then exactly 0, so its mean is the value and its sd exactly 0 by
  // construction, whatever the rounding (a zero-width interval, as documented).
  double shifted_sum = 0.0;
  for (double x : xs) {
    shifted_sum += x - xs.front();
  }
  const double mean = xs.front() + shifted_sum / n;
  // Pass 2, the corrected two-pass algorithm (Chan, Golub & LeVeque, "Algorithms
  // for computing the sample variance: analysis and recommendations", The
  // American Statistician, 1983): the deviations' sum, zero in exact
  // arithmetic, removes the first pass's rounding error from the mean and variance.
  double deviation_sum = 0.0;
  double squared_sum = 0.0;
  for (double x : xs) {
    deviation_sum += x - mean;
    squared_sum += (x - mean) * (x - mean);
  }
  out.mean = mean + deviation_sum / n;
  if (out.n == 1) {  // one replication says nothing about the spread
    out.sd = kNaN;
    out.low = -kInf;
    out.high = kInf;
    return out;
  }
  // Mathematically non-negative (Cauchy-Schwarz); rounding may say otherwise.
  const double variance = std::max(0.0, (squared_sum - deviation_sum * deviation_sum / n) / (n - 1.0));
  out.sd = std::sqrt(variance);
  const double half_width = t_quantile(confidence, out.n - 1) * out.sd / std::sqrt(n);
  out.low = out.mean - half_width;
  out.high = out.mean + half_width;
  return out;
}

// The two-sided quantile for any positive degrees of freedom (Welch's are not whole).
double t_quantile_of(double confidence, double dof) {
  const boost::math::students_t dist(dof);
  return boost::math::quantile(boost::math::complement(dist, (1.0 - confidence) / 2.0));
}

std::vector<double> finite_values(const std::vector<double>& values) {
  std::vector<double> finite;
  std::copy_if(values.begin(), values.end(), std::back_inserter(finite), [](double x) { return std::isfinite(x); });
  return finite;
}

}  // namespace

double t_quantile(double confidence, std::size_t dof) {
  check_confidence(confidence);
  if (dof == 0) {
    throw std::invalid_argument("statistics: a Student-t quantile needs at least 1 degree of freedom");
  }
  // The last one asked, remembered: a per-minute series asks the same quantile
  // for every minute (timeseries.csv), and Boost's quantile is an iteration.
  thread_local double last_confidence = 0.0;
  thread_local std::size_t last_dof = 0;
  thread_local double last_quantile = 0.0;
  if (dof != last_dof || confidence != last_confidence) {
    last_quantile = t_quantile_of(confidence, static_cast<double>(dof));
    last_confidence = confidence;
    last_dof = dof;
  }
  return last_quantile;
}

std::vector<Interval> column_intervals(const Eigen::MatrixXd& values, double confidence) {
  check_confidence(confidence);
  std::vector<Interval> out;
  out.reserve(static_cast<std::size_t>(values.cols()));
  std::vector<double> finite;
  for (Eigen::Index metric = 0; metric < values.cols(); ++metric) {
    finite.clear();
    for (Eigen::Index replication = 0; replication < values.rows(); ++replication) {
      if (std::isfinite(values(replication, metric))) {
        finite.push_back(values(replication, metric));
      }
    }
    out.push_back(interval_of_finite(finite, confidence));
  }
  return out;
}

std::vector<Interval> paired_differences(const Eigen::MatrixXd& values, const Eigen::MatrixXd& baseline,
                                         double confidence) {
  check_confidence(confidence);
  if (values.rows() != baseline.rows() || values.cols() != baseline.cols()) {
    throw std::invalid_argument("statistics: paired differences need matrices of one shape, found " +
                                std::to_string(values.rows()) + "x" + std::to_string(values.cols()) + " and " +
                                std::to_string(baseline.rows()) + "x" + std::to_string(baseline.cols()));
  }
  std::vector<Interval> out;
  out.reserve(static_cast<std::size_t>(values.cols()));
  std::vector<double> differences;
  for (Eigen::Index metric = 0; metric < values.cols(); ++metric) {
    differences.clear();
    for (Eigen::Index replication = 0; replication < values.rows(); ++replication) {
      // The same replication (seed) under both variants: its common noise cancels.
      const double value = values(replication, metric);
      const double base = baseline(replication, metric);
      if (std::isfinite(value) && std::isfinite(base)) {
        differences.push_back(value - base);
      }
    }
    out.push_back(interval_of_finite(differences, confidence));
  }
  return out;
}

Interval interval_of(const std::vector<double>& values, double confidence) {
  check_confidence(confidence);
  return interval_of_finite(finite_values(values), confidence);
}

WelchTest welch_test(const std::vector<double>& before, const std::vector<double>& after, double confidence) {
  check_confidence(confidence);
  const Interval a = interval_of_finite(finite_values(before), confidence);
  const Interval b = interval_of_finite(finite_values(after), confidence);
  WelchTest out;
  out.n_before = a.n;
  out.n_after = b.n;
  out.difference = b.mean - a.mean;  // NaN when a side has no values
  if (a.n < 2 || b.n < 2) {          // no spread on that side: nothing can be concluded
    out.low = -kInf;
    out.high = kInf;
    out.t = out.dof = out.p_value = kNaN;
    return out;
  }
  out.testable = true;
  // Welch, "The generalization of 'Student's' problem when several different
  // population variances are involved", Biometrika 34 (1947): the standard error
  // of the difference from each side's own variance, se^2 = s_a^2/n_a + s_b^2/n_b,
  // and the Welch-Satterthwaite degrees of freedom
  //   dof = se^4 / ((s_a^2/n_a)^2 / (n_a - 1) + (s_b^2/n_b)^2 / (n_b - 1)).
  const double na = static_cast<double>(a.n);
  const double nb = static_cast<double>(b.n);
  const double va = a.sd * a.sd / na;
  const double vb = b.sd * b.sd / nb;
  const double se = std::sqrt(va + vb);
  if (se == 0.0) {
    // Both sides constant (a count the randomness does not reach): the
    // difference is known exactly. dof is then 0/0; the pooled n_a + n_b - 2
    // is reported instead and affects nothing.
    out.dof = na + nb - 2.0;
    out.low = out.high = out.difference;
    out.t = out.difference == 0.0 ? 0.0 : std::copysign(kInf, out.difference);
    out.p_value = out.difference == 0.0 ? 1.0 : 0.0;
    out.significant = out.difference != 0.0;
    return out;
  }
  out.dof = (va + vb) * (va + vb) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
  if (!std::isfinite(out.dof)) {  // the squares under- or overflowed; dof lies in [min(n) - 1, n_a + n_b - 2]
    out.dof = na + nb - 2.0;
  }
  out.t = out.difference / se;
  const boost::math::students_t dist(out.dof);
  out.p_value = 2.0 * boost::math::cdf(boost::math::complement(dist, std::abs(out.t)));
  const double critical = t_quantile_of(confidence, out.dof);
  out.low = out.difference - critical * se;
  out.high = out.difference + critical * se;
  // |t| > t_crit: the same as the interval excluding 0, and as p < 1 - confidence.
  out.significant = std::abs(out.t) > critical;
  return out;
}

}  // namespace analysis
