// analysis/svg/draw.h — the primitives the charts and the diagram draw with
// (internal to analysis/svg/): numbers as text without locale, coordinates,
// <text>, <line> and the opening <svg> tag.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

namespace analysis::svg::draw {

// std::to_chars ignores the C locale, so no LC_NUMERIC can turn "2.5" into "2,5"
// and change the page.
[[nodiscard]] std::string to_text(double value, std::chars_format format, int precision);

// A coordinate with one decimal: enough for pixels, and short.
[[nodiscard]] std::string coord(double value);

[[nodiscard]] std::string text(double x, double y, std::string_view content, std::string_view css_class,
                               std::string_view anchor = "start");

[[nodiscard]] std::string line(double x1, double y1, double x2, double y2, std::string_view css_class);

[[nodiscard]] std::string open_svg(const std::string& id, double width, double height, const std::string& label);

}  // namespace analysis::svg::draw
