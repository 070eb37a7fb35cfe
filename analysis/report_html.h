// analysis/report_html.h — report.html: one self-contained page that decides.
// Its first screen is the verdict: how many gate verdicts pass and which do
// not, the best variant on each headline metric (and whether it is
// significantly better than the runner-up), and the trade-off between
// oversells and lost sales as a chart. Below: the gates as a variant × gate
// matrix, sweeps against their numeric axes, variants compared per channel
// (bars with 95% intervals, paired differences against the baseline), the day
// as per-minute lines with bands, the network with each link's cadence, the
// gate details and the run record.
//
// The page loads nothing: no scripts, fonts, styles or images from elsewhere.
// Charts are inline SVG drawn by analysis/svg.h. A small inline script writes
// data-charts-rendered and data-variants on <body> once the page has laid out,
// which is what the headless-browser test (tests/cli/report_renders.cmake)
// reads. The same input renders to the same bytes. One file per section in
// analysis/report/ (header, verdict, gates, sweeps, comparisons, series,
// network). Metrics are named in words with their unit ("Oversell rate (web),
// % of promised lines") from the catalog the caller passes.
//
//   const std::string html = analysis::render_report({&summary, &sketch, spec.name, spec.description, &catalog});
#pragma once

#include <string>
#include <vector>

#include "analysis/summary.h"

namespace analysis {

// What the metrics catalog says about a metric, so the page can name it in
// words: analysis knows no catalog, so whoever renders the report (the cli,
// from models::metrics()) passes these, as it passes the network's roles.
struct MetricDescription {
  std::string name;  // "oversell_rate"
  std::string unit;  // "ratio", "s", "lines", "currency", ...
  std::string help;  // "Oversold lines / promised lines": a ratio's help names its denominator after " / "
};

struct ReportInput {
  const RunSummary* summary = nullptr;    // required; variants with the baseline first
  const NetworkSketch* network = nullptr;  // optional: no diagram when null
  std::string title;                       // scenario name
  std::string description;                 // scenario description
  const std::vector<MetricDescription>* metrics = nullptr;  // optional: names from the metric ids alone
};

[[nodiscard]] std::string render_report(const ReportInput& input);

}  // namespace analysis
