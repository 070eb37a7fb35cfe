#include "analysis/report_html.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/svg.h"
#include "sim/errors.h"
#include "sim/time.h"

namespace analysis {
namespace {

using svg::escape;
using svg::format_number;

// The metrics a release review asks about first, in the order it asks; the
// section falls back to every per-channel metric when none of these was recorded.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kKeyMetrics = {{
    {"orders_captured", "mean"}, {"oversell_rate", "mean"}, {"lost_sales", "mean"},
    {"release_latency", "p99"},  {"release_latency", "mean"}, {"cycle_time", "p95"},
    {"sla_miss_rate", "mean"},   {"split_shipments", "mean"}, {"atp_error", "mean"},
    {"status_staleness", "p95"}, {"refund_lag", "mean"},
}};

// Per-minute data is averaged into buckets so no line has more points than this.
constexpr std::size_t kMaxPoints = 300;

// For data-chart ids: letters, digits, '_' and '-' only.
std::string slug(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    c = plain ? c : '-';
  }
  return out;
}

std::string metric_title(const std::string& metric, const Labels& labels, const std::string& statistic) {
  std::string out = metric;
  if (!labels.empty()) {
    out += "{" + format_labels(labels) + "}";
  }
  return statistic.empty() || statistic == "mean" ? out : out + " " + statistic;
}

// Which way is good, for colouring significant changes; 0 where the name does not say.
int better_direction(const std::string& metric) {
  static constexpr std::array<std::string_view, 4> kHigherIsBetter = {
      "orders_captured", "orders_promised", "orders_fulfilled", "inventory_accuracy"};
  static constexpr std::array<std::string_view, 25> kLowerIsBetter = {
      "oversells",          "oversell_rate",      "oversold_units",     "lost_sales",        "release_latency",
      "cycle_time",         "pick_wait",          "split_shipments",    "sla_misses",        "sla_miss_rate",
      "atp_error",          "broker_backlog",     "message_age",        "duplicates_applied", "messages_lost",
      "status_staleness",   "refund_lag",         "return_to_refund",   "refunds_mismatched", "refunds_unreconciled",
      "messages_retried",   "messages_reordered", "calls_throttled",    "throttle_delay",    "bopis_shipped_home"};
  if (std::find(kHigherIsBetter.begin(), kHigherIsBetter.end(), metric) != kHigherIsBetter.end()) {
    return 1;
  }
  return std::find(kLowerIsBetter.begin(), kLowerIsBetter.end(), metric) != kLowerIsBetter.end() ? -1 : 0;
}

// How one table or chart shows a unit: ratios as percent (differences in
// percentage points), seconds in the unit that suits the largest value.
struct UnitScale {
  double factor = 1.0;
  std::string suffix, diff_suffix, axis;
};

UnitScale unit_scale(const std::string& unit, double max_abs) {
  if (unit == "ratio") {
    return {100.0, "%", " pp", "%"};
  }
  if (unit == "s" && max_abs >= 7200.0) {
    return {1.0 / 3600.0, " h", " h", "hours"};
  }
  if (unit == "s" && max_abs >= 120.0) {
    return {1.0 / 60.0, " min", " min", "minutes"};
  }
  if (unit == "s") {
    return {1.0, " s", " s", "seconds"};
  }
  return {1.0, "", "", unit};
}

// The numbers of one interval share their decimals: two significant digits of
// its half-width, so "2.40 ± 0.30" and "[-1.00, -0.60]" line up.
std::string number(double value, double half_width) {
  if (!std::isfinite(half_width) || half_width <= 0.0) {
    return format_number(value);
  }
  const int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(half_width))), 0, 6);
  return svg::format_fixed(value, decimals);
}

std::string signed_number(double value, double half_width) {
  return (value > 0.0 ? "+" : "") + number(value, half_width);
}

bool excludes_zero(const Interval& interval) {
  return std::isfinite(interval.low) && std::isfinite(interval.high) && (interval.low > 0.0 || interval.high < 0.0);
}

// ---------------------------------------------------------------- header

