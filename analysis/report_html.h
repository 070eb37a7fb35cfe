// analysis/report_html.h — report.html: one self-contained page a retail
// architect can skim. Header with the run record, the gate verdicts, variants
// compared per channel (bars with 95% intervals, paired differences against
// the baseline), the day as per-minute lines with bands, and the network.
//
// The page loads nothing: no scripts, fonts, styles or images from elsewhere.
// Charts are inline SVG drawn by analysis/svg.h. A small inline script writes
// data-charts-rendered and data-variants on <body> once the page has laid out,
// which is what the headless-browser test (tests/cli/report_renders.cmake)
// reads. The same input renders to the same bytes. One file per section in
// analysis/report/ (header and gates, comparisons, series, network).
//
//   const std::string html = analysis::render_report({&summary, &sketch, spec.name, spec.description});
#pragma once

#include <string>

#include "analysis/summary.h"

namespace analysis {

struct ReportInput {
  const RunSummary* summary = nullptr;    // required; variants with the baseline first
  const NetworkSketch* network = nullptr;  // optional: no diagram when null
  std::string title;                       // scenario name
  std::string description;                 // scenario description
};

[[nodiscard]] std::string render_report(const ReportInput& input);

}  // namespace analysis
