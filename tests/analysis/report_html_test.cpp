// Checks the text of report.html: sections, names, escaping, self-containment,
// determinism and the awkward inputs (NaN intervals, no gates, one variant,
// empty series). Whether a browser actually draws it is checked separately by
// tests/cli/report_renders.cmake on the page the hidden "[.report-sample]"
// case writes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "analysis/report_html.h"
#include "analysis/svg.h"

namespace {

using analysis::Interval;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMinutes = 1440;
const std::string kAwkward = "fast <&> \"stream\"";

Interval interval(double mean, double half_width, std::size_t n = 10) {
  return Interval{mean, half_width, mean - half_width, mean + half_width, n};
}

analysis::MetricSummary metric(const std::string& name, const std::string& channel, const std::string& statistic,
                               const std::string& unit, Interval value, std::optional<Interval> vs_baseline) {
  return analysis::MetricSummary{name, {{"channel", channel}}, statistic, unit, value, {}, vs_baseline};
}

analysis::SeriesSummary orders_series(double scale) {
  analysis::SeriesSummary series{"orders", {{"channel", "web"}}, "orders", {}, {}, {}};
  for (std::size_t minute = 0; minute < kMinutes; ++minute) {
    const double mean = scale * (10.0 + 8.0 * std::sin(static_cast<double>(minute) / 230.0));
    series.mean.push_back(mean);
    series.low.push_back(mean * 0.8);
    series.high.push_back(mean * 1.2);
  }
  return series;
}

analysis::VariantSummary variant(const std::string& name, std::size_t idx) {
  const double shift = 0.004 * static_cast<double>(idx);
  const auto diff = [&](double mean, double half_width) {
    return idx == 0 ? std::nullopt : std::optional<Interval>(interval(mean, half_width));
  };
  analysis::VariantSummary out{name, {}, 10, {}, {}, 123456, 1.5};
  out.metrics = {
      metric("oversell_rate", "web", "mean", "ratio", interval(0.024 - shift, 0.003), diff(-shift, 0.002)),
      metric("oversell_rate", "marketplace", "mean", "ratio", interval(0.031, 0.004), diff(0.0005, 0.002)),
      // One replication had samples: a mean but no interval.
      metric("release_latency", "web", "p99", "s", Interval{900.0, kNaN, -kInf, kInf, 1}, diff(30.0, 400.0)),
      // No replication had samples.
      metric("release_latency", "marketplace", "p99", "s", Interval{kNaN, kNaN, kNaN, kNaN, 0}, std::nullopt),
      {"inventory_accuracy", {}, "mean", "ratio", interval(0.97, 0.01), {}, diff(0.0, 0.01)},
  };
  out.series = {orders_series(1.0 + 0.1 * static_cast<double>(idx)),
                analysis::SeriesSummary{"release_backlog", {}, "orders", {}, {}, {}}};
  return out;
}

analysis::GateVerdict gate(const std::string& name, analysis::Verdict verdict, bool passed, Interval measured) {
  return analysis::GateVerdict{name, "baseline", "oversell_rate", {{"channel", "web"}}, "mean", "<", 0.02, false,
                               measured, verdict, passed, "explained", ""};
}

analysis::RunSummary sample_summary(const std::vector<std::string>& names) {
  analysis::RunSummary summary;
  summary.record = {"black-friday", "scenarios/black_friday.json", "ab12cd", 42, 10, "0.4.0", "c00104c",
                    {"peaksim", "run", "scenarios/black_friday.json"}, 2, "24h", "1h", {"oms.x=1"}, {},
                    "2024-11-29T06:00:00Z", 12.5};
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    summary.variants.push_back(variant(names[idx], idx));
  }
  summary.gates = {gate("oversell under 2%", analysis::Verdict::Fail, false, interval(0.024, 0.003)),
                   gate("oversell pass", analysis::Verdict::Pass, true, interval(0.01, 0.002)),
                   gate("oversell unsure", analysis::Verdict::Inconclusive, true, interval(0.02, 0.004)),
                   gate("oversell nothing", analysis::Verdict::NoSamples, false, Interval{kNaN, kNaN, kNaN, kNaN, 0})};
  return summary;
}

