// Hard reservation at the OMS: a capture node's request (with the customer's
// region) goes to the node the scenario's sourcing policy would source the line
// from — Oms::choose, as at release, with the line as a one-line order; a
// refusal asks the policy again without the nodes that refused, until one
// reserves (the customer is promised) or none is left (turned away). A
// customer who stopped waiting (the capture node's `timeout`) gives the
// reservation back: the OMS uncommits it and tells the node to put the units back.
//
// Soft reservations: held per SKU against network availability (publish()
// subtracts them from every channel's ATS) from their arrival until the order
// line arrives (converted: its units then wait for release) or until ttl +
// release lag after their arrival (released, and the SKU republished). A hold
// that arrives after its order line is ignored (nothing left to hold).
#include "models/retail/oms.h"

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"

namespace models::retail {

void Oms::on_reserve(const ReserveRequest& request, sim::Context& ctx) {
  if (request.release) {
    release_reservation(request.line, ctx);
    return;
  }
  Attempt& attempt = reserving_[request.line.id()];
  attempt.line = request.line;
  attempt.region = request.region;
  attempt.arrived = ctx.now();
  reserve_next(request.line.id(), ctx);
}

void Oms::reserve_next(std::uint64_t line_id, sim::Context& ctx) {
  Attempt& attempt = reserving_.at(line_id);
  const OrderLine line = attempt.line;
  // A pickup order reserves at a pickup store, else (shipped home) at a node that
  // ships; any other order at a node that ships — each where the policy would source it.
  const bool bopis = is_bopis(topology(), line);
  const std::size_t channel = topology().channel_of_node[line.capture_node];
  auto where = [&](bool pickup) {
    const auto& promises = pickup ? config_.bopis_promise_of_channel : config_.promise_of_channel;
    const sim::Duration promise = channel < promises.size() ? promises[channel] : sim::Duration::days(2);
    const sim::Duration to_promise = attempt.arrived + promise - ctx.now();
    return choose_excluding({line}, attempt.region, to_promise, attempt.tried, ctx.now(), pickup).slot_of_line.front();
  };
  std::size_t slot = where(bopis);
  if (bopis && slot != kNoNode) {
    shipping_home_.erase(line.id());  // a pickup store after all (an earlier choice refused)
  }
  if (bopis && slot == kNoNode) {
    slot = where(false);
    if (slot != kNoNode && shipping_home_.insert(line.id()).second) {
      ctx.emit(probes::kBopisShipped, channel_of(line), static_cast<std::int64_t>(line.id()));
    }
  }
  if (slot == kNoNode) {
    reserving_.erase(line_id);
    shipping_home_.erase(line.id());
    const ReserveReply refusal{kNoNode, line, /*refused=*/true, /*to_capture=*/true};
    send_toward(ctx, Traffic::Availability, line.capture_node, refusal.encode(), /*now=*/true);
    return;
  }
  attempt.tried.push_back(slot);  // left out of the next choice if it refuses
  const std::size_t node = config_.candidates[slot].node;
  send_toward(ctx, Traffic::Orders, node, ReserveRequest{node, line}.encode(), /*now=*/true);
}

void Oms::on_reserve_reply(const ReserveReply& reply, sim::Context& ctx) {
  const OrderLine& line = reply.line;
  const std::size_t slot = slot_of(reply.node);
  if (slot == kNoNode || !reserving_.contains(line.id())) {
    throw sim::ModelError("a reservation reply the OMS did not ask for (node #" + std::to_string(reply.node) + ")");
  }
  if (reply.refused) {
    reserve_next(line.id(), ctx);  // the policy's next choice, or a refusal to the customer
    return;
  }
  reserving_.erase(line.id());
  reserved_[line.id()] = slot;
  state_[line.id()] = LineState::Promised;  // reserved at the node: the customer is promised
  commit(ctx, slot, line.sku, line.qty);
  const ReserveReply reserved{kNoNode, line, /*refused=*/false, /*to_capture=*/true};
  send_toward(ctx, Traffic::Availability, line.capture_node, reserved.encode(), /*now=*/true);
}

void Oms::release_reservation(const OrderLine& line, sim::Context& ctx) {
  const auto held = reserved_.find(line.id());
  if (held == reserved_.end()) {
    throw sim::ModelError("a release of a hard reservation the OMS does not hold (order " +
                          std::to_string(line.seq) + ", SKU #" + std::to_string(line.sku) + ")");
  }
  const std::size_t slot = held->second;
  reserved_.erase(held);
  shipping_home_.erase(line.id());
  move(line, LineState::Canceled);  // the customer left before the reply: never an order
  const std::int64_t before = node_available(slot, line.sku);
  committed_at(slot, line.sku) -= static_cast<std::int32_t>(line.qty);
  refresh(ctx, slot, line.sku, before);
  const std::size_t node = config_.candidates[slot].node;
  send_toward(ctx, Traffic::Orders, node, ReserveRequest{node, line, 0, /*release=*/true}.encode(), /*now=*/true);
}

void Oms::on_soft_reserve(const SoftReserve& hold, sim::Context& ctx) {
  const OrderLine& line = hold.line;
  if (line.sku >= config_.sku_count || !config_.soft_hold) {
    return;
  }
  if (hold.expiry) {
    const auto held = soft_holds_.find(line.id());
    if (held != soft_holds_.end()) {  // not converted in time: released
      soft_reserved_[line.sku] -= held->second;
      soft_holds_.erase(held);
      publish(ctx, line.sku);
    }
    return;
  }
  if (state_.contains(line.id()) || !soft_holds_.emplace(line.id(), line.qty).second) {
    return;  // the order line came first (or the hold twice): nothing to hold
  }
  soft_reserved_[line.sku] += line.qty;
  publish(ctx, line.sku);
  schedule_self(ctx, config_.soft_hold->ttl + config_.soft_hold->release_lag, SoftReserve{line, /*expiry=*/true}.encode());
}

void Oms::convert_soft_hold(const OrderLine& line) {
  const auto held = soft_holds_.find(line.id());
  if (held != soft_holds_.end()) {
    soft_reserved_[line.sku] -= held->second;
    soft_holds_.erase(held);
  }
}

}  // namespace models::retail
