// models/retail/vendor.h — a vendor: where stock enters the network.
//
// A vendor takes replenishment orders (purchase orders) from the warehouses and
// stores that name it as their supplier. Each order ships after its lead time
// (the vendor's lead_time, plus late_delay for the share late_rate of orders that
// are late), complete or partial (each unit ordered ships with probability
// fill_rate): when it ships, the vendor sends the ASN (the units shipped, arriving
// after the orderer's order_latency) and the consignment (arriving after the
// orderer's transit_time). Vendors hold no stock the network can sell: what they
// ship enters the network's balance as units from vendors.
#pragma once

#include "models/retail/physical_node.h"
#include "models/retail/retail_lp.h"
#include "models/scenario/distribution.h"
#include "sim/flat_hash.h"

namespace models::retail {

class Vendor final : public RetailLp {
 public:
  struct Terms {
    scenario::DurationDistribution lead_time;
    double fill_rate = 1.0;
    double late_rate = 0.0;
    scenario::DurationDistribution late_delay;
  };
  Vendor(std::size_t node, const Topology& topology, Terms terms) : RetailLp(node, topology), terms_(std::move(terms)) {}
  void add_lane(std::size_t orderer, PhysicalNode::Lane lane) { lanes_.emplace(orderer, std::move(lane)); }
  void on_finish(sim::Context& ctx) override;
  [[nodiscard]] std::uint64_t state_digest() const override;

 private:
  void start(sim::Context& ctx) override;
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  void on_order(const Consignment& order, sim::Context& ctx);
  void ship(const Consignment& order, sim::Context& ctx);

  Terms terms_;
  sim::FlatHashMap<std::size_t, PhysicalNode::Lane> lanes_;  // by the node that orders
  sim::LpRandom rng_;
  std::int64_t shipped_ = 0;
  std::int64_t orders_ = 0;
  PhysicalNode::Travelling travelling_;
};

}  // namespace models::retail