// Roles as the cli gives them: the report draws columns from these and knows no node kinds.
analysis::NetworkSketch sample_network() {
  analysis::NetworkSketch sketch;
  sketch.roles = {{"Stores & warehouses", "#d9ecf7"},
                  {"ERP & middleware", "#fbe8c6"},
                  {"Order management", "#cdeee2"},
                  {"Channels", "#f3dde9"}};
  sketch.groups = {{"store-*", "store", 180, 0}, {"dc-1", "warehouse", 1, 0}, {"erp", "erp", 1, 1},
                   {"broker", "broker", 1, 1},   {"oms", "oms", 1, 2},         {"web", "storefront", 1, 3},
                   {"mkt", "marketplace", 1, 3}};
  sketch.edges = {{0, 2, "inventory", "batch every 30m", 180}, {1, 2, "inventory", "stream", 1},
                  {2, 3, "inventory", "stream", 1},            {3, 4, "inventory", "stream", 1},
                  {4, 5, "availability", "batch every 5m", 1}, {4, 6, "availability", "file every 1h", 1},
                  {5, 4, "orders", "stream", 1},               {6, 4, "orders", "batch every 15m", 1},
                  {4, 0, "releases", "stream", 180},           {4, 1, "releases", "stream", 1}};
  return sketch;
}

bool contains(const std::string& html, const std::string& text) { return html.find(text) != std::string::npos; }

std::size_t count_of(const std::string& html, const std::string& text) {
  std::size_t count = 0;
  for (std::size_t pos = html.find(text); pos != std::string::npos; pos = html.find(text, pos + 1)) {
    ++count;
  }
  return count;
}

const std::vector<std::string> kThreeVariants = {"baseline", "hard-reservation", kAwkward};

}  // namespace

TEST_CASE("report_html: every section draws a chart and every variant is in a legend", "[analysis]") {
  const analysis::RunSummary summary = sample_summary(kThreeVariants);
  const analysis::NetworkSketch network = sample_network();
  const std::string html = analysis::render_report({&summary, &network, "Black Friday", "Peak day"});

  CHECK(contains(html, "<svg class=\"chart\" data-chart=\"compare-"));
  CHECK(contains(html, "<svg class=\"chart\" data-chart=\"series-"));
  CHECK(contains(html, "<svg class=\"chart\" data-chart=\"network\""));
  CHECK(contains(html, "id=\"gates\""));
  CHECK(contains(html, "data-legend-variant=\"baseline\""));
  CHECK(contains(html, "data-legend-variant=\"hard-reservation\""));
  CHECK(contains(html, "data-legend-variant=\"fast &lt;&amp;&gt; &quot;stream&quot;\""));
  CHECK(contains(html, "store-* ×180"));
  CHECK(contains(html, "inventory · batch every 30m ×180"));
  CHECK(contains(html, "24:00"));  // the time axis ends at the horizon
  SECTION("key metrics are charted, metrics without a channel are not") {
    CHECK(contains(html, "data-chart=\"compare-1-oversell_rate\""));
    CHECK(contains(html, "data-chart=\"compare-2-release_latency\""));
    CHECK_FALSE(contains(html, "inventory_accuracy"));
  }
  SECTION("gates show each verdict") {
    CHECK(contains(html, "verdict fail\">fail<"));
    CHECK(contains(html, "verdict pass\">pass<"));
    CHECK(contains(html, "verdict inconclusive tolerated\">inconclusive (tolerated)<"));
    CHECK(contains(html, "verdict nosamples\">no samples<"));
    CHECK(contains(html, "2 of 4 gate verdicts pass; 2 do not"));  // fail and no samples; inconclusive is tolerated
  }
}