void render_header(std::string& out, const ReportInput& input) {
  const RunRecord& record = input.summary->record;
  const std::string title = input.title.empty() ? record.scenario : input.title;
  out += "<header><p class=\"kicker\">peaksim report</p><h1>" + escape(title) + "</h1>";
  if (!input.description.empty()) {
    out += "<p class=\"description\">" + escape(input.description) + "</p>";
  }
  std::string command;
  for (const std::string& word : record.command_line) {
    command += (command.empty() ? "" : " ") + word;
  }
  std::string sets;
  for (const std::string& set : record.sets) {
    sets += (sets.empty() ? "" : ", ") + set;
  }
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"scenario file", record.file},
      {"file sha256", record.file_sha256},
      {"seed", std::to_string(record.seed)},
      {"replications", std::to_string(record.replications)},
      {"horizon", record.horizon},
      {"warm-up", record.warmup},
      {"threads", std::to_string(record.threads)},
      {"version", record.version},
      {"commit", record.git_commit},
      {"overrides", sets.empty() ? "none" : sets},
      {"started (UTC)", record.started_at},
      {"wall time", format_number(record.wall_seconds) + " s"},
      {"command", command},
  };
  out += "<dl class=\"record\">";
  for (const auto& [name, value] : fields) {
    out += "<div><dt>" + escape(name) + "</dt><dd>" + escape(value.empty() ? "—" : value) + "</dd></div>";
  }
  out += "</dl></header>\n";
}

// ---------------------------------------------------------------- gates

struct VerdictStyle {
  const char* text;
  const char* css_class;
};

// Local rather than to_string(Verdict): the page needs a CSS class with the word.
VerdictStyle verdict_style(Verdict verdict) {
  switch (verdict) {
    case Verdict::Pass: return {"pass", "pass"};
    case Verdict::Fail: return {"fail", "fail"};
    case Verdict::Inconclusive: return {"inconclusive", "inconclusive"};
    case Verdict::NoSamples: return {"no samples", "nosamples"};
  }
  return {"unknown", "nosamples"};
}

std::string measured_text(const Interval& measured) {
  if (measured.n == 0 || !std::isfinite(measured.mean)) {
    return "no samples";
  }
  if (!std::isfinite(measured.low) || !std::isfinite(measured.high)) {
    return format_number(measured.mean) + " (CI n/a, n=" + std::to_string(measured.n) + ")";
  }
  const double half_width = measured.half_width();
  return number(measured.mean, half_width) + " [" + number(measured.low, half_width) + ", " +
         number(measured.high, half_width) + "]";
}

void render_gates(std::string& out, const RunSummary& summary) {
  out += "<section id=\"gates\"><h2>Gates</h2>";
  if (summary.gates.empty()) {
    out += "<p class=\"empty\">No gates are defined for this scenario.</p></section>\n";
    return;
  }
  const auto failed = std::count_if(summary.gates.begin(), summary.gates.end(),
                                    [](const GateVerdict& gate) { return !gate.passed; });
  out += failed == 0 ? "<p class=\"banner pass\">All " + std::to_string(summary.gates.size()) + " gates pass.</p>"
                     : "<p class=\"banner fail\">" + std::to_string(failed) + " of " +
                           std::to_string(summary.gates.size()) + " gates do not pass.</p>";
  out += "<table class=\"gates\"><thead><tr><th>gate</th><th>variant</th><th>metric</th><th>statistic</th>"
         "<th>threshold</th><th>measured (95% CI)</th><th>verdict</th><th>why</th></tr></thead><tbody>";
  for (const GateVerdict& gate : summary.gates) {
    const VerdictStyle style = verdict_style(gate.verdict);
    const std::string tolerated = gate.verdict == Verdict::Inconclusive && gate.passed ? " (tolerated)" : "";
    out += "<tr><td>" + escape(gate.gate) + "</td><td>" + escape(gate.variant) + "</td><td>" +
           escape(metric_title(gate.metric, gate.labels, "")) + "</td><td>" + escape(gate.statistic) +
           "</td><td class=\"num\">" + escape(gate.comparison + " " + format_number(gate.threshold)) +
           "</td><td class=\"num\">" + escape(measured_text(gate.measured)) + "</td><td><span class=\"verdict " +
           style.css_class + "\">" + style.text + tolerated + "</span></td><td>" + escape(gate.explanation) +
           "</td></tr>";
  }
  out += "</tbody></table></section>\n";
}

