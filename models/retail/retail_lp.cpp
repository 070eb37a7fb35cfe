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
  if (ev.kind == kLinkFlush) {
    senders_.at(ev.port).on_flush_tick(ctx);
    return;
  }
  if (ev.kind == kOutageEnd) {
    senders_.at(ev.port).on_outage_end(ctx);
    return;
  }
  on_message(ev, ctx);
}

void RetailLp::broadcast(sim::Context& ctx, Traffic traffic, sim::EventKind kind, std::uint16_t port,
                         sim::Payload payload) {
  for (LinkSender& sender : senders_) {
    if (sender.traffic() == traffic) {
      sender.send(ctx, kind, port, payload);
    }
  }
}

bool RetailLp::send_toward(sim::Context& ctx, Traffic traffic, std::size_t target, sim::EventKind kind,
                           std::uint16_t port, sim::Payload payload, bool now) {
  const auto& table = topology_->route[static_cast<std::size_t>(traffic)][node_];
  const auto hop = table.find(target);
  if (hop == table.end()) {
    return false;
  }
  LinkSender& sender = senders_[hop->second];
  if (now) {
    sender.send_now(ctx, kind, port, payload);
  } else {
    sender.send(ctx, kind, port, payload);
  }
  return true;
}

bool RetailLp::take_duplicate(const sim::Event& ev, sim::Context& ctx) const {
  const double units = static_cast<double>(value_of(ev.payload));
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
