#include "analysis/svg/draw.h"

#include <array>
#include <cmath>

#include "analysis/svg.h"

namespace analysis::svg::draw {

std::string to_text(double value, std::chars_format format, int precision) {
  std::array<char, 400> buffer{};  // holds any double in fixed notation
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format, precision);
  return std::string(buffer.data(), result.ptr);
}

std::string coord(double value) { return to_text(std::fabs(value) < 0.05 ? 0.0 : value, std::chars_format::fixed, 1); }

std::string text(double x, double y, std::string_view content, std::string_view css_class, std::string_view anchor) {
  std::string out = "<text class=\"" + std::string(css_class) + "\" x=\"" + coord(x) + "\" y=\"" + coord(y) + "\"";
  if (anchor != "start") {
    out += " text-anchor=\"" + std::string(anchor) + "\"";
  }
  return out + ">" + escape(content) + "</text>";
}

std::string line(double x1, double y1, double x2, double y2, std::string_view css_class) {
  return "<line class=\"" + std::string(css_class) + "\" x1=\"" + coord(x1) + "\" y1=\"" + coord(y1) + "\" x2=\"" +
         coord(x2) + "\" y2=\"" + coord(y2) + "\"/>";
}

std::string open_svg(const std::string& id, double width, double height, const std::string& label) {
  return "<svg class=\"chart\" data-chart=\"" + escape(id) + "\" viewBox=\"0 0 " + coord(width) + " " +
         coord(height) + "\" width=\"" + coord(width) + "\" height=\"" + coord(height) +
         "\" role=\"img\" aria-label=\"" + escape(label) + "\">";
}

}  // namespace analysis::svg::draw