// ---------------------------------------------------------------- variants compared

// One chart: a metric and statistic, with its labels other than the channel.
struct ComparisonKey {
  std::string metric, statistic;
  Labels rest;
  friend bool operator==(const ComparisonKey&, const ComparisonKey&) = default;
};

std::optional<ComparisonKey> key_of(const MetricSummary& metric) {
  auto channel = metric.labels.find("channel");
  if (channel == metric.labels.end()) {
    return std::nullopt;
  }
  Labels rest = metric.labels;
  rest.erase("channel");
  return ComparisonKey{metric.metric, metric.statistic, std::move(rest)};
}

// Charts in kKeyMetrics order, or every per-channel metric in the order the
// summary lists them (baseline first) when the run recorded none of those.
std::vector<ComparisonKey> comparison_keys(const RunSummary& summary) {
  std::vector<ComparisonKey> found;
  for (const VariantSummary& variant : summary.variants) {
    for (const MetricSummary& metric : variant.metrics) {
      auto key = key_of(metric);
      if (key && std::find(found.begin(), found.end(), *key) == found.end()) {
        found.push_back(std::move(*key));
      }
    }
  }
  std::vector<ComparisonKey> chosen;
  for (const auto& [metric, statistic] : kKeyMetrics) {
    for (const ComparisonKey& key : found) {
      if (key.metric == metric && key.statistic == statistic) {
        chosen.push_back(key);
      }
    }
  }
  return chosen.empty() ? found : chosen;
}

const MetricSummary* find_cell(const VariantSummary& variant, const ComparisonKey& key, const std::string& channel) {
  for (const MetricSummary& metric : variant.metrics) {
    if (key_of(metric) == key && metric.labels.at("channel") == channel) {
      return &metric;
    }
  }
  return nullptr;
}

std::string value_text(const MetricSummary* cell, const UnitScale& scale) {
  if (cell == nullptr || cell->value.n == 0 || !std::isfinite(cell->value.mean)) {
    return "<span class=\"na\">no samples</span>";
  }
  const double half_width = cell->value.half_width() * scale.factor;
  return number(cell->value.mean * scale.factor, half_width) + escape(scale.suffix) + " ± " +
         number(half_width, half_width);
}

// The paired change against the baseline, its interval on a second line.
std::string change_text(const MetricSummary* cell, const UnitScale& scale, int better) {
  if (cell == nullptr || !cell->vs_baseline || !std::isfinite(cell->vs_baseline->mean)) {
    return "<div class=\"change na\">change n/a</div>";
  }
  const Interval& diff = *cell->vs_baseline;
  const double half_width = diff.half_width() * scale.factor;
  std::string text = signed_number(diff.mean * scale.factor, half_width) + escape(scale.diff_suffix) + "<br>";
  text += std::isfinite(half_width) ? "[" + signed_number(diff.low * scale.factor, half_width) + ", " +
                                          signed_number(diff.high * scale.factor, half_width) + "]"
                                    : "[CI n/a]";
  if (!excludes_zero(diff)) {
    return "<div class=\"change\">" + text + "</div>";
  }
  const int direction = diff.mean > 0.0 ? 1 : -1;
  const char* judged = better == 0 ? "" : direction == better ? " better" : " worse";
  return std::string("<div class=\"change sig") + judged + "\" title=\"95% CI excludes 0\">" +
         (direction > 0 ? "▲ " : "▼ ") + text + "</div>";
}

