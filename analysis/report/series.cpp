// analysis/report/series.cpp — "Over the day": one band chart per per-minute
// series, one line per variant, the warm-up shaded.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "analysis/report/format.h"
#include "analysis/report/sections.h"
#include "analysis/svg.h"
#include "sim/errors.h"
#include "sim/time.h"

namespace analysis::report {
namespace {

using svg::escape;

// Per-minute data is averaged into buckets so no line has more points than this.
constexpr std::size_t kMaxPoints = 300;

// Averages each bucket's finite values; NaN when a bucket has none.
std::vector<double> downsample(const std::vector<double>& values, std::size_t bucket) {
  std::vector<double> out;
  for (std::size_t begin = 0; begin < values.size(); begin += bucket) {
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t idx = begin; idx < std::min(values.size(), begin + bucket); ++idx) {
      if (std::isfinite(values[idx])) {
        sum += values[idx];
        ++n;
      }
    }
    out.push_back(n == 0 ? NAN : sum / static_cast<double>(n));
  }
  return out;
}

double warmup_minutes(const std::string& warmup) {
  if (warmup.empty()) {
    return 0.0;
  }
  try {
    return sim::parse_duration(warmup).to_seconds() / 60.0;
  } catch (const sim::DurationError&) {
    return 0.0;  // a record we cannot read loses the shading, not the report
  }
}

using SeriesKey = std::pair<std::string, Labels>;  // name and labels

// One band chart per series, one line per variant (an empty line where a
// variant lacks the series, so each variant keeps its colour).
std::string series_chart(const Page& page, const SeriesKey& key, std::size_t index) {
  const RunSummary& summary = page.summary;
  std::vector<const SeriesSummary*> per_variant;
  std::size_t minutes = 0;
  std::string unit;
  for (const VariantSummary& variant : summary.variants) {
    const auto it = std::find_if(variant.series.begin(), variant.series.end(), [&key](const SeriesSummary& series) {
      return series.name == key.first && series.labels == key.second;
    });
    per_variant.push_back(it == variant.series.end() ? nullptr : &*it);
    if (it != variant.series.end()) {
      minutes = std::max(minutes, it->mean.size());
      unit = it->unit;
    }
  }
  const std::string title = page.words.name(key.first, key.second, "");
  if (minutes == 0) {
    return "<p class=\"empty\">" + escape(title) + ": no data.</p>";
  }
  svg::BandChart chart;
  const std::size_t bucket = (minutes + kMaxPoints - 1) / kMaxPoints;
  chart.minutes_per_point = static_cast<double>(bucket);
  chart.horizon_minutes = static_cast<double>(minutes);
  chart.shade_until_minutes = warmup_minutes(summary.record.warmup);
  chart.y_title = unit.empty() ? title : title + ", " + unit;
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    chart.series_names.push_back(summary.variants[idx].name);
    const SeriesSummary* series = per_variant[idx];
    chart.lines.push_back(series ? svg::BandLine{downsample(series->mean, bucket), downsample(series->low, bucket),
                                                 downsample(series->high, bucket)}
                                 : svg::BandLine{});
  }
  return "<figure class=\"card\"><figcaption>" + escape(chart.y_title) + "</figcaption>" +
         svg::band_chart("series-" + std::to_string(index + 1) + "-" + slug(key.first), chart) + "</figure>\n";
}

}  // namespace

void render_series(std::string& out, const Page& page) {
  const RunSummary& summary = page.summary;
  out += "<section id=\"day\"><h2>Over the day</h2><p class=\"note\">Lines are means across replications; the "
         "shaded band spans the lowest to the highest replication.</p><div class=\"grid\">";
  std::vector<SeriesKey> keys;  // in order of first appearance, baseline first
  for (const VariantSummary& variant : summary.variants) {
    for (const SeriesSummary& series : variant.series) {
      SeriesKey key{series.name, series.labels};
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        keys.push_back(std::move(key));
      }
    }
  }
  for (std::size_t idx = 0; idx < keys.size(); ++idx) {
    out += series_chart(page, keys[idx], idx);
  }
  if (keys.empty()) {
    out += "<p class=\"empty\">The run recorded no per-minute series.</p>";
  }
  out += "</div></section>\n";
}

}  // namespace analysis::report
