// models/scenario/demand_plan.h — a channel's expected demand, as the plan sees it.
//
// What "days of cover" (a node's inventory) is measured against. The plan is
// the channel's base rate and profile without its promotions: promotions are
// the surprise the stock has to absorb. Exact rules (scenarios/README.md):
//   orders per day per capture node = orders_per_hour x the mean of the profile
//     over [0h, 24h) (the profile clamped past its last point; no profile: 1)
//   lines per order                 = the basket's mean
//   units per line                  = the mean of units_per_line (none: 1)
//   a SKU's share of the lines      = the channel's SKU mix (its zipf, else the catalog's popularity)
#pragma once

#include <vector>

#include "models/scenario/spec.h"

namespace models::scenario {

// The channel's SKU weights by catalog rank (its zipf, else the catalog's popularity), not normalised.
[[nodiscard]] std::vector<double> sku_weights(const ChannelSpec& channel, const std::vector<SkuSpec>& skus);
// The channel's SKU mix without promotions: the weights, summing to 1.
[[nodiscard]] std::vector<double> sku_mix(const ChannelSpec& channel, const std::vector<SkuSpec>& skus);
// The profile's multiplier at `at` after the start: linear between points, clamped outside them.
[[nodiscard]] double profile_multiplier(const std::vector<ProfilePoint>& profile, sim::Duration at);
[[nodiscard]] double planned_orders_per_day(const ChannelSpec& channel);
[[nodiscard]] double mean_line_units(const ChannelSpec& channel);
// Expected units of each SKU one capture node of the channel sells in a planned day.
[[nodiscard]] std::vector<double> planned_daily_units(const ChannelSpec& channel, const std::vector<SkuSpec>& skus);

// The planned day of a whole scenario: planned_daily_units of each channel, and the
// online channels' (those whose capture nodes hold no stock) units of each SKU over all
// their capture nodes — what days-of-cover stock and targets share out.
struct PlannedDay {
  std::vector<std::vector<double>> per_channel;
  std::vector<double> online;
};
[[nodiscard]] PlannedDay planned_day(const ScenarioSpec& spec);

}  // namespace models::scenario
