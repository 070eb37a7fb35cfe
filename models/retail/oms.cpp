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

SourcingDecision Oms::choose(const std::vector<OrderLine>& lines, std::uint16_t region,
                                      sim::Duration to_promise, std::size_t exclude, sim::Time now,
                                      bool bopis) const {
  // Refilled per order, in a buffer kept across calls: no allocation on the release path.
  std::vector<SourcingCandidate>& candidates = candidates_;
  candidates.clear();
  const std::int64_t day = sim::Duration::days(1).count_us();
  const std::int64_t time_of_day = now.count_us() % day;
  for (std::size_t slot = 0; slot < config_.candidates.size(); ++slot) {
    if (slot == exclude) {
      continue;
    }
    const OmsConfig::Candidate& c = config_.candidates[slot];
    if (bopis ? !c.bopis : !c.ships) {
      continue;
    }
    SourcingCandidate out;
    out.slot = slot;
    out.region = c.region;
    out.is_store = c.is_store;
    out.queue = outstanding_[slot];
    out.picks_per_hour = c.picks_per_hour;
    std::int64_t wait = c.cutoff.count_us() - time_of_day;
    out.hours_to_cutoff = static_cast<double>(wait < 0 ? wait + day : wait) / 3.6e9;
    // Regions are all the OMS knows of geography: a day in transit between two.
    out.distance = (region != 0 && c.region == region) ? 0.0 : (region == 0 ? 12.0 : 24.0);
    candidates.push_back(out);
  }
  SourcingRequest request;
  for (const OrderLine& line : lines) {
    request.lines.push_back(SourcingLine{line.sku, static_cast<std::int64_t>(line.qty)});
  }
  request.customer_region = region;
  request.hours_to_promise = to_promise.to_seconds() / 3600.0;
  request.available = [this](std::size_t slot, std::uint32_t sku) {
    return sku < config_.sku_count ? node_available(slot, sku) : 0;
  };
  const SourcingPolicy& policy = bopis && config_.bopis_sourcing ? *config_.bopis_sourcing : *config_.sourcing;
  SourcingDecision decision = policy.choose(request, candidates);
  decision.slot_of_line.resize(lines.size(), kNoNode);
  return decision;
}

void Oms::ship_home_instead(sim::Context& ctx, const std::vector<OrderLine>& lines, std::vector<std::size_t>& slots,
                            std::uint16_t region, sim::Duration to_promise, std::size_t exclude) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (slots[i] != kNoNode) {
      shipping_home_.erase(lines[i].id());  // a pickup store has it (again): handed over at the counter
    }
  }
  std::vector<OrderLine> unfilled;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (slots[i] == kNoNode) {
      unfilled.push_back(lines[i]);
    }
  }
  if (unfilled.empty()) {
    return;
  }
  const std::vector<std::size_t> home = choose(unfilled, region, to_promise, exclude, ctx.now(), false).slot_of_line;
  std::size_t next = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (slots[i] == kNoNode) {
      slots[i] = home[next++];
      if (slots[i] != kNoNode) {
        shipping_home_.insert(lines[i].id());
        ctx.emit(probes::kBopisShipped, channel_of(lines[i]), static_cast<std::int64_t>(lines[i].id()));
      }
    }
  }
}

void Oms::commit(sim::Context& ctx, std::size_t slot, std::uint32_t sku, std::int64_t units) {
  const std::int64_t before = node_available(slot, sku);
  committed_[slot][sku] += units;
  refresh(ctx, slot, sku, before);
}

void Oms::dispatch(sim::Context& ctx, std::size_t slot, const OrderLine& line) {
  sourced_[line.id()] = slot;
  outstanding_[slot] += 1;
  const std::size_t node = config_.candidates[slot].node;
  const std::uint16_t flags = shipping_home_.contains(line.id()) ? kShipHome : 0;
  if (!send_toward(ctx, Traffic::Orders, node, kFulfil, static_cast<std::uint16_t>(node | flags), line.pack())) {
    throw sim::ModelError("no orders link leads from the OMS to node #" + std::to_string(node));
  }
}

void Oms::oversold(sim::Context& ctx, const OrderLine& line, sim::ProbeId outcome) {
  if (oversold_.insert(line.id()).second) {
    ctx.emit(outcome, probes::channel_units(topology().channel_of_node[line.capture_node], line.qty),
             static_cast<std::int64_t>(line.id()));
  }
}

