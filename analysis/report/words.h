// analysis/report/words.h — metrics named in words with their unit, for
// people (internal to analysis/report/): "oversell_rate{channel=web}" reads
// "Oversell rate (web), % of promised lines", "release_latency p99" reads
// "Release latency p99 (web), minutes". The catalog (ReportInput::metrics)
// gives a ratio's denominator and each metric's one-line help; without it the
// name is made from the id alone.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/report/format.h"
#include "analysis/report_html.h"

namespace analysis::report {

class Vocabulary {
 public:
  explicit Vocabulary(const std::vector<MetricDescription>* catalog);

  // "Oversell rate (web)": the metric, its statistic where it is not the plain value, and its label values.
  [[nodiscard]] std::string name(const std::string& metric, const Labels& labels, const std::string& statistic) const;
  // "% of promised lines", "minutes", "lines per hour": `unit` as `scale` shows it.
  [[nodiscard]] std::string unit(const std::string& metric, const std::string& unit, const std::string& statistic,
                                 const UnitScale& scale) const;
  // name, then unit: "Oversell rate (web), % of promised lines".
  [[nodiscard]] std::string caption(const std::string& metric, const Labels& labels, const std::string& statistic,
                                    const std::string& unit, const UnitScale& scale) const;
  // The catalog's help line; empty for a metric it does not describe.
  [[nodiscard]] std::string help(const std::string& metric) const;

 private:
  std::map<std::string, const MetricDescription*> by_name_;
};

}  // namespace analysis::report
