// analysis/report/comparisons.cpp — "Variants compared": per key metric, bars
// per channel with 95% whiskers, and a table of values and paired changes
// against the baseline.
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/censoring.h"
#include "analysis/report/format.h"
#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis::report {
namespace {

using svg::escape;

// The metrics a release review asks about first, in the order it asks; the
// section falls back to every per-channel metric when none of these was recorded.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kKeyMetrics = {{
    {"orders_captured", "mean"},     {"oversell_rate", "mean"},   {"false_cancellations", "mean"},
    {"lost_sales", "mean"},          {"gross_margin", "mean"},    {"lost_revenue", "mean"},
    {"release_latency", "p99"},      {"release_latency", "mean"}, {"cycle_time", "p95"},
    {"sla_miss_rate", "mean"},       {"split_shipments", "mean"}, {"inventory_accuracy", "mean"},
    {"atp_error", "mean"},           {"atp_error", "p95"},        {"inventory_update_latency", "p95"},
    {"status_staleness", "p95"},     {"refund_lag", "mean"},      {"inventory_update_latency", "p50"},
}};

// The label a chart puts across: the channel, or the system that holds a view of stock.
const std::string* column_of(const MetricSummary& metric) {
  for (const char* name : {"channel", "system"}) {
    if (const auto it = metric.labels.find(name); it != metric.labels.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

// One chart: a metric and statistic, with its labels other than the column's.
struct ComparisonKey {
  std::string metric, statistic;
  Labels rest;
  friend bool operator==(const ComparisonKey&, const ComparisonKey&) = default;
};

std::optional<ComparisonKey> key_of(const MetricSummary& metric) {
  if (column_of(metric) == nullptr) {
    return std::nullopt;
  }
  Labels rest = metric.labels;
  rest.erase(metric.labels.contains("channel") ? "channel" : "system");
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
    if (key_of(metric) == key && *column_of(metric) == channel) {
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
  // Appended piece by piece: `"[" + signed_number(...)` trips GCC 12's false -Wrestrict.
  if (std::isfinite(half_width)) {
    text += '[';
    text += signed_number(diff.low * scale.factor, half_width);
    text += ", ";
    text += signed_number(diff.high * scale.factor, half_width);
    text += ']';
  } else {
    text += "[CI n/a]";
  }
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
    out += "<tr><th class=\"variant\">" + svg::swatch(idx) + escape(summary.variants[idx].name) + "</th>";
    for (const std::string& channel : channels) {
      const MetricSummary* cell = find_cell(summary.variants[idx], key, channel);
      const bool censored = cell != nullptr && mostly_censored(summary.variants[idx], key.metric, cell->labels);
      out += "<td class=\"num\">" +
             (censored ? std::string("<span class=\"na\" title=\"the horizon cut off more lines than were judged\">"
                                     "censored</span>")
                       : value_text(cell, scale)) +
             (idx == 0 ? "" : change_text(cell, scale, better_direction(key.metric))) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

void render_comparison(std::string& out, const Page& page, const ComparisonKey& key, std::size_t index) {
  const RunSummary& summary = page.summary;
  std::vector<std::string> channels, names;
  std::string unit;
  double max_abs = 0.0;
  for (const VariantSummary& variant : summary.variants) {
    names.push_back(variant.name);
    for (const MetricSummary& metric : variant.metrics) {
      if (key_of(metric) != key) {
        continue;
      }
      const std::string& channel = *column_of(metric);
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
  const std::string title = page.words.caption(key.metric, key.rest, key.statistic, unit, scale);

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
  out += "<figure class=\"card\"><figcaption title=\"" + escape(page.words.help(key.metric)) + "\">" + escape(title) +
         "</figcaption><div class=\"side\">";
  out += svg::grouped_bars(id, names, groups, title);

  out += comparison_table(summary, key, channels, scale) + "</div></figure>\n";
}

// What went wrong and what it cost to recover: the faults' and the ledger's figures,
// in this order (those the run recorded).
constexpr std::array<std::string_view, 37> kFaultMetrics = {
    "system_downtime", "messages_held", "messages_replayed", "outage_drain", "messages_lost", "lines_lost",
    "lines_captured_oms_down", "orders_refused_site_down", "orders_refused_checkout_closed", "pos_units_offline",
    "messages_dead_lettered", "messages_redriven", "dead_letter_depth", "dead_letter_time", "exception_utilisation",
    "lines_dead_lettered", "duplicate_orders_suppressed", "duplicate_orders_applied", "duplicate_orders_shipped",
    "confirmation_lag", "shipments_unconfirmed", "status_regressions", "messages_unaccounted", "chargebacks",
    "chargeback_cost", "documents_posted", "posting_lag", "documents_unposted", "revenue_unposted",
    "tender_settlements", "finance_exceptions", "finance_exception_time", "finance_utilisation",
    "reconciliation_lag", "unreconciled_at_close", "close_effort", "messages_in_dead_letter"};

const MetricSummary* find_same(const VariantSummary& variant, const MetricSummary& like) {
  for (const MetricSummary& metric : variant.metrics) {
    if (metric.metric == like.metric && metric.statistic == like.statistic && metric.labels == like.labels) {
      return &metric;
    }
  }
  return nullptr;
}

}  // namespace

namespace {

// The rows of the faults table: the baseline's figures of kFaultMetrics, in its order.
std::vector<const MetricSummary*> fault_rows(const RunSummary& summary) {
  std::vector<const MetricSummary*> rows;
  if (summary.variants.empty()) {
    return rows;
  }
  // A figure that is 0 (or has no samples) in every variant says nothing happened: left out.
  const auto happened = [&summary](const MetricSummary& like) {
    return std::any_of(summary.variants.begin(), summary.variants.end(), [&like](const VariantSummary& variant) {
      const MetricSummary* cell = find_same(variant, like);
      return cell != nullptr && std::isfinite(cell->value.mean) && cell->value.mean != 0.0;
    });
  };
  // Any variant's figures (a variant may add the fault or the ledger), in kFaultMetrics
  // order, each once, first as the first variant that has it lists them.
  for (const std::string_view name : kFaultMetrics) {
    for (const VariantSummary& variant : summary.variants) {
      for (const MetricSummary& metric : variant.metrics) {
        const bool listed = std::any_of(rows.begin(), rows.end(), [&metric](const MetricSummary* row) {
          return row->metric == metric.metric && row->statistic == metric.statistic && row->labels == metric.labels;
        });
        if (metric.metric == name && (metric.statistic == "mean" || metric.statistic == "p95") && !listed &&
            happened(metric)) {
          rows.push_back(&metric);
        }
      }
    }
  }
  return rows;
}

}  // namespace

bool has_faults(const RunSummary& summary) { return !fault_rows(summary).empty(); }

void render_faults(std::string& out, const Page& page) {
  const RunSummary& summary = page.summary;
  const std::vector<const MetricSummary*> rows = fault_rows(summary);
  if (rows.empty()) {
    return;  // no outage, fault, dead letter or ledger in this scenario
  }
  out += "<section id=\"faults\"><h2>Faults, recovery and the ledger</h2><p class=\"note\">What the outages, "
         "faults and dead letters did, what the ERP posted and what finance had left at close (figures that are 0 "
         "in every variant are left out): means across replications ± 95% half-width, and the change against the "
         "baseline as in the tables above.</p>"
         "<div class=\"matrix-wrap\"><table class=\"compare\"><thead><tr><th>metric</th>";
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    out += "<th class=\"num\">" + svg::swatch(idx) + escape(summary.variants[idx].name) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const MetricSummary* row : rows) {
    double max_abs = 0.0;
    for (const VariantSummary& variant : summary.variants) {
      if (const MetricSummary* cell = find_same(variant, *row); cell != nullptr && std::isfinite(cell->value.mean)) {
        max_abs = std::max(max_abs, std::abs(cell->value.mean));
      }
    }
    const UnitScale scale = unit_scale(row->unit, max_abs);
    out += "<tr><th class=\"variant\" title=\"" + escape(page.words.help(row->metric)) + "\">" +
           escape(page.words.name(row->metric, row->labels, row->statistic)) + " <small>" +
           escape(page.words.unit(row->metric, row->unit, row->statistic, scale)) + "</small></th>";
    for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
      const MetricSummary* cell = find_same(summary.variants[idx], *row);
      out += "<td class=\"num\">" + value_text(cell, scale) +
             (idx == 0 ? "" : change_text(cell, scale, better_direction(row->metric))) + "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table></div></section>\n";
}

void render_comparisons(std::string& out, const Page& page) {
  const RunSummary& summary = page.summary;
  out += "<section id=\"variants\"><h2>Variants compared</h2><p class=\"legend\">";
  for (std::size_t idx = 0; idx < summary.variants.size(); ++idx) {
    const VariantSummary& variant = summary.variants[idx];
    out += "<span data-legend-variant=\"" + escape(variant.name) + "\">" + svg::swatch(idx) + escape(variant.name) +
           " <small>(" +
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
    render_comparison(out, page, keys[idx], idx);
  }
  out += "</div></section>\n";
}

}  // namespace analysis::report
