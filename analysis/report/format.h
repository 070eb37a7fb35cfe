// analysis/report/format.h — how report.html names and prints metrics
// (internal to analysis/report/): titles, chart ids, which way is better,
// units scaled for reading, and numbers rounded to their interval.
#pragma once

#include <string>

#include "analysis/summary.h"

namespace analysis::report {

// For data-chart ids: letters, digits, '_' and '-' only.
[[nodiscard]] std::string slug(const std::string& text);

// "release_latency{channel=web} p99"; the statistic is left out when it is the mean.
[[nodiscard]] std::string metric_title(const std::string& metric, const Labels& labels, const std::string& statistic);

// Which way is good, for colouring significant changes: 1 higher, -1 lower, 0 where the name does not say.
[[nodiscard]] int better_direction(const std::string& metric);

// How one table or chart shows a unit: ratios as percent (differences in
// percentage points), seconds in the unit that suits the largest value.
struct UnitScale {
  double factor = 1.0;
  std::string suffix, diff_suffix, axis;
};
[[nodiscard]] UnitScale unit_scale(const std::string& unit, double max_abs);

// The numbers of one interval share their decimals: two significant digits of
// its half-width, so "2.40 ± 0.30" and "[-1.00, -0.60]" line up.
[[nodiscard]] std::string number(double value, double half_width);
[[nodiscard]] std::string signed_number(double value, double half_width);

[[nodiscard]] bool excludes_zero(const Interval& interval);

}  // namespace analysis::report
