#include "models/retail/capture_node.h"

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"
#include "sim/hash.h"

static_assert(models::scenario::kMaxReplayOrders == models::retail::kMaxOrderSeq,
              "the loader bounds a replayed log by the orders a capture node can number");

namespace models::retail {

CaptureNode::CaptureNode(std::size_t node, const Topology& topology, std::size_t sku_count, DemandProcess demand,
                         std::uint32_t channel, ReservationMode mode, sim::Duration hold_ttl,
                         std::optional<sim::Duration> reply_timeout, std::optional<SoftHoldTerms> soft_hold,
                         sim::Duration cart_hold, std::int64_t hide_at_or_below, std::int64_t listing_buffer,
                         std::vector<std::int64_t> initial_view, std::vector<std::uint16_t> region_codes,
                         bool close_checkout_when_oms_down)
    : RetailLp(node, topology),
      sku_count_(sku_count),
      view_(std::move(initial_view)),
      demand_(std::move(demand)),
      channel_(channel),
      mode_(mode),
      hold_ttl_(hold_ttl),
      reply_timeout_(reply_timeout),
      soft_hold_(soft_hold),
      cart_hold_(cart_hold),
      hide_at_or_below_(hide_at_or_below),
      listing_buffer_(listing_buffer),
      region_codes_(std::move(region_codes)),
      close_checkout_when_oms_down_(close_checkout_when_oms_down) {
  const std::size_t shards = std::max<std::size_t>(1, topology.oms_shards.size());
  view_.resize(shards * sku_count, 0);
  held_.assign(view_.size(), 0);
  shown_total_.assign(sku_count, 0);
  for (std::size_t i = 0; i < view_.size(); ++i) {
    shown_total_[i % sku_count] += view_[i];
  }
}

void CaptureNode::start(sim::Context& ctx) {
  ctx.emit(probes::kShownSkus, static_cast<double>(sku_count_), 0);
  for (std::uint32_t sku = 0; sku < sku_count_; ++sku) {
    if (shown_total_[sku] != 0) {
      ctx.emit(probes::kShownAvailability, static_cast<double>(shown_total_[sku]), sku);
    }
  }
  demand_rng_ = ctx.stream(kDemandStream);
  if (auto first = demand_.next_arrival(ctx.now(), demand_rng_)) {
    schedule_self(ctx, *first - ctx.now(), Message{Kind::Arrival});
  }
}

std::size_t CaptureNode::at(std::uint32_t sku, std::uint16_t region) const {
  return topology().shard_for_region(region) * sku_count_ + sku;
}

std::int64_t CaptureNode::sellable(std::uint32_t sku, std::uint16_t region) const {
  const std::size_t i = at(sku, region);
  const std::int64_t units = view_[i] - held_[i] - listing_buffer_;
  return units <= hide_at_or_below_ ? 0 : units;
}

void CaptureNode::on_message(const sim::Event& ev, sim::Context& ctx) {
  switch (kind_of(ev)) {
    case Kind::Arrival:
      on_customer(ctx);
      return;
    case Kind::Availability: {
      const Availability update = Availability::decode(ev);
      if (update.sku < sku_count_ && (!update.channel || *update.channel == channel_)) {
        const std::size_t i = update.shard * sku_count_ + update.sku;
        shown_total_[update.sku] += update.units - view_[i];
        view_[i] = update.units;
        ctx.emit(probes::kShownAvailability, static_cast<double>(shown_total_[update.sku]), update.sku);
        held_[i] = 0;  // the update supersedes this node's own decrements
      }
      return;
    }
    case Kind::HoldExpiry: {
      const HoldExpiry hold = HoldExpiry::decode(ev);
      held_[hold.figure] = std::max<std::int64_t>(0, held_[hold.figure] - hold.units);
      return;
    }
    case Kind::ReserveReply:
      on_reserve_reply(ReserveReply::decode(ev), ctx);
      return;
    case Kind::ReserveTimeout:
      on_reserve_timeout(ReserveTimeout::decode(ev).line, ctx);
      return;
    case Kind::Checkout: {
      const Checkout at = Checkout::decode(ev);
      checkout(ctx, at.line, at.region, /*after_cart=*/true);
      return;
    }
    default:
      throw unhandled("a capture node", ev);
  }
}

void CaptureNode::on_reserve_reply(const ReserveReply& reply, sim::Context& ctx) {
  const OrderLine& line = reply.line;
  const auto pending = awaiting_reservation_.find(line.id());
  if (const auto left = gave_up_.find(line.id()); pending == awaiting_reservation_.end() && left != gave_up_.end()) {
    // The customer left at the timeout: give a reservation made since back.
    const std::uint16_t region = left->second;
    gave_up_.erase(left);
    if (!reply.refused) {
      send_toward(ctx, Traffic::Orders, topology().oms_for_region(region),
                  ReserveRequest{kNoNode, line, region, /*release=*/true}.encode(), /*now=*/true);
    }
    return;
  }
  if (pending == awaiting_reservation_.end()) {
    throw sim::ModelError("a reservation reply for a line this node is not waiting for (order " +
                          std::to_string(line.seq) + ", SKU #" + std::to_string(line.sku) + ")");
  }
  const std::uint16_t region = pending->second.region;
  awaiting_reservation_.erase(pending);
  if (reply.refused) {
    ctx.emit(probes::kLineTurnedAway, line.qty, probes::channel_sku(channel_, line.sku));
  } else {
    promise(ctx, line, region);
  }
}

void CaptureNode::on_reserve_timeout(const OrderLine& line, sim::Context& ctx) {
  const auto waiting = awaiting_reservation_.find(line.id());
  if (waiting == awaiting_reservation_.end()) {
    return;  // answered in time
  }
  gave_up_.emplace(line.id(), waiting->second.region);
  awaiting_reservation_.erase(waiting);
  ctx.emit(probes::kReserveTimedOut, line.qty, channel_);
  ctx.emit(probes::kLineTurnedAway, line.qty, probes::channel_sku(channel_, line.sku));
}

void CaptureNode::on_customer(sim::Context& ctx) {
  ctx.emit(probes::kOrderCaptured, 1.0, channel_);
  if (next_order_ > kMaxOrderSeq) {
    throw sim::ModelError("more than 2^23 orders captured at one node in one run");
  }
  const std::uint32_t order = next_order_++;
  std::uint16_t region = 0;
  if (const auto replayed = demand_.replayed_region()) {
    region = *replayed;  // the trace entry's or log row's own
  } else {
    const auto region_index = demand_.region(demand_rng_);
    region = region_index && *region_index < region_codes_.size() ? region_codes_[*region_index] : 0;
  }
  const std::vector<BasketLine> basket = demand_.basket(demand_rng_, ctx.now());
  const bool site_down = down(ctx);
  if (site_down || (close_checkout_when_oms_down_ && oms_down(ctx, region))) {
    ctx.emit(probes::kOrderRefused, site_down ? probes::kRefusedSiteDown : probes::kRefusedCheckoutClosed, channel_);
    for (const BasketLine& item : basket) {
      ctx.emit(probes::kLineRefused, item.qty, probes::channel_sku(channel_, item.sku));
    }
    next_customer(ctx);
    return;
  }
  for (const BasketLine& item : basket) {
    const OrderLine line{static_cast<std::uint32_t>(node()), order, item.sku, item.qty};
    if (sellable(item.sku, region) < item.qty) {
      ctx.emit(probes::kLineTurnedAway, item.qty, probes::channel_sku(channel_, item.sku));
      continue;
    }
    if (cart_hold_ > sim::Duration::zero()) {
      // Into the cart now, checked out `cart_hold` later; a soft reservation is made now.
      if (mode_ == ReservationMode::Soft) {
        send_toward(ctx, Traffic::Orders, topology().oms_for_region(region),
                    SoftReserve{line, false, static_cast<std::uint32_t>(topology().shard_for_region(region))}.encode(),
                    /*now=*/true);
      }
      schedule_self(ctx, cart_hold_, Checkout{line, region}.encode());
      continue;
    }
    checkout(ctx, line, region, /*after_cart=*/false);
  }
  next_customer(ctx);
}

void CaptureNode::next_customer(sim::Context& ctx) {
  if (auto next = demand_.next_arrival(ctx.now(), demand_rng_)) {
    schedule_self(ctx, *next - ctx.now(), Message{Kind::Arrival});
  }
}

bool CaptureNode::oms_down(const sim::Context& ctx, std::uint16_t region) const {
  return !topology().down.empty() && topology().down_at(topology().oms_for_region(region), ctx.now()) != nullptr;
}

void CaptureNode::checkout(sim::Context& ctx, const OrderLine& line, std::uint16_t region, bool after_cart) {
  if (after_cart) {
    // Only an unexpired soft reservation spares the customer a second look at the view.
    const bool held = soft_hold_ && cart_hold_ <= soft_hold_->ttl;
    if (!held && sellable(line.sku, region) < line.qty) {
      ctx.emit(probes::kLineTurnedAway, line.qty, probes::channel_sku(channel_, line.sku));
      return;
    }
  } else if (mode_ == ReservationMode::Soft) {
    // Unbatched, ahead of the order line (which may wait in a batch).
    send_toward(ctx, Traffic::Orders, topology().oms_for_region(region),
                SoftReserve{line, false, static_cast<std::uint32_t>(topology().shard_for_region(region))}.encode(),
                /*now=*/true);
  }
  if (mode_ == ReservationMode::Hard) {
    // A synchronous call: reserve at the node the OMS's sourcing policy picks,
    // then promise. The customer waits `timeout` at most: a reply at exactly
    // `timeout` is in time (the timer fires one microsecond later).
    awaiting_reservation_.emplace(line.id(), Awaiting{line, region});
    if (!send_toward(ctx, Traffic::Orders, topology().oms_for_region(region), ReserveRequest{kNoNode, line, region}.encode(),
                     /*now=*/true)) {
      throw sim::ModelError("hard reservation needs an orders link toward the OMS");
    }
    if (reply_timeout_) {
      schedule_self(ctx, *reply_timeout_ + sim::Duration::micros(1), ReserveTimeout{line}.encode());
    }
    return;
  }
  promise(ctx, line, region);
}

void CaptureNode::promise(sim::Context& ctx, const OrderLine& line, std::uint16_t region) {
  ctx.emit(probes::kLinePromised, line.qty, channel_);
  if (oms_down(ctx, region)) {
    ctx.emit(probes::kLineCapturedOmsDown, 1.0, channel_);
  }
  ctx.emit(probes::kLineCaptured, static_cast<double>(channel_), static_cast<std::int64_t>(line.id()));
  if (is_bopis(topology(), line)) {
    ctx.emit(probes::kLineBopis, static_cast<double>(channel_), static_cast<std::int64_t>(line.id()));
  }
  if (mode_ == ReservationMode::Local || mode_ == ReservationMode::Hard) {
    const std::size_t i = at(line.sku, region);
    held_[i] += line.qty;
    if (hold_ttl_ > sim::Duration::zero()) {
      schedule_self(ctx, hold_ttl_, HoldExpiry{static_cast<std::uint32_t>(i), line.qty}.encode());
    }
  }
  // The customer's region and the capture time ride in the port: for nearest-node sourcing, and the promise.
  send_toward(ctx, Traffic::Orders, topology().oms_for_region(region), PromisedLine{line, region, ctx.now()}.encode());
}

std::uint64_t CaptureNode::state_digest() const {
  std::uint64_t h = next_order_;
  for (std::size_t i = 0; i < view_.size(); ++i) {
    h = sim::fnv_mix(h, static_cast<std::uint64_t>(view_[i] * 31 + held_[i]));
  }
  return h;
}

}  // namespace models::retail
