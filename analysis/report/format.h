// analysis/report/format.h — how report.html prints metrics
// (internal to analysis/report/): chart ids, which way is better,
// units scaled for reading, and numbers rounded to their interval.
#pragma once

#include <string>

#include "analysis/summary.h"

namespace analysis::report {

// For data-chart ids: letters, digits, '_' and '-' only.
[[nodiscard]] std::string slug(const std::string& text);

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

// "2.40% [2.10, 2.70]": an interval as `scale` shows it (a difference with its
// diff_suffix and signs when `difference`); "2.40% (CI n/a)" when unbounded,
// "no samples" when empty. Plain text.
[[nodiscard]] std::string interval_text(const Interval& value, const UnitScale& scale, bool difference = false);

[[nodiscard]] bool excludes_zero(const Interval& interval);

}  // namespace analysis::report
