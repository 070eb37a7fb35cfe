#include "analysis/svg.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace analysis::svg {
namespace {

// One chart size for the whole report, so charts line up in the grid; the
// viewBox lets the page scale them down on narrow screens.
constexpr double kWidth = 640.0;
constexpr double kPlotHeight = 220.0;
constexpr double kLeft = 70.0;
constexpr double kRight = 16.0;
constexpr double kBottom = 40.0;
constexpr double kLegendRow = 18.0;
constexpr double kCharWidth = 7.0;  // rough width of a 12px character, for legend wrapping

// std::to_chars ignores the C locale, so no LC_NUMERIC can turn "2.5" into "2,5" and
// change the page; 400 characters hold any double in fixed notation.
std::string to_text(double value, std::chars_format format, int precision) {
  std::array<char, 400> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format, precision);
  return std::string(buffer.data(), result.ptr);
}

// One decimal: enough for pixels, and short.
std::string coord(double value) { return to_text(std::fabs(value) < 0.05 ? 0.0 : value, std::chars_format::fixed, 1); }

std::string text(double x, double y, std::string_view content, std::string_view css_class,
                 std::string_view anchor = "start") {
  std::string out = "<text class=\"" + std::string(css_class) + "\" x=\"" + coord(x) + "\" y=\"" + coord(y) + "\"";
  if (anchor != "start") {
    out += " text-anchor=\"" + std::string(anchor) + "\"";
  }
  return out + ">" + escape(content) + "</text>";
}

std::string open_svg(const std::string& id, double width, double height, const std::string& label) {
  return "<svg class=\"chart\" data-chart=\"" + escape(id) + "\" viewBox=\"0 0 " + coord(width) + " " +
         coord(height) + "\" width=\"" + coord(width) + "\" height=\"" + coord(height) +
         "\" role=\"img\" aria-label=\"" + escape(label) + "\">";
}

struct Frame {
  double left, top, right, bottom;
  [[nodiscard]] double width() const { return right - left; }
};

// Linear map from data to pixels.
struct Scale {
  double d0, d1, p0, p1;
  [[nodiscard]] double operator()(double v) const { return p0 + (v - d0) * (p1 - p0) / (d1 - d0); }
};

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

// Legend entries left to right, wrapping; returns the rows used.
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
    out += "<g class=\"legend\" data-legend-variant=\"" + escape(names[idx]) + "\"><rect x=\"" + coord(x) +
           "\" y=\"" + coord(y) + "\" width=\"12\" height=\"12\" rx=\"2\" fill=\"" + variant_colour(idx) + "\"/>" +
           text(x + 17.0, y + 10.5, names[idx], "legend-text") + "</g>";
    x += entry;
  }
  return rows;
}

double legend_height(const std::vector<std::string>& names) {
  std::string scratch;
  return kLegendRow * legend(scratch, names, 0.0);
}

std::string line(double x1, double y1, double x2, double y2, std::string_view css_class) {
  return "<line class=\"" + std::string(css_class) + "\" x1=\"" + coord(x1) + "\" y1=\"" + coord(y1) + "\" x2=\"" +
         coord(x2) + "\" y2=\"" + coord(y2) + "\"/>";
}

// Gridlines with labels on the left, and the title turned along the axis.
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

Ticks ticks_for(double low, double high) {
  // Bars and counts read from zero; a range that excludes it would exaggerate.
  return nice_ticks(std::min(low, 0.0), std::max(high, 0.0));
}

std::string whisker(double x, double y_low, double y_high) {
  const std::string l = coord(x - 4.0), r = coord(x + 4.0);
  return "<path class=\"whisker\" d=\"M" + coord(x) + "," + coord(y_low) + "V" + coord(y_high) + "M" + l + "," +
         coord(y_low) + "H" + r + "M" + l + "," + coord(y_high) + "H" + r + "\"/>";
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

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_fixed(double value, int decimals) {
  if (!std::isfinite(value)) {
    return "n/a";
  }
  std::string digits = to_text(std::fabs(value), std::chars_format::fixed, decimals);
  const std::size_t point = std::min(digits.find('.'), digits.size());
  // Thousands separators, built forwards (an insert() in place trips a false
  // GCC 12 -Wrestrict).
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i < point && (point - i) % 3 == 0) {
      grouped += ',';
    }
    grouped += digits[i];
  }
  digits = std::move(grouped);
  // No "-0.00": a value that rounds to zero has no sign.
  const bool zero = digits.find_first_not_of("0.,") == std::string::npos;
  return (value < 0.0 && !zero ? "-" : "") + digits;
}

