// analysis/svg.h — the small drawing kit report.html is made with: HTML
// escaping, number formats, "nice" axis ticks, and the two chart kinds the
// report needs (grouped bars with interval whiskers; per-minute lines with a
// band; points with interval crosses; lines over a numeric axis with bands). Output is plain text built with fixed formats, so the same input gives
// the same bytes: no locale, no clock, no hash order. Implemented in
// analysis/svg/: format.cpp (text, numbers, palette, CSS), charts.cpp (bars,
// bands), points.cpp (scatter, lines over x), diagram.cpp, on the primitives of
// draw.h and the axes and legends of plot.h.
//
//   std::string html = svg::grouped_bars("compare-1", {"baseline", "hard"}, groups, "oversell_rate (%)");
//
// Every chart is an <svg class="chart" data-chart="ID">; its legend entries
// carry data-legend-variant="NAME" so the page script can list them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace analysis::svg {

// Text and attribute values: & < > " ' become entities.
[[nodiscard]] std::string escape(std::string_view text);

// A value for people: "n/a" when not finite, 3 significant digits below 100,
// whole numbers with thousands separators above ("12,345").
[[nodiscard]] std::string format_number(double value);

// Fixed decimals with thousands separators ("1,250.5"); for tick labels.
[[nodiscard]] std::string format_fixed(double value, int decimals);

// "HH:MM" from minutes since the start; hours do not wrap ("36:00").
[[nodiscard]] std::string format_clock(double minutes);

// The CSS for the classes these charts draw with; the page includes it once.
[[nodiscard]] std::string_view style();

// Variant `index`'s colour in every chart and table: twelve colour-blind-safe
// colours (Okabe-Ito and Paul Tol's muted; sources in format.cpp), then again.
[[nodiscard]] const char* variant_colour(std::size_t index);
// Which round of twelve `index` is in: from round 1 on, the repeated colour
// comes with a dash pattern (lines, bar outlines) and another marker shape
// (points: circle, square, triangle, diamond), so 48 variants stay apart.
[[nodiscard]] std::size_t variant_round(std::size_t index);
// An HTML swatch (<i class="swatch">) of variant `index`, for tables and legends.
[[nodiscard]] std::string swatch(std::size_t index);

// Round tick values covering [low, high] (Heckbert, "Nice numbers for graph
// labels", Graphics Gems, 1990): steps of 1, 2 or 5 times a power of ten.
struct Ticks {
  double low = 0.0, high = 1.0, step = 1.0;
  int decimals = 0;  // enough to tell neighbouring ticks apart
  std::vector<double> values;
};
[[nodiscard]] Ticks nice_ticks(double low, double high, int target_count = 5);

// One bar: its height and 95% interval; NaN value: no bar ("n/a"),
// non-finite low/high: no whisker.
struct Bar {
  double value = 0.0, low = 0.0, high = 0.0;
  std::string tooltip;  // plain text, escaped when drawn
};
struct BarGroup {
  std::string label;      // the channel
  std::vector<Bar> bars;  // one per series name, in the same order
};
[[nodiscard]] std::string grouped_bars(const std::string& id, const std::vector<std::string>& series_names,
                                       const std::vector<BarGroup>& groups, const std::string& y_title);

// One line of a band chart: point i covers [i, i + 1) * minutes_per_point.
// NaN points break the line and the band.
struct BandLine {
  std::vector<double> mean, low, high;
};
struct BandChart {
  std::vector<std::string> series_names;  // one per line
  std::vector<BandLine> lines;
  double minutes_per_point = 1.0;
  double horizon_minutes = 0.0;
  double shade_until_minutes = 0.0;  // the warm-up, greyed; 0: none
  std::string y_title;
};
[[nodiscard]] std::string band_chart(const std::string& id, const BandChart& chart);

// Variants as points on two axes (a trade-off): each point its variant's glyph,
// a cross for the 95% intervals on both axes (non-finite ends: that arm is left
// out), and its label beside it where it fits. Both axes start at zero.
struct ScatterPoint {
  std::string label;
  std::size_t variant = 0;  // the colour and marker
  double x = 0.0, x_low = 0.0, x_high = 0.0;
  double y = 0.0, y_low = 0.0, y_high = 0.0;
  std::string tooltip;  // plain text
};
struct Scatter {
  std::vector<std::string> series_names;  // the legend: every variant, by index
  std::vector<ScatterPoint> points;
  std::string x_title, y_title;
  double plot_height = 260.0;
};
[[nodiscard]] std::string scatter(const std::string& id, const Scatter& chart);

// Lines over a numeric x (a sweep's axis), each with its 95% band; line i has
// colour i. The x axis spans the values, the y axis starts at zero.
struct XyLine {
  std::string name;
  std::vector<double> x, mean, low, high;  // in x order
  std::vector<std::string> tooltips;       // per point, plain text
};
struct XyChart {
  std::vector<XyLine> lines;
  std::string x_title, y_title;
};
[[nodiscard]] std::string xy_chart(const std::string& id, const XyChart& chart);

// A layered diagram: rounded boxes in columns, left to right, and labelled
// arrows between them (curves; within one column they bulge to the right).
struct DiagramBox {
  std::string title, subtitle;
  std::size_t column = 0;
  std::string fill;  // a CSS colour
};
struct DiagramArrow {
  std::size_t from = 0, to = 0;  // box indices
  std::string label;
  bool dashed = false;
};
struct Diagram {
  std::vector<std::string> column_titles;  // every column holds at least one box
  std::vector<DiagramBox> boxes;
  std::vector<DiagramArrow> arrows;
};
[[nodiscard]] std::string diagram(const std::string& id, const Diagram& diagram);

}  // namespace analysis::svg
