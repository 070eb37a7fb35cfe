#include "analysis/censoring.h"

#include <cmath>

namespace analysis {

std::string censored_metric(const std::string& metric) {
  if (metric == "sla_miss_rate" || metric == "sla_misses") {
    return "sla_censored";
  }
  if (metric == "release_latency" || metric == "cycle_time") {
    return metric + "_censored";
  }
  return {};
}

bool mostly_censored(const VariantSummary& variant, const std::string& metric, const Labels& labels) {
  const std::string counted = censored_metric(metric);
  if (counted.empty()) {
    return false;
  }
  const MetricSummary* censored = variant.find(counted, labels, "mean");
  const MetricSummary* promised = variant.find("lines_promised", labels, "mean");
  const MetricSummary* oversold = variant.find("oversells", labels, "mean");
  if (censored == nullptr || promised == nullptr || !std::isfinite(censored->value.mean) ||
      !std::isfinite(promised->value.mean)) {
    return false;
  }
  const double oversells = oversold != nullptr && std::isfinite(oversold->value.mean) ? oversold->value.mean : 0.0;
  const double judged = promised->value.mean - oversells - censored->value.mean;
  return censored->value.mean > judged;
}

}  // namespace analysis