TEST_CASE("report_html: user text is escaped", "[analysis]") {
  analysis::RunSummary summary = sample_summary(kThreeVariants);
  summary.gates[0].gate = "<script>alert('x')</script>";
  const analysis::NetworkSketch network = sample_network();
  const std::string html = analysis::render_report({&summary, &network, "A & B <peak>", "\"quoted\""});
  CHECK_FALSE(contains(html, kAwkward));
  CHECK(contains(html, "fast &lt;&amp;&gt; &quot;stream&quot;"));
  CHECK(contains(html, "<h1>A &amp; B &lt;peak&gt;</h1>"));
  CHECK(contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  CHECK(count_of(html, "<script>") == 1);  // only our own
}

TEST_CASE("report_html: the page loads nothing from elsewhere", "[analysis]") {
  const analysis::RunSummary summary = sample_summary(kThreeVariants);
  const analysis::NetworkSketch network = sample_network();
  const std::string html = analysis::render_report({&summary, &network, "Black Friday", "Peak day"});
  for (const char* reference : {"http://", "https://", "src=", "href=\"http", "@import", "url(http", "<link"}) {
    INFO("found " << reference);
    CHECK_FALSE(contains(html, reference));
  }
}

TEST_CASE("report_html: the same input renders to the same bytes", "[analysis]") {
  const analysis::RunSummary summary = sample_summary(kThreeVariants);
  const analysis::NetworkSketch network = sample_network();
  const analysis::ReportInput input{&summary, &network, "Black Friday", "Peak day"};
  CHECK(analysis::render_report(input) == analysis::render_report(input));
}

TEST_CASE("report_html: a day of minutes is drawn with at most 300 points per line", "[analysis]") {
  const analysis::RunSummary summary = sample_summary({"baseline"});
  const std::string html = analysis::render_report({&summary, nullptr, "t", ""});
  const std::size_t begin = html.find("points=\"", html.find("<polyline"));
  REQUIRE(begin != std::string::npos);
  const std::string points = html.substr(begin + 8, html.find('"', begin + 8) - begin - 8);
  const std::size_t count = count_of(points, " ") + 1;
  CHECK(count == kMinutes / 5);
  CHECK(contains(html, "Release backlog: no data."));
}

TEST_CASE("report_html: missing intervals read n/a, not a whisker to infinity", "[analysis]") {
  const analysis::RunSummary summary = sample_summary(kThreeVariants);
  const std::string html = analysis::render_report({&summary, nullptr, "t", ""});
  CHECK(contains(html, "15.0 min ± n/a"));  // release_latency p99 with n = 1, in minutes
  CHECK(contains(html, "<span class=\"na\">no samples</span>"));
  CHECK(contains(html, ">n/a</text>"));  // the bar that has no mean
  CHECK_FALSE(contains(html, "inf"));
  CHECK_FALSE(contains(html, "nan"));
  SECTION("a significant change is marked with its direction") {
    CHECK(contains(html, "change sig better\" title=\"95% CI excludes 0\">▼ -0.40 pp<br>[-0.60, -0.20]"));
  }
}

TEST_CASE("report_html: one variant, no gates, no network still make a page", "[analysis]") {
  analysis::RunSummary summary = sample_summary({"only"});
  summary.gates.clear();
  const std::string html = analysis::render_report({&summary, nullptr, "", ""});
  CHECK(contains(html, "<h1>black-friday</h1>"));  // the title falls back to the record
  CHECK(contains(html, "no gates are defined"));
  CHECK(contains(html, "No gates are defined"));
  CHECK(contains(html, "No network sketch"));
  CHECK_FALSE(contains(html, "class=\"change"));
  CHECK(contains(html, "data-legend-variant=\"only\""));
  CHECK(contains(html, "</html>"));
}

// The column titles in the order the diagram draws them.
std::vector<std::string> column_titles(const std::string& html) {
  std::vector<std::string> titles;
  const std::string marker = "class=\"column\"";
  for (std::size_t pos = html.find(marker); pos != std::string::npos; pos = html.find(marker, pos + 1)) {
    const std::size_t begin = html.find('>', pos) + 1;
    titles.push_back(html.substr(begin, html.find('<', begin) - begin));
  }
  return titles;
}

TEST_CASE("report_html: the network's columns are the sketch's roles, in order, where used", "[analysis]") {
  const analysis::RunSummary summary = sample_summary({"baseline"});
  analysis::NetworkSketch network;
  network.roles = {{"Where stock is", "#111111"}, {"Unused", "#222222"}, {"Who sells", "#333333"}};
  network.groups = {{"pos", "storefront", 1, 2}, {"shop-*", "store", 12, 0}};
  network.edges = {{1, 0, "inventory", "stream", 12}};
  const std::string html = analysis::render_report({&summary, &network, "t", ""});
  CHECK(column_titles(html) == std::vector<std::string>{"Where stock is", "Who sells"});
  CHECK(contains(html, "fill=\"#333333\""));
  CHECK_FALSE(contains(html, "#222222"));
  SECTION("a role out of range goes to the last column") {
    network.groups[1].role = 7;
    const std::string moved = analysis::render_report({&summary, &network, "t", ""});
    CHECK(column_titles(moved) == std::vector<std::string>{"Who sells"});
  }
  SECTION("no roles: every group in one column") {
    network.roles.clear();
    network.groups[0].role = 3;
    const std::string defaults = analysis::render_report({&summary, &network, "t", ""});
    const auto roles = analysis::default_roles();
    REQUIRE(roles.size() == 1);
    CHECK(column_titles(defaults) == std::vector<std::string>{analysis::svg::escape(roles[0].title)});
    CHECK(contains(defaults, "fill=\"" + roles[0].fill + "\""));
  }
}

// The catalog as the cli passes it (models::metrics()), for the metrics the samples use.
const std::vector<analysis::MetricDescription> kCatalog = {
    {"oversell_rate", "ratio", "Oversold lines / promised lines"},
    {"oversells", "lines", "Promised lines that could not be fulfilled"},
    {"lines_promised", "lines", "Order lines promised to a customer"},
    {"lost_sales", "lines", "Customers turned away while stock was available somewhere"},
    {"release_latency", "s", "Capture to release to a node"},
};

// The text of the element that carries `attribute` (up to its first closing tag of `tag`).
std::string element_with(const std::string& html, const std::string& attribute, const std::string& tag) {
  const std::size_t begin = html.find(attribute);
  if (begin == std::string::npos) {
    return {};
  }
  return html.substr(begin, html.find("</" + tag + ">", begin) - begin);
}

// Variants with per-replication values, so the verdict can pair them: web
// oversell rates 3%, 2% and 1.9% (the last two apart by less than their
// noise), lost sales 0, 5 and 9 lines.
analysis::RunSummary paired_summary() {
  analysis::RunSummary summary = sample_summary({"baseline", "hard", "soft"});
  const std::vector<std::vector<double>> web = {{0.030, 0.031, 0.029, 0.030},
                                                {0.020, 0.022, 0.018, 0.020},
                                                {0.021, 0.017, 0.020, 0.018}};
  const std::vector<double> lost = {0.0, 5.0, 9.0};
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    analysis::VariantSummary& variant = summary.variants[idx];
    variant.metrics.clear();
    const auto add = [&](const std::string& name, const std::string& unit, const std::vector<double>& values) {
      variant.metrics.push_back({name, {{"channel", "web"}}, "mean", unit, analysis::interval_of(values), values, {}});
    };
    add("oversell_rate", "ratio", web[idx]);
    std::vector<double> promised(4, 1000.0), oversells, lost_sales(4, lost[idx]);
    for (const double rate : web[idx]) {
      oversells.push_back(rate * 1000.0);
    }
    add("lines_promised", "lines", promised);
    add("oversells", "lines", oversells);
    add("lost_sales", "lines", lost_sales);
  }
  return summary;
}

