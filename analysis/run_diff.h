// analysis/run_diff.h — what moved between two runs of one scenario (`peaksim diff`).
//
// Every metric (name, labels, statistic) of every variant present in both runs is
// compared with Welch's t-test on the two runs' per-replication values
// (statistics.h): the runs are independent samples, whatever their seeds or
// replication counts. A metric a gate judges in that variant has a better
// direction (the gate's comparison: "<", "<=" lower is better; ">", ">=" higher);
// a significant change the other way is "worse", and fails `peaksim diff`.
//
//   RunDiff d = compare_runs(last_week, this_week);  // throws std::invalid_argument
//   if (d.worse_gated() > 0) { ... }
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/statistics.h"
#include "analysis/summary.h"

namespace analysis {

enum class Better { Lower, Higher };
[[nodiscard]] const char* to_string(Better better);

// The direction a gate's comparison calls better; nullopt for anything but <, <=, >, >=.
[[nodiscard]] std::optional<Better> better_direction_of(const std::string& comparison);

// Whether a change of `difference` (new - old) moved the wrong way for `better`; a zero or NaN change never does.
[[nodiscard]] bool is_worse(Better better, double difference);

struct MetricChange {
  std::string variant;
  std::string metric;
  Labels labels;
  std::string statistic;
  std::string unit;
  double old_mean = 0.0;  // NaN when the run had no samples
  double new_mean = 0.0;
  double relative = 0.0;  // difference / |old mean|; NaN when the old mean is 0 or undefined
  WelchTest test;          // before: the old run, after: the new
  std::optional<Better> gated;  // a gate judges this metric in this variant, and this way is better
  bool worse = false;           // gated, significant, and moved the wrong way

  [[nodiscard]] std::string name() const { return metric_name(metric, labels, statistic); }
};

// A metric present in one run only.
struct MetricRef {
  std::string variant;
  std::string name;  // metric_name(...)
};

struct RunDiff {
  RunRecord old_run, new_run;
  // Gated metrics first, then by |t|, largest first; not testable last; ties in
  // the new run's order (variants, then metrics), so the order is reproducible.
  std::vector<MetricChange> changes;
  std::vector<std::string> variants_only_in_old, variants_only_in_new;
  std::vector<MetricRef> metrics_only_in_old, metrics_only_in_new;  // of the variants in both

  [[nodiscard]] bool scenario_changed() const { return old_run.file_sha256 != new_run.file_sha256; }
  [[nodiscard]] std::size_t moved() const;         // significant changes
  [[nodiscard]] std::size_t not_testable() const;  // fewer than 2 replications with samples on a side
  [[nodiscard]] std::size_t worse_gated() const;   // significant changes the wrong way on a gated metric
};

// Compares `new_run` against `old_run`. Throws std::invalid_argument when they
// are runs of different scenarios (by name) or share no variant.
[[nodiscard]] RunDiff compare_runs(const RunSummary& old_run, const RunSummary& new_run, double confidence = 0.95);

// The diff as one JSON document (schema "peaksim.diff/1"): both run records, every
// compared metric, and the variants and metrics found in one run only.
inline constexpr const char* kDiffSchema = "peaksim.diff/1";
[[nodiscard]] nlohmann::ordered_json to_json(const RunDiff& diff);

}  // namespace analysis
