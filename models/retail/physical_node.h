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
// Replenishment (physical_node_supply.cpp, and scenarios/README.md "Replenishment"):
// a node may reorder from a supplier (a warehouse or a vendor) when its inventory
// position falls to a minimum, and a warehouse ships what others order from it;
// consignments travel, are received at a dock and put away, and only then are on the
// shelf (an inventory delta like any other change).
// A vendor is a PhysicalNode too: it ships replenishment orders from its own production
// (no stock limit) after its lead time, complete or partial (VendorTerms), and, as a
// drop-ship vendor, fulfils order lines the OMS sends it from its own stock (its
// inventory), each parcel leaving ship_time after the line arrives.
// Conservation, checked at the end: received = on hand + reserved + shipped + sold +
// damaged + transferred out, where reserved includes units picked and waiting for
// the carrier and received counts units put away.
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
    bool ships_at_once = false;            // a drop-ship vendor: the parcel leaves when packed (no carrier cutoff)
    OpenHours hours;                       // a store's opening hours, a warehouse's shift_hours (else the shift)
    OpenHours carrier_days;                // the days the carrier collects at the cutoff (always: every day)
    // shipped_status "carrier_scan": the carrier scans a collected parcel this long after
    // collecting it, and the OMS's shipped status waits for the scan (none: at the pick).
    std::optional<scenario::DurationDistribution> scan_delay;
    ShortPick short_pick = ShortPick::ZeroLocation;
  };
  // How the node reorders, and how it receives what comes (physical_node_supply.cpp).
  // Its inventory position per SKU is its records (on hand + reserved + shrink not
  // yet counted) plus the units on order (ordered, not yet on the shelf, less what
  // an ASN said will not come and what was lost in transit). A review orders up to
  // `max` when the position is at or below `min`, for each SKU the node started with.
  struct Supply {
    enum class Policy : std::uint8_t { None, MinMax, DaysOfCover };
    Policy policy = Policy::None;
    bool continuous = false;  // review a SKU whenever its position falls (else nightly at review_at)
    sim::Duration review_at;  // since midnight
    std::int64_t min = 0, max = 0;  // min_max: the same for every SKU
    std::shared_ptr<const std::vector<std::int32_t>> min_by_sku, max_by_sku;  // days_of_cover
    sim::LinkId to_supplier = 0;    // the lane orders travel on
    // transfer_from: the node a store asks for the units a pickup line it is short of
    // needs (the line waits for them), and the lane the request travels on.
    std::optional<std::size_t> transfer_from;
    sim::LinkId to_transfer = 0;
    sim::Duration order_latency;
    double transit_loss = 0.0;      // share of units lost on the way, found at receipt
    double receiving_rate = 0.0;    // units an hour a dock receives (0: no dock, received at once)
    std::int64_t docks = 1;
    scenario::DurationDistribution putaway;
  };
  // Consignments a supplier has sent and not all delivered: what is still on the way at the end.
  class Travelling {
   public:
    void sent(sim::Time arrives, std::int64_t units, sim::Time now) {
      sent_.emplace_back(arrives, units);
      if (sent_.size() % 4096 == 0) {  // forget what has arrived, now and then
        std::erase_if(sent_, [&](const auto& c) { return c.first < now; });
      }
    }
    // Units arriving at `end` or later: events at the horizon do not happen.
    [[nodiscard]] std::int64_t at(sim::Time end) const {
      std::int64_t units = 0;
      for (const auto& [arrives, n] : sent_) {
        units += arrives >= end ? n : 0;
      }
      return units;
    }

   private:
    std::vector<std::pair<sim::Time, std::int64_t>> sent_;
  };
  // A vendor's terms for replenishment orders: lead time, plus late_delay for the share
  // late_rate of orders; each unit ordered ships with probability fill_rate.
  struct VendorTerms {
    scenario::DurationDistribution lead_time;
    double fill_rate = 1.0;
    double late_rate = 0.0;
    scenario::DurationDistribution late_delay;
  };
  // A node that orders from this one: its lane back (ASN and consignments) and how they travel.
  struct Lane {
    sim::LinkId link = 0;
    sim::Duration notice;  // the ASN's delay (the orderer's order_latency)
    scenario::DurationDistribution transit;
  };
  // `inventory`: the initial units per SKU (the scenario's shared copy; the node reports it
  // to analysis as it is, in one record, and keeps its own working copy).
  PhysicalNode(std::size_t node, const Topology& topology, std::shared_ptr<const std::vector<std::int64_t>> inventory,
               std::optional<DemandProcess> pos_demand, std::uint32_t channel, Shrink shrink, Fulfilment fulfilment);

  void finish(sim::Context& ctx) override;
  [[nodiscard]] std::int64_t group() const { return fulfilment_.group; }
  [[nodiscard]] std::uint64_t state_digest() const override;
  // Units brought back to this node (returns.h); none unless set.
  void set_returns(ReturnDesk desk) { returns_.emplace(std::move(desk)); }
  void set_supply(Supply supply) { supply_ = std::move(supply); }
  void add_lane(std::size_t orderer, Lane lane) { lanes_.emplace(orderer, std::move(lane)); }
  void set_vendor(VendorTerms terms) { vendor_ = std::move(terms); }

 private:
  void start(sim::Context& ctx) override;
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  void on_pos_customer(sim::Context& ctx);
  void schedule_next_customer(sim::Context& ctx);
  void on_fulfil(const Fulfil& order, sim::Context& ctx);
  void start_picks(sim::Context& ctx);
  void on_pick_done(const PickDone& done, sim::Context& ctx);
  void on_pickup(const OrderLine& line, sim::Context& ctx, bool ship_home = false);
  [[nodiscard]] bool at_counter(const OrderLine& line, bool ship_home) const;  // a BOPIS order handed over here
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
  // Replenishment (physical_node_supply.cpp).
  void start_supply(sim::Context& ctx);
  void review(sim::Context& ctx, std::uint32_t sku);  // order up to max if the position is at or below min
  void position_fell(sim::Context& ctx, std::uint32_t sku) {
    if (supply_.continuous) {
      review(ctx, sku);
    }
  }
  void on_review(sim::Context& ctx);
  void on_replenish_order(const Consignment& order, sim::Context& ctx);  // as the supplier
  void ship_order(const Consignment& order, sim::Context& ctx);          // ... sends the ASN and the goods
  void on_asn(const Consignment& asn, sim::Context& ctx);
  void on_consignment(const Consignment& goods, sim::Context& ctx);
  void start_receiving(sim::Context& ctx);
  void on_dock_done(const Consignment& done, sim::Context& ctx);
  void on_put_away(const Consignment& done, sim::Context& ctx);
  void wake_at_shift(sim::Context& ctx);

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
  sim::LpRandom scan_rng_;
  struct Queued {
    OrderLine line;
    sim::Time arrived;
    bool ship_home = false;  // a pickup order to ship, not to hand over (Fulfil::ship_home)
    bool spoken = false;     // its units counted in committed_ (a supplier's line not hard-reserved)
    bool awaited = false;    // a transfer was asked for it once: short now is a short pick
  };
  // Pickup lines waiting for a transfer, by SKU: asked (in the order asked, which is the
  // order their ASNs come back in: both legs take order_latency), then coming (the ASN said
  // the units ship; the goods, which may overtake each other, are matched by SKU and units).
  sim::FlatHashMap<std::uint32_t, std::deque<Queued>> awaiting_, coming_;
  [[nodiscard]] bool receives() const { return supply_.policy != Supply::Policy::None || supply_.transfer_from; }
  bool ask_transfer(const Queued& line, sim::Context& ctx);  // false: no transfer to ask for
  void on_transfer_asn(const Consignment& asn, sim::Context& ctx);
  // The coming line the goods `done` were for: back to the pickers (`arrived`), or short.
  void transfer_done(const Consignment& done, bool arrived, sim::Context& ctx);
  std::deque<Queued> queue_;
  std::int64_t busy_ = 0;
  std::int64_t in_process_ = 0;  // units picked, not yet collected by the carrier
  bool shift_wakeup_ = false;    // a Kind::ShiftStart is scheduled
  std::optional<ReturnDesk> returns_;
  sim::LpRandom returns_rng_;
  std::uint32_t next_return_ = 0;  // sequence of the next return taken back here
  std::int64_t returned_ = 0;      // returned units inspected (counted in received_ too)
  // Replenishment: as the one who orders, and as a supplier.
  Supply supply_;
  sim::FlatHashMap<std::size_t, Lane> lanes_;  // by the node that orders
  std::vector<std::int32_t> on_order_;  // per SKU (allocated with a policy): ordered, not on the shelf yet
  struct AtDock {
    Consignment goods;
    sim::Time arrived;
  };
  std::deque<AtDock> dock_;
  std::int64_t docks_busy_ = 0;
  std::int64_t inbound_ = 0;          // arrived, not yet on the shelf (at the dock or being put away)
  std::int64_t put_away_ = 0;         // units put away (counted in received_ too)
  std::int64_t lost_in_transit_ = 0;  // units shipped to this node and lost on the way
  std::int64_t transferred_out_ = 0;  // units this node shipped to nodes that ordered them
  Travelling travelling_;
  std::optional<VendorTerms> vendor_;
  std::int64_t from_vendor_ = 0;  // a vendor's units shipped from its production (outside its shelf's balance)
  // A supplier's units of lines waiting for its pickers, by SKU: spoken for, so not shipped to nodes that order.
  sim::FlatHashMap<std::uint32_t, std::int64_t> committed_;
  void commit(const OrderLine& line, std::int64_t sign) { committed_[line.sku] += sign * line.qty; }
  sim::LpRandom supply_rng_, receive_rng_;
};

}  // namespace models::retail
