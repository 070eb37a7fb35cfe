// analysis/report/sections.h — the sections of report.html, each appended to
// the page in turn by render_report (analysis/report_html.cpp). Internal to
// analysis/report/.
#pragma once

#include <string>

#include "analysis/report/words.h"
#include "analysis/report_html.h"
#include "analysis/summary.h"

namespace analysis::report {

// What every section draws from: the input and its metrics named in words.
struct Page {
  const ReportInput& input;
  const RunSummary& summary;
  Vocabulary words;
};

// The title and a line on what ran, with the page's contents.
void render_header(std::string& out, const Page& page);
// The first screen: gate verdicts in a line each, the best variant per
// headline metric, and the trade-off chart.
void render_verdict(std::string& out, const Page& page);
// Gates as a variant × gate matrix.
void render_gate_matrix(std::string& out, const Page& page);
// Per sweep and numeric axis, the oversell rate per channel against the axis; nothing without sweeps.
void render_sweeps(std::string& out, const Page& page);
// Variants compared: one chart and table per key metric, channels across.
void render_comparisons(std::string& out, const Page& page);
// Faults, recovery and the ledger: one table, a row per figure the run recorded of
// outages, dead letters, order faults and the ledger, variants across; nothing without.
void render_faults(std::string& out, const Page& page);
// Whether the run recorded any of those figures (the header links the section then).
[[nodiscard]] bool has_faults(const RunSummary& summary);
// Over the day: one band chart per per-minute series.
void render_series(std::string& out, const Page& page);
// The network sketch as a layered diagram, one column per role.
void render_network(std::string& out, const NetworkSketch* network);
// Gate verdicts in full: one row per gate and variant, with the explanation.
void render_gate_details(std::string& out, const Page& page);
// The scenario's description and the run record (how to reproduce it).
void render_run_record(std::string& out, const Page& page);

}  // namespace analysis::report
