#include "analysis/svg/plot.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "analysis/svg/draw.h"

namespace analysis::svg::plot {

using draw::coord;
using draw::line;
using draw::text;

namespace {

// Per round of twelve variants (variant_round): the lines' dash and the points' shape.
constexpr std::array<const char*, 4> kDashes = {"", "7 3", "2 2", "9 3 2 3"};
enum class Shape { Circle, Square, Triangle, Diamond };
constexpr std::array<Shape, 4> kShapes = {Shape::Circle, Shape::Square, Shape::Triangle, Shape::Diamond};

std::string shape(double x, double y, std::size_t index, double r) {
  const std::string fill = " fill=\"" + std::string(variant_colour(index)) + "\"/>";
  switch (kShapes[variant_round(index) % kShapes.size()]) {
    case Shape::Circle:
      return "<circle class=\"marker\" cx=\"" + coord(x) + "\" cy=\"" + coord(y) + "\" r=\"" + coord(r) + "\"" + fill;
    case Shape::Square:
      return "<rect class=\"marker\" x=\"" + coord(x - r) + "\" y=\"" + coord(y - r) + "\" width=\"" + coord(2 * r) +
             "\" height=\"" + coord(2 * r) + "\"" + fill;
    case Shape::Triangle: {
      std::string d = "M";  // appended piece by piece: GCC 12's false -Wrestrict
      d += coord(x) + "," + coord(y - 1.2 * r) + "L" + coord(x + 1.1 * r) + "," + coord(y + 0.8 * r) + "L" +
           coord(x - 1.1 * r) + "," + coord(y + 0.8 * r) + "z";
      return "<path class=\"marker\" d=\"" + d + "\"" + fill;
    }
    case Shape::Diamond: {
      std::string d = "M";
      d += coord(x) + "," + coord(y - 1.3 * r) + "L" + coord(x + 1.3 * r) + "," + coord(y) + "L" + coord(x) + "," +
           coord(y + 1.3 * r) + "L" + coord(x - 1.3 * r) + "," + coord(y) + "z";
      return "<path class=\"marker\" d=\"" + d + "\"" + fill;
    }
  }
  return {};
}

}  // namespace

void Range::add(double v) {
  if (std::isfinite(v)) {
    low = std::min(low, v);
    high = std::max(high, v);
  }
}

Ticks Range::ticks() const { return nice_ticks(std::min(low, 0.0), std::max(high, 0.0)); }

int legend(std::string& out, const std::vector<std::string>& names, double top) {
  double x = kLeft;
  int rows = names.empty() ? 0 : 1;
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    const double entry = 22.0 + kCharWidth * static_cast<double>(names[idx].size()) + 14.0;
    if (x > kLeft && x + entry > kWidth - kRight) {
      x = kLeft;
      ++rows;
    }
    const double y = top + kLegendRow * (rows - 1);
    out += "<g class=\"legend\" data-legend-variant=\"" + escape(names[idx]) + "\">";
    if (variant_round(idx) == 0) {
      out += "<rect x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" width=\"12\" height=\"12\" rx=\"2\" fill=\"" +
             variant_colour(idx) + "\"/>";
    } else {
      out += shape(x + 6.0, y + 6.0, idx, 5.0);
    }
    out += text(x + 17.0, y + 10.5, names[idx], "legend-text") + "</g>";
    x += entry;
  }
  return rows;
}

Frame frame_below_legend(const std::vector<std::string>& names, double plot_height) {
  std::string scratch;
  const double top = 8.0 + kLegendRow * legend(scratch, names, 0.0) + 10.0;
  return Frame{kLeft, top, kWidth - kRight, top + plot_height};
}

void y_axis(std::string& out, const Frame& frame, const Scale& y, const Ticks& ticks, const std::string& title) {
  for (const double value : ticks.values) {
    const double py = y(value);
    out += line(frame.left, py, frame.right, py, value == 0.0 ? "axis" : "gridline");
    out += text(frame.left - 6.0, py + 4.0, format_fixed(value, ticks.decimals), "tick", "end");
  }
  const double middle = (frame.top + frame.bottom) / 2.0;
  out += "<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(14," + coord(middle) +
         ") rotate(-90)\">" + escape(title) + "</text>";
}

void x_axis(std::string& out, const Frame& frame, const Scale& x, const Ticks& ticks, const std::string& title) {
  for (const double value : ticks.values) {
    const double px = x(value);
    out += line(px, frame.top, px, frame.bottom, value == 0.0 ? "axis" : "gridline");
    out += text(px, frame.bottom + 16.0, format_fixed(value, ticks.decimals), "tick", "middle");
  }
  out += text((frame.left + frame.right) / 2.0, frame.bottom + 34.0, title, "axis-title", "middle");
}

std::string dash_attribute(std::size_t index) {
  const char* dash = kDashes[variant_round(index) % kDashes.size()];
  return *dash == '\0' ? std::string() : " stroke-dasharray=\"" + std::string(dash) + "\"";
}

std::string marker(double x, double y, std::size_t index, double radius, const std::string& tooltip) {
  if (tooltip.empty()) {
    return shape(x, y, index, radius);
  }
  return "<g><title>" + escape(tooltip) + "</title>" + shape(x, y, index, radius) + "</g>";
}

}  // namespace analysis::svg::plot
