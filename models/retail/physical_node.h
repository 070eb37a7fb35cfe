// models/retail/physical_node.h — a store or a warehouse: the only place stock is real.
//
// Physical stock per SKU lives here and nowhere else. A store sells at its till
// at once (walk-in POS) and tells the ERP only through its inventory link; both
// stores and warehouses pick fulfilment lines against physical stock, and a
// line they cannot pick is a short pick — the moment an oversell is found.
// Hard reservations move units from on hand to reserved until picked.
// Stores also lose units to shrink, silently: no system hears of it until the
// record's next cycle count reports the difference (phantom inventory until then).
// Counts roll: each SKU's record is counted once per cycle_count_interval, and
// the day starts in that rhythm's steady state — each record was last counted a
// uniform time a in [0, interval) before the start (its next count falls at
// interval - a), and each unit on it has since been lost with probability
// 1 - (1 - shrink_per_day)^(a in days): those units are gone from the shelf,
// not from the records, until the count.
// A short pick tells the systems at once, as the node's `short_pick` policy says
// (ShortPick below): the position it reports may then differ from the shelf the
// other way, until the record's next cycle count reports the difference.
// Returned units (returns.h) enter the node's books when inspected: restocked
// (on hand, and an inventory delta like any other change) or written off (damaged).
// Conservation, checked at the end: received = on hand + reserved + shipped + sold + damaged,
// where reserved includes units picked and waiting for the carrier.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "models/retail/demand.h"
#include "models/retail/messages.h"
#include "models/retail/open_hours.h"
#include "models/retail/retail_lp.h"
#include "models/retail/returns.h"
#include "sim/flat_hash.h"

namespace models::retail {

class PhysicalNode final : public RetailLp {
 public:
  struct Shrink {
    double per_day = 0.0;            // share of on-hand units lost per day
    sim::Duration cycle_count_interval;
  };
  // Picking and packing online orders: `pickers` work the queue first come,
  // first served, each taking pick_time + pack_time per line, within the
  // shift (start == end: around the clock); a parcel leaves with the carrier at
  // the next cutoff (today's if packed by then, else tomorrow's). A store with
  // opening hours picks only while open, and walk-ins come only then. Stock is
  // taken when picking starts: a line whose units are gone by then is a short pick.
  // What the node tells the systems when a line is short, besides the short pick
  // itself (sent to the OMS): an adjustment over its inventory links, sent at once
  // (InventoryDelta::urgent, which batch links do not hold).
  enum class ShortPick {
    ZeroLocation,  // "not in stock": the position it has reported for the SKU, down to 0
    Decrement,     // the units the line was short (its quantity less the units on the shelf)
    None,          // nothing: the systems learn only from the next cycle count
  };
  struct Fulfilment {
    std::int64_t pickers = 1;
    scenario::DurationDistribution pick_time;
    scenario::DurationDistribution pack_time;
    sim::Duration shift_start, shift_end;  // since midnight
    sim::Duration cutoff;                  // since midnight
    std::int64_t group = 0;                // probe label: the node's group
    bool pickup_counter = false;           // a store offering BOPIS: pickup orders are ready when packed
    OpenHours hours;                       // a store's opening hours: walk-ins and picking (else the shift)
    ShortPick short_pick = ShortPick::ZeroLocation;
  };
  // `inventory`: the initial units per SKU (the scenario's shared copy; the node reports it
  // to analysis as it is, in one record, and keeps its own working copy).
  PhysicalNode(std::size_t node, const Topology& topology, std::shared_ptr<const std::vector<std::int64_t>> inventory,
               std::optional<DemandProcess> pos_demand, std::uint32_t channel, Shrink shrink, Fulfilment fulfilment);

  void on_finish(sim::Context& ctx) override;
  [[nodiscard]] std::uint64_t state_digest() const override;
  // Units brought back to this node (returns.h); none unless set.
  void set_returns(ReturnDesk desk) { returns_.emplace(std::move(desk)); }

 private:
  void start(sim::Context& ctx) override;
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  void on_pos_customer(sim::Context& ctx);
  void schedule_next_customer(sim::Context& ctx);
  void on_fulfil(const Fulfil& order, sim::Context& ctx);
  void start_picks(sim::Context& ctx);
  void on_pick_done(const PickDone& done, sim::Context& ctx);
  void on_pickup(const OrderLine& line, sim::Context& ctx);
  [[nodiscard]] bool on_shift(sim::Time now) const;
  [[nodiscard]] sim::Time next_shift_start(sim::Time now) const;
  [[nodiscard]] sim::Time next_pickup(sim::Time packed) const;
  void on_reserve(const ReserveRequest& request, sim::Context& ctx);
  void change_on_hand(sim::Context& ctx, std::uint32_t sku, std::int64_t delta);
  void on_shrink(sim::Context& ctx);
  void on_cycle_count(sim::Context& ctx);
  void on_short_pick(const OrderLine& line, sim::Context& ctx);
  void tell_short(const OrderLine& line, sim::Context& ctx);  // the short_pick policy's adjustment
  void on_return(sim::Context& ctx);
  void on_inspection_done(const InspectionDone& done, sim::Context& ctx);

  std::shared_ptr<const std::vector<std::int64_t>> initial_;  // the records' level at the start
  std::vector<std::int32_t> on_hand_;  // 32 bits: the loader bounds stock at 10^9 a SKU; shelf_units checks what adds to it
  [[nodiscard]] std::int32_t shelf_units(std::int64_t units, std::uint32_t sku) const;
  [[nodiscard]] bool on_shelf(std::uint32_t sku, std::int64_t units) const;  // at least `units` of `sku` on hand
  std::vector<std::int32_t> reserved_;  // 32 bits: at most on hand (the loader bounds stock at 10^9 a SKU)
  sim::FlatHashMap<std::uint64_t, std::uint32_t> reservations_;  // line id -> units reserved
  std::optional<DemandProcess> pos_;
  std::uint32_t channel_;
  sim::LpRandom demand_rng_;
  std::int64_t received_ = 0;
  std::int64_t shipped_ = 0;
  std::int64_t sold_ = 0;
  std::int64_t damaged_ = 0;
  Shrink shrink_;
  sim::LpRandom shrink_rng_;
  // Per SKU: the position the node has reported (initial stock plus every delta
  // it sent, buffered ones included) less its physical units (on hand plus
  // reserved): shrink adds to it, a short pick's adjustment resets it, and a
  // cycle count reports it and sets it to 0.
  std::vector<std::int32_t> unreported_;  // 32 bits: at most the units on the shelf
  std::vector<sim::Time> next_count_;  // per SKU: when its record is next counted
  sim::Time next_due_ = sim::Time::infinity();  // the earliest of next_count_: a round before it counts nothing
  void warm_start_records();
  Fulfilment fulfilment_;
  sim::LpRandom pick_rng_;
  struct Queued {
    OrderLine line;
    sim::Time arrived;
    bool ship_home = false;  // a pickup order to ship, not to hand over (Fulfil::ship_home)
  };
  std::deque<Queued> queue_;
  std::int64_t busy_ = 0;
  std::int64_t in_process_ = 0;  // units picked, not yet collected by the carrier
  bool shift_wakeup_ = false;    // a Kind::ShiftStart is scheduled
  std::optional<ReturnDesk> returns_;
  sim::LpRandom returns_rng_;
  std::uint32_t next_return_ = 0;  // sequence of the next return taken back here
  std::int64_t returned_ = 0;      // returned units inspected (counted in received_ too)
};

}  // namespace models::retail