// Variants down, channels across; each cell the value and, below it, the change.
std::string comparison_table(const RunSummary& summary, const ComparisonKey& key,
                             const std::vector<std::string>& channels, const UnitScale& scale) {
  std::string out = "<table class=\"compare\"><thead><tr><th>variant</th>";
  for (const std::string& channel : channels) {
    out += "<th class=\"num\">" + escape(channel) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    out += "<tr><th class=\"variant\"><i class=\"swatch\" style=\"background:" +
           std::string(svg::variant_colour(idx)) + "\"></i>" + escape(summary.variants[idx].name) + "</th>";
    for (const std::string& channel : channels) {
      const MetricSummary* cell = find_cell(summary.variants[idx], key, channel);
      out += "<td class=\"num\">" + value_text(cell, scale) +
             (idx == 0 ? "" : change_text(cell, scale, better_direction(key.metric))) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

void render_comparison(std::string& out, const RunSummary& summary, const ComparisonKey& key, std::size_t index) {
  std::vector<std::string> channels, names;
  std::string unit;
  double max_abs = 0.0;
  for (const VariantSummary& variant : summary.variants) {
    names.push_back(variant.name);
    for (const MetricSummary& metric : variant.metrics) {
      if (key_of(metric) != key) {
        continue;
      }
      const std::string& channel = metric.labels.at("channel");
      if (std::find(channels.begin(), channels.end(), channel) == channels.end()) {
        channels.push_back(channel);
      }
      unit = metric.unit;
      for (const double v : {metric.value.mean, metric.value.low, metric.value.high}) {
        max_abs = std::isfinite(v) ? std::max(max_abs, std::fabs(v)) : max_abs;
      }
    }
  }
  const UnitScale scale = unit_scale(unit, max_abs);
  const std::string title = metric_title(key.metric, key.rest, key.statistic);

  std::vector<svg::BarGroup> groups;
  for (const std::string& channel : channels) {
    svg::BarGroup group{channel, {}};
    for (const VariantSummary& variant : summary.variants) {
      const MetricSummary* cell = find_cell(variant, key, channel);
      const Interval value = cell ? cell->value : Interval{NAN, NAN, NAN, NAN, 0};
      const double half_width = value.half_width() * scale.factor;
      group.bars.push_back({value.mean * scale.factor, value.low * scale.factor, value.high * scale.factor,
                            variant.name + " · " + channel + ": " + number(value.mean * scale.factor, half_width) +
                                scale.suffix + " [" + number(value.low * scale.factor, half_width) + ", " +
                                number(value.high * scale.factor, half_width) + "]"});
    }
    groups.push_back(std::move(group));
  }
  const std::string id = "compare-" + std::to_string(index + 1) + "-" + slug(key.metric);
  out += "<figure class=\"card\"><figcaption>" + escape(title) + "</figcaption><div class=\"side\">";
  out += svg::grouped_bars(id, names, groups, title + (scale.axis.empty() ? "" : " (" + scale.axis + ")"));

  out += comparison_table(summary, key, channels, scale) + "</div></figure>\n";
}

void render_comparisons(std::string& out, const RunSummary& summary) {
  out += "<section id=\"variants\"><h2>Variants compared</h2><p class=\"legend\">";
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    const VariantSummary& variant = summary.variants[idx];
    out += "<span data-legend-variant=\"" + escape(variant.name) + "\"><i style=\"background:" +
           svg::variant_colour(idx) + "\"></i>" + escape(variant.name) + " <small>(" +
           std::to_string(variant.replications) + (variant.replications == 1 ? " replication, " : " replications, ") +
           svg::format_fixed(static_cast<double>(variant.events), 0) + " events)</small></span>";
  }
  out += "</p><p class=\"note\">Bars are means across replications; whiskers are 95% confidence intervals "
         "(none when fewer than two replications had samples). Tables give mean ± 95% half-width and, below, the "
         "change against the baseline (paired by replication) with its 95% interval, marked ▲/▼ when that interval "
         "excludes 0: green when the change is for the better, red when for the worse.</p>";
  const std::vector<ComparisonKey> keys = comparison_keys(summary);
  if (keys.empty()) {
    out += "<p class=\"empty\">The run recorded no per-channel metrics.</p>";
  }
  out += "<div class=\"stack\">";
  for (std::size_t idx = 0; idx < keys.size(); ++idx) {
    render_comparison(out, summary, keys[idx], idx);
  }
  out += "</div></section>\n";
}

// ---------------------------------------------------------------- over the day

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
std::string series_chart(const RunSummary& summary, const SeriesKey& key, std::size_t index) {
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
  const std::string title = metric_title(key.first, key.second, "");
  if (minutes == 0) {
    return "<p class=\"empty\">" + escape(title) + ": no data.</p>";
  }
  svg::BandChart chart;
  const std::size_t bucket = (minutes + kMaxPoints - 1) / kMaxPoints;
  chart.minutes_per_point = static_cast<double>(bucket);
  chart.horizon_minutes = static_cast<double>(minutes);
  chart.shade_until_minutes = warmup_minutes(summary.record.warmup);
  chart.y_title = title + (unit.empty() ? "" : " (" + unit + ")");
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    chart.series_names.push_back(summary.variants[idx].name);
    const SeriesSummary* series = per_variant[idx];
    chart.lines.push_back(series ? svg::BandLine{downsample(series->mean, bucket), downsample(series->low, bucket),
                                                 downsample(series->high, bucket)}
                                 : svg::BandLine{});
  }
  return "<figure class=\"card\"><figcaption>" + escape(title) + "</figcaption>" +
         svg::band_chart("series-" + std::to_string(index + 1) + "-" + slug(key.first), chart) + "</figure>\n";
}

void render_series(std::string& out, const RunSummary& summary) {
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
    out += series_chart(summary, keys[idx], idx);
  }
  if (keys.empty()) {
    out += "<p class=\"empty\">The run recorded no per-minute series.</p>";
  }
  out += "</div></section>\n";
}

