// analysis/recorders/money.h — what each line's outcome is worth, per channel,
// in the catalog's currency (its SKUs' price and unit_cost, and each demand
// channel's cancellation_cost).
//
//   revenue            price x units of promised lines shipped within the horizon
//                      (captured after the warm-up: the lines lines_fulfilled counts)
//                      and of walk-in sales at the till (after the warm-up)
//   lost_revenue       price x units of lost sales
//   oversell_cost      cancellation_cost x promised lines canceled: oversold and
//                      canceled, or falsely canceled (re-sourced and backordered
//                      lines cost nothing here)
//   gross_margin       revenue - unit_cost x the same units - oversell_cost
//                      - chargeback_cost (a marketplace's chargebacks, recorders/finance.h)
//
// The outcomes recorder (outcomes.h) calls these as it judges each line.
#pragma once

#include <cstddef>
#include <cstdint>

#include "analysis/recorders/common.h"
#include "analysis/recorders/observe.h"

namespace analysis::recorders {

// A line shipped or a walk-in sale: revenue and its cost of goods.
void add_sale(const Context& context, ChannelMetrics& c, std::uint32_t sku, std::uint64_t units);
// A lost sale: the revenue it would have made.
void add_lost_sale(const Context& context, ChannelMetrics& c, std::uint32_t sku, std::uint64_t units);
// A promised line canceled: the channel's cancellation cost.
void add_cancellation(const Context& context, ChannelMetrics& c, std::size_t channel);

// The money observations of one channel, in the summary's order.
void observe_money(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit);

}  // namespace analysis::recorders
