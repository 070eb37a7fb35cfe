// The OMS's view of stock and what it publishes; messages in, to their handlers.
// Release and sourcing: oms_release.cpp; hard reservations: oms_reservation.cpp;
// refunds and order status: oms_back_office.cpp.
#include "models/retail/oms.h"

#include <algorithm>
#include <limits>
#include <span>

#include "models/retail/ats.h"
#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"
#include "sim/hash.h"

namespace models::retail {
namespace {
std::string describe(const OrderLine& line) {
  return "order line (order " + std::to_string(line.seq) + " of node #" + std::to_string(line.capture_node) +
         ", SKU #" + std::to_string(line.sku) + ")";
}
}  // namespace

void Oms::move(const OrderLine& line, LineState to) {
  const auto it = state_.find(line.id());
  if (it == state_.end()) {
    throw sim::ModelError(describe(line) + ": the OMS never saw this line, yet it is to become " +
                          std::string(to_string(to)));
  }
  check_transition(it->second, to, describe(line));
  it->second = to;
}

Oms::Oms(std::size_t node, const Topology& topology, OmsConfig config)
    : RetailLp(node, topology), config_(std::move(config)) {
  if (!config_.sourcing) {
    throw sim::ModelError("the OMS needs a sourcing policy");
  }
  if (!config_.allocation) {
    throw sim::ModelError("the OMS needs an allocation policy");
  }
  shown_.assign(config_.channel_count, 0);
  pools_follow_stock_ = config_.pools_follow_stock();
  slots_ = config_.candidates.size();
  for (std::size_t slot = 0; slot < slots_; ++slot) {
    const std::size_t node = config_.candidates[slot].node;
    if (node >= slot_of_node_.size()) {
      slot_of_node_.resize(node + 1, kNoNode);
    }
    slot_of_node_[node] = slot;
    if (config_.candidates[slot].ships) {
      shipping_slots_.push_back(static_cast<std::uint32_t>(slot));
    }
    if (config_.candidates[slot].bopis) {
      pickup_slots_.push_back(static_cast<std::uint32_t>(slot));
    }
  }
}

// The per-SKU state, made when the run starts: a model built only to be checked
// (peaksim's plan builds every variant's once) costs none of it.
void Oms::make_views() {
  available_.assign(config_.sku_count, 0);
  awaiting_release_.assign(config_.sku_count, 0);
  soft_reserved_.assign(config_.sku_count, 0);
  outstanding_.assign(config_.candidates.size(), 0);
  // One row per SKU when the allocation reads consumption; else one row of zeros.
  consumed_.assign((config_.allocation->reads_consumption() ? config_.sku_count : 1) * config_.channel_count, 0);
  view_total_.assign(config_.sku_count, 0);
  view_.assign(slots_ * config_.sku_count, 0);
  committed_.assign(slots_ * config_.sku_count, 0);
  for (std::size_t slot = 0; slot < slots_; ++slot) {
    const std::vector<std::int64_t>& initial = config_.candidates[slot].initial;
    for (std::uint32_t sku = 0; sku < config_.sku_count && sku < initial.size(); ++sku) {
      view_at(slot, sku) = static_cast<std::int32_t>(initial[sku]);  // at most 10^9 (the loader's bound)
    }
  }
  // Node safety stock, copied SKU-major (sourcing reads one SKU's nodes side by side) and freed from the config.
  safety_share_.assign(slots_, 0.0);
  for (std::size_t slot = 0; slot < slots_; ++slot) {
    SafetyBuffer& safety = config_.candidates[slot].safety;
    node_safety_ = node_safety_ || !safety.empty() || safety.share > 0.0;
    safety_share_[slot] = safety.share;
    if (safety.share > 0.0 || safety.empty()) {
      continue;
    }
    if (safety_units_.empty()) {
      safety_units_.assign(slots_ * config_.sku_count, 0);
    }
    for (std::uint32_t sku = 0; sku < config_.sku_count && sku < safety.units.size(); ++sku) {
      // More than 2^31 - 1 units hold back as much as 2^31 - 1 would: all the stock (at most 10^9 a SKU, returns aside).
      safety_units_[sku * slots_ + slot] =
          static_cast<std::int32_t>(std::min<std::int64_t>(safety.units[sku], std::numeric_limits<std::int32_t>::max()));
    }
    safety = SafetyBuffer{};
  }
  for (std::uint32_t sku = 0; sku < config_.sku_count; ++sku) {
    for (std::size_t slot = 0; slot < slots_; ++slot) {
      available_[sku] += node_available(slot, sku);
      view_total_[sku] += std::max<std::int64_t>(0, view_at(slot, sku));
    }
  }
}

void Oms::start(sim::Context& ctx) {
  make_views();
  for (const auto& candidate : config_.candidates) {
    ctx.emit(probes::kViewTracks, static_cast<double>(config_.sku_count), static_cast<std::int64_t>(candidate.node));
  }
  for (const LinkSender& sender : senders_) {
    has_status_links_ = has_status_links_ || sender.traffic() == Traffic::Status;
  }
  if (config_.release_interval > sim::Duration::zero()) {
    schedule_self(ctx, config_.release_interval, Message{Kind::ReleaseTick});
  }
}

// available_ is Σ node_available, kept up to date by refresh(); lines captured
// and not yet sourced are held against the network as a whole.
std::int64_t Oms::network_available(std::uint32_t sku) const {
  // Soft reservations (reservation `soft`, oms_reservation.cpp) are held against the network here, and only here.
  return ats::network(available_[sku], awaiting_release_[sku] + soft_reserved_[sku]);
}

// After publish()'s split: the one place a channel's figure is read.
// Safety stock: the channel's own rule, else the network's, off the split (policies.safety_stock).
std::int64_t Oms::channel_available(std::uint32_t sku, std::size_t channel) const {
  return std::max<std::int64_t>(0, shown_[channel] - config_.pool_safety(channel, sku, view_total_[sku]));
}

void Oms::refresh(sim::Context& ctx, std::size_t slot, std::uint32_t sku, std::int64_t before, bool force) {
  const std::int64_t after = node_available(slot, sku);
  available_[sku] += after - before;
  if (after != before || force) {
    publish(ctx, sku);
  }
}

void Oms::publish(sim::Context& ctx, std::uint32_t sku) {
  const std::int64_t network = network_available(sku);
  const std::size_t channels = config_.channel_count;
  const std::size_t row = config_.allocation->reads_consumption() ? sku : 0;
  config_.allocation->split(network, std::span<const std::int64_t>(consumed_.data() + row * channels, channels), shown_);
  for (std::size_t slot = 0; slot < senders_.size(); ++slot) {
    if (senders_[slot].traffic() != Traffic::Availability) {
      continue;
    }
    static const OmsConfig::Feed kNoFeed;
    const OmsConfig::Feed& feed = slot < config_.feeds.size() ? config_.feeds[slot] : kNoFeed;
    if (feed.per_channel) {
      for (const std::uint32_t channel : feed.channels) {
        const auto units = static_cast<std::int32_t>(channel_available(sku, channel));
        senders_[slot].send(ctx, Availability{sku, units, channel, config_.shard}.encode());
      }
      continue;
    }
    // One figure for every channel the link feeds (they are shown the same split): less the largest buffer.
    const std::int64_t split = feed.channels.empty() ? network : shown_[feed.channels.front()];
    const std::int64_t units = std::max<std::int64_t>(0, split - config_.feed_safety(feed, sku, view_total_[sku]));
    senders_[slot].send(ctx, Availability{sku, static_cast<std::int32_t>(units), std::nullopt, config_.shard}.encode());
  }
}

bool Oms::start_consumption(const OrderLine& line) {
  const std::size_t channel = topology().channel_of_node[line.capture_node];
  if (!config_.allocation->reads_consumption() || channel >= config_.channel_count || !consuming_.insert(line.id()).second) {
    return false;
  }
  consumed_[line.sku * config_.channel_count + channel] += line.qty;
  return true;
}

bool Oms::end_consumption(const OrderLine& line) {
  if (consuming_.erase(line.id()) == 0) {
    return false;
  }
  consumed_[line.sku * config_.channel_count + topology().channel_of_node[line.capture_node]] -= line.qty;
  return true;
}

void Oms::on_message(const sim::Event& ev, sim::Context& ctx) {
  switch (kind_of(ev)) {
    case Kind::InventoryDelta:
      on_delta(InventoryDelta::decode(ev), ev.key.origin, ctx);
      return;
    case Kind::OrderLine:
      on_order_line(PromisedLine::decode(ev), ctx);
      return;
    case Kind::ReleaseTick:
      on_release(ctx);
      schedule_self(ctx, config_.release_interval, Message{Kind::ReleaseTick});
      return;
    case Kind::Shipped:
    case Kind::ShortPick: {
      const PickReport report = PickReport::decode(ev);
      if (report.short_pick) {
        on_short_pick(report.line, ctx);
      } else {
        on_shipped(report.line, ctx, /*status=*/!report.scan_follows);
      }
      return;
    }
    case Kind::CarrierScan:  // the carrier's scan: the line's shipped status, now
      send_status(ctx, CarrierScan::decode(ev).line, OrderStatus::Shipped);
      return;
    case Kind::Reserve:
      on_reserve(ReserveRequest::decode(ev), ctx);
      return;
    case Kind::ReserveReply:
      on_reserve_reply(ReserveReply::decode(ev), ctx);
      return;
    case Kind::SoftReserve:
    case Kind::SoftExpiry:
      on_soft_reserve(SoftReserve::decode(ev), ctx);
      return;
    case Kind::Return:  // on toward the ERP, as it came
      send_toward(ctx, Traffic::Returns, topology().erp, ev);
      return;
    case Kind::Refund:
      on_refund(RefundNotice::decode(ev), ctx);
      return;
    case Kind::BackorderExpiry:
      on_backorder_expiry(BackorderExpiry::decode(ev).line, ctx);
      return;
    default:
      throw unhandled("the OMS", ev);
  }
}

void Oms::on_order_line(const PromisedLine& promised, sim::Context& ctx) {
  if (!topology().copies_order_lines) {
    take_order_line(promised, ctx);
    return;
  }
  // A link may deliver a line twice (faults.duplicate, faults.resend): the copy comes marked.
  PromisedLine original = promised;
  original.line.resent = false;
  const auto channel = static_cast<double>(topology().channel_of_node[promised.line.capture_node]);
  OrderLine copy = original.line;
  copy.resent = true;
  if (!topology().idempotent) {  // the copy is taken for another order, with an identity of its own
    if (promised.line.resent) {
      ctx.emit(probes::kDuplicateOrderApplied, channel, static_cast<std::int64_t>(copy.id()));
    }
    take_order_line(promised, ctx);
    return;
  }
  // Idempotent capture knows the order by its identity, whichever of the two comes first:
  // the first is the order (a copy whose original was lost, or is still on its way, is
  // the order itself), the second is dropped.
  if (!arrived_.insert(original.line.id()).second) {
    ctx.emit(probes::kDuplicateOrderSuppressed, channel, static_cast<std::int64_t>(copy.id()));
    return;
  }
  take_order_line(original, ctx);
}

void Oms::take_order_line(const PromisedLine& promised, sim::Context& ctx) {
  const OrderLine& line = promised.line;
  const auto [known, fresh] = state_.emplace(line.id(), LineState::Promised);
  if (!fresh && known->second != LineState::Promised) {  // hard reservations promise before the line arrives
    check_transition(known->second, LineState::Promised, describe(line));
  }
  to_release_.push_back(Pending{line, promised.region, ctx.now(), promised.captured});
  convert_soft_hold(line);  // its units now wait for release instead
  if (line.sku < config_.sku_count) {
    const bool consumes = start_consumption(line);
    const bool awaits = !reserved_.contains(line.id());  // hard-reserved lines were committed already
    if (awaits) {
      awaiting_release_[line.sku] += line.qty;
    }
    if (awaits || consumes) {
      publish(ctx, line.sku);
    }
  }
  if (config_.release_interval == sim::Duration::zero()) {
    on_release(ctx);  // continuous release
  }
}

void Oms::on_delta(const InventoryDelta& delta, sim::LpId from, sim::Context& ctx) {
  if (!accepts_delta_from(delta.node, from)) {
    return;  // the same delta arrives by a shorter path too
  }
  if (delta.duplicate && !take_duplicate(delta, ctx)) {
    return;
  }
  broadcast(ctx, Traffic::Inventory, InventoryDelta{delta.node, delta.sku, delta.units}.encode());
  const std::size_t slot = slot_of(delta.node);
  if (slot == kNoNode || delta.sku >= config_.sku_count) {
    return;
  }
  const std::int64_t before = node_available(slot, delta.sku);
  std::int32_t& view = view_at(slot, delta.sku);
  const std::int64_t after = std::int64_t{view} + delta.units;
  if (after > std::numeric_limits<std::int32_t>::max() || after < std::numeric_limits<std::int32_t>::min()) {
    throw sim::ModelError("the OMS's view of node #" + std::to_string(delta.node) + ", SKU #" +
                          std::to_string(delta.sku) + ": " + std::to_string(after) +
                          " units, beyond the 2^31 - 1 a position holds");
  }
  view_total_[delta.sku] += std::max<std::int64_t>(0, after) - std::max<std::int64_t>(0, view);
  view = static_cast<std::int32_t>(after);
  ctx.emit(probes::kViewApplied, delta.units, probes::node_sku(delta.node, delta.sku));
  // A network or channel buffer that follows on hand changes with it: publish even if the node's figure did not.
  refresh(ctx, slot, delta.sku, before, pools_follow_stock_);
  if (config_.release_interval == sim::Duration::zero() && !backorders_.empty()) {
    release_backorders(ctx);  // continuous release: a backorder goes as soon as the view covers it
  }
}

void Oms::finish(sim::Context& ctx) {
  for (std::size_t slot = 0; slot < slots_; ++slot) {
    std::int64_t units = 0;
    for (std::uint32_t sku = 0; sku < config_.sku_count; ++sku) {
      units += view_at(slot, sku);
    }
    ctx.emit(probes::kOmsViewUnits, static_cast<double>(units), 0);
  }
}

std::uint64_t Oms::state_digest() const {
  std::uint64_t h = sourced_.size() * 31 + oversold_.size() + (state_.size() << 20);
  for (std::int64_t a : available_) {
    h = sim::fnv_mix(h, static_cast<std::uint64_t>(a));
  }
  return h;
}

}  // namespace models::retail
