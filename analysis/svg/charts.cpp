// analysis/svg/charts.cpp — the two chart kinds of the report: grouped bars
// with interval whiskers, and per-minute lines with a band; and the ticks,
// axes and legends they share.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <utility>

#include "analysis/svg.h"
#include "analysis/svg/draw.h"
#include "analysis/svg/plot.h"

namespace analysis::svg {
namespace {

using draw::coord;
using draw::line;
using draw::text;
using plot::Frame;
using plot::kBottom;
using plot::kPlotHeight;
using plot::kWidth;
using plot::Range;
using plot::Scale;

double nice(double x, bool round) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);
  double nice_fraction = 10.0;
  if (round) {
    nice_fraction = fraction < 1.5 ? 1.0 : fraction < 3.0 ? 2.0 : fraction < 7.0 ? 5.0 : 10.0;
  } else {
    nice_fraction = fraction <= 1.0 ? 1.0 : fraction <= 2.0 ? 2.0 : fraction <= 5.0 ? 5.0 : 10.0;
  }
  return nice_fraction * std::pow(10.0, exponent);
}

// From the 13th variant on, colours repeat: a dark dashed outline sets the bar apart.
std::string outline(std::size_t index) {
  return variant_round(index) == 0 ? std::string() : " stroke=\"#1d2733\" stroke-width=\"1.5\"" + plot::dash_attribute(index);
}

std::string whisker(double x, double y_low, double y_high) {
  const std::string l = coord(x - 4.0), r = coord(x + 4.0);
  return "<path class=\"whisker\" d=\"M" + coord(x) + "," + coord(y_low) + "V" + coord(y_high) + "M" + l + "," +
         coord(y_low) + "H" + r + "M" + l + "," + coord(y_high) + "H" + r + "\"/>";
}

void bar_group(std::string& out, const BarGroup& group, double group_left, double group_width, double bar_width,
               const Frame& frame, const Scale& y) {
  const double first = group_left + (group_width - bar_width * static_cast<double>(group.bars.size())) / 2.0;
  for (std::size_t bar_idx = 0; bar_idx < group.bars.size(); ++bar_idx) {
    const Bar& bar = group.bars[bar_idx];
    const double x = first + bar_width * static_cast<double>(bar_idx);
    const double centre = x + bar_width / 2.0;
    if (!std::isfinite(bar.value)) {
      out += text(centre, y(0.0) - 4.0, "n/a", "na", "middle");
      continue;
    }
    const double y_top = y(std::max(bar.value, 0.0)), y_bottom = y(std::min(bar.value, 0.0));
    out += "<rect class=\"bar\" x=\"" + coord(x + 1.0) + "\" y=\"" + coord(y_top) + "\" width=\"" +
           coord(bar_width - 2.0) + "\" height=\"" + coord(std::max(y_bottom - y_top, 0.5)) + "\" fill=\"" +
           variant_colour(bar_idx) + "\"" + outline(bar_idx) + "><title>" + escape(bar.tooltip) + "</title></rect>";
    if (std::isfinite(bar.low) && std::isfinite(bar.high)) {
      out += whisker(centre, y(bar.low), y(bar.high));
    }
  }
  out += text(group_left + group_width / 2.0, frame.bottom + 18.0, group.label, "tick", "middle");
}

// Contiguous runs of finite indices, so NaN minutes leave gaps instead of zeros.
using Runs = std::vector<std::pair<std::size_t, std::size_t>>;  // [begin, end) index ranges
Runs finite_runs(const std::vector<double>& a, const std::vector<double>& b) {
  Runs runs;
  const std::size_t size = std::min(a.size(), b.size());
  std::size_t idx = 0;
  while (idx < size) {
    if (!std::isfinite(a[idx]) || !std::isfinite(b[idx])) {
      ++idx;
      continue;
    }
    const std::size_t begin = idx;
    while (idx < size && std::isfinite(a[idx]) && std::isfinite(b[idx])) {
      ++idx;
    }
    runs.emplace_back(begin, idx);
  }
  return runs;
}

double time_step_minutes(double horizon_minutes) {
  constexpr std::array<double, 11> kSteps = {10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880};
  constexpr double kMaxTicks = 8.0;
  for (const double step : kSteps) {
    if (horizon_minutes / step <= kMaxTicks) {
      return step;
    }
  }
  return std::ceil(horizon_minutes / kMaxTicks / 1440.0) * 1440.0;
}

// The warm-up greyed, then the y axis, then clock ticks along the bottom.
void band_axes(std::string& out, const BandChart& chart, const Frame& frame, const Scale& x, const Scale& y,
               const Ticks& ticks) {
  if (chart.shade_until_minutes > 0.0) {
    const double right = x(std::min(chart.shade_until_minutes, chart.horizon_minutes));
    out += "<rect class=\"warmup\" x=\"" + coord(frame.left) + "\" y=\"" + coord(frame.top) + "\" width=\"" +
           coord(right - frame.left) + "\" height=\"" + coord(kPlotHeight) + "\"/>";
    out += text(frame.left + 4.0, frame.top + 12.0, "warm-up", "na");
  }
  plot::y_axis(out, frame, y, ticks, chart.y_title);
  const double step = time_step_minutes(chart.horizon_minutes);
  for (double minute = 0.0; minute <= chart.horizon_minutes + 1e-9; minute += step) {
    out += line(x(minute), frame.bottom, x(minute), frame.bottom + 4.0, "axis");
    out += text(x(minute), frame.bottom + 18.0, format_clock(minute), "tick", "middle");
  }
}

using PointX = std::function<std::string(std::size_t)>;  // a point's x, as text

