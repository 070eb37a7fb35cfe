// analysis/report/verdict.cpp — the first screen: what passed, who is best on
// what (and how sure that is), and the trade-off between oversells and lost
// sales. A release manager should have the answer here without scrolling;
// tests/cli/report_renders.cmake checks it fits a 1366×768 screen.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "analysis/report/format.h"
#include "analysis/report/headline.h"
#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis::report {
namespace {

using svg::escape;

// Failed gate verdicts listed on the first screen; the rest are in the matrix below.
constexpr std::size_t kMaxListed = 5;

// The trade-off chart's axes, in order of preference (headline ids).
constexpr std::array<const char*, 2> kTradeoffX = {"oversell_rate-all-channels", "oversell_rate-web"};
constexpr std::array<const char*, 3> kTradeoffY = {"lost_revenue-all-channels", "lost_sales-all-channels",
                                                   "lost_sales-web"};

std::string variant_tag(const RunSummary& summary, std::size_t index) {
  return "<span class=\"variant-tag\">" + svg::swatch(index) + escape(summary.variants[index].name) + "</span>";
}

void gate_lines(std::string& out, const RunSummary& summary) {
  if (summary.gates.empty()) {
    out += "<h2 class=\"banner none\">Verdict · no gates are defined for this scenario</h2>";
    return;
  }
  std::vector<const GateVerdict*> failed;
  for (const GateVerdict& gate : summary.gates) {
    if (!gate.passed) {
      failed.push_back(&gate);
    }
  }
  const std::string total = std::to_string(summary.gates.size());
  const std::string passed = std::to_string(summary.gates.size() - failed.size());
  if (failed.empty()) {
    out += "<h2 class=\"banner pass\">Verdict · ✓ all " + total + " gate verdicts pass</h2>";
    return;
  }
  out += "<h2 class=\"banner fail\">Verdict · ✗ " + passed + " of " + total + " gate verdicts pass; " +
         std::to_string(failed.size()) + (failed.size() == 1 ? " does" : " do") + " not:</h2><ul class=\"failed\">";
  for (std::size_t idx = 0; idx < std::min(failed.size(), kMaxListed); ++idx) {
    const GateVerdict& gate = *failed[idx];
    const bool nothing = gate.verdict == Verdict::NoSamples;
    out += "<li title=\"" + escape(gate.explanation) + "\"><span class=\"verdict " +
           (nothing ? std::string("nosamples") : std::string(to_string(gate.verdict))) + "\">" +
           to_string(gate.verdict) + "</span> <b>" + escape(gate.variant) + "</b> · " + escape(gate.gate) + "</li>";
  }
  if (failed.size() > kMaxListed) {
    out += "<li class=\"more\">… and " + std::to_string(failed.size() - kMaxListed) +
           " more: see <a href=\"#gates\">the gate matrix</a>.</li>";
  }
  out += "</ul>";
}

// Two cells: the runner-up with best − runner-up (paired by replication, or
// whether the intervals are apart when there are no per-replication values),
// and whether the best is significantly lower.
std::string against_runner_up(const RunSummary& summary, const Headline& headline, const Ranking& ranking) {
  if (!ranking.runner_up) {
    return ranking.tied.empty() ? "<td colspan=\"2\" class=\"na\">the only variant measured</td>"
                                : "<td colspan=\"2\" class=\"na\">every variant ties</td>";
  }
  std::string out = "<td>" + variant_tag(summary, *ranking.runner_up) + "<small>";
  if (ranking.difference) {
    out += escape(interval_text(*ranking.difference, headline.scale, true));
  } else {
    out += ranking.significant ? "95% intervals apart" : "95% intervals overlap";
  }
  out += "</small></td>";
  return out + (ranking.significant ? "<td class=\"sig better\">yes</td>"
                                    : "<td class=\"unsure\" title=\"the interval of best − runner-up includes 0\">"
                                      "no</td>");
}

// Metric | best, its mean and interval | runner-up and the difference | significantly lower?
std::string best_row(const RunSummary& summary, const Headline& headline) {
  const std::size_t comma = headline.caption.find(", ");
  std::string out = "<tr data-headline=\"" + escape(headline.id) + "\"><th title=\"" + escape(headline.help) + "\">" +
                    escape(headline.caption.substr(0, comma));
  if (comma != std::string::npos) {
    out += "<small>" + escape(headline.caption.substr(comma + 2)) + "</small>";
  }
  out += "</th>";
  const std::optional<Ranking> ranking = rank(headline);
  if (!ranking) {
    return out + "<td colspan=\"3\" class=\"na\">every figure is censored</td></tr>";
  }
  out += "<td>" + variant_tag(summary, ranking->best) + "<small>" +
         escape(interval_text(headline.figures[ranking->best].value, headline.scale));
  if (!ranking->tied.empty()) {
    std::string names;
    for (const std::size_t idx : ranking->tied) {
      names += names.empty() ? "" : ", ";
      names += summary.variants[idx].name;
    }
    out += " · <span title=\"the same value in every replication: " + escape(names) + "\">+" +
           std::to_string(ranking->tied.size()) + " tied</span>";
  }
  return out + "</small></td>" + against_runner_up(summary, headline, *ranking) + "</tr>";
}

const Headline* find_headline(const std::vector<Headline>& all, const auto& ids) {
  for (const char* id : ids) {
    const auto it = std::find_if(all.begin(), all.end(), [&](const Headline& h) { return h.id == id; });
    if (it != all.end()) {
      return &*it;
    }
  }
  return nullptr;
}

std::string tradeoff_chart(const RunSummary& summary, const std::vector<Headline>& all) {
  const Headline* x = find_headline(all, kTradeoffX);
  const Headline* y = find_headline(all, kTradeoffY);
  if (x == nullptr || y == nullptr) {
    return "<p class=\"empty\">No trade-off chart: the run has no oversell rate or no lost sales.</p>";
  }
  svg::Scatter chart;
  chart.x_title = x->caption;
  chart.y_title = y->caption;
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    const std::string& name = summary.variants[idx].name;
    chart.series_names.push_back(name);
    const Interval& vx = x->figures[idx].value;
    const Interval& vy = y->figures[idx].value;
    const double fx = x->scale.factor, fy = y->scale.factor;
    chart.points.push_back({name, idx, vx.mean * fx, vx.low * fx, vx.high * fx, vy.mean * fy, vy.low * fy,
                            vy.high * fy,
                            name + ": " + interval_text(vx, x->scale) + " · " + interval_text(vy, y->scale)});
  }
  return "<figure class=\"card tradeoff\"><figcaption>Trade-off: oversells against lost sales</figcaption>" +
         svg::scatter("tradeoff", chart) +
         "<p class=\"note\">One point per variant at its mean; the cross spans the 95% intervals on both axes. Lower "
         "left is better. All channels: per replication, oversold lines over promised lines of every channel, and "
         "the sum over channels.</p></figure>";
}

}  // namespace

