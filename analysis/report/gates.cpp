// analysis/report/gates.cpp — the gates twice: a variant × gate matrix near
// the top (which variant passes what, at a glance) and the full verdicts, with
// their intervals and explanations, further down.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/report/format.h"
#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis::report {
namespace {

using svg::escape;

struct VerdictStyle {
  const char* text;
  const char* css_class;
};

// Local rather than to_string(Verdict): the page needs a CSS class with the
// word. The matrix says "tolerated" for an inconclusive verdict the gate lets pass.
VerdictStyle verdict_style(const GateVerdict& gate, bool short_text = false) {
  switch (gate.verdict) {
    case Verdict::Pass: return {"pass", "pass"};
    case Verdict::Fail: return {"fail", "fail"};
    case Verdict::Inconclusive: return gate.passed ? VerdictStyle{short_text ? "tolerated" : "inconclusive (tolerated)",
                                                                  "inconclusive tolerated"}
                                                   : VerdictStyle{"inconclusive", "inconclusive"};
    case Verdict::NoSamples: return {"no samples", "nosamples"};
  }
  return {"unknown", "nosamples"};
}

// The unit the gate's metric is recorded in, from the first variant that has it.
std::string unit_of(const RunSummary& summary, const GateVerdict& gate) {
  for (const VariantSummary& variant : summary.variants) {
    if (const MetricSummary* metric = variant.find(gate.metric, gate.labels, gate.statistic)) {
      return metric->unit;
    }
  }
  return {};
}

// A threshold as it was written: "3", "2.5", not "3.00".
std::string threshold_text(double value) {
  std::string out = svg::format_number(value);
  if (out.find('.') != std::string::npos) {
    out.erase(out.find_last_not_of('0') + 1);
    if (out.back() == '.') {
      out.pop_back();
    }
  }
  return out;
}

// "Oversell rate (web), % of promised lines ≤ 3%", or for a relative gate
// "… − baseline ≤ −2 pp": what the gate asks, in words.
std::string condition(const Page& page, const GateVerdict& gate) {
  const std::string unit = unit_of(page.summary, gate);
  const UnitScale scale = unit_scale(unit, std::fabs(gate.threshold));
  const double threshold = gate.threshold * scale.factor;
  std::string out = page.words.caption(gate.metric, gate.labels, gate.statistic, unit, scale);
  if (!gate.relative.empty()) {
    out += ", this variant − ";
    out += gate.relative;
  }
  out += ' ';
  out += gate.comparison;
  out += ' ';
  out += gate.relative.empty() || threshold <= 0.0 ? "" : "+";
  out += threshold_text(threshold);
  out += gate.relative.empty() ? scale.suffix : scale.diff_suffix;
  return out;
}

// The gates in the order the summary first names them, each with its verdicts by variant.
struct GateColumn {
  const GateVerdict* first = nullptr;
  std::map<std::string, const GateVerdict*> by_variant;
};

std::vector<GateColumn> columns(const RunSummary& summary) {
  std::vector<GateColumn> out;
  for (const GateVerdict& gate : summary.gates) {
    auto it = std::find_if(out.begin(), out.end(), [&](const GateColumn& c) { return c.first->gate == gate.gate; });
    if (it == out.end()) {
      out.push_back({&gate, {}});
      it = std::prev(out.end());
    }
    it->by_variant.emplace(gate.variant, &gate);
  }
  return out;
}

std::string matrix_cell(const GateColumn& column, const std::string& variant) {
  const auto it = column.by_variant.find(variant);
  if (it == column.by_variant.end()) {
    return "<td class=\"cell none\" title=\"this gate does not judge " + escape(variant) + "\">—</td>";
  }
  const VerdictStyle style = verdict_style(*it->second, true);
  return "<td class=\"cell\" title=\"" + escape(it->second->explanation) + "\"><span class=\"verdict " +
         style.css_class + "\">" + style.text + "</span></td>";
}

// Opens a section on the gates; false (the section closed, saying so) when there are none.
bool open_section(std::string& out, const RunSummary& summary, const char* id, const char* title) {
  out += std::string("<section id=\"") + id + "\"><h2>" + title + "</h2>";
  if (summary.gates.empty()) {
    out += "<p class=\"empty\">No gates are defined for this scenario.</p></section>\n";
    return false;
  }
  return true;
}

}  // namespace

void render_gate_matrix(std::string& out, const Page& page) {
  const RunSummary& summary = page.summary;
  if (!open_section(out, summary, "gates", "Gates by variant")) {
    return;
  }
  const std::vector<GateColumn> gates = columns(summary);
  out += "<div class=\"matrix-wrap\"><table class=\"matrix\"><thead><tr><th>variant</th>";
  for (std::size_t idx = 0; idx < gates.size(); ++idx) {
    const GateVerdict& gate = *gates[idx].first;
    out += "<th title=\"" + escape(condition(page, gate)) + "\"><span class=\"gate-number\">G" +
           std::to_string(idx + 1) + "</span> " + escape(gate.gate);
    if (!gate.relative.empty()) {
      out += "<span class=\"relative\">vs " + escape(gate.relative) + "</span>";
    }
    out += "</th>";
  }
  out += "<th class=\"num\">passes</th></tr></thead><tbody>";
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    const std::string& variant = summary.variants[idx].name;
    out += "<tr><th class=\"variant\">" + svg::swatch(idx) + escape(variant) + "</th>";
    std::size_t judged = 0, passed = 0;
    for (const GateColumn& column : gates) {
      out += matrix_cell(column, variant);
      const auto it = column.by_variant.find(variant);
      judged += it != column.by_variant.end() ? 1 : 0;
      passed += it != column.by_variant.end() && it->second->passed ? 1 : 0;
    }
    out += judged == 0 ? "<td class=\"num na\">not judged</td>"
                       : "<td class=\"num\">" + std::to_string(passed) + " of " + std::to_string(judged) + "</td>";
    out += "</tr>";
  }
  out += "</tbody></table></div><p class=\"note\">A cell is a gate's verdict on a variant, on its 95% interval "
         "(hover for the explanation); “—”: the gate does not judge that variant. A gate “vs” another variant judges "
         "the paired difference, this variant − that one. “Tolerated”: inconclusive, which this gate lets pass. "
         "<a href=\"#gate-details\">Every verdict in full</a>.</p></section>\n";
}

void render_gate_details(std::string& out, const Page& page) {
  const RunSummary& summary = page.summary;
  if (!open_section(out, summary, "gate-details", "Gate verdicts in full")) {
    return;
  }
  out += "<table class=\"gates\"><thead><tr><th>gate</th><th>variant</th><th>asks</th>"
         "<th>measured (95% CI)</th><th>verdict</th><th>why</th></tr></thead><tbody>";
  for (const GateVerdict& gate : summary.gates) {
    const VerdictStyle style = verdict_style(gate);
    const std::string unit = unit_of(summary, gate);
    const UnitScale scale = unit_scale(unit, std::fabs(gate.measured.mean));
    out += "<tr><td>" + escape(gate.gate) + "</td><td>" + escape(gate.variant) + "</td><td>" +
           escape(condition(page, gate)) + "</td><td class=\"num\">" +
           escape(interval_text(gate.measured, scale, !gate.relative.empty())) + "</td><td><span class=\"verdict " +
           style.css_class + "\">" + style.text + "</span></td><td>" + escape(gate.explanation) + "</td></tr>";
  }
  out += "</tbody></table></section>\n";
}

}  // namespace analysis::report
