// analysis/svg/plot.h — what the report's charts share (internal to
// analysis/svg/): one chart size, the frame a plot is drawn in, linear scales,
// axes and the variant legend.
#pragma once

#include <string>
#include <vector>

#include "analysis/svg.h"

namespace analysis::svg::plot {

// One chart size for the whole report, so charts line up in the grid; the
// viewBox lets the page scale them down on narrow screens.
constexpr double kWidth = 640.0;
constexpr double kPlotHeight = 220.0;
constexpr double kLeft = 70.0;
constexpr double kRight = 16.0;
constexpr double kBottom = 40.0;
constexpr double kLegendRow = 18.0;
constexpr double kCharWidth = 7.0;  // rough width of a 12px character, for legend wrapping and labels

struct Frame {
  double left, top, right, bottom;
  [[nodiscard]] double width() const { return right - left; }
};

// Linear map from data to pixels.
struct Scale {
  double d0, d1, p0, p1;
  [[nodiscard]] double operator()(double v) const { return p0 + (v - d0) * (p1 - p0) / (d1 - d0); }
};

// The range of the finite values, widened to include zero: bars, counts and
// rates read from zero, and a range that excludes it would exaggerate.
struct Range {
  double low = 0.0, high = 0.0;
  void add(double v);
  [[nodiscard]] Ticks ticks() const;
};

// Legend entries left to right, wrapping, each with the glyph of variant
// `index` (its position in `names`); returns the rows used.
int legend(std::string& out, const std::vector<std::string>& names, double top);

// The frame below a legend of `names`; the chart is kWidth wide, kBottom below the plot.
[[nodiscard]] Frame frame_below_legend(const std::vector<std::string>& names, double plot_height = kPlotHeight);

// Gridlines with labels on the left, and the title turned along the axis.
void y_axis(std::string& out, const Frame& frame, const Scale& y, const Ticks& ticks, const std::string& title);
// Gridlines with labels below, and the title under them.
void x_axis(std::string& out, const Frame& frame, const Scale& x, const Ticks& ticks, const std::string& title);

// The attributes that set variant `index`'s line apart beyond the palette: a dash pattern.
[[nodiscard]] std::string dash_attribute(std::size_t index);

// A point of variant `index`: its colour and, from the 13th variant on, another shape.
[[nodiscard]] std::string marker(double x, double y, std::size_t index, double radius, const std::string& tooltip);

}  // namespace analysis::svg::plot
