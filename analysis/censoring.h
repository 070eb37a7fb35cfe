// analysis/censoring.h — figures the horizon cuts short.
//
// A line's SLA is judged only when its promise falls due within the run, and a
// latency has a sample only when the line got that far by the horizon; the
// others are counted as censored (`sla_censored`, `release_latency_censored`,
// `cycle_time_censored`). A figure judged on fewer lines than were censored says
// little: the console table and the HTML report show it as "censored".
#pragma once

#include <string>

#include "analysis/summary.h"

namespace analysis {

// The count of lines `metric` could not judge ("sla_censored" for
// "sla_miss_rate"); empty when the metric has none.
[[nodiscard]] std::string censored_metric(const std::string& metric);

// Whether, in `variant`, more lines were censored than judged for `metric`
// (with `labels`): judged = promised - oversold - censored, means over replications.
[[nodiscard]] bool mostly_censored(const VariantSummary& variant, const std::string& metric, const Labels& labels);

}  // namespace analysis
