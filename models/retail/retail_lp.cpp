#include "models/retail/retail_lp.h"

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"

namespace models::retail {

void RetailLp::on_start(sim::Context& ctx) {
  for (LinkSender& sender : senders_) {
    sender.start(ctx);
  }
  start(ctx);
}

void RetailLp::on_event(const sim::Event& ev, sim::Context& ctx) {
  const Kind kind = kind_of(ev);
  if (kind == Kind::LinkFlush || kind == Kind::OutageEnd) {
    const LinkTimer timer = LinkTimer::decode(ev);
    LinkSender& sender = senders_.at(timer.slot);
    if (timer.outage_end) {
      sender.on_outage_end(ctx);
    } else {
      sender.on_flush_tick(ctx);
    }
    return;
  }
  on_message(ev, ctx);
}

void RetailLp::broadcast(sim::Context& ctx, Traffic traffic, const Message& message) {
  // Under a sharded OMS, a delta goes only to the shard that owns its node (of the shards that pass nothing on).
  const bool sharded = message.kind == Kind::InventoryDelta && !topology_->delta_sink_shard.empty();
  const std::size_t owner = sharded ? topology_->oms_for_node(InventoryDelta::decode(message).node) : kNoNode;
  for (LinkSender& sender : senders_) {
    if (sender.traffic() == traffic &&
        !(sharded && sender.to() != owner && topology_->delta_sink_shard[sender.to()])) {
      sender.send(ctx, message);
    }
  }
}

bool RetailLp::send_toward(sim::Context& ctx, Traffic traffic, std::size_t target, const Message& message,
                           bool now) {
  const auto& table = topology_->route[static_cast<std::size_t>(traffic)][node_];
  const auto hop = table.find(target);
  if (hop == table.end()) {
    return false;
  }
  LinkSender& sender = senders_[hop->second];
  if (now) {
    sender.send_now(ctx, message);
  } else {
    sender.send(ctx, message);
  }
  return true;
}

bool RetailLp::take_duplicate(const InventoryDelta& delta, sim::Context& ctx) const {
  const double units = static_cast<double>(delta.units);
  if (topology_->idempotent) {
    ctx.emit(probes::kDuplicateSuppressed, units, 0);
    return false;
  }
  ctx.emit(probes::kDuplicateApplied, units, 0);
  return true;
}

bool RetailLp::accepts_delta_from(std::size_t origin, sim::LpId from_lp) const {
  const auto& primary = topology_->primary[node_];
  const auto it = primary.find(origin);
  return it != primary.end() && it->second == from_lp;
}

double RetailLp::channel_of(const OrderLine& line) const {
  return static_cast<double>(topology_->channel_of_node[line.capture_node]);
}

}  // namespace models::retail
