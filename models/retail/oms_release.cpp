// The OMS's release: captured lines, grouped by order, sourced by the
// scenario's policy and dispatched; short picks re-sourced; shipments confirmed.
#include "models/retail/oms.h"

#include <unordered_map>

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"

namespace models::retail {

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

void Oms::dispatch(sim::Context& ctx, std::size_t slot, const OrderLine& line, bool reserved) {
  sourced_[line.id()] = slot;
  outstanding_[slot] += 1;
  const std::size_t node = config_.candidates[slot].node;
  if (!reserved) {  // spoken for, still on the node's shelf until picked
    ctx.emit(probes::kUnitsPromisedAtNode, static_cast<double>(line.qty), probes::node_sku(node, line.sku));
  }
  if (!send_toward(ctx, Traffic::Orders, node, Fulfil{node, line, shipping_home_.contains(line.id())}.encode())) {
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
      dispatch(ctx, slot, line, /*reserved=*/true);  // committed when reserved
      ctx.emit(probes::kLineReleased, channel_of(line), static_cast<std::int64_t>(line.id()));
      send_status(ctx, line, OrderStatus::Released);
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
    const sim::Duration to_promise = first.captured + promise - ctx.now();
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
      send_status(ctx, line, OrderStatus::Released);
    }
  }
  to_release_.clear();
}

void Oms::on_shipped(const OrderLine& line, sim::Context& ctx) {
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
  send_status(ctx, line, OrderStatus::Shipped);
}

void Oms::on_short_pick(const OrderLine& line, sim::Context& ctx) {
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

}  // namespace models::retail
