// analysis/report/header.cpp — the page's header (the run record) and the gate verdicts.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "analysis/report/format.h"
#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis::report {

using svg::escape;
using svg::format_number;

namespace {

struct VerdictStyle {
  const char* text;
  const char* css_class;
};

// Local rather than to_string(Verdict): the page needs a CSS class with the word.
VerdictStyle verdict_style(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return {"pass", "pass"};
    case Verdict::Fail: return {"fail", "fail"};
    case Verdict::Inconclusive: return {"inconclusive", "inconclusive"};
    case Verdict::NoSamples: return {"no samples", "nosamples"};
  }
  return {"unknown", "nosamples"};
}

std::string measured_text(const Interval& measured) {
  if (measured.n == 0 || !std::isfinite(measured.mean)) {
    return "no samples";
  }
  if (!std::isfinite(measured.low) || !std::isfinite(measured.high)) {
    return format_number(measured.mean) + " (CI n/a, n=" + std::to_string(measured.n) + ")";
  }
  const double half_width = measured.half_width();
  return number(measured.mean, half_width) + " [" + number(measured.low, half_width) + ", " +
         number(measured.high, half_width) + "]";
}

}  // namespace

void render_header(std::string& out, const ReportInput& input) {
  const RunRecord& record = input.summary->record;
  const std::string title = input.title.empty() ? record.scenario : input.title;
  out += "<header><p class=\"kicker\">peaksim report</p><h1>" + escape(title) + "</h1>";
  if (!input.description.empty()) {
    out += "<p class=\"description\">" + escape(input.description) + "</p>";
  }
  std::string command;
  for (const std::string& word : record.command_line) {
    command += (command.empty() ? "" : " ") + word;
  }
  std::string sets;
  for (const std::string& set : record.sets) {
    sets += (sets.empty() ? "" : ", ") + set;
  }
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"scenario file", record.file},
      {"file sha256", record.file_sha256},
      {"seed", std::to_string(record.seed)},
      {"replications", std::to_string(record.replications)},
      {"horizon", record.horizon},
      {"warm-up", record.warmup},
      {"threads", std::to_string(record.threads)},
      {"version", record.version},
      {"commit", record.git_commit},
      {"overrides", sets.empty() ? "none" : sets},
      {"started (UTC)", record.started_at},
      {"wall time", format_number(record.wall_seconds) + " s"},
      {"command", command},
  };
  out += "<dl class=\"record\">";
  for (const auto& [name, value] : fields) {
    out += "<div><dt>" + escape(name) + "</dt><dd>" + escape(value.empty() ? "—" : value) + "</dd></div>";
  }
  out += "</dl></header>\n";
}

void render_gates(std::string& out, const RunSummary& summary) {
  out += "<section id=\"gates\"><h2>Gates</h2>";
  if (summary.gates.empty()) {
    out += "<p class=\"empty\">No gates are defined for this scenario.</p></section>\n";
    return;
  }
  const auto failed = std::count_if(summary.gates.begin(), summary.gates.end(),
                                    [](const GateVerdict& gate) { return !gate.passed; });
  out += failed == 0 ? "<p class=\"banner pass\">All " + std::to_string(summary.gates.size()) + " gates pass.</p>"
                     : "<p class=\"banner fail\">" + std::to_string(failed) + " of " +
                           std::to_string(summary.gates.size()) + " gates do not pass.</p>";
  out += "<table class=\"gates\"><thead><tr><th>gate</th><th>variant</th><th>metric</th><th>statistic</th>"
         "<th>threshold</th><th>measured (95% CI)</th><th>verdict</th><th>why</th></tr></thead><tbody>";
  for (const GateVerdict& gate : summary.gates) {
    const VerdictStyle style = verdict_style(gate.verdict);
    const std::string tolerated = gate.verdict == Verdict::Inconclusive && gate.passed ? " (tolerated)" : "";
    out += "<tr><td>" + escape(gate.gate) + "</td><td>" + escape(gate.variant) + "</td><td>" +
           escape(metric_title(gate.metric, gate.labels, "")) + "</td><td>" + escape(gate.statistic) +
           "</td><td class=\"num\">" + escape(gate.comparison + " " + format_number(gate.threshold)) +
           "</td><td class=\"num\">" + escape(measured_text(gate.measured)) + "</td><td><span class=\"verdict " +
           style.css_class + "\">" + style.text + tolerated + "</span></td><td>" + escape(gate.explanation) +
           "</td></tr>";
  }
  out += "</tbody></table></section>\n";
}

}  // namespace analysis::report