void Oms::on_release(sim::Context& ctx) {
  // An order's lines are sourced together (a policy may keep them in one
  // parcel), in the order the orders arrived.
  std::vector<std::vector<const Pending*>> orders;
  std::unordered_map<std::uint64_t, std::size_t> order_of;
  for (const Pending& p : to_release_) {
    const OrderLine& line = p.line;
    move(line, LineState::Released);
    if (auto held = reserved_.find(line.id()); held != reserved_.end()) {
      const std::size_t slot = held->second;
      reserved_.erase(held);
      move(line, LineState::Sourced);
      dispatch(ctx, slot, line);  // committed when reserved
      ctx.emit(probes::kLineReleased, channel_of(line), static_cast<std::int64_t>(line.id()));
      send_status(ctx, line, kStatusReleased);
      continue;
    }
    if (line.sku < config_.sku_count) {
      awaiting_release_[line.sku] -= line.qty;
    }
    const std::uint64_t key = (static_cast<std::uint64_t>(line.capture_node) << 32) | line.seq;
    const auto [it, fresh] = order_of.emplace(key, orders.size());
    if (fresh) {
      orders.emplace_back();
    }
    orders[it->second].push_back(&p);
  }
  for (const auto& order : orders) {
    std::vector<OrderLine> lines;
    for (const Pending* p : order) {
      lines.push_back(p->line);
    }
    const Pending& first = *order.front();
    const std::size_t channel = topology().channel_of_node[first.line.capture_node];
    const bool bopis = is_bopis(topology(), first.line);
    const auto& promises = bopis ? config_.bopis_promise_of_channel : config_.promise_of_channel;
    const sim::Duration promise = channel < promises.size() ? promises[channel] : sim::Duration::days(2);
    const sim::Duration to_promise = first.arrived + promise - ctx.now();
    SourcingDecision decision = choose(lines, first.region, to_promise, kNoNode, ctx.now(), bopis);
    std::vector<std::size_t>& slots = decision.slot_of_line;
    if (!bopis) {
      for (const auto& [part, value] : decision.components) {  // why the scenario's policy chose so
        ctx.emit(probes::kSourcingPart, value, static_cast<std::int64_t>(probes::sourcing_part_index(part)));
      }
    }
    if (bopis) {
      ship_home_instead(ctx, lines, slots, first.region, to_promise, kNoNode);
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const OrderLine& line = lines[i];
      if (slots[i] == kNoNode) {
        // Promised to a customer, and no node has it: an oversell found at sourcing.
        move(line, config_.backorder ? LineState::Backordered : LineState::Canceled);
        oversold(ctx, line, config_.backorder ? probes::kOversellBackordered : probes::kOversellCanceled);
        ctx.emit(probes::kLineDropped, channel_of(line), static_cast<std::int64_t>(line.id()));
        if (line.sku < config_.sku_count) {
          publish(ctx, line.sku);  // the line no longer waits on the SKU's availability
        }
        continue;
      }
      move(line, LineState::Sourced);
      commit(ctx, slots[i], line.sku, line.qty);
      dispatch(ctx, slots[i], line);
      ctx.emit(probes::kLineReleased, channel_of(line), static_cast<std::int64_t>(line.id()));
      send_status(ctx, line, kStatusReleased);
    }
  }
  to_release_.clear();
}

void Oms::on_shipped(const sim::Event& ev, sim::Context& ctx) {
  const OrderLine line = OrderLine::unpack(ev.payload);
  const auto it = sourced_.find(line.id());
  if (it == sourced_.end()) {
    throw sim::ModelError("a shipment for a line the OMS never sourced (order " + std::to_string(line.seq) +
                          " of node #" + std::to_string(line.capture_node) + ")");
  }
  const std::size_t slot = it->second;
  sourced_.erase(it);
  shipping_home_.erase(line.id());
  outstanding_[slot] -= 1;
  move(line, LineState::Shipped);
  const std::int64_t before = node_available(slot, line.sku);
  committed_[slot][line.sku] -= line.qty;
  refresh(ctx, slot, line.sku, before);
  ctx.emit(probes::kLineFulfilled, probes::channel_units(topology().channel_of_node[line.capture_node], line.qty),
           static_cast<std::int64_t>(line.id()));
  send_status(ctx, line, kStatusShipped);
}

void Oms::send_status(sim::Context& ctx, const OrderLine& line, OrderStatus status) {
  if (!has_status_links_) {
    return;
  }
  ctx.emit(probes::kStatusSent, status, static_cast<std::int64_t>(line.id()));
  broadcast(ctx, Traffic::Status, kStatus, status, line.pack());
}

