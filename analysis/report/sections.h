// analysis/report/sections.h — the sections of report.html, each appended to
// the page in turn by render_report (analysis/report_html.cpp). Internal to
// analysis/report/.
#pragma once

#include <string>

#include "analysis/report_html.h"
#include "analysis/summary.h"

namespace analysis::report {

// The title, the scenario's description and the run record.
void render_header(std::string& out, const ReportInput& input);
// Gate verdicts: a banner, then one row per gate.
void render_gates(std::string& out, const RunSummary& summary);
// Variants compared: one chart and table per key metric, channels across.
void render_comparisons(std::string& out, const RunSummary& summary);
// Over the day: one band chart per per-minute series.
void render_series(std::string& out, const RunSummary& summary);
// The network sketch as a layered diagram, one column per role.
void render_network(std::string& out, const NetworkSketch* network);

}  // namespace analysis::report
