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

}  // namespace

double t_quantile(double confidence, std::size_t dof) {
  check_confidence(confidence);
  if (dof == 0) {
    throw std::invalid_argument("statistics: a Student-t quantile needs at least 1 degree of freedom");
  }
  const boost::math::students_t dist(static_cast<double>(dof));
  return boost::math::quantile(boost::math::complement(dist, (1.0 - confidence) / 2.0));
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
  std::vector<double> finite;
  std::copy_if(values.begin(), values.end(), std::back_inserter(finite), [](double x) { return std::isfinite(x); });
  return interval_of_finite(finite, confidence);
}

}  // namespace analysis
