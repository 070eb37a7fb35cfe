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

Relay::Relay(std::size_t node, const Topology& topology, bool keeps_position, std::size_t node_count,
             std::size_t sku_count, Capacity capacity)
    : RetailLp(node, topology),
      keeps_position_(keeps_position),
      sku_count_(sku_count),
      capacity_(capacity),
      service_(capacity.per_second > 0.0 ? sim::Duration::micros(std::max<std::int64_t>(
                                              1, std::llround(1e6 / capacity.per_second)))
                                        : sim::Duration::zero()) {
  if (keeps_position_) {
    position_.resize(node_count);
  }
}

void Relay::start(sim::Context& ctx) {
  if (office_.posting_delay) {
    posting_rng_ = ctx.stream(kReturnsStream);
  }
  if (office_.confirm_delay) {
    confirm_rng_ = ctx.stream(kConfirmStream);
  }
  if (office_.status_refresh) {
    ctx.schedule_self(*office_.status_refresh, kStatus, {}, kSelfTick);
  }
}

void Relay::on_tick(const sim::Event& ev, sim::Context& ctx) {
  if (ev.kind == kStatus) {
    // The view refreshes: everything received since the last refresh is shown now.
    for (const Status& s : unshown_) {
      ctx.emit(probes::kStatusShown, s.status, s.line);
    }
    unshown_.clear();
    ctx.schedule_self(*office_.status_refresh, kStatus, {}, kSelfTick);
    return;
  }
  // kReturn: the ERP has posted a return record.
  const ReturnRecord record = ReturnRecord::unpack(ev.payload);
  const std::uint16_t channel = ev.port & static_cast<std::uint16_t>(~kSelfTick);
  if (record.till) {
    ctx.emit(probes::kRefundReconciled, channel, static_cast<std::int64_t>(record.id()));  // the store refunded already
    return;
  }
  send_toward(ctx, Traffic::Refunds, topology().oms, kRefund, channel, ev.payload);
}

void Relay::on_message(const sim::Event& ev, sim::Context& ctx) {
  if ((ev.port & kSelfTick) != 0 && (ev.kind == kStatus || ev.kind == kReturn)) {
    on_tick(ev, ctx);  // a timer, not a message: no queue
    return;
  }
  if (office_.confirm_delay && (ev.kind == kShipped || ev.kind == kShortPick)) {
    if ((ev.port & kSelfTick) == 0) {
      ctx.schedule_self(office_.confirm_delay->sample(confirm_rng_), ev.kind, ev.payload,
                        static_cast<std::uint16_t>(ev.port | kSelfTick));
      return;
    }
    sim::Event confirmed = ev;  // confirmed: on toward the OMS, as it came
    confirmed.port = static_cast<std::uint16_t>(ev.port & ~kSelfTick);
    forward(confirmed, ctx);
    return;
  }
  if (capacity_.per_second <= 0.0) {
    forward(ev, ctx);
    return;
  }
  const sim::Duration service = service_;
  if (ev.kind == kBrokerTick) {
    const Queued head = queue_.front();
    queue_.pop_front();
    ctx.emit(probes::kBrokerQueue, -1.0, capacity_.label);
    ctx.emit(probes::kMessageAge, (ctx.now() - head.arrived).to_seconds(), capacity_.label);
    forward(head.event, ctx);
    if (!queue_.empty()) {
      ctx.schedule_self(service, kBrokerTick);
    }
    return;
  }
  if (capacity_.queue_limit > 0 && static_cast<std::int64_t>(queue_.size()) >= capacity_.queue_limit) {
    ctx.emit(probes::kMessageLost, 1.0, 0);  // refused: the queue is full
    return;
  }
  queue_.push_back(Queued{ev, ctx.now()});
  ctx.emit(probes::kBrokerQueue, 1.0, capacity_.label);
  if (queue_.size() == 1) {
    ctx.schedule_self(service, kBrokerTick);  // idle until now: start on it
  }
}

void Relay::forward(const sim::Event& ev, sim::Context& ctx) {
  ++forwarded_;
  switch (ev.kind) {
    case kInventoryDelta: {
      const std::uint16_t origin = ev.port & kNodeMask;
      if (!accepts_delta_from(origin, ev.key.origin)) {
        return;
      }
      if ((ev.port & kDuplicateCopy) != 0 && !take_duplicate(ev, ctx)) {
        return;
      }
      if (keeps_position_) {
        auto& row = position_[origin];
        row.resize(sku_count_, 0);
        const std::uint32_t sku = sku_of(ev.payload);
        if (sku < sku_count_) {
          row[sku] += value_of(ev.payload);
        }
      }
      broadcast(ctx, Traffic::Inventory, ev.kind, origin, ev.payload);  // applied twice: passed on twice
      return;
    }
    case kAvailability:
      broadcast(ctx, Traffic::Availability, ev.kind, ev.port, ev.payload);
      return;
    case kOrderLine:
      send_toward(ctx, Traffic::Orders, topology().oms, ev.kind, ev.port, ev.payload);
      return;
    case kReserve:
      // From a capture node (port 0) toward the OMS, or from the OMS toward node `port`.
      send_toward(ctx, Traffic::Orders, ev.port == 0 ? topology().oms : ev.port, ev.kind, ev.port, ev.payload, true);
      return;
    case kFulfil:
      send_toward(ctx, Traffic::Orders, ev.port & kNodeMask, ev.kind, ev.port, ev.payload);
      return;
    case kShipped:
    case kShortPick:
      send_toward(ctx, Traffic::Shipments, topology().oms, ev.kind, ev.port, ev.payload);
      return;
    case kReserveReply: {
      // Node -> OMS replies travel shipments links; OMS -> capture node replies availability links.
      const OrderLine line = OrderLine::unpack(ev.payload);
      if ((ev.port & kToCapture) != 0) {
        send_toward(ctx, Traffic::Availability, line.capture_node, ev.kind, ev.port, ev.payload, true);
      } else {
        send_toward(ctx, Traffic::Shipments, topology().oms, ev.kind, ev.port, ev.payload, true);
      }
      return;
    }
    case kReturn:
      if (office_.posting_delay) {
        ctx.schedule_self(office_.posting_delay->sample(posting_rng_), kReturn, ev.payload,
                          static_cast<std::uint16_t>(ev.port | kSelfTick));
      } else {
        send_toward(ctx, Traffic::Returns, topology().erp, ev.kind, ev.port, ev.payload);
      }
      return;
    case kRefund:
      send_toward(ctx, Traffic::Refunds, topology().oms, ev.kind, ev.port, ev.payload);
      return;
    case kStatus:
      if (office_.status_refresh) {
        unshown_.push_back(Status{static_cast<std::int64_t>(OrderLine::unpack(ev.payload).id()), ev.port});
      } else {
        broadcast(ctx, Traffic::Status, ev.kind, ev.port, ev.payload);
      }
      return;
    default:
      throw sim::ModelError("a relay got an event of kind " + std::to_string(ev.kind) + " it does not handle");
  }
}

std::uint64_t Relay::state_digest() const {
  std::uint64_t h = forwarded_ * 31 + queue_.size();
  for (const auto& row : position_) {
    for (std::int64_t units : row) {
      h = sim::fnv_mix(h, static_cast<std::uint64_t>(units));
    }
  }
  return h;
}

}  // namespace models::retail