std::string format_number(double value) {
  if (!std::isfinite(value)) {
    return "n/a";
  }
  const double magnitude = std::fabs(value);
  if (magnitude >= 100.0 || magnitude == 0.0) {
    return format_fixed(value, 0);
  }
  if (magnitude >= 1.0) {
    return format_fixed(value, magnitude >= 10.0 ? 1 : 2);
  }
  return to_text(value, std::chars_format::general, 3);
}

std::string format_clock(double minutes) {
  const auto whole = static_cast<long long>(std::llround(minutes));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", whole / 60, whole % 60);
  return buffer;
}

std::string_view style() {
  // Colours fall back to fixed values, so a chart copied out of the page stays legible.
  static constexpr std::string_view kStyle = R"css(
svg text{font-size:12px;fill:var(--ink,#1d2733)}
svg .tick,svg .axis-title{fill:var(--muted,#5b6775);font-size:11px}
svg .gridline{stroke:#e5e9ef;stroke-width:1}svg .axis{stroke:#8a96a3;stroke-width:1}
svg .whisker{stroke:#1d2733;stroke-width:1.5;fill:none}svg .na{fill:var(--na,#6b7280);font-size:10px}
svg .line{fill:none;stroke-width:1.8}svg .band{stroke:none}svg .warmup{fill:#eef1f5}
svg .edge{fill:none;stroke:#5b6775;stroke-width:1.4}svg .edge.batch{stroke-dasharray:5 3}
svg .edge-label{font-size:10px;fill:#3b4756;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .box{stroke:#5b6775;stroke-width:1}svg .box-kind{fill:var(--muted,#5b6775);font-size:10px}
svg .column{font-size:11px;fill:var(--muted,#5b6775);font-weight:600}
)css";
  return kStyle;
}

const char* variant_colour(std::size_t index) {
  // Okabe & Ito, "Color Universal Design" (2008); yellow last, it is faint on white.
  static constexpr std::array<const char*, 8> kPalette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                          "#D55E00", "#56B4E9", "#000000", "#F0E442"};
  return kPalette[index % kPalette.size()];
}

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
  double low = 0.0, high = 0.0;
  for (const BarGroup& group : groups) {
    for (const Bar& bar : group.bars) {
      for (const double v : {bar.value, bar.low, bar.high}) {
        if (std::isfinite(v)) {
          low = std::min(low, v);
          high = std::max(high, v);
        }
      }
    }
  }
  const Ticks ticks = ticks_for(low, high);
  const double top = 8.0 + legend_height(series_names) + 10.0;
  const Frame frame{kLeft, top, kWidth - kRight, top + kPlotHeight};
  const Scale y{ticks.low, ticks.high, frame.bottom, frame.top};
  std::string out = open_svg(id, kWidth, frame.bottom + kBottom, y_title);
  legend(out, series_names, 8.0);
  y_axis(out, frame, y, ticks, y_title);

  const double group_width = frame.width() / static_cast<double>(std::max<std::size_t>(1, groups.size()));
  const double bar_width =
      std::min(32.0, group_width * 0.8 / static_cast<double>(std::max<std::size_t>(1, series_names.size())));
  for (std::size_t group_idx = 0; group_idx < groups.size(); ++group_idx) {
    const BarGroup& group = groups[group_idx];
    const double group_left = frame.left + group_width * static_cast<double>(group_idx);
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
             variant_colour(bar_idx) + "\"><title>" + escape(bar.tooltip) + "</title></rect>";
      if (std::isfinite(bar.low) && std::isfinite(bar.high)) {
        out += whisker(centre, y(bar.low), y(bar.high));
      }
    }
    out += text(group_left + group_width / 2.0, frame.bottom + 18.0, group.label, "tick", "middle");
  }
  return out + "</svg>";
}

std::string band_chart(const std::string& id, const BandChart& chart) {
  double low = 0.0, high = 0.0;
  for (const BandLine& band : chart.lines) {
    for (const auto* values : {&band.mean, &band.low, &band.high}) {
      for (const double v : *values) {
        if (std::isfinite(v)) {
          low = std::min(low, v);
          high = std::max(high, v);
        }
      }
    }
  }
  const Ticks ticks = ticks_for(low, high);
  const double top = 8.0 + legend_height(chart.series_names) + 10.0;
  const Frame frame{kLeft, top, kWidth - kRight, top + kPlotHeight};
  const Scale y{ticks.low, ticks.high, frame.bottom, frame.top};
  const Scale x{0.0, std::max(chart.horizon_minutes, 1.0), frame.left, frame.right};
  std::string out = open_svg(id, kWidth, frame.bottom + kBottom, chart.y_title);
  legend(out, chart.series_names, 8.0);
  if (chart.shade_until_minutes > 0.0) {
    const double right = x(std::min(chart.shade_until_minutes, chart.horizon_minutes));
    out += "<rect class=\"warmup\" x=\"" + coord(frame.left) + "\" y=\"" + coord(frame.top) + "\" width=\"" +
           coord(right - frame.left) + "\" height=\"" + coord(kPlotHeight) + "\"/>";
    out += text(frame.left + 4.0, frame.top + 12.0, "warm-up", "na");
  }
  y_axis(out, frame, y, ticks, chart.y_title);
  const double step = time_step_minutes(chart.horizon_minutes);
  for (double minute = 0.0; minute <= chart.horizon_minutes + 1e-9; minute += step) {
    out += line(x(minute), frame.bottom, x(minute), frame.bottom + 4.0, "axis");
    out += text(x(minute), frame.bottom + 18.0, format_clock(minute), "tick", "middle");
  }

  // Point i is drawn at the middle of the minutes it averages.
  const auto px = [&](std::size_t idx) {
    return coord(x(std::min((static_cast<double>(idx) + 0.5) * chart.minutes_per_point, chart.horizon_minutes)));
  };
  // Bands first, so no line is hidden under another variant's band; fainter
  // when there are many, since variants drawing the same customers overlap.
  const double lines = static_cast<double>(std::max<std::size_t>(1, chart.lines.size()));
  const std::string opacity = to_text(std::min(0.18, 0.36 / lines), std::chars_format::fixed, 3);
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
  for (std::size_t line_idx = 0; line_idx < chart.lines.size(); ++line_idx) {
    const BandLine& band = chart.lines[line_idx];
    for (const auto& [begin, end] : finite_runs(band.mean, band.mean)) {
      if (end - begin == 1) {  // a lone minute between gaps: a polyline of one point draws nothing
        out += "<circle class=\"dot\" r=\"2.5\" fill=\"" + std::string(variant_colour(line_idx)) + "\" cx=\"" +
               px(begin) + "\" cy=\"" + coord(y(band.mean[begin])) + "\"/>";
        continue;
      }
      out += "<polyline class=\"line\" stroke=\"" + std::string(variant_colour(line_idx)) + "\" points=\"";
      for (std::size_t idx = begin; idx < end; ++idx) {
        out += px(idx) + "," + coord(y(band.mean[idx])) + (idx + 1 == end ? "" : " ");
      }
      out += "\"/>";
    }
  }
  return out + "</svg>";
}

namespace {

constexpr double kBoxWidth = 180.0, kMinBoxHeight = 46.0, kAnchorGap = 16.0, kGapY = 26.0, kGapX = 210.0;
constexpr double kMargin = 20.0, kTop = 40.0, kBulge = 70.0, kLaneGap = 18.0, kJog = 14.0;
constexpr double kLabelRoom = 150.0;  // right of the last column, for labels of arrows bent there

// Arrows leave and enter boxes on the side facing the other end; within one
// column both ends use the right side.
bool starts_right(const Diagram& d, const DiagramArrow& a) { return d.boxes[a.from].column <= d.boxes[a.to].column; }
bool ends_right(const Diagram& d, const DiagramArrow& a) { return d.boxes[a.from].column >= d.boxes[a.to].column; }
// An arrow across a whole column would run behind its boxes; it takes a lane below them instead.
bool skips_column(const Diagram& d, const DiagramArrow& a) {
  const std::size_t from = d.boxes[a.from].column, to = d.boxes[a.to].column;
  return std::max(from, to) - std::min(from, to) > 1;
}

struct Layout {
  std::vector<double> x, y, height;
  std::vector<double> lane_y;  // per arrow; NaN when it needs no lane
  double width = 0.0, total_height = 0.0;
};

// Columns side by side, boxes stacked and centred; a box grows so that the
// arrows on its busiest side are kAnchorGap apart and their labels do not touch.
Layout layout(const Diagram& diagram) {
  const std::size_t boxes = diagram.boxes.size(), columns = diagram.column_titles.size();
  std::vector<std::array<int, 2>> per_side(boxes, {0, 0});
  for (const DiagramArrow& arrow : diagram.arrows) {
    ++per_side[arrow.from][starts_right(diagram, arrow) ? 1 : 0];
    ++per_side[arrow.to][ends_right(diagram, arrow) ? 1 : 0];
  }
  Layout out;
  out.x.resize(boxes);
  out.y.resize(boxes);
  out.height.resize(boxes);
  std::vector<double> column_height(columns, -kGapY);
  for (std::size_t idx = 0; idx < boxes; ++idx) {
    const int busiest = std::max(per_side[idx][0], per_side[idx][1]);
    out.height[idx] = std::max(kMinBoxHeight, kAnchorGap * (busiest + 1));
    column_height[diagram.boxes[idx].column] += out.height[idx] + kGapY;
  }
  const double tallest = columns == 0 ? 0.0 : *std::max_element(column_height.begin(), column_height.end());
  std::vector<double> next_y(columns);
  for (std::size_t col = 0; col < columns; ++col) {
    next_y[col] = kTop + (tallest - column_height[col]) / 2.0;
  }
  for (std::size_t idx = 0; idx < boxes; ++idx) {
    const std::size_t col = diagram.boxes[idx].column;
    out.x[idx] = kMargin + static_cast<double>(col) * (kBoxWidth + kGapX);
    out.y[idx] = next_y[col];
    next_y[col] += out.height[idx] + kGapY;
  }
  double lane = kTop + tallest;
  for (const DiagramArrow& arrow : diagram.arrows) {
    out.lane_y.push_back(skips_column(diagram, arrow) ? lane += kLaneGap : NAN);
  }
  out.width = 2 * kMargin + static_cast<double>(columns) * (kBoxWidth + kGapX) - kGapX + kBulge + kLabelRoom;
  out.total_height = lane + kMargin;
  return out;
}

struct Anchor {
  std::size_t box = 0;
  bool right = true;
  double other_y = 0.0;  // the other box's middle: ordering by it avoids crossings at the box
  std::size_t arrow = 0;
  bool start = true;
};

// Each arrow's two ends {x1, y1, x2, y2}, spread evenly along each box side.
std::vector<std::array<double, 4>> arrow_ends(const Diagram& diagram, const Layout& at) {
  std::vector<Anchor> anchors;
  const auto middle = [&](std::size_t box) { return at.y[box] + at.height[box] / 2.0; };
  for (std::size_t idx = 0; idx < diagram.arrows.size(); ++idx) {
    const DiagramArrow& arrow = diagram.arrows[idx];
    const bool lane = std::isfinite(at.lane_y[idx]);
    anchors.push_back({arrow.from, starts_right(diagram, arrow), lane ? at.lane_y[idx] : middle(arrow.to), idx, true});
    anchors.push_back({arrow.to, ends_right(diagram, arrow), lane ? at.lane_y[idx] : middle(arrow.from), idx, false});
  }
  // Arrow index and end break ties, so the order (and the page) is the same every time.
  std::sort(anchors.begin(), anchors.end(), [](const Anchor& a, const Anchor& b) {
    return std::tie(a.box, a.right, a.other_y, a.arrow, a.start) <
           std::tie(b.box, b.right, b.other_y, b.arrow, b.start);
  });
  std::vector<std::array<double, 4>> ends(diagram.arrows.size());
  for (std::size_t begin = 0, end = 0; begin < anchors.size(); begin = end) {
    while (end < anchors.size() && anchors[end].box == anchors[begin].box &&
           anchors[end].right == anchors[begin].right) {
      ++end;
    }
    for (std::size_t idx = begin; idx < end; ++idx) {
      const Anchor& anchor = anchors[idx];
      const double share = static_cast<double>(idx - begin + 1) / static_cast<double>(end - begin + 1);
      ends[anchor.arrow][anchor.start ? 0 : 2] = at.x[anchor.box] + (anchor.right ? kBoxWidth : 0.0);
      ends[anchor.arrow][anchor.start ? 1 : 3] = at.y[anchor.box] + at.height[anchor.box] * share;
    }
  }
  return ends;
}

// A curve leaving and entering boxes horizontally (bent right within a
// column), or a path along its lane below the boxes; labelled at its middle.
std::string arrow_path(const Diagram& diagram, std::size_t idx, const std::array<double, 4>& end, double lane_y) {
  const DiagramArrow& arrow = diagram.arrows[idx];
  const auto [x1, y1, x2, y2] = end;
  std::string d = "M" + coord(x1) + "," + coord(y1);
  double label_x = 0.0, label_y = 0.0;
  std::string_view anchor = "middle";
  if (std::isfinite(lane_y)) {
    const double jog = (x2 > x1 ? 1.0 : -1.0) * (kJog + static_cast<double>(idx % 8) * 4.0);  // apart when stacked
    d += "H" + coord(x1 + jog) + "V" + coord(lane_y) + "H" + coord(x2 - jog) + "V" + coord(y2) + "H" + coord(x2);
    label_x = (x1 + x2) / 2.0;
    label_y = lane_y;
  } else {
    const bool same_column = diagram.boxes[arrow.from].column == diagram.boxes[arrow.to].column;
    const double c1 = same_column ? x1 + kBulge : (x1 + x2) / 2.0, c2 = same_column ? x2 + kBulge : (x1 + x2) / 2.0;
    d += "C" + coord(c1) + "," + coord(y1) + " " + coord(c2) + "," + coord(y2) + " " + coord(x2) + "," + coord(y2);
    label_x = (x1 + 3 * c1 + 3 * c2 + x2) / 8.0;  // B(1/2) = (P0 + 3 P1 + 3 P2 + P3) / 8
    label_y = (y1 + y2) / 2.0;
    if (same_column) {  // beside the bend, not across it
      anchor = "start";
      label_x += 4.0;
      label_y += 3.0;
    }
  }
  return "<path class=\"edge" + std::string(arrow.dashed ? " batch" : "") + "\" marker-end=\"url(#arrow)\" d=\"" + d +
         "\"/>" + text(label_x, label_y - 3.0, arrow.label, "edge-label", anchor);
}

}  // namespace

std::string diagram(const std::string& id, const Diagram& diagram) {
  const Layout at = layout(diagram);
  const std::vector<std::array<double, 4>> ends = arrow_ends(diagram, at);
  std::string out = open_svg(id, at.width, at.total_height, "network");
  out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
         "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#5b6775\"/></marker></defs>";
  for (std::size_t col = 0; col < diagram.column_titles.size(); ++col) {
    out += text(kMargin + static_cast<double>(col) * (kBoxWidth + kGapX) + kBoxWidth / 2.0, 20.0,
                diagram.column_titles[col], "column", "middle");
  }
  for (std::size_t idx = 0; idx < diagram.arrows.size(); ++idx) {
    out += arrow_path(diagram, idx, ends[idx], at.lane_y[idx]);
  }
  for (std::size_t idx = 0; idx < diagram.boxes.size(); ++idx) {
    const DiagramBox& box = diagram.boxes[idx];
    const double centre_x = at.x[idx] + kBoxWidth / 2.0, centre_y = at.y[idx] + at.height[idx] / 2.0;
    out += "<g><rect class=\"box\" x=\"" + coord(at.x[idx]) + "\" y=\"" + coord(at.y[idx]) + "\" width=\"" +
           coord(kBoxWidth) + "\" height=\"" + coord(at.height[idx]) + "\" rx=\"9\" fill=\"" + escape(box.fill) +
           "\"/>";
    out += text(centre_x, centre_y - 2.0, box.title, "box-title", "middle");
    out += text(centre_x, centre_y + 13.0, box.subtitle, "box-kind", "middle") + "</g>";
  }
  return out + "</svg>";
}

}  // namespace analysis::svg