// Bands first, so no line is hidden under another variant's band; fainter
// when there are many, since variants drawing the same customers overlap.
void bands(std::string& out, const BandChart& chart, const PointX& px, const Scale& y) {
  const double lines = static_cast<double>(std::max<std::size_t>(1, chart.lines.size()));
  const std::string opacity = draw::to_text(std::min(0.18, 0.36 / lines), std::chars_format::fixed, 3);
  for (std::size_t line_idx = 0; line_idx < chart.lines.size(); ++line_idx) {
    const BandLine& band = chart.lines[line_idx];
    for (const auto& [begin, end] : finite_runs(band.low, band.high)) {
      out += "<polygon class=\"band\" fill-opacity=\"" + opacity + "\" fill=\"" +
             std::string(variant_colour(line_idx)) + "\" points=\"";
      for (std::size_t idx = begin; idx < end; ++idx) {
        out += px(idx) + "," + coord(y(band.high[idx])) + " ";
      }
      for (std::size_t idx = end; idx-- > begin;) {
        out += px(idx) + "," + coord(y(band.low[idx])) + (idx == begin ? "" : " ");
      }
      out += "\"/>";
    }
  }
}

void mean_lines(std::string& out, const BandChart& chart, const PointX& px, const Scale& y) {
  for (std::size_t line_idx = 0; line_idx < chart.lines.size(); ++line_idx) {
    const BandLine& band = chart.lines[line_idx];
    for (const auto& [begin, end] : finite_runs(band.mean, band.mean)) {
      if (end - begin == 1) {  // a lone minute between gaps: a polyline of one point draws nothing
        out += "<circle class=\"dot\" r=\"2.5\" fill=\"" + std::string(variant_colour(line_idx)) + "\" cx=\"" +
               px(begin) + "\" cy=\"" + coord(y(band.mean[begin])) + "\"/>";
        continue;
      }
      out += "<polyline class=\"line\" stroke=\"" + std::string(variant_colour(line_idx)) + "\"" +
             plot::dash_attribute(line_idx) + " points=\"";
      for (std::size_t idx = begin; idx < end; ++idx) {
        out += px(idx) + "," + coord(y(band.mean[idx])) + (idx + 1 == end ? "" : " ");
      }
      out += "\"/>";
    }
  }
}

}  // namespace

Ticks nice_ticks(double low, double high, int target_count) {
  Ticks ticks;
  if (!std::isfinite(low) || !std::isfinite(high)) {
    low = 0.0;
    high = 1.0;
  }
  if (high <= low) {
    high = low + std::max(1.0, std::fabs(low) * 0.1);
  }
  const double range = nice(high - low, false);
  ticks.step = nice(range / std::max(1, target_count - 1), true);
  ticks.low = std::floor(low / ticks.step) * ticks.step;
  ticks.high = std::ceil(high / ticks.step) * ticks.step;
  ticks.decimals = std::max(0, static_cast<int>(-std::floor(std::log10(ticks.step))));
  // Multiply rather than accumulate, so ticks do not drift off round values.
  const auto count = static_cast<int>(std::llround((ticks.high - ticks.low) / ticks.step));
  for (int idx = 0; idx <= count; ++idx) {
    ticks.values.push_back(ticks.low + idx * ticks.step);
  }
  return ticks;
}

std::string grouped_bars(const std::string& id, const std::vector<std::string>& series_names,
                         const std::vector<BarGroup>& groups, const std::string& y_title) {
  Range range;
  for (const BarGroup& group : groups) {
    for (const Bar& bar : group.bars) {
      for (const double v : {bar.value, bar.low, bar.high}) {
        range.add(v);
      }
    }
  }
  const Ticks ticks = range.ticks();
  const Frame frame = plot::frame_below_legend(series_names);
  const Scale y{ticks.low, ticks.high, frame.bottom, frame.top};
  std::string out = draw::open_svg(id, kWidth, frame.bottom + kBottom, y_title);
  plot::legend(out, series_names, 8.0);
  plot::y_axis(out, frame, y, ticks, y_title);
  const double group_width = frame.width() / static_cast<double>(std::max<std::size_t>(1, groups.size()));
  const double bar_width =
      std::min(32.0, group_width * 0.8 / static_cast<double>(std::max<std::size_t>(1, series_names.size())));
  for (std::size_t group_idx = 0; group_idx < groups.size(); ++group_idx) {
    bar_group(out, groups[group_idx], frame.left + group_width * static_cast<double>(group_idx), group_width,
              bar_width, frame, y);
  }
  return out + "</svg>";
}

std::string band_chart(const std::string& id, const BandChart& chart) {
  Range range;
  for (const BandLine& band : chart.lines) {
    for (const auto* values : {&band.mean, &band.low, &band.high}) {
      for (const double v : *values) {
        range.add(v);
      }
    }
  }
  const Ticks ticks = range.ticks();
  const Frame frame = plot::frame_below_legend(chart.series_names);
  const Scale y{ticks.low, ticks.high, frame.bottom, frame.top};
  const Scale x{0.0, std::max(chart.horizon_minutes, 1.0), frame.left, frame.right};
  std::string out = draw::open_svg(id, kWidth, frame.bottom + kBottom, chart.y_title);
  plot::legend(out, chart.series_names, 8.0);
  band_axes(out, chart, frame, x, y, ticks);
  // Point i is drawn at the middle of the minutes it averages.
  const PointX px = [&](std::size_t idx) {
    return coord(x(std::min((static_cast<double>(idx) + 0.5) * chart.minutes_per_point, chart.horizon_minutes)));
  };
  bands(out, chart, px, y);
  mean_lines(out, chart, px, y);
  return out + "</svg>";
}

}  // namespace analysis::svg
