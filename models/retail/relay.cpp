#include "models/retail/relay.h"

#include <algorithm>
#include <cmath>

#include "models/retail/build.h"
#include "models/retail/demand.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "models/retail/returns.h"
#include "sim/context.h"
#include "sim/hash.h"

namespace models::retail {

Relay::Relay(std::size_t node, const Topology& topology, bool keeps_position, std::size_t sku_count,
             Capacity capacity)
    : RetailLp(node, topology),
      keeps_position_(keeps_position),
      sku_count_(sku_count),
      capacity_(capacity),
      service_(capacity.per_second > 0.0 ? sim::Duration::micros(std::max<std::int64_t>(
                                              1, std::llround(1e6 / capacity.per_second)))
                                        : sim::Duration::zero()) {
}

void Relay::start(sim::Context& ctx) {
  if (keeps_position_) {  // the ERP's positions: every node whose deltas it applies, in node order
    std::vector<std::size_t> origins;
    for (const auto& [origin, neighbour] : topology().primary[node()]) {
      origins.push_back(origin);
    }
    std::sort(origins.begin(), origins.end());
    for (const std::size_t origin : origins) {
      ctx.emit(probes::kViewTracks, static_cast<double>(sku_count_), static_cast<std::int64_t>(origin));
    }
  }
  if (office_.posting_delay) {
    posting_rng_ = ctx.stream(kReturnsStream);
  }
  if (office_.confirm_delay) {
    confirm_rng_ = ctx.stream(kConfirmStream);
  }
  if (office_.status_refresh) {
    schedule_self(ctx, *office_.status_refresh, StatusUpdate{.refresh_timer = true}.encode());
  }
}

void Relay::refresh_status_view(sim::Context& ctx) {
  // Everything received since the last refresh is shown now.
  for (const Status& s : unshown_) {
    ctx.emit(probes::kStatusShown, status_code(s.status), s.line);
  }
  unshown_.clear();
  schedule_self(ctx, *office_.status_refresh, StatusUpdate{.refresh_timer = true}.encode());
}

void Relay::post_return(const ReturnNotice& posted, sim::Context& ctx) {
  if (posted.record.till) {  // the store refunded already
    ctx.emit(probes::kRefundReconciled, posted.channel, static_cast<std::int64_t>(posted.record.id()));
    return;
  }
  send_toward(ctx, Traffic::Refunds, topology().oms_for_node(posted.record.node),
              RefundNotice{posted.channel, posted.record}.encode());
}

void Relay::on_message(const sim::Event& ev, sim::Context& ctx) {
  // Timers, not messages: no queue.
  const Kind kind = kind_of(ev);
  if (kind == Kind::Status && StatusUpdate::decode(ev).refresh_timer) {
    refresh_status_view(ctx);
    return;
  }
  if (kind == Kind::Return) {
    if (const ReturnNotice notice = ReturnNotice::decode(ev); notice.posting_timer) {
      post_return(notice, ctx);
      return;
    }
  }
  if (office_.confirm_delay && (kind == Kind::Shipped || kind == Kind::ShortPick)) {
    PickReport report = PickReport::decode(ev);
    if (!report.wms_timer) {  // held for the WMS's confirmation delay
      report.wms_timer = true;
      schedule_self(ctx, office_.confirm_delay->sample(confirm_rng_), report.encode());
      return;
    }
    report.wms_timer = false;  // confirmed: on toward the OMS, as it came
    forward(report.encode(), ev.key.origin, ctx);
    return;
  }
  if (capacity_.per_second <= 0.0) {
    forward(ev, ev.key.origin, ctx);
    return;
  }
  if (kind == Kind::BrokerTick) {
    const Queued head = queue_.front();
    queue_.pop_front();
    ctx.emit(probes::kBrokerQueue, -1.0, capacity_.label);
    ctx.emit(probes::kMessageAge, (ctx.now() - head.arrived).to_seconds(), capacity_.label);
    forward(head.message, head.from, ctx);
    if (!queue_.empty()) {
      schedule_self(ctx, service_, Message{Kind::BrokerTick});
    }
    return;
  }
  if (capacity_.queue_limit > 0 && static_cast<std::int64_t>(queue_.size()) >= capacity_.queue_limit) {
    emit_lost(ctx, Message(ev), 3);  // refused: the queue is full
    return;
  }
  queue_.push_back(Queued{ev, ev.key.origin, ctx.now()});
  ctx.emit(probes::kBrokerQueue, 1.0, capacity_.label);
  if (queue_.size() == 1) {
    schedule_self(ctx, service_, Message{Kind::BrokerTick});  // idle until now: start on it
  }
}

void Relay::forward_delta(const InventoryDelta& delta, sim::LpId from, sim::Context& ctx) {
  if (!accepts_delta_from(delta.node, from)) {
    return;
  }
  if (delta.duplicate && !take_duplicate(delta, ctx)) {
    return;
  }
  if (keeps_position_) {
    if (delta.sku < sku_count_) {
      applied_digest_ = sim::fnv_mix(sim::fnv_mix(sim::fnv_mix(applied_digest_, delta.node), delta.sku),
                                     static_cast<std::uint64_t>(delta.units));
      ctx.emit(probes::kViewApplied, delta.units, probes::node_sku(delta.node, delta.sku));
    }
  }
  // Applied twice: passed on twice (as the original, no longer a duplicate).
  broadcast(ctx, Traffic::Inventory,
            InventoryDelta{delta.node, delta.sku, delta.units, /*duplicate=*/false, delta.urgent}.encode());
}

void Relay::forward(const Message& message, sim::LpId from, sim::Context& ctx) {
  ++forwarded_;
  switch (message.kind) {
    case Kind::InventoryDelta:
      forward_delta(InventoryDelta::decode(message), from, ctx);
      return;
    case Kind::Availability:
      broadcast(ctx, Traffic::Availability, message);
      return;
    case Kind::OrderLine:  // to the OMS shard of the customer's region
      send_toward(ctx, Traffic::Orders, topology().oms_for_region(PromisedLine::region_of(message)), message);
      return;
    case Kind::Reserve: {
      // From a capture node toward the OMS, or from the OMS toward the node.
      const ReserveRequest request = ReserveRequest::decode(message);
      send_toward(ctx, Traffic::Orders, request.node == kNoNode ? topology().oms_for_region(request.region) : request.node,
                  message, true);
      return;
    }
    case Kind::SoftReserve:  // toward the OMS (its shard), unbatched as it was sent
      send_toward(ctx, Traffic::Orders, topology().oms_shard(SoftReserve::decode(message).shard), message, true);
      return;
    case Kind::Fulfil:
      send_toward(ctx, Traffic::Orders, Fulfil::decode(message).node, message);
      return;
    case Kind::Shipped:  // to the OMS shard that owns the node
    case Kind::ShortPick:
      send_toward(ctx, Traffic::Shipments, topology().oms_for_node(PickReport::decode(message).node), message);
      return;
    case Kind::CarrierScan:
      send_toward(ctx, Traffic::Shipments, topology().oms_shard(CarrierScan::decode(message).shard), message);
      return;
    case Kind::ReserveReply: {
      // Node -> OMS replies travel shipments links; OMS -> capture node replies availability links.
      const ReserveReply reply = ReserveReply::decode(message);
      if (reply.to_capture) {
        send_toward(ctx, Traffic::Availability, reply.line.capture_node, message, true);
      } else {
        send_toward(ctx, Traffic::Shipments, topology().oms_for_node(reply.node), message, true);
      }
      return;
    }
    case Kind::Return:
      if (office_.posting_delay) {
        ReturnNotice posting = ReturnNotice::decode(message);
        posting.posting_timer = true;
        schedule_self(ctx, office_.posting_delay->sample(posting_rng_), posting.encode());
      } else {
        send_toward(ctx, Traffic::Returns, topology().erp, message);
      }
      return;
    case Kind::Refund:  // to the OMS shard that owns the node the unit came back to
      send_toward(ctx, Traffic::Refunds, topology().oms_for_node(RefundNotice::decode(message).record.node), message);
      return;
    case Kind::Status:
      if (office_.status_refresh) {
        const StatusUpdate update = StatusUpdate::decode(message);
        unshown_.push_back(Status{static_cast<std::int64_t>(update.line.id()), update.status});
      } else {
        broadcast(ctx, Traffic::Status, message);
      }
      return;
    default:
      throw unhandled("a relay", message);
  }
}

std::uint64_t Relay::state_digest() const {
  std::uint64_t h = forwarded_ * 31 + queue_.size();
  return sim::fnv_mix(h, applied_digest_);
}

}  // namespace models::retail