TEST_CASE("report_html: the verdict names the best variant per headline metric, and how sure that is", "[analysis]") {
  const analysis::RunSummary summary = paired_summary();
  const std::string html = analysis::render_report({&summary, nullptr, "t", "", &kCatalog});
  REQUIRE(contains(html, "<section id=\"verdict\">"));
  CHECK(html.find("id=\"verdict\"") < html.find("id=\"gates\""));  // the verdict comes first
  SECTION("web oversells: soft is lowest, but not significantly lower than hard") {
    const std::string row = element_with(html, "data-headline=\"oversell_rate-web\"", "tr");
    INFO(row);
    CHECK(contains(row, "Oversell rate (web)<small>% of promised lines</small>"));
    CHECK(row.find(">soft</span>") < row.find(">hard</span>"));  // best, then runner-up
    CHECK(contains(row, "unsure"));
    CHECK(contains(row, ">no</td>"));
  }
  SECTION("all channels: oversold over promised lines, computed replication by replication") {
    const std::string row = element_with(html, "data-headline=\"oversell_rate-all-channels\"", "tr");
    INFO(row);
    CHECK(contains(row, "Oversell rate (all channels)"));
    CHECK(contains(row, ">soft</span>"));
  }
  SECTION("lost sales: the baseline is significantly lower than the runner-up") {
    const std::string row = element_with(html, "data-headline=\"lost_sales-all-channels\"", "tr");
    INFO(row);
    CHECK(row.find(">baseline</span>") < row.find(">hard</span>"));
    CHECK(contains(row, "-5.00 [-5.00, -5.00]"));  // the same difference in every replication: no spread
    CHECK(contains(row, "sig better\">yes</td>"));
  }
  SECTION("the trade-off chart draws one labelled point per variant") {
    const std::string chart = element_with(html, "data-chart=\"tradeoff\"", "svg");
    CHECK(count_of(chart, "class=\"marker\"") == 3);
    CHECK(count_of(chart, "class=\"point-label\"") == 3);
    CHECK(contains(chart, "data-legend-variant=\"soft\""));
    CHECK(contains(chart, "Oversell rate (all channels), % of promised lines"));
    CHECK(contains(chart, "Lost sales (all channels), lines"));
  }
}