// ---------------------------------------------------------------- network

// Columns read like an order's path backwards: where stock is, the systems
// that carry its picture, the OMS that decides, the channels that sell.
struct Role {
  const char* title;
  const char* fill;  // light tints of the Okabe-Ito palette
};
constexpr std::array<Role, 4> kRoles = {{{"Stores & warehouses", "#d9ecf7"},
                                         {"ERP & middleware", "#fbe8c6"},
                                         {"Order management", "#cdeee2"},
                                         {"Channels", "#f3dde9"}}};

std::size_t role_of(const std::string& kind) {
  static constexpr std::array<std::string_view, 5> kPhysical = {"store", "warehouse", "dc", "wms", "carrier"};
  static constexpr std::array<std::string_view, 2> kOrders = {"oms", "customer_service"};
  static constexpr std::array<std::string_view, 5> kChannels = {"storefront", "marketplace", "pos", "app",
                                                                "call_center"};
  const auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), kind) != list.end(); };
  if (in(kPhysical)) {
    return 0;
  }
  if (in(kOrders)) {
    return 2;
  }
  return in(kChannels) ? 3 : 1;  // erp, broker and kinds we do not know sit among the systems
}

void render_network(std::string& out, const NetworkSketch* network) {
  out += "<section id=\"network\"><h2>Network</h2>";
  if (network == nullptr || network->groups.empty()) {
    out += "<p class=\"empty\">No network sketch for this run.</p></section>\n";
    return;
  }
  // Only the roles present get a column, so a two-system scenario is not mostly empty space.
  std::array<bool, kRoles.size()> used{};
  for (const NetworkSketch::Group& group : network->groups) {
    used[role_of(group.kind)] = true;
  }
  svg::Diagram diagram;
  std::array<std::size_t, kRoles.size()> column{};
  for (std::size_t role = 0; role < kRoles.size(); ++role) {
    if (used[role]) {
      column[role] = diagram.column_titles.size();
      diagram.column_titles.emplace_back(kRoles[role].title);
    }
  }
  for (const NetworkSketch::Group& group : network->groups) {
    const std::size_t role = role_of(group.kind);
    diagram.boxes.push_back({group.count > 1 ? group.name + " ×" + std::to_string(group.count) : group.name,
                             group.kind, column[role], kRoles[role].fill});
  }
  for (const NetworkSketch::Edge& edge : network->edges) {
    if (edge.from >= network->groups.size() || edge.to >= network->groups.size()) {
      continue;  // a malformed sketch loses an arrow, not the report
    }
    std::string label = edge.carries + (edge.mode.empty() ? "" : " · " + edge.mode);
    if (edge.count > 1) {
      label += " ×" + std::to_string(edge.count);
    }
    const bool batched = edge.mode.rfind("batch", 0) == 0 || edge.mode.rfind("file", 0) == 0;
    diagram.arrows.push_back({edge.from, edge.to, std::move(label), batched});
  }
  out += "<p class=\"note\">Templated nodes are folded into one box (×count); dashed arrows move data in batches or "
         "files, solid ones stream or call.</p><div class=\"network-wrap\">" +
         svg::diagram("network", diagram) + "</div></section>\n";
}

