// models/retail/capture_node.h — a storefront or marketplace: promises against a view.
//
// Customers buy against the availability this node last heard of (the
// storefront's cache, the marketplace's listing quantity): that view is only as
// fresh as the link that feeds it, which is how the same unit gets promised
// twice. Under `local` reservation (and the policies built on it) the node
// also decrements its own view as it promises, until the next update (or the
// hold's ttl); under `soft` it tells the OMS, which holds the units against
// every channel's availability; under `hard` it reserves through the OMS, at the node the
// sourcing policy chooses, before promising, paying the round trip: a customer
// whose reply has not come `timeout` after the request is turned away, and a
// reservation that comes after that is given back. With a `cart_hold`, the
// customer checks out that long after putting the line in the cart (a soft
// reservation is made at add-to-cart). A customer who finds nothing
// is turned away; analysis/ decides afterwards whether stock existed (a lost sale).
// Under a sharded OMS the node keeps each shard's figure, and a customer buys
// against the figure of the shard that owns the customer's region.
// While the node itself is down (its `outages`) a customer finds the site down
// and orders nothing; while the customer's OMS shard is down, the node keeps
// promising against its last figures (the lines wait for the OMS) or, with
// `when_oms_down: close_checkout`, the customer cannot check out. The basket is
// drawn either way, so every variant sees the same customers.
#pragma once

#include <optional>
#include <vector>

#include "models/retail/demand.h"
#include "models/retail/levers/reservation.h"
#include "models/retail/messages.h"
#include "models/retail/retail_lp.h"
#include "sim/flat_hash.h"

namespace models::retail {

class CaptureNode final : public RetailLp {
 public:
  CaptureNode(std::size_t node, const Topology& topology, std::size_t sku_count, DemandProcess demand,
              std::uint32_t channel, ReservationMode mode, sim::Duration hold_ttl,
              std::optional<sim::Duration> reply_timeout, std::optional<SoftHoldTerms> soft_hold,
              sim::Duration cart_hold, std::int64_t hide_at_or_below,
              std::int64_t listing_buffer, std::vector<std::int64_t> initial_view,  // [shard * SKUs + SKU]
              std::vector<std::uint16_t> region_codes, bool close_checkout_when_oms_down = false);

  [[nodiscard]] std::uint64_t state_digest() const override;

 private:
  void start(sim::Context& ctx) override;
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  void on_customer(sim::Context& ctx);
  void next_customer(sim::Context& ctx);  // schedules the next arrival, if any
  void on_reserve_reply(const ReserveReply& reply, sim::Context& ctx);
  void on_reserve_timeout(const OrderLine& line, sim::Context& ctx);
  // The customer buys `line`: a hard reservation first, else the promise.
  // `after_cart`: at the end of the cart hold, when the cart holds nothing (or its
  // soft reservation expired) and the view is looked at again.
  void checkout(sim::Context& ctx, const OrderLine& line, std::uint16_t region, bool after_cart);
  void promise(sim::Context& ctx, const OrderLine& line, std::uint16_t region);
  // Whether the OMS shard that takes orders from `region` is down now.
  [[nodiscard]] bool oms_down(const sim::Context& ctx, std::uint16_t region) const;
  // What a customer in `region` may buy: the figure of the OMS shard that owns the region.
  [[nodiscard]] std::int64_t sellable(std::uint32_t sku, std::uint16_t region) const;
  [[nodiscard]] std::size_t at(std::uint32_t sku, std::uint16_t region) const;  // the index of its figure

  // [shard * SKUs + SKU]: one figure per OMS shard (one shard: per SKU).
  std::size_t sku_count_;
  std::vector<std::int64_t> view_;   // availability as last heard
  std::vector<std::int64_t> held_;   // local decrements since then
  std::vector<std::int64_t> shown_total_;  // [SKU]: Σ over shards of view_, what the probes see
  DemandProcess demand_;
  std::uint32_t channel_;
  ReservationMode mode_;
  sim::Duration hold_ttl_;
  std::optional<sim::Duration> reply_timeout_;  // hard: how long a customer waits for the reservation
  std::optional<SoftHoldTerms> soft_hold_;      // soft: the OMS's hold terms
  sim::Duration cart_hold_;                     // add-to-cart to checkout (0s: at once)
  std::int64_t hide_at_or_below_;
  std::int64_t listing_buffer_;
  sim::LpRandom demand_rng_;
  std::uint32_t next_order_ = 0;
  std::vector<std::uint16_t> region_codes_;  // channel region index -> network region code (0: none)
  bool close_checkout_when_oms_down_;
  struct Awaiting {
    OrderLine line;
    std::uint16_t region;
  };
  sim::FlatHashMap<std::uint64_t, Awaiting> awaiting_reservation_;  // line id -> line
  sim::FlatHashMap<std::uint64_t, std::uint16_t> gave_up_;  // lines whose customer left before the reply -> region
};

}  // namespace models::retail
