#include "models/retail/link_sender.h"

#include <cmath>

#include "models/retail/dead_letters.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"

namespace models::retail {
namespace {

// What a batch coalesces: the latest availability of a SKU (from one OMS shard)
// replaces the one buffered; inventory deltas of one node and SKU add up. Other messages each go.
std::optional<std::uint64_t> coalesce_key(const Message& message) {
  const std::uint64_t kind = std::uint64_t{event_kind(message.kind)} << 48;
  if (message.kind == Kind::Availability) {  // per SKU, OMS shard (the SKU word's high bits) and channel (port)
    return kind | (std::uint64_t{message.port} << 32) | message.payload.hi();
  }
  if (message.kind == Kind::InventoryDelta) {
    const InventoryDelta delta = InventoryDelta::decode(message);
    return kind | (std::uint64_t{delta.node} << 32) | delta.sku;
  }
  return std::nullopt;
}

// Folds `later` into the buffered message with the same coalesce key.
void merge_into(Message& buffered, const Message& later) {
  if (later.kind == Kind::Availability) {
    buffered.payload = later.payload;
    return;
  }
  InventoryDelta sum = InventoryDelta::decode(buffered);
  sum.units += InventoryDelta::decode(later).units;
  buffered = sum.encode();
}

}  // namespace

void emit_lost(sim::Context& ctx, const Message& message, std::int64_t label) {
  ctx.emit(probes::kMessageLost, 1.0, label);
  if (message.kind == Kind::OrderLine) {
    ctx.emit(probes::kOrderLineLost, 1.0, static_cast<std::int64_t>(OrderLine::unpack(message.payload).id()));
  }
}

LinkSender::LinkSender(sim::LinkId link, const scenario::LinkSpec& spec, std::uint16_t slot, bool force_stream,
                       double interval_factor, DeliveryPolicy delivery,
                       const std::vector<scenario::FaultSpec::Outage>& system_outages, sim::Time horizon)
    : link_(link),
      to_(spec.to),
      traffic_(spec.carries),
      slot_(slot),
      latency_(spec.latency),
      low_stock_threshold_(spec.low_stock_threshold),
      outages_(spec.faults.outages),
      duplicate_(spec.faults.duplicate),
      loss_(spec.faults.loss),
      reorder_(spec.faults.reorder),
      malformed_(spec.faults.malformed),
      resend_(spec.faults.resend),
      schema_(spec.schema),
      delivery_(delivery),
      theoretical_arrival_(sim::Time::zero()),
      last_arrival_(sim::Time::zero()),
      sync_(spec.mode == LinkMode::Sync),
      call_timeout_(spec.timeout),
      caller_free_(sim::Time::zero()),
      horizon_(horizon) {
  outages_.insert(outages_.end(), system_outages.begin(), system_outages.end());
  if (spec.capacity_per_s && *spec.capacity_per_s > 0) {
    token_every_ = sim::Duration::micros(std::max<std::int64_t>(1, std::llround(std::min(1e6 / *spec.capacity_per_s, 3.2e15))));
    // Bounded so that a tiny rate with a huge burst cannot overflow (a century is "unbounded").
    const double slack = static_cast<double>(token_every_->count_us()) * static_cast<double>(spec.burst - 1);
    burst_slack_ = sim::Duration::micros(static_cast<std::int64_t>(std::min(slack, 3.2e15)));
  }
  if (!force_stream && (spec.mode == LinkMode::Batch || spec.mode == LinkMode::File)) {
    if (spec.interval) {
      const auto scaled = static_cast<std::int64_t>(std::llround(static_cast<double>(spec.interval->count_us()) * interval_factor));
      interval_ = sim::Duration::micros(std::max<std::int64_t>(1, scaled));
    }
    max_batch_ = spec.max_batch;
  }
}

void LinkSender::start(sim::Context& ctx) {
  if (interval_) {
    schedule_self(ctx, *interval_, LinkTimer{slot_}.encode());
  }
  for (const auto& outage : outages_) {
    if (outage.replay) {
      schedule_self(ctx, outage.start + outage.duration, LinkTimer{slot_, /*outage_end=*/true}.encode());
    }
  }
}

const scenario::FaultSpec::Outage* LinkSender::outage_at(sim::Time now) const {
  const sim::Duration at = now - sim::Time::zero();
  for (const auto& outage : outages_) {
    if (at >= outage.start && at < outage.start + outage.duration) {
      return &outage;
    }
  }
  return nullptr;
}

std::optional<Message> LinkSender::second_copy(const Message& message) {
  const std::uint64_t resent = OrderLine{0, 0, 0, 0, /*resent=*/true}.pack().bits;
  if (message.kind == Kind::OrderLine && (message.payload.bits & resent) == 0) {  // a copy is not copied again
    Message copy = message;
    copy.payload.bits |= resent;
    return copy;
  }
  if (message.kind == Kind::InventoryDelta) {
    InventoryDelta copy = InventoryDelta::decode(message);
    copy.duplicate = true;
    return copy.encode();
  }
  return std::nullopt;
}

std::optional<sim::Time> LinkSender::deliver(sim::Context& ctx, sim::Duration delay, const Message& message) {
  if (resend_ > 0.0 && !resending_ && !batched() && ctx.rng().uniform01() < resend_) {
    resending_ = latency_.sample(ctx.rng());  // a stream message sent twice
    const auto arrival = deliver(ctx, delay, message);
    if (const auto copy = second_copy(message)) {
      deliver(ctx, delay + *resending_, *copy);
    }
    resending_.reset();
    return arrival;
  }
  ++sent_;
  if (const auto* outage = outages_.empty() ? nullptr : outage_at(ctx.now())) {
    if (outage->replay) {
      held_.push_back(message);
      ctx.emit(probes::kMessageHeld, 1.0, 0);
    } else {
      emit_lost(ctx, message, 0);
    }
    return std::nullopt;
  }
  return transmit(ctx, delay, message);
}

sim::EventKind LinkSender::rejected(sim::Context& ctx, sim::Time arrival) {
  if (schema_ && ctx.now() - sim::Time::zero() >= schema_->switch_at &&
      !(schema_->accepts_at && arrival - sim::Time::zero() >= *schema_->accepts_at)) {
    return rejection_bit(Rejection::Schema);
  }
  if (malformed_ > 0.0 && ctx.rng().uniform01() < malformed_) {
    return rejection_bit(Rejection::Malformed);
  }
  return 0;
}

std::optional<sim::Time> LinkSender::transmit(sim::Context& ctx, sim::Duration delay, const Message& message) {
  sim::Duration extra = sim::Duration::zero();
  if (token_every_) {
    const sim::Time now = ctx.now();
    const sim::Time earliest = sim::Time::from_us(theoretical_arrival_.count_us() - burst_slack_.count_us());
    const sim::Time admitted = earliest > now ? earliest : now;
    theoretical_arrival_ = (theoretical_arrival_ > admitted ? theoretical_arrival_ : admitted) + *token_every_;
    if (admitted > now) {
      extra = admitted - now;
      ctx.emit(probes::kCallThrottled, extra.to_seconds(), 0);
    }
  }
  if (loss_ > 0.0) {
    std::int64_t attempt = 0;
    sim::Duration wait = delivery_.backoff;
    while (ctx.rng().uniform01() < loss_) {
      if (attempt == delivery_.max_retries) {
        if (delivery_.dead_letter) {  // to the consumer's dead-letter queue, when the last retry would have arrived
          const sim::Duration after = extra + delay;
          ctx.send(link_, after, event_kind(message.kind) | rejection_bit(Rejection::RetriesExhausted), message.payload,
                   message.port);
          past_horizon_ += ctx.now() + after >= horizon_ ? 1 : 0;
          return std::nullopt;
        }
        emit_lost(ctx, message, 1);
        return std::nullopt;
      }
      ++attempt;
      extra = extra + wait;
      wait = wait > sim::Duration::days(30) ? wait : wait + wait;  // (30 retries at most: no overflow)
      ctx.emit(probes::kMessageRetried, 1.0, 0);
    }
  }
  if (reorder_ > 0.0 && ctx.rng().uniform01() < reorder_) {
    extra = extra + latency_.sample(ctx.rng());
  }
  sim::Time arrival = ctx.now() + extra + delay;
  if (arrival < last_arrival_) {
    if (delivery_.ordered) {
      arrival = last_arrival_;  // waits behind the message sent before it
    } else {
      ctx.emit(probes::kMessageReordered, 1.0, 0);
    }
  }
  last_arrival_ = arrival > last_arrival_ ? arrival : last_arrival_;
  const sim::EventKind rejection = rejected(ctx, arrival);
  ctx.send(link_, arrival - ctx.now(), event_kind(message.kind) | rejection, message.payload, message.port);
  past_horizon_ += arrival >= horizon_ ? 1 : 0;
  if (const auto copy = duplicate_ > 0.0 ? second_copy(message) : std::nullopt;
      copy && ctx.rng().uniform01() < duplicate_) {
    const Message& again = *copy;
    const sim::Duration again_after = latency_.sample(ctx.rng());
    ctx.send(link_, again_after, event_kind(again.kind) | rejection, again.payload, again.port);
    ++sent_;
    past_horizon_ += ctx.now() + again_after >= horizon_ ? 1 : 0;
  }
  return arrival;
}

void LinkSender::on_outage_end(sim::Context& ctx) {
  if (const auto* still = outage_at(ctx.now())) {
    // Another window (a system's, overlapping the link's own) still covers now:
    // it replays what is held when it ends, or loses it now.
    if (!still->replay) {
      for (const Message& message : held_) {
        emit_lost(ctx, message, 0);
      }
      held_.clear();
    }
    return;
  }
  const sim::Duration delay = latency_.min_value();
  std::optional<sim::Time> last;
  for (const Message& message : held_) {
    ctx.emit(probes::kMessageReplayed, 1.0, 0);
    if (const auto arrival = transmit(ctx, delay, message)) {  // a replay is sent like any message
      last = last && *last > *arrival ? *last : *arrival;
    }
  }
  if (last) {
    ctx.emit(probes::kReplayDrain, (*last - ctx.now()).to_seconds(), 0);
  }
  held_.clear();
}

void LinkSender::call(sim::Context& ctx, const Message& message) {
  const sim::Time start = caller_free_ > ctx.now() ? caller_free_ : ctx.now();
  const sim::Duration request = latency_.sample(ctx.rng());
  const sim::Duration response = latency_.sample(ctx.rng());
  const std::optional<sim::Time> arrival = deliver(ctx, (start - ctx.now()) + request, message);
  // No arrival (held or lost): no response either; without a timeout the
  // caller learns of it after one round trip.
  const sim::Time answered = (arrival ? *arrival : start + request) + response;
  if (call_timeout_ && (!arrival || answered > start + *call_timeout_)) {
    caller_free_ = start + *call_timeout_;
    ctx.emit(probes::kCallTimedOut, 1.0, 0);
  } else {
    caller_free_ = answered;
  }
}

void LinkSender::send_now(sim::Context& ctx, const Message& message) {
  if (sync_) {
    call(ctx, message);
    return;
  }
  deliver(ctx, latency_.sample(ctx.rng()), message);
}

void LinkSender::send(sim::Context& ctx, const Message& message) {
  if (message.kind == Kind::InventoryDelta && InventoryDelta::decode(message).urgent) {
    // An adjustment after a short pick goes out at once, with the deltas of its
    // node and SKU still buffered folded in (they leave with it, not at the flush);
    // nothing goes when they add up to no change.
    Message now = message;
    if (auto it = coalesce_.find(coalesce_key(message).value()); it != coalesce_.end()) {
      buffer_[it->second].superseded = true;
      merge_into(now, buffer_[it->second].message);
      coalesce_.erase(it);
    }
    if (InventoryDelta::decode(now).units != 0) {
      send_now(ctx, now);
    }
    return;
  }
  if (!batched()) {
    send_now(ctx, message);
    return;
  }
  if (message.kind == Kind::Availability && low_stock_threshold_ > 0 &&
      Availability::decode(message).units <= low_stock_threshold_) {
    // Low stock goes out at once; drop any older value of the SKU still buffered.
    if (auto it = coalesce_.find(coalesce_key(message).value()); it != coalesce_.end()) {
      buffer_[it->second].superseded = true;
      coalesce_.erase(it);
    }
    send_now(ctx, message);
    return;
  }
  const std::optional<std::uint64_t> key = coalesce_key(message);
  if (key) {
    if (auto it = coalesce_.find(*key); it != coalesce_.end()) {
      merge_into(buffer_[it->second].message, message);
      return;
    }
    coalesce_.emplace(*key, buffer_.size());
  }
  buffer_.push_back(Pending{message});
  if (max_batch_ && static_cast<std::int64_t>(buffer_.size()) >= *max_batch_) {
    flush(ctx);
  }
}

void LinkSender::on_flush_tick(sim::Context& ctx) {
  flush(ctx);
  schedule_self(ctx, *interval_, LinkTimer{slot_}.encode());
}

void LinkSender::flush(sim::Context& ctx) {
  if (buffer_.empty()) {
    return;
  }
  const sim::Duration delay = latency_.sample(ctx.rng());
  const bool again = resend_ > 0.0 && ctx.rng().uniform01() < resend_;  // the whole file sent twice
  const sim::Duration again_after = again ? latency_.sample(ctx.rng()) : sim::Duration::zero();
  // Nothing to say: a newer value left already, or the deltas cancelled out.
  const auto silent = [](const Pending& p) {
    return p.superseded || (p.message.kind == Kind::InventoryDelta && InventoryDelta::decode(p.message).units == 0);
  };
  for (const Pending& p : buffer_) {
    if (!silent(p)) {
      deliver(ctx, delay, p.message);
    }
  }
  if (again) {
    resending_ = again_after;
    for (const Pending& p : buffer_) {
      if (silent(p)) {
        continue;
      }
      if (const auto copy = second_copy(p.message)) {
        deliver(ctx, delay + again_after, *copy);
      }
    }
    resending_.reset();
  }
  buffer_.clear();
  coalesce_.clear();
}

}  // namespace models::retail
