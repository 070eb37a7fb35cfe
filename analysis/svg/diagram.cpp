// analysis/svg/diagram.cpp — the layered network diagram: rounded boxes in
// columns, left to right, and labelled arrows between them.
#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <utility>

#include "analysis/svg.h"
#include "analysis/svg/draw.h"

namespace analysis::svg {
namespace {

using draw::coord;
using draw::text;

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

std::string point(double x, double y) { return coord(x) + "," + coord(y); }

// A curve leaving and entering boxes horizontally (bent right within a
// column), or a path along its lane below the boxes; labelled at its middle.
std::string arrow_path(const Diagram& diagram, std::size_t idx, const std::array<double, 4>& end, double lane_y) {
  const DiagramArrow& arrow = diagram.arrows[idx];
  const auto [x1, y1, x2, y2] = end;
  // Appended piece by piece: a `"H" + coord(...)` chain here trips GCC 12's false -Wrestrict.
  std::string d = "M";
  d += point(x1, y1);
  double label_x = 0.0, label_y = 0.0;
  std::string_view anchor = "middle";
  if (std::isfinite(lane_y)) {
    const double jog = (x2 > x1 ? 1.0 : -1.0) * (kJog + static_cast<double>(idx % 8) * 4.0);  // apart when stacked
    for (const auto& [command, value] : {std::pair{'H', x1 + jog}, std::pair{'V', lane_y}, std::pair{'H', x2 - jog},
                                         std::pair{'V', y2}, std::pair{'H', x2}}) {
      d += command;
      d += coord(value);
    }
    label_x = (x1 + x2) / 2.0;
    label_y = lane_y;
  } else {
    const bool same_column = diagram.boxes[arrow.from].column == diagram.boxes[arrow.to].column;
    const double c1 = same_column ? x1 + kBulge : (x1 + x2) / 2.0, c2 = same_column ? x2 + kBulge : (x1 + x2) / 2.0;
    d += 'C';
    d += point(c1, y1) + " " + point(c2, y2) + " " + point(x2, y2);
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
  std::string out = draw::open_svg(id, at.width, at.total_height, "network");
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
