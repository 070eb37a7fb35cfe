// cli/console_report.h — the end of `peaksim run` and `peaksim check` on a terminal:
// per variant and channel the key metrics with 95% intervals and the change
// against the baseline; then the gates.
#pragma once

#include <cstdio>
#include <string>

#include "analysis/summary.h"

namespace peaksim {

void print_metrics_table(const analysis::RunSummary& summary, std::FILE* out);
void print_gates(const analysis::RunSummary& summary, std::FILE* out);

// Seconds as people read a latency: "42.0s", "12m05s", "3h02m".
[[nodiscard]] std::string format_seconds(double seconds);

}  // namespace peaksim