TEST_CASE("report_html: a tie at the best is said, not decided by order", "[analysis]") {
  analysis::RunSummary summary = paired_summary();
  summary.variants[2].metrics = summary.variants[1].metrics;  // soft measures exactly what hard does
  const std::string html = analysis::render_report({&summary, nullptr, "t", "", &kCatalog});
  const std::string row = element_with(html, "data-headline=\"oversell_rate-web\"", "tr");
  INFO(row);
  CHECK(contains(row, ">hard</span>"));
  CHECK(contains(row, "+1 tied"));
  CHECK(contains(row, ">baseline</span>"));  // the runner-up is the next that differs
}

TEST_CASE("report_html: the gate matrix has a cell per variant and gate, '—' where the gate does not judge",
          "[analysis]") {
  analysis::RunSummary summary = sample_summary(kThreeVariants);
  analysis::GateVerdict relative = summary.gates[1];
  relative.gate = "cuts oversells";
  relative.variant = "hard-reservation";
  relative.relative = "baseline";
  summary.gates.push_back(relative);
  const std::string html = analysis::render_report({&summary, nullptr, "t", "", &kCatalog});
  const std::string matrix = element_with(html, "<table class=\"matrix\">", "table");
  REQUIRE_FALSE(matrix.empty());
  const std::size_t gates = 5, variants = kThreeVariants.size();
  CHECK(count_of(matrix, "<td class=\"cell") == gates * variants);
  // The four sample gates judge the baseline only; the fifth judges hard-reservation only.
  CHECK(count_of(matrix, ">—</td>") == gates * variants - gates);
  CHECK(contains(matrix, "title=\"this gate does not judge hard-reservation\""));
  CHECK(contains(matrix, "<span class=\"relative\">vs baseline</span>"));
  CHECK(contains(matrix, "Oversell rate (web), % of promised lines, this variant − baseline &lt; +2 pp"));
}

