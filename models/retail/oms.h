// models/retail/oms.h — order management: the view, the promise check, sourcing, release.
//
// The OMS sees physical stock only through inventory deltas that reach it over
// links, late and batched. Per candidate node and SKU it keeps that view, the
// units it has committed to lines not yet shipped, and the node's safety stock
// (policies.safety_stock); availability = max(0, view - committed - safety),
// summed over nodes, is what it publishes to each channel (times the
// channel's allocation share), less the units of lines captured and waiting
// for release (ATP is consumed when an order is imported), less the network's
// or the channel's own safety stock. Captured lines wait for the next release tick
// and are then sourced to the nearest node whose view covers them (in the
// customer's region first, then the node showing the most units). A promised
// line no node can take is an oversell found at sourcing; a short pick is one
// found at the node — each counted once, with its outcome: re-sourced,
// backordered or canceled. A short-picked line is re-routed with its customer's
// region and original promise, never to a node that already failed it, at most
// `max_reroutes` times. A backordered line waits, first in, first out per SKU,
// until the view covers it again (a return, a count, any delta) and is released
// at the next release tick, or is canceled after `backorder_max_wait`; it keeps
// its claim on the SKU's published availability while it waits.
// It tells customer service each line's status (released, shipped) on its
// status links, passes return records on toward the ERP, and holds the refunds
// the ERP posts: matched at once, or — when the reason code is foreign to the
// channel — at the finance job's next multiple of `reconcile_interval`.
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/retail/ids.h"
#include "models/retail/levers/reservation.h"
#include "models/retail/messages.h"
#include "models/retail/order_state.h"
#include "models/retail/retail_lp.h"
#include "models/retail/sourcing.h"

namespace models::retail {

struct OmsConfig {
  struct Candidate {
    std::size_t node = 0;
    std::uint16_t region = 0;
    std::vector<std::int64_t> initial;  // initial physical stock: systems start in sync
    std::vector<std::int64_t> safety;   // units held back per SKU (node-level safety stock)
    bool is_store = false;
    bool bopis = false;                 // a store where customers pick up (BOPIS orders go only there)
    bool ships = true;                  // ships parcels (a store: ship_from_store)
    double picks_per_hour = 0.0;        // pickers / mean (pick + pack) time
    sim::Duration cutoff;               // carrier cutoff, since midnight
  };
  std::vector<Candidate> candidates;
  std::vector<double> availability_share;  // per sender slot: the channel's allocation share
  // Safety stock held back from the figures channels are shown (build/safety_stock.cpp):
  std::vector<std::int64_t> network_safety;               // [sku]: the network rule's, for every channel
  std::vector<std::vector<std::int64_t>> channel_safety;  // [channel][sku]: a channel's own rule (empty: none)
  std::vector<std::vector<std::size_t>> channels_of_slot;  // [sender slot]: the channels an availability link feeds
  // A channel's buffer: its own rule's units, else the network rule's (the most specific wins; they never add up).
  [[nodiscard]] std::int64_t pool_safety(std::size_t channel, std::uint32_t sku) const {
    const auto& own = channel < channel_safety.size() ? channel_safety[channel] : network_safety;
    const auto& units = own.empty() ? network_safety : own;
    return sku < units.size() ? units[sku] : 0;
  }
  // What an availability sender holds back: the largest buffer of the channels it feeds.
  [[nodiscard]] std::int64_t slot_safety(std::size_t slot, std::uint32_t sku) const {
    std::int64_t held = 0;
    if (slot < channels_of_slot.size()) {
      for (const std::size_t channel : channels_of_slot[slot]) {
        held = std::max(held, pool_safety(channel, sku));
      }
    }
    return held;
  }
  std::size_t sku_count = 0;
  sim::Duration release_interval;
  bool backorder = false;
  std::int64_t max_reroutes = 3;                                  // re-routes of a short-picked line
  sim::Duration backorder_max_wait = sim::Duration::hours(24);   // then a backordered line is canceled
  std::optional<SoftHoldTerms> soft_hold;  // reservation `soft`: how long the OMS holds a soft reservation
  std::shared_ptr<const SourcingPolicy> sourcing;   // which node ships a line
  std::shared_ptr<const SourcingPolicy> bopis_sourcing;  // which store a BOPIS order is picked up at
  std::vector<sim::Duration> promise_of_channel;    // capture to shipped, per channel
  std::vector<sim::Duration> bopis_promise_of_channel;  // capture to ready for pickup, per channel
  sim::Duration reconcile_interval = sim::Duration::hours(4);  // the ERP's finance reconciliation job
};

class Oms final : public RetailLp {
 public:
  Oms(std::size_t node, const Topology& topology, OmsConfig config);
  [[nodiscard]] std::uint64_t state_digest() const override;
  // What the OMS believes is on hand at each candidate, for inventory drift.
  void on_finish(sim::Context& ctx) override;

 private:
  void start(sim::Context& ctx) override;
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  // The view of stock and what it publishes (oms.cpp).
  void on_delta(const InventoryDelta& delta, sim::LpId from, sim::Context& ctx);
  void on_order_line(const PromisedLine& promised, sim::Context& ctx);
  // Release and sourcing (oms_release.cpp).
  void on_release(sim::Context& ctx);
  void on_short_pick(const OrderLine& line, sim::Context& ctx);
  void on_shipped(const OrderLine& line, sim::Context& ctx);
  // Hard reservation (oms_reservation.cpp).
  void on_reserve(const ReserveRequest& request, sim::Context& ctx);
  void reserve_next(std::uint64_t line_id, sim::Context& ctx);
  void release_reservation(const OrderLine& line, sim::Context& ctx);
  void on_reserve_reply(const ReserveReply& reply, sim::Context& ctx);
  // Soft reservations (oms_reservation.cpp): held against network availability
  // until the order line arrives (converted) or ttl + release lag pass.
  void on_soft_reserve(const SoftReserve& hold, sim::Context& ctx);
  void convert_soft_hold(const OrderLine& line);
  // Returns pass through toward the ERP; refunds end here, at the channel's system (oms_back_office.cpp).
  void on_refund(const RefundNotice& refund, sim::Context& ctx);
  void send_status(sim::Context& ctx, const OrderLine& line, OrderStatus status);