// ---------------------------------------------------------------- page

constexpr std::string_view kStyle = R"css(
:root{--ink:#1d2733;--muted:#5b6775;--line:#d8dee6;--pass:#007a5a;--fail:#c2410c;--inconclusive:#a16207;--na:#6b7280}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
  color:var(--ink);background:#f6f8fa}
header,section,footer{max-width:1320px;margin:0 auto;padding:16px 24px}
header{background:#fff;border-bottom:1px solid var(--line);max-width:none;padding:16px max(24px,calc(50% - 636px))}
h1{margin:0 0 4px;font-size:26px}
h2{font-size:19px;margin:18px 0 8px;border-bottom:2px solid var(--ink);padding-bottom:4px}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:11px}
.description{white-space:pre-line;max-width:90ch;color:var(--muted)}
nav a{margin-right:14px;color:#0072B2}
.record{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:6px 18px;margin:10px 0 0}
.record div{min-width:0}.record dt{font-size:11px;color:var(--muted);text-transform:uppercase}
.record dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:#eef1f5;font-weight:600}tbody th{font-weight:500;white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.change{font-size:12px;color:var(--muted)}
.verdict{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600;font-size:12px}
.verdict.pass{background:var(--pass)}.verdict.fail{background:var(--fail)}
.verdict.inconclusive{background:var(--inconclusive)}.verdict.nosamples{background:var(--na)}
.banner{padding:8px 12px;border-radius:6px;font-weight:600;color:#fff}
.banner.pass{background:var(--pass)}.banner.fail{background:var(--fail)}
.sig{font-weight:700;color:var(--ink)}.sig.better{color:var(--pass)}.sig.worse{color:var(--fail)}.na{color:var(--na)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:16px}
.card,.network-wrap{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px;min-width:0}
.card{overflow-x:auto}figcaption{font-weight:600;margin-bottom:4px}
.stack{display:grid;gap:16px}.side{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.side>svg.chart{flex:1 1 520px;min-width:0}.side>table{flex:1 1 auto;width:auto}
svg.chart{display:block;max-width:100%;height:auto}
.legend span{display:inline-block;margin-right:16px}
.legend i,i.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.note,.empty{color:var(--muted)}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:24px}
)css";

// Runs after layout: counts the charts the browser actually drew (a box with
// area and at least one mark) and lists the variants the legends name, so a
// headless browser can check the page with --dump-dom.
constexpr std::string_view kScript = R"js(
window.addEventListener('load', function () {
  var drawn = 0;
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    var marks = svg.querySelectorAll('path,rect,polyline,polygon,circle').length;
    if (box.width > 0 && box.height > 0 && marks > 0) { drawn += 1; }
  });
  var names = [];
  document.querySelectorAll('[data-legend-variant]').forEach(function (entry) {
    var name = entry.getAttribute('data-legend-variant');
    if (names.indexOf(name) < 0) { names.push(name); }
  });
  document.body.dataset.chartsRendered = String(drawn);
  document.body.dataset.variants = names.join(',');
});
)js";

}  // namespace

std::string render_report(const ReportInput& input) {
  assert(input.summary != nullptr && "render_report needs a summary");
  const RunSummary& summary = *input.summary;
  const std::string title = input.title.empty() ? summary.record.scenario : input.title;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
                    escape(title) + " · peaksim report</title><style>" + std::string(kStyle) +
                    std::string(svg::style()) + "</style></head>\n<body>";
  render_header(out, input);
  out += "<section><nav><a href=\"#gates\">Gates</a><a href=\"#variants\">Variants compared</a>"
         "<a href=\"#day\">Over the day</a><a href=\"#network\">Network</a></nav></section>\n";
  render_gates(out, summary);
  render_comparisons(out, summary);
  render_series(out, summary);
  render_network(out, input.network);
  std::string made_by = "peaksim";
  for (const std::string& part : {summary.record.version, summary.record.git_commit}) {
    made_by += part.empty() ? "" : " " + part;
  }
  out += "<footer>" + escape(made_by) + " · this page is self-contained: it loads nothing from the network." +
         "</footer>\n<script>" + std::string(kScript) + "</script></body></html>\n";
  return out;
}

}  // namespace analysis
