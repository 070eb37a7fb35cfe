// analysis/report/sweeps.cpp — "Sweeps": for each sweep and each of its
// numeric axes, the oversell rate (all channels, then per channel) against the
// axis's value, one line per combination of the other axes' values, with the
// 95% intervals as a band. Durations are shown in minutes. Categorical axes get
// no chart of their own: they split the lines.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "analysis/report/format.h"
#include "analysis/report/headline.h"
#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis::report {
namespace {

using svg::escape;

constexpr double kSecondsPerMinute = 60.0;

// A sweep: its name, its axes in order, and its variants (summary indices).
struct Sweep {
  std::string name;
  std::vector<std::string> axes;
  std::vector<std::size_t> variants;
};

std::vector<Sweep> sweeps_of(const RunSummary& summary) {
  std::vector<Sweep> out;
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    for (const SweepCoordinate& coordinate : summary.variants[idx].sweep) {
      auto it = std::find_if(out.begin(), out.end(), [&](const Sweep& s) { return s.name == coordinate.sweep; });
      if (it == out.end()) {
        out.push_back({coordinate.sweep, {}, {}});
        it = std::prev(out.end());
      }
      if (std::find(it->axes.begin(), it->axes.end(), coordinate.axis) == it->axes.end()) {
        it->axes.push_back(coordinate.axis);
      }
      if (it->variants.empty() || it->variants.back() != idx) {
        it->variants.push_back(idx);
      }
    }
  }
  return out;
}

const SweepCoordinate* coordinate(const VariantSummary& variant, const Sweep& sweep, const std::string& axis) {
  for (const SweepCoordinate& c : variant.sweep) {
    if (c.sweep == sweep.name && c.axis == axis) {
      return &c;
    }
  }
  return nullptr;
}

// "safety=dynamic, feed=stream": a variant's labels on every axis but `axis`.
std::string other_labels(const VariantSummary& variant, const Sweep& sweep, const std::string& axis) {
  std::string out;
  for (const std::string& other : sweep.axes) {
    const SweepCoordinate* c = coordinate(variant, sweep, other);
    if (other != axis && c != nullptr) {
      out += out.empty() ? "" : ", ";
      out += other + "=" + c->label;
    }
  }
  return out;
}

// One line per combination of the other axes' labels, its points in axis order.
svg::XyChart sweep_chart(const RunSummary& summary, const Sweep& sweep, const std::string& axis,
                         const Headline& headline) {
  svg::XyChart chart;
  std::vector<std::vector<std::pair<double, std::size_t>>> members;  // per line: (x, variant)
  for (const std::size_t idx : sweep.variants) {
    const SweepCoordinate* c = coordinate(summary.variants[idx], sweep, axis);
    if (c == nullptr || !std::isfinite(c->value)) {
      continue;
    }
    const double x = c->unit == "s" ? c->value / kSecondsPerMinute : c->value;
    std::string name = other_labels(summary.variants[idx], sweep, axis);
    name = name.empty() ? sweep.name : name;
    auto it = std::find_if(chart.lines.begin(), chart.lines.end(), [&](const svg::XyLine& l) { return l.name == name; });
    if (it == chart.lines.end()) {
      chart.lines.push_back({name, {}, {}, {}, {}, {}});
      members.emplace_back();
      it = std::prev(chart.lines.end());
    }
    members[static_cast<std::size_t>(it - chart.lines.begin())].emplace_back(x, idx);
    if (chart.x_title.empty()) {
      chart.x_title = axis + (c->unit == "s" ? " (minutes)" : c->unit.empty() ? "" : " (" + c->unit + ")");
    }
  }
  for (std::size_t line_idx = 0; line_idx < chart.lines.size(); ++line_idx) {
    std::stable_sort(members[line_idx].begin(), members[line_idx].end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    svg::XyLine& line = chart.lines[line_idx];
    for (const auto& [x, idx] : members[line_idx]) {
      const Interval& value = headline.figures[idx].value;
      const double factor = headline.scale.factor;
      line.x.push_back(x);
      line.mean.push_back(value.mean * factor);
      line.low.push_back(value.low * factor);
      line.high.push_back(value.high * factor);
      line.tooltips.push_back(summary.variants[idx].name + ": " + interval_text(value, headline.scale));
    }
  }
  chart.y_title = headline.caption;
  return chart;
}

bool numeric(const RunSummary& summary, const Sweep& sweep, const std::string& axis) {
  return std::any_of(sweep.variants.begin(), sweep.variants.end(), [&](std::size_t idx) {
    const SweepCoordinate* c = coordinate(summary.variants[idx], sweep, axis);
    return c != nullptr && std::isfinite(c->value);
  });
}

}  // namespace

void render_sweeps(std::string& out, const Page& page) {
  const std::vector<Sweep> sweeps = sweeps_of(page.summary);
  if (sweeps.empty()) {
    return;
  }
  std::vector<Headline> oversell_rates = headlines(page.summary, page.words);
  std::erase_if(oversell_rates, [](const Headline& h) { return h.metric != "oversell_rate"; });
  out += "<section id=\"sweeps\"><h2>Sweeps</h2><p class=\"note\">Each chart follows one numeric axis of a sweep: "
         "the oversell rate at each of its values (mean across replications; the band spans the 95% intervals), one "
         "line per combination of the sweep's other axes. Durations in minutes.</p><div class=\"grid\">";
  std::size_t chart_idx = 0;
  for (const Sweep& sweep : sweeps) {
    for (const std::string& axis : sweep.axes) {
      if (!numeric(page.summary, sweep, axis)) {
        continue;
      }
      for (const Headline& headline : oversell_rates) {
        ++chart_idx;
        out += "<figure class=\"card\"><figcaption>" + escape(sweep.name) + ": " + escape(headline.caption) +
               " against " + escape(axis) + "</figcaption>" +
               svg::xy_chart("sweep-" + std::to_string(chart_idx) + "-" + slug(sweep.name) + "-" + slug(axis),
                             sweep_chart(page.summary, sweep, axis, headline)) +
               "</figure>\n";
      }
    }
  }
  if (chart_idx == 0) {
    out += "<p class=\"empty\">No sweep has a numeric axis (or the run has no oversell rate) to chart.</p>";
  }
  out += "</div></section>\n";
}

}  // namespace analysis::report