void render_verdict(std::string& out, const Page& page) {
  const RunSummary& summary = page.summary;
  const std::vector<Headline> all = headlines(summary, page.words);
  out += "<section id=\"verdict\">";
  gate_lines(out, summary);
  out += "<div class=\"verdict-screen\"><div class=\"verdict-text\">";
  if (all.empty()) {
    out += "<p class=\"empty\">The run recorded none of the headline metrics (oversell rate, lost sales, lost "
           "revenue, release latency).</p>";
  } else {
    out += "<table class=\"best\"><thead><tr><th>Headline metric<small>lower is better</small></th>"
           "<th>Best<small>mean [95% CI]</small></th><th>Runner-up<small>best − runner-up [95% CI]</small></th>"
           "<th>Significantly lower?</th></tr></thead><tbody>";
    for (const Headline& headline : all) {
      out += best_row(summary, headline);
    }
    out += "</tbody></table>";
  }
  out += "</div><div>" + tradeoff_chart(summary, all) +
         "<p class=\"note\">“Significantly lower”: the 95% interval of best − runner-up, taken replication by "
         "replication on the same customers, is entirely below 0. “Tied”: the same value in every replication. "
         "Censored figures (the horizon cut off more lines than were judged) are not ranked.</p></div></div>"
         "</section>\n";
}

}  // namespace analysis::report
