// analysis/svg/format.cpp — text for people: HTML escaping, number and clock
// formats, the variants' palette and the charts' CSS.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "analysis/svg.h"
#include "analysis/svg/draw.h"

namespace analysis::svg {

using draw::to_text;

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
svg .marker{stroke:#fff;stroke-width:1.2}svg .cross{stroke-width:1.6;stroke-opacity:.8}
svg .point-label{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px}
)css";
  return kStyle;
}

namespace {

// Twelve colours a colour-blind reader can tell apart: Okabe & Ito's eight
// ("Color Universal Design", 2008, https://jfly.uni-koeln.de/color/), then four
// of Paul Tol's "muted" scheme (https://personal.sron.nl/~pault/, Fig. 4:
// indigo, olive, wine, rose) that sit furthest from them. Ordered so the first
// are the most distinct on white; yellow last, it is faint on white.
constexpr std::array<const char*, 12> kPalette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
                                                  "#000000", "#332288", "#999933", "#882255", "#CC6677", "#F0E442"};

}  // namespace

const char* variant_colour(std::size_t index) { return kPalette[index % kPalette.size()]; }

std::size_t variant_round(std::size_t index) { return index / kPalette.size(); }

std::string swatch(std::size_t index) {
  std::string style = "background:";
  style += variant_colour(index);
  if (variant_round(index) > 0) {  // the 13th variant on: the colour again, outlined
    style += ";outline:2px dashed #1d2733;outline-offset:1px";
  }
  return "<i class=\"swatch\" style=\"" + style + "\"></i>";
}

}  // namespace analysis::svg
