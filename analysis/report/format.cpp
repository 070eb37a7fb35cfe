#include "analysis/report/format.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "analysis/svg.h"

namespace analysis::report {

std::string slug(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    c = plain ? c : '-';
  }
  return out;
}

int better_direction(const std::string& metric) {
  static constexpr std::array<std::string_view, 6> kHigherIsBetter = {
      "orders_captured", "orders_promised", "orders_fulfilled", "inventory_accuracy", "revenue", "gross_margin"};
  static constexpr std::array<std::string_view, 56> kLowerIsBetter = {
      "false_cancellations", "lost_revenue", "oversell_cost",
      "oversells",          "oversell_rate",      "oversold_units",     "lost_sales",        "release_latency",
      "cycle_time",         "pick_wait",          "split_shipments",    "sla_misses",        "sla_miss_rate",
      "atp_error",          "broker_backlog",     "message_age",        "duplicates_applied", "messages_lost",
      "status_staleness",   "refund_lag",         "return_to_refund",   "refunds_mismatched", "refunds_unreconciled",
      "messages_retried",   "messages_reordered", "calls_throttled",    "throttle_delay",    "bopis_shipped_home",
      "calls_timed_out",    "reservation_timeouts", "lines_lost",     "orders_refused_site_down",
      "orders_refused_checkout_closed", "outage_drain", "messages_unaccounted", "system_downtime",
      "messages_dead_lettered", "dead_letter_time", "lines_dead_lettered", "messages_in_dead_letter", "dead_letter_depth",
      "duplicate_orders_shipped", "duplicate_orders_applied", "confirmation_lag", "shipments_unconfirmed",
      "status_regressions", "chargebacks", "chargeback_cost", "posting_lag", "documents_unposted", "revenue_unposted",
      "finance_exceptions", "finance_exception_time", "reconciliation_lag", "unreconciled_at_close", "close_effort"};
  if (std::find(kHigherIsBetter.begin(), kHigherIsBetter.end(), metric) != kHigherIsBetter.end()) {
    return 1;
  }
  return std::find(kLowerIsBetter.begin(), kLowerIsBetter.end(), metric) != kLowerIsBetter.end() ? -1 : 0;
}

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

std::string number(double value, double half_width) {
  if (!std::isfinite(half_width) || half_width <= 0.0) {
    return svg::format_number(value);
  }
  const int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(half_width))), 0, 6);
  return svg::format_fixed(value, decimals);
}

std::string signed_number(double value, double half_width) {
  std::string out = value > 0.0 ? "+" : "";
  out += number(value, half_width);
  return out;
}

std::string interval_text(const Interval& value, const UnitScale& scale, bool difference) {
  if (value.n == 0 || !std::isfinite(value.mean)) {
    return "no samples";
  }
  const double half_width = value.half_width() * scale.factor;
  const auto show = [&](double v) {
    return difference ? signed_number(v * scale.factor, half_width) : number(v * scale.factor, half_width);
  };
  std::string out = show(value.mean);
  out += difference ? scale.diff_suffix : scale.suffix;
  if (!std::isfinite(value.low) || !std::isfinite(value.high)) {
    return out + " (CI n/a)";
  }
  out += " [";
  out += show(value.low);
  out += ", ";
  out += show(value.high);
  return out + "]";
}

bool excludes_zero(const Interval& interval) {
  return std::isfinite(interval.low) && std::isfinite(interval.high) && (interval.low > 0.0 || interval.high < 0.0);
}

}  // namespace analysis::report