  // The sourcing policy's choice for each line of one order, skipping `exclude`
  // (and the slots in `also_exclude`: the nodes that refused a hard reservation).
  // A BOPIS order goes to pickup stores only, by fewest stores then distance;
  // any other order to the nodes that ship parcels, by the scenario's policy.
  // The decision's slot_of_line has one entry per line (kNoNode: none).
  [[nodiscard]] SourcingDecision choose(const std::vector<OrderLine>& lines, std::uint16_t region,
                                                sim::Duration to_promise, std::size_t exclude, sim::Time now,
                                                bool bopis) const;
  // The same, skipping every slot in `excluded` (the nodes that short-picked the line).
  [[nodiscard]] SourcingDecision choose_excluding(const std::vector<OrderLine>& lines, std::uint16_t region,
                                                  sim::Duration to_promise, std::span<const std::size_t> excluded,
                                                  sim::Time now, bool bopis) const;
  // Pickup lines no pickup store can fill (slot kNoNode) go to a node that ships
  // them home instead, if any: late for the pickup promise, but not oversold.
  void ship_home_instead(sim::Context& ctx, const std::vector<OrderLine>& lines, std::vector<std::size_t>& slots,
                         std::uint16_t region, sim::Duration to_promise, std::span<const std::size_t> excluded);
  void commit(sim::Context& ctx, std::size_t slot, std::uint32_t sku, std::int64_t units);
  void dispatch(sim::Context& ctx, std::size_t slot, const OrderLine& line);
  void oversold(sim::Context& ctx, const OrderLine& line, sim::ProbeId outcome);
  [[nodiscard]] std::int64_t node_available(std::size_t slot, std::uint32_t sku) const;
  void refresh(sim::Context& ctx, std::size_t slot, std::uint32_t sku, std::int64_t before);
  void publish(sim::Context& ctx, std::uint32_t sku);

  OmsConfig config_;
  std::vector<std::vector<std::int64_t>> view_;       // [slot][sku]
  std::vector<std::vector<std::int64_t>> committed_;  // [slot][sku]
  std::vector<std::int64_t> available_;               // [sku], summed over slots
  std::vector<std::int64_t> awaiting_release_;        // [sku]: units of captured lines not yet sourced
  std::vector<std::int64_t> soft_reserved_;           // [sku]: units of unexpired soft reservations
  std::unordered_map<std::uint64_t, std::uint32_t> soft_holds_;  // line id -> units soft-reserved
  std::unordered_map<std::size_t, std::size_t> slot_of_node_;
  struct Pending {
    OrderLine line;
    std::uint16_t region;
    sim::Time arrived;
  };
  std::vector<std::int64_t> outstanding_;  // [slot]: lines sent to the node, not yet confirmed picked
  mutable std::vector<SourcingCandidate> candidates_;  // choose()'s scratch buffer
  std::vector<Pending> to_release_;
  std::unordered_set<std::uint64_t> shipping_home_;  // pickup lines sent to be shipped home (line ids)
  std::unordered_map<std::uint64_t, std::size_t> sourced_;   // line id -> slot, until shipped
  std::unordered_map<std::uint64_t, std::size_t> reserved_;  // hard reservations: line id -> slot
  struct Attempt {
    OrderLine line;
    std::uint16_t region = 0;              // the customer's, for the sourcing policy
    sim::Time arrived;                     // the request reached the OMS: the promise counts from here
    std::vector<std::size_t> tried;  // slots that refused, in order
  };
  std::unordered_map<std::uint64_t, Attempt> reserving_;
  std::unordered_set<std::uint64_t> oversold_;  // lines already counted
  std::unordered_map<std::uint64_t, LineState> state_;  // every line this OMS has seen
  void move(const OrderLine& line, LineState to);
  bool has_status_links_ = false;

  // Short picks and backorders (oms_release.cpp).
  struct Routing {                    // what re-routing a line needs, kept from its first sourcing
    std::uint16_t region = 0;         // the customer's
    sim::Time due;                    // the original promise: ship by
    std::vector<std::size_t> failed;  // slots that short-picked it, in order
  };
  struct Backorder {
    OrderLine line;
    Routing routing;
    sim::Time since;
  };
  // The channel's promise for `line` (capture to shipped, or to ready for pickup).
  [[nodiscard]] sim::Duration promise_of(const OrderLine& line) const;
  // The line leaves sourcing unsourced: backordered (to wait for stock) or canceled.
  void backorder_or_cancel(sim::Context& ctx, const OrderLine& line, Routing routing);
  // At a release tick: backorders the view covers again, oldest first per SKU.
  void release_backorders(sim::Context& ctx);
  void on_backorder_expiry(const OrderLine& line, sim::Context& ctx);
  std::unordered_map<std::uint64_t, Routing> routing_;         // sourced lines, until shipped
  std::map<std::uint32_t, std::deque<Backorder>> backorders_;  // per SKU, oldest first (a map: SKU order)
};

}  // namespace models::retail
