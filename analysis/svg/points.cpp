// analysis/svg/points.cpp — the charts over two numeric axes: variants as
// points with interval crosses (a trade-off), and lines over a numeric x with
// interval bands (a sweep's axis).
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "analysis/svg.h"
#include "analysis/svg/draw.h"
#include "analysis/svg/plot.h"

namespace analysis::svg {
namespace {

using draw::coord;
using draw::line;
using draw::text;
using plot::Frame;
using plot::Scale;

constexpr double kMarkerRadius = 5.0;
constexpr double kLabelCharWidth = 6.2;  // an 11px label character
constexpr double kLabelHeight = 12.0;
constexpr double kXAxisRoom = 44.0;  // ticks and the title below the plot

struct Box {
  double left, top, right, bottom;
  [[nodiscard]] bool overlaps(const Box& other) const {
    return left < other.right && other.left < right && top < other.bottom && other.top < bottom;
  }
};

// Ticks over the finite values of `values`; zero included when `from_zero`.
Ticks ticks_over(const std::vector<double>& values, bool from_zero) {
  double low = from_zero ? 0.0 : INFINITY, high = from_zero ? 0.0 : -INFINITY;
  for (const double v : values) {
    if (std::isfinite(v)) {
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  return nice_ticks(low, high);
}

// A label beside each point where it fits: right, left, above, below, then the
// corners; a label that fits nowhere is left out (the legend and the point's
// tooltip still name it). Points are visited in order, so the page is stable.
std::string point_labels(const std::vector<ScatterPoint>& points, const std::vector<std::array<double, 2>>& at,
                         const Frame& frame) {
  std::vector<Box> taken;
  for (const auto& [x, y] : at) {
    taken.push_back({x - kMarkerRadius, y - kMarkerRadius, x + kMarkerRadius, y + kMarkerRadius});
  }
  std::string out;
  for (std::size_t idx = 0; idx < points.size(); ++idx) {
    const auto [x, y] = at[idx];
    if (!std::isfinite(x) || !std::isfinite(y)) {
      continue;
    }
    const double width = kLabelCharWidth * static_cast<double>(points[idx].label.size());
    const double gap = kMarkerRadius + 3.0;
    // Each candidate: its box's left and top.
    const std::array<std::array<double, 2>, 8> candidates = {{
        {x + gap, y - kLabelHeight / 2.0},
        {x - gap - width, y - kLabelHeight / 2.0},
        {x - width / 2.0, y - gap - kLabelHeight},
        {x - width / 2.0, y + gap},
        {x + gap, y - gap - kLabelHeight},
        {x + gap, y + gap},
        {x - gap - width, y - gap - kLabelHeight},
        {x - gap - width, y + gap},
    }};
    for (const auto& [left, top] : candidates) {
      const Box box{left, top, left + width, top + kLabelHeight};
      const bool inside = box.left >= frame.left && box.right <= frame.right + plot::kRight &&
                          box.top >= frame.top && box.bottom <= frame.bottom;
      if (inside && std::none_of(taken.begin(), taken.end(), [&](const Box& other) { return box.overlaps(other); })) {
        taken.push_back(box);
        out += text(left, top + kLabelHeight - 2.0, points[idx].label, "point-label");
        break;
      }
    }
  }
  return out;
}

// A horizontal and a vertical interval through the point, in its variant's colour.
std::string cross(const ScatterPoint& point, const Scale& x, const Scale& y) {
  std::string out;
  const std::string attributes = " stroke=\"" + std::string(variant_colour(point.variant)) + "\"" +
                                 plot::dash_attribute(point.variant) + "/>";
  if (std::isfinite(point.x_low) && std::isfinite(point.x_high)) {
    out += "<line class=\"cross\" x1=\"" + coord(x(point.x_low)) + "\" y1=\"" + coord(y(point.y)) + "\" x2=\"" +
           coord(x(point.x_high)) + "\" y2=\"" + coord(y(point.y)) + "\"" + attributes;
  }
  if (std::isfinite(point.y_low) && std::isfinite(point.y_high)) {
    out += "<line class=\"cross\" x1=\"" + coord(x(point.x)) + "\" y1=\"" + coord(y(point.y_low)) + "\" x2=\"" +
           coord(x(point.x)) + "\" y2=\"" + coord(y(point.y_high)) + "\"" + attributes;
  }
  return out;
}

// The band of one line: its highs left to right, then its lows back, over the
// points where both are finite.
std::string band(const XyLine& xy, std::size_t index, const Scale& x, const Scale& y) {
  std::string upper, lower;
  for (std::size_t idx = 0; idx < xy.x.size(); ++idx) {
    if (std::isfinite(xy.low[idx]) && std::isfinite(xy.high[idx])) {
      upper += coord(x(xy.x[idx])) + "," + coord(y(xy.high[idx])) + " ";
      lower = coord(x(xy.x[idx])) + "," + coord(y(xy.low[idx])) + " " + lower;
    }
  }
  if (upper.empty()) {
    return {};
  }
  lower.pop_back();
  return "<polygon class=\"band\" fill-opacity=\"0.16\" fill=\"" + std::string(variant_colour(index)) +
         "\" points=\"" + upper + lower + "\"/>";
}

}  // namespace

std::string scatter(const std::string& id, const Scatter& chart) {
  std::vector<double> xs, ys;
  for (const ScatterPoint& point : chart.points) {
    xs.insert(xs.end(), {point.x, point.x_low, point.x_high});
    ys.insert(ys.end(), {point.y, point.y_low, point.y_high});
  }
  const Ticks x_ticks = ticks_over(xs, true), y_ticks = ticks_over(ys, true);
  const Frame frame = plot::frame_below_legend(chart.series_names, chart.plot_height);
  const Scale x{x_ticks.low, x_ticks.high, frame.left, frame.right};
  const Scale y{y_ticks.low, y_ticks.high, frame.bottom, frame.top};
  std::string out = draw::open_svg(id, plot::kWidth, frame.bottom + kXAxisRoom, chart.y_title + " against " +
                                                                                  chart.x_title);
  plot::legend(out, chart.series_names, 8.0);
  plot::y_axis(out, frame, y, y_ticks, chart.y_title);
  plot::x_axis(out, frame, x, x_ticks, chart.x_title);
  std::vector<std::array<double, 2>> at;
  for (const ScatterPoint& point : chart.points) {
    const bool drawn = std::isfinite(point.x) && std::isfinite(point.y);
    at.push_back({drawn ? x(point.x) : NAN, drawn ? y(point.y) : NAN});
    out += drawn ? cross(point, x, y) : "";
  }
  for (std::size_t idx = 0; idx < chart.points.size(); ++idx) {
    if (std::isfinite(at[idx][0])) {
      out += plot::marker(at[idx][0], at[idx][1], chart.points[idx].variant, kMarkerRadius, chart.points[idx].tooltip);
    }
  }
  return out + point_labels(chart.points, at, frame) + "</svg>";
}

std::string xy_chart(const std::string& id, const XyChart& chart) {
  std::vector<double> xs, ys;
  std::vector<std::string> names;
  for (const XyLine& xy : chart.lines) {
    names.push_back(xy.name);
    xs.insert(xs.end(), xy.x.begin(), xy.x.end());
    for (const auto* values : {&xy.mean, &xy.low, &xy.high}) {
      ys.insert(ys.end(), values->begin(), values->end());
    }
  }
  const Ticks x_ticks = ticks_over(xs, false), y_ticks = ticks_over(ys, true);
  const Frame frame = plot::frame_below_legend(names);
  const Scale x{x_ticks.low, x_ticks.high, frame.left, frame.right};
  const Scale y{y_ticks.low, y_ticks.high, frame.bottom, frame.top};
  std::string out = draw::open_svg(id, plot::kWidth, frame.bottom + kXAxisRoom, chart.y_title + " against " +
                                                                                  chart.x_title);
  plot::legend(out, names, 8.0);
  plot::y_axis(out, frame, y, y_ticks, chart.y_title);
  plot::x_axis(out, frame, x, x_ticks, chart.x_title);
  for (std::size_t idx = 0; idx < chart.lines.size(); ++idx) {
    out += band(chart.lines[idx], idx, x, y);
  }
  for (std::size_t line_idx = 0; line_idx < chart.lines.size(); ++line_idx) {
    const XyLine& xy = chart.lines[line_idx];
    std::string points;
    for (std::size_t idx = 0; idx < xy.x.size(); ++idx) {
      if (std::isfinite(xy.mean[idx])) {
        points += points.empty() ? "" : " ";
        points += coord(x(xy.x[idx])) + "," + coord(y(xy.mean[idx]));
      }
    }
    out += "<polyline class=\"line\" stroke=\"" + std::string(variant_colour(line_idx)) + "\"" +
           plot::dash_attribute(line_idx) + " points=\"" + points + "\"/>";
    for (std::size_t idx = 0; idx < xy.x.size(); ++idx) {
      if (std::isfinite(xy.mean[idx])) {
        out += plot::marker(x(xy.x[idx]), y(xy.mean[idx]), line_idx, 3.5,
                            idx < xy.tooltips.size() ? xy.tooltips[idx] : std::string());
      }
    }
  }
  return out + "</svg>";
}

}  // namespace analysis::svg
