// models/retail/oms.h — order management: the view, the promise check, sourcing, release.
//
// The OMS sees physical stock only through inventory deltas that reach it over
// links, late and batched. Per candidate node and SKU it keeps that view, the
// units it has committed to lines not yet shipped, and the safety stock the
// reservation policy holds back; availability = max(0, view - committed -
// safety), summed over nodes, is what it publishes to each channel (times the
// channel's allocation share), less the units of lines captured and waiting
// for release (ATP is consumed when an order is imported). Captured lines wait for the next release tick
// and are then sourced to the nearest node whose view covers them (in the
// customer's region first, then the node showing the most units). A promised
// line no node can take is an oversell found at sourcing; a short pick is one
// found at the node — each counted once, with its outcome: re-sourced,
// backordered or canceled.
// It tells customer service each line's status (released, shipped) on its
// status links, passes return records on toward the ERP, and holds the refunds
// the ERP posts: matched at once, or — when the reason code is foreign to the
// channel — at the finance job's next multiple of `reconcile_interval`.
#pragma once

#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/retail/ids.h"
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
    std::vector<std::int64_t> safety;   // units held back per SKU
    bool is_store = false;
    bool bopis = false;                 // a store where customers pick up (BOPIS orders go only there)
    bool ships = true;                  // ships parcels (a store: ship_from_store)
    double picks_per_hour = 0.0;        // pickers / mean (pick + pack) time
    sim::Duration cutoff;               // carrier cutoff, since midnight
  };
  std::vector<Candidate> candidates;
  std::vector<double> availability_share;  // per sender slot: the channel's allocation share
  std::size_t sku_count = 0;
  sim::Duration release_interval;
  bool backorder = false;
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
  void on_reserve(const OrderLine& line, sim::Context& ctx);
  void on_reserve_reply(const ReserveReply& reply, sim::Context& ctx);
  // Returns pass through toward the ERP; refunds end here, at the channel's system (oms_back_office.cpp).
  void on_refund(const RefundNotice& refund, sim::Context& ctx);
  void send_status(sim::Context& ctx, const OrderLine& line, OrderStatus status);

  // The sourcing policy's choice for each line of one order, skipping `exclude`.
  // A BOPIS order goes to pickup stores only, by fewest stores then distance;
  // any other order to the nodes that ship parcels, by the scenario's policy.
  // The decision's slot_of_line has one entry per line (kNoNode: none).
  [[nodiscard]] SourcingDecision choose(const std::vector<OrderLine>& lines, std::uint16_t region,
                                                sim::Duration to_promise, std::size_t exclude, sim::Time now,
                                                bool bopis) const;
  // Pickup lines no pickup store can fill (slot kNoNode) go to a node that ships
  // them home instead, if any: late for the pickup promise, but not oversold.
  void ship_home_instead(sim::Context& ctx, const std::vector<OrderLine>& lines, std::vector<std::size_t>& slots,
                         std::uint16_t region, sim::Duration to_promise, std::size_t exclude);
  void commit(sim::Context& ctx, std::size_t slot, std::uint32_t sku, std::int64_t units);
  // `reserved`: a hard reservation already took the line's units off the node's shelf.
  void dispatch(sim::Context& ctx, std::size_t slot, const OrderLine& line, bool reserved = false);
  void oversold(sim::Context& ctx, const OrderLine& line, sim::ProbeId outcome);
  [[nodiscard]] std::int64_t node_available(std::size_t slot, std::uint32_t sku) const;
  void refresh(sim::Context& ctx, std::size_t slot, std::uint32_t sku, std::int64_t before);
  void publish(sim::Context& ctx, std::uint32_t sku);

  OmsConfig config_;
  std::vector<std::vector<std::int64_t>> view_;       // [slot][sku]
  std::vector<std::vector<std::int64_t>> committed_;  // [slot][sku]
  std::vector<std::int64_t> available_;               // [sku], summed over slots
  std::vector<std::int64_t> awaiting_release_;        // [sku]: units of captured lines not yet sourced
  std::unordered_map<std::size_t, std::size_t> slot_of_node_;
  struct Pending {
    OrderLine line;
    std::uint16_t region;
    sim::Time arrived;
    sim::Time captured;  // by the channel, to the minute (PromisedLine): the promise counts from here
  };
  std::vector<std::int64_t> outstanding_;  // [slot]: lines sent to the node, not yet confirmed picked
  mutable std::vector<SourcingCandidate> candidates_;  // choose()'s scratch buffer
  std::vector<Pending> to_release_;
  std::unordered_set<std::uint64_t> shipping_home_;  // pickup lines sent to be shipped home (line ids)
  std::unordered_map<std::uint64_t, std::size_t> sourced_;   // line id -> slot, until shipped
  std::unordered_map<std::uint64_t, std::size_t> reserved_;  // hard reservations: line id -> slot
  struct Attempt {
    OrderLine line;
    std::unordered_set<std::size_t> tried;
  };
  std::unordered_map<std::uint64_t, Attempt> reserving_;
  std::unordered_set<std::uint64_t> oversold_;  // lines already counted
  std::unordered_map<std::uint64_t, LineState> state_;  // every line this OMS has seen
  void move(const OrderLine& line, LineState to);
  bool has_status_links_ = false;
};

}  // namespace models::retail
