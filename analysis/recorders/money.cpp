#include "analysis/recorders/money.h"

#include <vector>

namespace analysis::recorders {

namespace {
double at(const std::vector<double>& table, std::size_t idx) { return idx < table.size() ? table[idx] : 0.0; }
}  // namespace

void add_sale(const Context& context, ChannelMetrics& c, std::uint32_t sku, std::uint64_t units) {
  c.revenue += at(context.prices, sku) * static_cast<double>(units);
  c.cost_of_goods += at(context.unit_costs, sku) * static_cast<double>(units);
}

void add_lost_sale(const Context& context, ChannelMetrics& c, std::uint32_t sku, std::uint64_t units) {
  c.lost_revenue += at(context.prices, sku) * static_cast<double>(units);
}

void add_cancellation(const Context& context, ChannelMetrics& c, std::size_t channel) {
  c.cancellation_cost += at(context.cancellation_costs, channel);
  c.canceled_after_promise += 1;
}

void observe_money(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit) {
  emit.amount("revenue", labels, "currency", c.revenue);
  emit.amount("lost_revenue", labels, "currency", c.lost_revenue);
  emit.amount("oversell_cost", labels, "currency", c.cancellation_cost);
  emit.amount("gross_margin", labels, "currency", c.revenue - c.cost_of_goods - c.cancellation_cost - c.chargeback_cost);
}

}  // namespace analysis::recorders
