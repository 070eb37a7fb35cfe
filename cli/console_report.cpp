#include "cli/console_report.h"

#include <cmath>
#include <set>
#include <vector>

#include "analysis/censoring.h"
#include "analysis/gates.h"

namespace peaksim {

using analysis::Interval;
using analysis::MetricSummary;

std::string format_seconds(double seconds) {
  if (!std::isfinite(seconds)) {
    return "-";
  }
  char buf[32];
  if (seconds < 60) {
    std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  } else if (seconds < 3600) {
    const auto s = static_cast<long>(std::lround(seconds));
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  } else {
    const auto m = static_cast<long>(std::lround(seconds / 60));
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", m / 60, m % 60);
  }
  return buf;
}

namespace {

// "2.42% ±0.10" for a ratio shown in percent; "-" when there is nothing to show.
std::string percent(const MetricSummary* m) {
  if (m == nullptr || m->value.n == 0 || !std::isfinite(m->value.mean)) {
    return "-";
  }
  char buf[48];
  if (std::isfinite(m->value.half_width())) {
    std::snprintf(buf, sizeof buf, "%.2f%% ±%.2f", 100 * m->value.mean, 100 * m->value.half_width());
  } else {
    std::snprintf(buf, sizeof buf, "%.2f%%", 100 * m->value.mean);
  }
  return buf;
}

std::string count(const MetricSummary* m) {
  if (m == nullptr || m->value.n == 0) {
    return "-";
  }
  char buf[48];
  if (std::isfinite(m->value.half_width())) {
    std::snprintf(buf, sizeof buf, "%.1f ±%.1f", m->value.mean, m->value.half_width());
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", m->value.mean);
  }
  return buf;
}

// The paired change in percentage points with its interval; '*' when it excludes 0.
std::string change_pp(const MetricSummary* m) {
  if (m == nullptr || !m->vs_baseline || m->vs_baseline->n == 0 || !std::isfinite(m->vs_baseline->mean)) {
    return "";
  }
  const Interval& d = *m->vs_baseline;
  char buf[64];
  const bool significant = std::isfinite(d.low) && (d.low > 0 || d.high < 0);
  if (std::isfinite(d.low)) {
    std::snprintf(buf, sizeof buf, "%+.2f pp [%+.2f, %+.2f]%s", 100 * d.mean, 100 * d.low, 100 * d.high,
                  significant ? " *" : "");
  } else {
    std::snprintf(buf, sizeof buf, "%+.2f pp", 100 * d.mean);
  }
  return buf;
}

// "48210 ±950": an amount of money, to the unit.
std::string money(const MetricSummary* m) {
  if (m == nullptr || m->value.n == 0 || !std::isfinite(m->value.mean)) {
    return "-";
  }
  char buf[48];
  if (std::isfinite(m->value.half_width())) {
    std::snprintf(buf, sizeof buf, "%.0f ±%.0f", m->value.mean, m->value.half_width());
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", m->value.mean);
  }
  return buf;
}

std::string latency(const MetricSummary* m) {
  if (m == nullptr || m->value.n == 0 || !std::isfinite(m->value.mean)) {
    return "-";
  }
  return format_seconds(m->value.mean);
}

// `shown`, or "censored" when the horizon cut off more of the metric's lines than it judged.
std::string unless_censored(const analysis::VariantSummary& v, const std::string& metric,
                            const analysis::Labels& labels, std::string shown) {
  return analysis::mostly_censored(v, metric, labels) ? "censored" : shown;
}

// "1.23" units, "-" when there is nothing to show.
std::string plain(const MetricSummary* m) {
  if (m == nullptr || m->value.n == 0 || !std::isfinite(m->value.mean)) {
    return "-";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", m->value.mean);
  return buf;
}

// Per system that holds a view of stock: accuracy, ATP error (capture nodes) and update latency.
void print_views_table(const analysis::RunSummary& summary, std::FILE* out) {
  bool header = false;
  for (const auto& v : summary.variants) {
    bool first = true;
    for (const MetricSummary& m : v.metrics) {
      if (m.metric != "inventory_accuracy") {
        continue;
      }
      if (!header) {
        std::fprintf(out, "%-22s %-14s %17s %10s %9s %12s %12s %12s %10s\n", "variant", "system", "accuracy",
                     "ATP err", "p95", "update p50", "update p95", "update p99", "censored");
        header = true;
      }
      const analysis::Labels& labels = m.labels;
      std::fprintf(out, "%-22s %-14s %17s %10s %9s %12s %12s %12s %10s\n", first ? v.name.c_str() : "",
                   labels.at("system").c_str(), percent(&m).c_str(), plain(v.find("atp_error", labels, "mean")).c_str(),
                   plain(v.find("atp_error", labels, "p95")).c_str(),
                   latency(v.find("inventory_update_latency", labels, "p50")).c_str(),
                   latency(v.find("inventory_update_latency", labels, "p95")).c_str(),
                   latency(v.find("inventory_update_latency", labels, "p99")).c_str(),
                   count(v.find("inventory_update_censored", labels, "mean")).c_str());
      first = false;
    }
  }
}

}  // namespace

void print_metrics_table(const analysis::RunSummary& summary, std::FILE* out) {
  const auto& r = summary.record;
  std::fprintf(out, "%s: %zu variant(s) x %u replication(s), horizon %s (warm-up %s cut), seed %llu\n",
               r.scenario.c_str(), summary.variants.size(), r.replications, r.horizon.c_str(), r.warmup.c_str(),
               static_cast<unsigned long long>(r.seed));
  std::fprintf(out, "%-22s %-14s %16s %17s %28s %14s %16s %12s %12s %15s %18s\n", "variant", "channel", "orders/rep",
               "oversell rate", "vs baseline (paired)", "false canc/rep", "lost sales/rep", "release p99", "cycle p95",
               "SLA miss rate", "gross margin/rep");
  for (const auto& v : summary.variants) {
    std::vector<std::string> channels;
    std::set<std::string> seen;
    for (const MetricSummary& m : v.metrics) {
      const auto it = m.labels.find("channel");
      if (it != m.labels.end() && seen.insert(it->second).second) {
        channels.push_back(it->second);
      }
    }
    bool first = true;
    for (const std::string& channel : channels) {
      const analysis::Labels labels{{"channel", channel}};
      std::fprintf(out, "%-22s %-14s %16s %17s %28s %14s %16s %12s %12s %15s %18s\n", first ? v.name.c_str() : "",
                   channel.c_str(), count(v.find("orders_captured", labels, "mean")).c_str(),
                   percent(v.find("oversell_rate", labels, "mean")).c_str(),
                   change_pp(v.find("oversell_rate", labels, "mean")).c_str(),
                   count(v.find("false_cancellations", labels, "mean")).c_str(),
                   count(v.find("lost_sales", labels, "mean")).c_str(),
                   unless_censored(v, "release_latency", labels, latency(v.find("release_latency", labels, "p99")))
                       .c_str(),
                   unless_censored(v, "cycle_time", labels, latency(v.find("cycle_time", labels, "p95"))).c_str(),
                   unless_censored(v, "sla_miss_rate", labels, percent(v.find("sla_miss_rate", labels, "mean")))
                       .c_str(),
                   money(v.find("gross_margin", labels, "mean")).c_str());
      first = false;
    }
  }
  std::fprintf(out, "means over replications ±95%% CI half-width; * the change against the baseline is significant; "
                    "p99/p95 are means of per-replication percentiles; censored: the horizon cut off more lines "
                    "than were judged\n");
  print_views_table(summary, out);
}

void print_gates(const analysis::RunSummary& summary, std::FILE* out) {
  if (summary.gates.empty()) {
    std::fprintf(out, "no gates (the scenario has no \"assertions\")\n");
    return;
  }
  std::size_t passed = 0;
  for (const auto& g : summary.gates) {
    passed += g.passed ? 1 : 0;
  }
  std::fprintf(out, "gates: %zu of %zu pass\n", passed, summary.gates.size());
  for (const auto& g : summary.gates) {
    const char* mark = g.passed ? "PASS" : "FAIL";
    std::fprintf(out, "  %s  %-22s %s: %s: %s\n", mark, g.variant.c_str(), g.gate.c_str(), to_string(g.verdict),
                 g.explanation.c_str());
  }
}

}  // namespace peaksim
