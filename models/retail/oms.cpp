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
    schedule_self(ctx, config_.release_interval, Message{Kind::ReleaseTick});
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
      senders_[slot].send(ctx, Availability{sku, units}.encode());
    }
  }
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
        on_shipped(report.line, ctx);
      }
      return;
    }
    case Kind::Reserve:
      on_reserve(ReserveRequest::decode(ev).line, ctx);
      return;
    case Kind::ReserveReply:
      on_reserve_reply(ReserveReply::decode(ev), ctx);
      return;
    case Kind::Return:  // on toward the ERP, as it came
      send_toward(ctx, Traffic::Returns, topology().erp, ev);
      return;
    case Kind::Refund:
      on_refund(RefundNotice::decode(ev), ctx);
      return;
    default:
      throw unhandled("the OMS", ev);
  }
}

void Oms::on_order_line(const PromisedLine& promised, sim::Context& ctx) {
  const OrderLine& line = promised.line;
  const auto [known, fresh] = state_.emplace(line.id(), LineState::Promised);
  if (!fresh && known->second != LineState::Promised) {  // hard reservations promise before the line arrives
    check_transition(known->second, LineState::Promised, describe(line));
  }
  to_release_.push_back(Pending{line, promised.region, ctx.now(), promised.captured});
  if (!reserved_.contains(line.id()) && line.sku < config_.sku_count) {
    awaiting_release_[line.sku] += line.qty;  // hard-reserved lines were committed already
    publish(ctx, line.sku);
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
  const auto slot = slot_of_node_.find(delta.node);
  if (slot == slot_of_node_.end() || delta.sku >= config_.sku_count) {
    return;
  }
  const std::int64_t before = node_available(slot->second, delta.sku);
  view_[slot->second][delta.sku] += delta.units;
  refresh(ctx, slot->second, delta.sku, before);
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