TEST_CASE("report_html: twelve variants get twelve colours, the thirteenth a dash and another marker", "[analysis]") {
  std::vector<std::string> colours;
  for (std::size_t idx = 0; idx < 12; ++idx) {
    colours.emplace_back(analysis::svg::variant_colour(idx));
  }
  std::sort(colours.begin(), colours.end());
  CHECK(std::unique(colours.begin(), colours.end()) == colours.end());
  CHECK(analysis::svg::variant_round(11) == 0);
  CHECK(analysis::svg::variant_round(12) == 1);
  std::vector<std::string> names;
  for (std::size_t idx = 0; idx < 13; ++idx) {
    names.push_back("v" + std::to_string(idx));
  }
  const analysis::RunSummary summary = sample_summary(names);
  const std::string html = analysis::render_report({&summary, nullptr, "t", "", &kCatalog});
  const std::string legend = element_with(html, "<g class=\"legend\" data-legend-variant=\"v12\"", "g");
  CHECK(contains(legend, "<rect class=\"marker\""));  // a square, where the first twelve have rounded swatches
  CHECK(contains(html, "stroke-dasharray=\"7 3\""));
  CHECK(contains(html, "outline:2px dashed"));  // its swatch in tables
}

TEST_CASE("report_html: a sweep is charted against its numeric axis, durations in minutes", "[analysis]") {
  analysis::RunSummary summary = paired_summary();
  SECTION("no sweep: no section") {
    const std::string html = analysis::render_report({&summary, nullptr, "t", "", &kCatalog});
    CHECK_FALSE(contains(html, "id=\"sweeps\""));
    CHECK_FALSE(contains(html, "data-chart=\"sweep-"));
  }
  SECTION("a two-axis sweep: one line per value of the categorical axis") {
    // hard and soft are the sweep's points: interval 5m and 30m, with safety "none"; a third at 30m with "dynamic".
    summary.variants.push_back(summary.variants[1]);
    summary.variants[3].name = "feed-30m-dynamic";
    summary.variants[1].sweep = {{"feed", "interval", "5m", 300.0, "s"}, {"feed", "safety", "none", NAN, ""}};
    summary.variants[2].sweep = {{"feed", "interval", "30m", 1800.0, "s"}, {"feed", "safety", "none", NAN, ""}};
    summary.variants[3].sweep = {{"feed", "interval", "30m", 1800.0, "s"}, {"feed", "safety", "dynamic", NAN, ""}};
    const std::string html = analysis::render_report({&summary, nullptr, "t", "", &kCatalog});
    REQUIRE(contains(html, "id=\"sweeps\""));
    const std::string chart = element_with(html, "data-chart=\"sweep-", "svg");
    INFO(chart);
    CHECK(contains(chart, "interval (minutes)"));
    CHECK(contains(chart, "data-legend-variant=\"safety=none\""));
    CHECK(contains(chart, "data-legend-variant=\"safety=dynamic\""));
    CHECK(count_of(chart, "<polyline") == 2);
    CHECK(contains(chart, "<polygon class=\"band\""));
    CHECK(contains(chart, ">30</text>"));  // a tick at 30 minutes
    CHECK_FALSE(contains(html, "data-chart=\"sweep-2-feed-safety"));  // categorical: no chart of its own
  }
}

// Writes the three-variant page for tests/cli/report_renders.cmake, to
// $PEAKSIM_REPORT_SAMPLE or the temp directory. Hidden: it checks nothing itself.
TEST_CASE("report_html: write the sample page for the browser check", "[.report-sample]") {
  const analysis::RunSummary summary = sample_summary(kThreeVariants);
  const analysis::NetworkSketch network = sample_network();
  const char* target = std::getenv("PEAKSIM_REPORT_SAMPLE");
  const std::filesystem::path path =
      target != nullptr ? std::filesystem::path(target)
                        : std::filesystem::temp_directory_path() / "peaksim-report-sample.html";
  std::ofstream(path) << analysis::render_report({&summary, &network, "Black Friday", "Peak day, three variants"});
  WARN("wrote " << path.string());
}
