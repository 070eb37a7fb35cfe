// The OMS's view of stock and what it publishes; messages in, to their handlers.
// Release and sourcing: oms_release.cpp; hard reservations: oms_reservation.cpp;
// refunds and order status: oms_back_office.cpp.
#include "models/retail/oms.h"

#include <algorithm>
#include <cmath>

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
  available_.assign(config_.sku_count, 0);
  awaiting_release_.assign(config_.sku_count, 0);
  outstanding_.assign(config_.candidates.size(), 0);
  if (!config_.sourcing) {
    throw sim::ModelError("the OMS needs a sourcing policy");
  }
  for (std::size_t slot = 0; slot < config_.candidates.size(); ++slot) {
    const auto& c = config_.candidates[slot];
    slot_of_node_[c.node] = slot;
    view_.push_back(c.initial);
    view_.back().resize(config_.sku_count, 0);
    committed_.emplace_back(config_.sku_count, 0);
    for (std::uint32_t sku = 0; sku < config_.sku_count; ++sku) {
      available_[sku] += node_available(slot, sku);
    }
  }
}

void Oms::start(sim::Context& ctx) {
  for (const LinkSender& sender : senders_) {
    has_status_links_ = has_status_links_ || sender.traffic() == Traffic::Status;
  }
  if (config_.release_interval > sim::Duration::zero()) {
    ctx.schedule_self(config_.release_interval, kReleaseTick);
  }
}

std::int64_t Oms::node_available(std::size_t slot, std::uint32_t sku) const {
  const std::int64_t safety = sku < config_.candidates[slot].safety.size() ? config_.candidates[slot].safety[sku] : 0;
  return std::max<std::int64_t>(0, view_[slot][sku] - committed_[slot][sku] - safety);
}

void Oms::refresh(sim::Context& ctx, std::size_t slot, std::uint32_t sku, std::int64_t before) {
  const std::int64_t after = node_available(slot, sku);
  if (after != before) {
    available_[sku] += after - before;
    publish(ctx, sku);
  }
}

void Oms::publish(sim::Context& ctx, std::uint32_t sku) {
  for (std::size_t slot = 0; slot < senders_.size(); ++slot) {
    if (senders_[slot].traffic() == Traffic::Availability) {
      const double share = slot < config_.availability_share.size() ? config_.availability_share[slot] : 1.0;
      const std::int64_t atp = std::max<std::int64_t>(0, available_[sku] - awaiting_release_[sku]);
      const auto units = static_cast<std::int32_t>(std::floor(static_cast<double>(atp) * share));
      senders_[slot].send(ctx, kAvailability, 0, sku_value(sku, units));
    }
  }
}

void Oms::on_message(const sim::Event& ev, sim::Context& ctx) {
  switch (ev.kind) {
    case kInventoryDelta:
      on_delta(ev, ctx);
      return;
    case kOrderLine: {
      const OrderLine line = OrderLine::unpack(ev.payload);
      const auto [known, fresh] = state_.emplace(line.id(), LineState::Promised);
      if (!fresh && known->second != LineState::Promised) {  // hard reservations promise before the line arrives
        check_transition(known->second, LineState::Promised, describe(line));
      }
      to_release_.push_back(Pending{line, ev.port, ctx.now()});
      if (!reserved_.contains(line.id()) && line.sku < config_.sku_count) {
        awaiting_release_[line.sku] += line.qty;  // hard-reserved lines were committed already
        publish(ctx, line.sku);
      }
      if (config_.release_interval == sim::Duration::zero()) {
        on_release(ctx);  // continuous release
      }
      return;
    }
    case kReleaseTick:
      on_release(ctx);
      ctx.schedule_self(config_.release_interval, kReleaseTick);
      return;
    case kShipped:
      on_shipped(ev, ctx);
      return;
    case kShortPick:
      on_short_pick(ev, ctx);
      return;
    case kReserve:
      on_reserve(ev, ctx);
      return;
    case kReserveReply:
      on_reserve_reply(ev, ctx);
      return;
    case kReturn:
      send_toward(ctx, Traffic::Returns, topology().erp, ev.kind, ev.port, ev.payload);
      return;
    case kRefund:
      on_refund(ev, ctx);
      return;
    default:
      throw sim::ModelError("the OMS got an event of kind " + std::to_string(ev.kind) + " it does not handle");
  }
}

void Oms::on_delta(const sim::Event& ev, sim::Context& ctx) {
  const std::size_t origin = ev.port & kNodeMask;
  if (!accepts_delta_from(origin, ev.key.origin)) {
    return;  // the same delta arrives by a shorter path too
  }
  if ((ev.port & kDuplicateCopy) != 0 && !take_duplicate(ev, ctx)) {
    return;
  }
  broadcast(ctx, Traffic::Inventory, kInventoryDelta, static_cast<std::uint16_t>(origin), ev.payload);
  const auto slot = slot_of_node_.find(origin);
  const std::uint32_t sku = sku_of(ev.payload);
  if (slot == slot_of_node_.end() || sku >= config_.sku_count) {
    return;
  }
  const std::int64_t before = node_available(slot->second, sku);
  view_[slot->second][sku] += value_of(ev.payload);
  refresh(ctx, slot->second, sku, before);
}

void Oms::on_finish(sim::Context& ctx) {
  for (std::size_t slot = 0; slot < view_.size(); ++slot) {
    std::int64_t units = 0;
    for (const std::int64_t u : view_[slot]) {
      units += u;
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
