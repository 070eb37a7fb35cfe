// models/retail/physical_node.h — a store or a warehouse: the only place stock is real.
//
// Physical stock per SKU lives here and nowhere else. A store sells at its till
// at once (walk-in POS) and tells the ERP only through its inventory link; both
// stores and warehouses pick fulfilment lines against physical stock, and a
// line they cannot pick is a short pick — the moment an oversell is found.
// Hard reservations move units from on hand to reserved until picked.
// Stores also lose units to shrink, silently: no system hears of it until the
// next cycle count reports the difference (phantom inventory until then).
// Conservation, checked at the end: received = on hand + reserved + shipped + sold + damaged.
#pragma once

#include <optional>
#include <unordered_map>
#include <vector>

#include "models/retail/demand.h"
#include "models/retail/messages.h"
#include "models/retail/retail_lp.h"

namespace models::retail {

class PhysicalNode final : public RetailLp {
 public:
  struct Shrink {
    double per_day = 0.0;            // share of on-hand units lost per day
    sim::Duration cycle_count_interval;
  };
  PhysicalNode(std::size_t node, const Topology& topology, std::vector<std::int64_t> inventory,
               std::optional<DemandProcess> pos_demand, std::uint32_t channel, Shrink shrink);

  void on_finish(sim::Context& ctx) override;
  [[nodiscard]] std::uint64_t state_digest() const override;

 private:
  void start(sim::Context& ctx) override;
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  void on_pos_customer(sim::Context& ctx);
  void on_fulfil(const sim::Event& ev, sim::Context& ctx);
  void on_reserve(const sim::Event& ev, sim::Context& ctx);
  void change_on_hand(sim::Context& ctx, std::uint32_t sku, std::int64_t delta);
  void on_shrink(sim::Context& ctx);
  void on_cycle_count(sim::Context& ctx);

  std::vector<std::int64_t> on_hand_;
  std::vector<std::int64_t> reserved_;
  std::unordered_map<std::uint64_t, std::uint32_t> reservations_;  // line id -> units reserved
  std::optional<DemandProcess> pos_;
  std::uint32_t channel_;
  sim::LpRandom demand_rng_;
  std::int64_t received_ = 0;
  std::int64_t shipped_ = 0;
  std::int64_t sold_ = 0;
  std::int64_t damaged_ = 0;
  Shrink shrink_;
  sim::LpRandom shrink_rng_;
  std::vector<std::int64_t> unreported_shrink_;
};

}  // namespace models::retail
