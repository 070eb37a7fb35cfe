#include "models/retail/retail_lp.h"

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"

namespace models::retail {

RetailLp::RetailLp(std::size_t node, const Topology& topology)
    : node_(node), topology_(&topology), dead_letters_(topology.dead_letters) {}

void RetailLp::on_start(sim::Context& ctx) {
  for (LinkSender& sender : senders_) {
    sender.start(ctx);
  }
  if (node_ < topology_->down.size()) {
    const auto& windows = topology_->down[node_];
    for (std::size_t idx = 0; idx < windows.size(); ++idx) {
      const auto port = static_cast<std::uint16_t>(idx);
      schedule_self(ctx, windows[idx].start, Message{Kind::SystemDown, port});
      schedule_self(ctx, windows[idx].end(), Message{Kind::SystemUp, port});
    }
  }
  start(ctx);
}

bool RetailLp::down(const sim::Context& ctx) const {
  return !topology_->down.empty() && topology_->down_at(node_, ctx.now()) != nullptr;
}

void RetailLp::recover(sim::Context& ctx) {
  std::vector<sim::Event> waited;
  waited.swap(waiting_);
  for (const sim::Event& ev : waited) {
    on_event(ev, ctx);  // (a window starting now would keep them waiting)
  }
}

void RetailLp::reject(const sim::Event& ev, sim::Context& ctx) {
  sim::Event clean = ev;
  clean.kind = static_cast<sim::EventKind>(ev.kind & ~kRejectedBits);
  const Rejection why = rejection_of(ev.kind);
  if (topology_->dead_letters.mode == DeadLetterTerms::Mode::None) {
    emit_lost(ctx, Message(clean), 4);
    return;
  }
  const std::optional<sim::Time> readable =
      why == Rejection::Schema ? topology_->readable_from(node_, ev.key.origin) : std::optional<sim::Time>(ctx.now());
  dead_letters_.take(ctx, clean, why, readable);
}

void RetailLp::on_finish(sim::Context& ctx) {
  std::uint64_t sent = 0;
  std::uint64_t in_flight = waiting_.size();
  for (const LinkSender& sender : senders_) {
    sent += sender.sent();
    in_flight += sender.in_flight();
  }
  for (std::size_t idx = 0; idx < waiting_.size(); ++idx) {
    if (waiting_[idx].key.origin == ctx.self()) {
      --in_flight;  // its own timer, not a message
    }
  }
  ctx.emit(probes::kMessagesSent, static_cast<double>(sent), 0);
  ctx.emit(probes::kMessagesDelivered, static_cast<double>(delivered_), 0);
  ctx.emit(probes::kMessagesInFlight, static_cast<double>(in_flight), 0);
  if (dead_letters_.held() > 0) {
    ctx.emit(probes::kMessagesDeadLettered, static_cast<double>(dead_letters_.held()), 0);
  }
  finish(ctx);
}

void RetailLp::on_event(const sim::Event& ev, sim::Context& ctx) {
  const Kind kind = kind_of(ev);
  if (kind == Kind::SystemDown) {
    const auto& window = topology_->down[node_].at(ev.port);
    ctx.emit(probes::kSystemDown, window.duration.to_seconds(), static_cast<std::int64_t>(node_));
    return;
  }
  if (kind == Kind::SystemUp) {
    recover(ctx);
    return;
  }
  const bool message = ev.key.origin != ctx.self();
  if (!waiting_.empty() && !down(ctx)) {
    recover(ctx);  // back up at this instant: what waited goes first, whatever the order of same-instant events
  }
  if (!topology_->down.empty() && down(ctx)) {
    if (message && !topology_->durable) {
      emit_lost(ctx, Message(ev), 2);  // on the wire when the system went down: at_most_once drops it
      return;
    }
    if (message || !runs_while_down_) {
      waiting_.push_back(ev);
      return;
    }
  }
  if ((ev.kind & kRejectedBits) != 0) {
    reject(ev, ctx);
    return;
  }
  if (kind == Kind::Redrive || kind == Kind::CaseDone || kind == Kind::TeamShift) {
    if (const auto again = dead_letters_.on_timer(ev, ctx)) {
      on_event(*again, ctx);  // re-driven: handled as if it had just arrived
    }
    return;
  }
  delivered_ += message ? 1 : 0;
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
