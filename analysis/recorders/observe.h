// analysis/recorders/observe.h — observations by metric kind, so that each
// metric gives exactly the statistics its kind declares in the registry
// (models/registry.h, MetricKind; tests/analysis/metrics_registry_test.cpp
// checks the two agree):
//
//   count    mean (the count) and rate (per hour of the window it counts)
//   ratio    mean
//   latency  mean, p50, p95, p99, max
//   level    mean (time-weighted) and max
//
//   ObservationWriter emit(out, metrics.measured_hours);
//   emit.count("oversells", {{"channel", "web"}}, "lines", 12);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/histogram.h"
#include "analysis/summary.h"

namespace analysis::recorders {

class ObservationWriter {
 public:
  // `measured_hours`: the horizon less the warm-up, what counts are counted over.
  ObservationWriter(std::vector<Observation>& out, double measured_hours) : out_(out), hours_(measured_hours) {}

  // A count over the measured window: mean, and rate in `unit`/h.
  void count(const std::string& name, const Labels& labels, const std::string& unit, std::uint64_t value) {
    count_over(name, labels, unit, value, hours_);
  }
  // A count over another window of `hours` (the whole run, for a count the warm-up does not cut).
  void count_over(const std::string& name, const Labels& labels, const std::string& unit, std::uint64_t value,
                  double hours);
  // An amount over the measured window, counted like a count (mean, and rate per hour): money.
  void amount(const std::string& name, const Labels& labels, const std::string& unit, double value);
  void ratio(const std::string& name, const Labels& labels, const std::string& unit, double value);
  // num / den as a ratio; NaN (no samples) when den is 0.
  void fraction(const std::string& name, const Labels& labels, std::uint64_t num, std::uint64_t den);
  void latency(const std::string& name, const Labels& labels, const LatencyHistogram& seconds);
  // A distribution in another unit, with a latency's statistics: mean, p50, p95, p99, max.
  struct Quantiles {
    double mean, p50, p95, p99, max;
  };
  void distribution(const std::string& name, const Labels& labels, const std::string& unit, const Quantiles& q);
  void level(const std::string& name, const Labels& labels, const std::string& unit, double mean, double max);

 private:
  std::vector<Observation>& out_;
  double hours_;
};

}  // namespace analysis::recorders
