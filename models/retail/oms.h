// models/retail/oms.h — order management: the view, the promise check, sourcing, release.
//
// The OMS sees physical stock only through inventory deltas that reach it over
// links, late and batched. Per candidate node and SKU it keeps that view, the
// units it has committed to lines not yet shipped, and the node's safety stock
// (policies.safety_stock). Available to sell is ats.h's: per node
// max(0, view − committed − safety), summed over nodes, less the units of lines
// captured and waiting for release (ATP is consumed when an order is imported) and
// of unexpired soft reservations; the allocation lever splits that network figure
// between the demand channels, less each channel's safety stock (its own rule, else
// the network's), and each availability link gets its channels' figures. Captured lines wait for the next release tick
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
#include <array>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "models/retail/ats.h"
#include "models/retail/ids.h"
#include "models/retail/levers/allocation.h"
#include "models/retail/levers/reservation.h"
#include "models/retail/levers/safety_stock.h"
#include "models/retail/messages.h"
#include "models/retail/order_state.h"
#include "models/retail/retail_lp.h"
#include "models/retail/sourcing.h"
#include "models/scenario/spec.h"
#include "sim/flat_hash.h"

namespace models::retail {

struct OmsConfig {
  struct Candidate {
    std::size_t node = 0;
    std::uint16_t region = 0;
    scenario::StockLevels initial;      // initial physical stock (the scenario's shared copy): systems start in sync
    SafetyBuffer safety;                // held back per SKU (node-level safety stock), of the view's on hand
    bool is_store = false;
    bool bopis = false;                 // a store where customers pick up (BOPIS orders go only there)
    bool ships = true;                  // ships parcels (a store: ship_from_store)
    double picks_per_hour = 0.0;        // pickers / mean (pick + pack) time
    sim::Duration cutoff;               // carrier cutoff, since midnight
  };
  std::vector<Candidate> candidates;
  // Per sender slot: the demand channels an availability link feeds, and whether
  // it carries one message per channel (they may be shown different figures) or
  // one for all of them.
  struct Feed {
    std::vector<std::uint32_t> channels;
    bool per_channel = false;
  };
  std::vector<Feed> feeds;
  std::uint32_t shard = 0;  // which OMS shard this is (its figures say so); 0 unsharded
  std::size_t channel_count = 0;
  std::shared_ptr<const AllocationPolicy> allocation;  // splits the network figure between channels
  // Safety stock held back from the figures channels are shown (build/safety_stock.cpp):
  // `on_hand` below: the network's on hand of the SKU (a `percent` rule's base).
  SafetyBuffer network_safety;                // the network rule's, for every channel
  std::vector<SafetyBuffer> channel_safety;   // [channel]: a channel's own rule (empty: none)
  // A channel's buffer: its own rule's, else the network rule's (the most specific wins; they never add up).
  [[nodiscard]] std::int64_t pool_safety(std::size_t channel, std::uint32_t sku, std::int64_t on_hand) const {
    const SafetyBuffer& own = channel < channel_safety.size() ? channel_safety[channel] : network_safety;
    return (own.empty() ? network_safety : own).held(sku, on_hand);
  }
  [[nodiscard]] bool pools_follow_stock() const {
    return network_safety.share > 0.0 ||
           std::any_of(channel_safety.begin(), channel_safety.end(), [](const SafetyBuffer& b) { return b.share > 0.0; });
  }
  // What an availability link holds back when it carries one figure for all its
  // channels: the largest buffer of those channels (the network's when it feeds none).
  [[nodiscard]] std::int64_t feed_safety(const Feed& feed, std::uint32_t sku, std::int64_t on_hand) const {
    if (feed.channels.empty()) {
      return network_safety.held(sku, on_hand);
    }
    std::int64_t held = 0;
    for (const std::uint32_t channel : feed.channels) {
      held = std::max(held, pool_safety(channel, sku, on_hand));
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
  void finish(sim::Context& ctx) override;

 private:
  void start(sim::Context& ctx) override;
  void make_views();
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  // The view of stock and what it publishes (oms.cpp).
  void on_delta(const InventoryDelta& delta, sim::LpId from, sim::Context& ctx);
  void on_order_line(const PromisedLine& promised, sim::Context& ctx);
  // The line as an order: promised, waiting for release.
  void take_order_line(const PromisedLine& promised, sim::Context& ctx);
  // Release and sourcing (oms_release.cpp).
  void on_release(sim::Context& ctx);
  void on_short_pick(const OrderLine& line, sim::Context& ctx);
  void on_shipped(const OrderLine& line, sim::Context& ctx, bool status);  // status: send the shipped status now
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
  // `reserved`: a hard reservation already took the line's units off the node's shelf.
  void dispatch(sim::Context& ctx, std::size_t slot, const OrderLine& line, bool reserved = false);
  void oversold(sim::Context& ctx, const OrderLine& line, sim::ProbeId outcome);
  // Available to sell (ats.h) at a node, in the network, and for a channel.
  [[nodiscard]] std::int64_t node_available(std::size_t slot, std::uint32_t sku) const;
  [[nodiscard]] std::int64_t network_available(std::uint32_t sku) const;
  [[nodiscard]] std::int64_t channel_available(std::uint32_t sku, std::size_t channel) const;
  // Publishes the SKU when the node's figure moved from `before`, or when `force`.
  void refresh(sim::Context& ctx, std::size_t slot, std::uint32_t sku, std::int64_t before, bool force = false);
  void publish(sim::Context& ctx, std::uint32_t sku);
  // A channel's consumption of its allocation: a line counts from its arrival
  // here until it ships or is dropped. Both return whether anything changed
  // (only when the allocation reads consumption).
  bool start_consumption(const OrderLine& line);
  bool end_consumption(const OrderLine& line);

  OmsConfig config_;
  // Per node slot and SKU, SKU-major ([sku * slots + slot]): sourcing scans every node for
  // one SKU, and finds them side by side.
  std::vector<std::int32_t> view_;  // 32 bits: stock is at most 10^9 a SKU; on_delta checks each change
  std::size_t slots_ = 0;
  [[nodiscard]] std::int32_t& view_at(std::size_t slot, std::uint32_t sku) { return view_[sku * slots_ + slot]; }
  [[nodiscard]] std::int64_t view_at(std::size_t slot, std::uint32_t sku) const { return view_[sku * slots_ + slot]; }
  std::vector<std::int64_t> view_total_;              // [sku]: Σ over slots of view_, clamped at 0 each
  std::vector<std::int32_t> committed_;  // the same layout: units of lines in flight (32 bits: lines x 63)
  [[nodiscard]] std::int32_t& committed_at(std::size_t slot, std::uint32_t sku) { return committed_[sku * slots_ + slot]; }
  [[nodiscard]] std::int32_t committed_at(std::size_t slot, std::uint32_t sku) const {
    return committed_[sku * slots_ + slot];
  }
  std::vector<std::int64_t> available_;               // [sku], summed over slots
  std::vector<std::int64_t> awaiting_release_;        // [sku]: units of captured lines not yet sourced
  std::vector<std::int64_t> soft_reserved_;           // [sku]: units of unexpired soft reservations
  sim::FlatHashMap<std::uint64_t, std::uint32_t> soft_holds_;  // line id -> units soft-reserved
  std::vector<std::int64_t> consumed_;                // [sku * channels + channel], if the allocation reads it
  sim::FlatHashSet<std::uint64_t> consuming_;       // line ids counted in consumed_
  mutable std::vector<std::int64_t> shown_;           // [channel]: publish()'s split of one SKU
  // [node id]: its candidate slot, kNoNode when the OMS does not source from it (node ids
  // are the network's LP ids: dense; looked up on every delta).
  std::vector<std::size_t> slot_of_node_;
  [[nodiscard]] std::size_t slot_of(std::size_t node) const {
    return node < slot_of_node_.size() ? slot_of_node_[node] : kNoNode;
  }
  struct Pending {
    OrderLine line;
    std::uint16_t region;
    sim::Time arrived;
    sim::Time captured;  // by the channel, to the minute (PromisedLine): the promise counts from here
  };
  std::vector<std::int64_t> outstanding_;  // [slot]: lines sent to the node, not yet confirmed picked
  // Changes outstanding_[slot], and the queue every candidate list shows for the slot.
  void add_outstanding(std::size_t slot, std::int64_t lines);
  // The slots sourcing may list, in slot order: the nodes that ship parcels, and the
  // pickup stores.
  static constexpr std::uint32_t kNotListed = ~std::uint32_t{0};
  std::vector<std::uint32_t> shipping_slots_;
  std::vector<std::uint32_t> pickup_slots_;
  // A node that must not take the line (it refused or short-picked it) shows this:
  // less than any line's units, whatever earlier lines took.
  static constexpr std::int64_t kExcluded = std::numeric_limits<std::int64_t>::min() / 4;
  // The candidates handed to the policy, kept between orders, one list per kind of order
  // (parcel or pickup) and customer region, made on first use: every slot that may take
  // such an order, those in the customer's region first (SourcingRequest::near_first),
  // each part in slot order. Their queue and hours to cutoff are kept current; what a node
  // shows comes with each request (a node showing too few units simply covers no line).
  struct CandidateList {
    std::vector<SourcingCandidate> nodes;
    std::vector<std::uint32_t> slots;    // nodes[i].slot
    std::vector<std::uint32_t> place;    // [slot]: its index in nodes, or kNotListed
    std::size_t near_first = 0;          // nodes[0, near_first) are in the customer's region
    sim::Time cutoffs_at = sim::Time::infinity();  // when hours_to_cutoff was last set
  };
  [[nodiscard]] const CandidateList& candidate_list(bool bopis, std::uint16_t region, sim::Time now) const;
  mutable std::array<std::vector<CandidateList>, 2> lists_;  // [pickup][customer region]
  mutable SourcingRequest request_;
  // Node-level safety stock (policies.safety_stock), SKU-major like the view: fixed units
  // [sku * slots + slot] (empty when no node holds any), and per slot the share of on hand
  // a `percent` rule holds instead (0: the fixed units).
  bool node_safety_ = false;
  std::vector<std::int32_t> safety_units_;
  std::vector<double> safety_share_;
  [[nodiscard]] std::int64_t node_safety(std::size_t slot, std::uint32_t sku, std::int64_t on_hand) const;
  std::vector<Pending> to_release_;
  sim::FlatHashSet<std::uint64_t> shipping_home_;  // pickup lines sent to be shipped home (line ids)
  sim::FlatHashMap<std::uint64_t, std::size_t> sourced_;   // line id -> slot, until shipped
  sim::FlatHashMap<std::uint64_t, std::size_t> reserved_;  // hard reservations: line id -> slot
  struct Attempt {
    OrderLine line;
    std::uint16_t region = 0;              // the customer's, for the sourcing policy
    sim::Time arrived;                     // the request reached the OMS: the promise counts from here
    std::vector<std::size_t> tried;  // slots that refused, in order
  };
  sim::FlatHashMap<std::uint64_t, Attempt> reserving_;
  sim::FlatHashSet<std::uint64_t> oversold_;  // lines already counted
  sim::FlatHashMap<std::uint64_t, LineState> state_;  // every line this OMS has seen
  // Under idempotent capture, when links copy order lines: every line that arrived (the
  // original or its copy), so that the second is dropped whichever comes first.
  sim::FlatHashSet<std::uint64_t> arrived_;
  void move(const OrderLine& line, LineState to);
  bool has_status_links_ = false;
  bool pools_follow_stock_ = false;  // config_.pools_follow_stock(), asked once

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
  sim::FlatHashMap<std::uint64_t, Routing> routing_;         // sourced lines, until shipped
  std::map<std::uint32_t, std::deque<Backorder>> backorders_;  // per SKU, oldest first (a map: SKU order)
};

// Inline: sourcing asks it for every node of each line's SKU.
// committed_ holds hard reservations too: a node's reservation commits its units.
inline std::int64_t Oms::node_available(std::size_t slot, std::uint32_t sku) const {
  const std::int64_t on_hand = view_at(slot, sku);
  const std::int64_t safety = node_safety_ ? node_safety(slot, sku, on_hand) : 0;
  return ats::node({.on_hand = on_hand, .committed = committed_at(slot, sku), .safety = safety});
}

// SafetyBuffer::held, from the SKU-major copy.
inline std::int64_t Oms::node_safety(std::size_t slot, std::uint32_t sku, std::int64_t on_hand) const {
  if (safety_share_[slot] > 0.0) {
    return whole_units_up(safety_share_[slot] * static_cast<double>(std::max<std::int64_t>(0, on_hand)));
  }
  return safety_units_.empty() ? 0 : safety_units_[sku * slots_ + slot];
}

}  // namespace models::retail
