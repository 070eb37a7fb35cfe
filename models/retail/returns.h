// models/retail/returns.h — returned units arriving at a store or a warehouse.
//
// Returns are a steady state: today's returns are of purchases made over the
// recent days, so they arrive as a homogeneous Poisson process at the channel's
// return rate x its *base* orders_per_hour, per capture node, whatever today's
// profile and promotions (today's peak shows in next week's returns, beyond
// the horizon). build.cpp spreads each channel's returns over the nodes that
// take them back: a store channel's at its own stores; an online channel's
// `in_store` share evenly over the stores and the rest, by mail, evenly over
// the warehouses. A node superposes its sources into one Poisson stream.
//
// Each return is one unit of a SKU drawn by the channel's popularity, with a
// reason code: from the channel's own code set, or, taken back in a store, from
// that store's channel's codes — which the online channel's set may not map (a
// refund the finance reconciliation has to match by hand). A unit is inspected
// (`inspection_time`) and then restocked (the channel's `resellable` share) or
// written off. Everything is drawn from the node's kReturnsStream, so returns
// do not disturb the customers of any channel (common random numbers).
#pragma once

#include <boost/random/discrete_distribution.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "models/scenario/distribution.h"
#include "sim/random.h"
#include "sim/time.h"

namespace models::retail {

inline constexpr std::uint32_t kReturnsStream = 4;  // returns at a node, and the ERP's posting delays

// One channel's returns at one node.
struct ReturnSource {
  std::uint32_t channel = 0;
  double per_hour = 0.0;
  bool refunded_at_till = false;  // a store taking back its own channel's sale refunds at once
  double resellable = 0.7;
  std::shared_ptr<const boost::random::discrete_distribution<std::uint32_t, double>> skus;  // channel popularity
  std::vector<std::uint32_t> codes;    // reason codes (RetailModel::reasons), with...
  std::vector<double> code_weights;    // ... their weights
  std::vector<bool> foreign;           // per code: not in the channel's own code set
};

struct DrawnReturn {
  std::uint32_t channel = 0;
  std::uint32_t sku = 0;
  std::uint32_t code = 0;
  bool till = false;
  bool foreign_code = false;
  bool resellable = false;
  sim::Duration inspection;
};

class ReturnDesk {
 public:
  ReturnDesk(std::vector<ReturnSource> sources, scenario::DurationDistribution inspection, sim::Duration horizon);

  [[nodiscard]] bool empty() const { return total_per_hour_ <= 0.0; }
  // The next return after `now`, or nullopt when none falls before the horizon.
  [[nodiscard]] std::optional<sim::Time> next_arrival(sim::Time now, sim::LpRandom& rng) const;
  [[nodiscard]] DrawnReturn draw(sim::LpRandom& rng) const;

 private:
  std::vector<ReturnSource> sources_;
  std::vector<boost::random::discrete_distribution<std::size_t, double>> reasons_;  // per source
  boost::random::discrete_distribution<std::size_t, double> source_;               // by rate
  scenario::DurationDistribution inspection_;
  sim::Time horizon_;
  double total_per_hour_ = 0.0;
};

}  // namespace models::retail