void Oms::on_refund(const sim::Event& ev, sim::Context& ctx) {
  const ReturnRecord record = ReturnRecord::unpack(ev.payload);
  const auto label = static_cast<std::int64_t>(record.id());
  const std::uint16_t channel = ev.port & static_cast<std::uint16_t>(~kSelfTick);
  if ((ev.port & kSelfTick) != 0) {
    ctx.emit(probes::kRefundReconciled, channel, label);  // the finance job matched it
    return;
  }
  ctx.emit(probes::kRefundAtChannel, channel, label);
  if (!record.foreign_code) {
    ctx.emit(probes::kRefundReconciled, channel, label);  // both systems hold the same record
    return;
  }
  // The codes disagree: an exception until the next run of the finance job (at a multiple of the interval).
  ctx.emit(probes::kRefundMismatched, channel, label);
  const std::int64_t every = config_.reconcile_interval.count_us();
  const std::int64_t now = ctx.now().count_us();
  const std::int64_t next = (now + every - 1) / every * every;
  ctx.schedule_self(sim::Duration::micros(next - now), kRefund, ev.payload, static_cast<std::uint16_t>(channel | kSelfTick));
}

void Oms::on_short_pick(const sim::Event& ev, sim::Context& ctx) {
  const OrderLine line = OrderLine::unpack(ev.payload);
  const auto it = sourced_.find(line.id());
  if (it == sourced_.end()) {
    throw sim::ModelError("a short pick for a line the OMS never sourced (order " + std::to_string(line.seq) + ")");
  }
  const std::size_t failed = it->second;
  sourced_.erase(it);
  outstanding_[failed] -= 1;
  const std::int64_t before = node_available(failed, line.sku);
  committed_[failed][line.sku] -= line.qty;
  refresh(ctx, failed, line.sku, before);
  // Found at the node: try another one the view says has it.
  const bool bopis = is_bopis(topology(), line);
  std::vector<std::size_t> slots = choose({line}, 0, sim::Duration::zero(), failed, ctx.now(), bopis).slot_of_line;
  if (bopis) {
    ship_home_instead(ctx, {line}, slots, 0, sim::Duration::zero(), failed);
  }
  const std::size_t slot = slots.front();
  if (slot == kNoNode) {
    move(line, config_.backorder ? LineState::Backordered : LineState::Canceled);
    oversold(ctx, line, config_.backorder ? probes::kOversellBackordered : probes::kOversellCanceled);
    return;
  }
  move(line, LineState::Sourced);  // re-sourced
  oversold(ctx, line, probes::kOversellResourced);
  commit(ctx, slot, line.sku, line.qty);
  dispatch(ctx, slot, line);
}

void Oms::on_reserve(const sim::Event& ev, sim::Context& ctx) {
  const OrderLine line = OrderLine::unpack(ev.payload);
  Attempt& attempt = reserving_[line.id()];
  attempt.line = line;
  // A pickup order reserves at a pickup store, else (shipped home) at a node that
  // ships; any other order at a node that ships.
  const bool bopis = is_bopis(topology(), line);
  auto first_with_stock = [&](bool pickup) {
    for (std::size_t candidate = 0; candidate < config_.candidates.size(); ++candidate) {
      const auto& c = config_.candidates[candidate];
      if ((pickup ? c.bopis : c.ships) && !attempt.tried.contains(candidate) &&
          node_available(candidate, line.sku) >= line.qty) {
        return candidate;
      }
    }
    return kNoNode;
  };
  std::size_t slot = first_with_stock(bopis);
  if (bopis && slot == kNoNode) {
    slot = first_with_stock(false);
    if (slot != kNoNode && shipping_home_.insert(line.id()).second) {
      ctx.emit(probes::kBopisShipped, channel_of(line), static_cast<std::int64_t>(line.id()));
    }
  }
  if (slot == kNoNode) {
    reserving_.erase(line.id());
    send_toward(ctx, Traffic::Availability, line.capture_node, kReserveReply, kToCapture | kRefused, line.pack(), true);
    return;
  }
  attempt.tried.insert(slot);
  const std::size_t node = config_.candidates[slot].node;
  send_toward(ctx, Traffic::Orders, node, kReserve, static_cast<std::uint16_t>(node), line.pack(), /*now=*/true);
}

void Oms::on_reserve_reply(const sim::Event& ev, sim::Context& ctx) {
  const OrderLine line = OrderLine::unpack(ev.payload);
  const std::size_t node = ev.port & kNodeMask;
  const auto slot = slot_of_node_.find(node);
  if (slot == slot_of_node_.end() || !reserving_.contains(line.id())) {
    throw sim::ModelError("a reservation reply the OMS did not ask for (node #" + std::to_string(node) + ")");
  }
  if ((ev.port & kRefused) != 0) {
    sim::Event retry = ev;
    retry.kind = kReserve;
    on_reserve(retry, ctx);  // the next candidate, or a refusal to the customer
    return;
  }
  reserving_.erase(line.id());
  reserved_[line.id()] = slot->second;
  state_[line.id()] = LineState::Promised;  // reserved at the node: the customer is promised
  commit(ctx, slot->second, line.sku, line.qty);
  send_toward(ctx, Traffic::Availability, line.capture_node, kReserveReply, kToCapture, line.pack(), /*now=*/true);
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
