// cli/generate.h — `peaksim generate`: a synthetic retailer of a given size, as a
// scenario file. It is the shipped reference (scenarios/omnichannel-180-stores.json:
// its systems, links, policies, variants and gates) scaled: the store count, the
// catalogue, the orders a day (split over the channels as the reference splits
// them, the POS share spread over the stores) and the brokers' throughput with it.
// With several days, the horizon is that many days and each day's demand is the
// reference's day: its profiles and its promotions repeat every 24h (a promotion
// over the whole day becomes one over the whole horizon); stock is not
// replenished, so later days sell down what the first leaves. With several OMS
// shards, the reference's OMS becomes oms-1 ... oms-N: the regions go to them by
// their online customers (the busiest region to the least-loaded shard), and every
// link of the OMS becomes a link of each shard.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace peaksim {

struct GenerateOptions {
  std::int64_t stores = 180;
  std::int64_t skus = 5000;
  double orders_per_day = 0.0;  // 0: the reference's rate per store
  std::int64_t days = 1;  // the reference's day, this many times over
  std::int64_t oms_shards = 1;  // OMS nodes, each owning some of the regions (balanced by online demand)
  std::int64_t replications = 10;
  std::uint64_t seed = 20261127;
  std::string name;  // empty: "retailer-<stores>-stores-<skus>-skus"
};

// The reference scenario's text, embedded at build time.
const char* reference_scenario_text();

// The reference's customers a day by channel at its own size (the profiles'
// daily means times the rates), for scaling: web, marketplaces and walk-ins.
[[nodiscard]] double reference_orders_per_day();

// The scaled scenario. Throws std::invalid_argument on sizes out of range.
[[nodiscard]] nlohmann::json generate_scenario(const GenerateOptions& options);

}  // namespace peaksim
