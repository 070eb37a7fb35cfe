// The OMS's release: captured lines, grouped by order, sourced by the
// scenario's policy and dispatched; short picks re-routed; backorders waiting
// for stock; shipments confirmed.
#include "models/retail/oms.h"

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"

namespace models::retail {

SourcingDecision Oms::choose(const std::vector<OrderLine>& lines, std::uint16_t region,
                                      sim::Duration to_promise, std::size_t exclude, sim::Time now,
                                      bool bopis) const {
  const std::size_t one[1] = {exclude};
  const auto excluded = exclude == kNoNode ? std::span<const std::size_t>{} : std::span<const std::size_t>(one);
  return choose_excluding(lines, region, to_promise, excluded, now, bopis);
}

SourcingDecision Oms::choose_excluding(const std::vector<OrderLine>& lines, std::uint16_t region,
                                       sim::Duration to_promise, std::span<const std::size_t> excluded,
                                       sim::Time now, bool bopis) const {
  SourcingRequest& request = request_;  // scratch kept across calls: no allocation once warm
  request.lines.clear();
  for (const OrderLine& line : lines) {
    request.lines.push_back(SourcingLine{line.sku, static_cast<std::int64_t>(line.qty)});
  }
  request.customer_region = region;
  request.hours_to_promise = to_promise.to_seconds() / 3600.0;
  const CandidateList& list = candidate_list(bopis, region, now);
  request.near_first = list.near_first;
  // What each listed node shows for each line, candidate-major, one SKU row at a time
  // (SKU-major: the nodes side by side). A node that refused or short-picked the line
  // shows kExcluded: it covers nothing, so no policy picks it.
  const std::size_t n_lines = lines.size();
  const std::size_t listed = list.slots.size();
  request.shown.resize(listed * n_lines);
  std::int64_t* shown = request.shown.data();
  for (std::size_t line_idx = 0; line_idx < n_lines; ++line_idx) {
    const std::uint32_t sku = lines[line_idx].sku;
    std::int64_t* out = shown + line_idx;
    if (sku >= config_.sku_count) {
      for (std::size_t i = 0; i < listed; ++i) {
        out[i * n_lines] = 0;
      }
      continue;
    }
    for (std::size_t i = 0; i < listed; ++i) {
      out[i * n_lines] = node_available(list.slots[i], sku);
    }
  }
  for (const std::size_t slot : excluded) {
    if (slot < list.place.size() && list.place[slot] != kNotListed) {
      std::fill_n(shown + list.place[slot] * n_lines, n_lines, kExcluded);
    }
  }
  const SourcingPolicy& policy = bopis && config_.bopis_sourcing ? *config_.bopis_sourcing : *config_.sourcing;
  SourcingDecision decision = policy.choose(request, list.nodes);
  decision.slot_of_line.resize(lines.size(), kNoNode);
  return decision;
}

const Oms::CandidateList& Oms::candidate_list(bool bopis, std::uint16_t region, sim::Time now) const {
  std::vector<CandidateList>& by_region = lists_[bopis ? 1 : 0];
  if (region >= by_region.size()) {
    by_region.resize(std::size_t{region} + 1);
  }
  CandidateList& list = by_region[region];
  const std::vector<std::uint32_t>& eligible = bopis ? pickup_slots_ : shipping_slots_;
  if (list.nodes.size() != eligible.size()) {
    // The nodes in the customer's region first, then the rest, each in slot order (the
    // policies' choices do not depend on the order; nearest can stop after the first part).
    list.nodes.clear();
    list.slots.clear();
    list.place.assign(slots_, kNotListed);
    for (const bool near : {true, false}) {
      for (const std::uint32_t slot : eligible) {
        const OmsConfig::Candidate& c = config_.candidates[slot];
        if ((region != 0 && c.region == region) != near) {
          continue;
        }
        list.place[slot] = static_cast<std::uint32_t>(list.nodes.size());
        list.slots.push_back(slot);
        SourcingCandidate& out = list.nodes.emplace_back();
        out.slot = slot;
        out.region = c.region;
        out.is_store = c.is_store;
        out.picks_per_hour = c.picks_per_hour;
        out.queue = outstanding_[slot];
        // Regions are all the OMS knows of geography: a day in transit between two.
        out.distance = near ? 0.0 : (region == 0 ? 12.0 : 24.0);
      }
      if (near) {
        list.near_first = list.nodes.size();
      }
    }
    list.cutoffs_at = sim::Time::infinity();
  }
  // Hours to each node's carrier cutoff move with the clock: refreshed when the list is
  // used at a new instant (every order of one release tick shares them).
  if (list.cutoffs_at != now) {
    list.cutoffs_at = now;
    const std::int64_t day = sim::Duration::days(1).count_us();
    const std::int64_t time_of_day = now.count_us() % day;
    for (SourcingCandidate& c : list.nodes) {
      std::int64_t wait = config_.candidates[c.slot].cutoff.count_us() - time_of_day;
      c.hours_to_cutoff = static_cast<double>(wait < 0 ? wait + day : wait) / 3.6e9;
    }
  }
  return list;
}

void Oms::add_outstanding(std::size_t slot, std::int64_t lines) {
  outstanding_[slot] += lines;
  for (std::vector<CandidateList>& by_region : lists_) {
    for (CandidateList& list : by_region) {
      if (slot < list.place.size() && list.place[slot] != kNotListed) {
        list.nodes[list.place[slot]].queue = outstanding_[slot];
      }
    }
  }
}

void Oms::ship_home_instead(sim::Context& ctx, const std::vector<OrderLine>& lines, std::vector<std::size_t>& slots,
                            std::uint16_t region, sim::Duration to_promise, std::span<const std::size_t> excluded) {
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
  const std::vector<std::size_t> home =
      choose_excluding(unfilled, region, to_promise, excluded, ctx.now(), false).slot_of_line;
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
  committed_at(slot, sku) += static_cast<std::int32_t>(units);
  refresh(ctx, slot, sku, before);
}

void Oms::dispatch(sim::Context& ctx, std::size_t slot, const OrderLine& line, bool reserved) {
  sourced_[line.id()] = slot;
  add_outstanding(slot, 1);
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
  if (!backorders_.empty()) {
    release_backorders(ctx);  // first: they were promised before any line waiting now
  }
  std::vector<std::vector<const Pending*>> orders;
  std::unordered_map<std::uint64_t, std::size_t> order_of;
  for (const Pending& p : to_release_) {
    const OrderLine& line = p.line;
    move(line, LineState::Released);
    if (auto held = reserved_.find(line.id()); held != reserved_.end()) {
      const std::size_t slot = held->second;
      reserved_.erase(held);
      move(line, LineState::Sourced);
      routing_[line.id()] = Routing{p.region, p.arrived + promise_of(line), {}};
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
      ship_home_instead(ctx, lines, slots, first.region, to_promise, {});
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const OrderLine& line = lines[i];
      if (slots[i] == kNoNode) {
        // Promised to a customer, and no node has it: an oversell found at sourcing.
        oversold(ctx, line, config_.backorder ? probes::kOversellBackordered : probes::kOversellCanceled);
        backorder_or_cancel(ctx, line, Routing{first.region, ctx.now() + to_promise, {}});
        continue;
      }
      move(line, LineState::Sourced);
      routing_[line.id()] = Routing{first.region, ctx.now() + to_promise, {}};
      commit(ctx, slots[i], line.sku, line.qty);
      dispatch(ctx, slots[i], line);
      ctx.emit(probes::kLineReleased, channel_of(line), static_cast<std::int64_t>(line.id()));
      send_status(ctx, line, OrderStatus::Released);
    }
  }
  to_release_.clear();
}

void Oms::on_shipped(const OrderLine& line, sim::Context& ctx, bool status) {
  const auto it = sourced_.find(line.id());
  if (it == sourced_.end()) {
    throw sim::ModelError("a shipment for a line the OMS never sourced (order " + std::to_string(line.seq) +
                          " of node #" + std::to_string(line.capture_node) + ")");
  }
  const std::size_t slot = it->second;
  sourced_.erase(it);
  routing_.erase(line.id());
  shipping_home_.erase(line.id());
  add_outstanding(slot, -1);
  move(line, LineState::Shipped);
  const bool consumed = end_consumption(line);
  const std::int64_t before = node_available(slot, line.sku);
  committed_at(slot, line.sku) -= static_cast<std::int32_t>(line.qty);
  refresh(ctx, slot, line.sku, before, consumed);
  ctx.emit(probes::kLineFulfilled, probes::channel_units(topology().channel_of_node[line.capture_node], line.qty),
           static_cast<std::int64_t>(line.id()));
  if (status) {  // else the carrier's scan sends it (Kind::CarrierScan)
    send_status(ctx, line, OrderStatus::Shipped);
  }
}

void Oms::on_short_pick(const OrderLine& line, sim::Context& ctx) {
  const auto it = sourced_.find(line.id());
  const auto route = routing_.find(line.id());
  if (it == sourced_.end() || route == routing_.end()) {
    throw sim::ModelError("a short pick for a line the OMS never sourced (order " + std::to_string(line.seq) + ")");
  }
  const std::size_t failed = it->second;
  sourced_.erase(it);
  add_outstanding(failed, -1);
  const std::int64_t before = node_available(failed, line.sku);
  committed_at(failed, line.sku) -= static_cast<std::int32_t>(line.qty);
  refresh(ctx, failed, line.sku, before);
  Routing routing = std::move(route->second);
  routing_.erase(route);
  routing.failed.push_back(failed);
  // Found at the node: another node the view says has it, for the same customer
  // and promise, never one that failed the line before; at most max_reroutes times.
  std::size_t slot = kNoNode;
  if (static_cast<std::int64_t>(routing.failed.size()) <= config_.max_reroutes) {
    const bool bopis = is_bopis(topology(), line);
    const sim::Duration to_promise = routing.due - ctx.now();
    std::vector<std::size_t> slots =
        choose_excluding({line}, routing.region, to_promise, routing.failed, ctx.now(), bopis).slot_of_line;
    if (bopis) {
      ship_home_instead(ctx, {line}, slots, routing.region, to_promise, routing.failed);
    }
    slot = slots.front();
  }
  if (slot == kNoNode) {
    oversold(ctx, line, config_.backorder ? probes::kOversellBackordered : probes::kOversellCanceled);
    backorder_or_cancel(ctx, line, std::move(routing));
    return;
  }
  move(line, LineState::Sourced);  // re-sourced
  oversold(ctx, line, probes::kOversellResourced);
  commit(ctx, slot, line.sku, line.qty);
  routing_[line.id()] = std::move(routing);
  dispatch(ctx, slot, line);
}

sim::Duration Oms::promise_of(const OrderLine& line) const {
  const std::size_t channel = topology().channel_of_node[line.capture_node];
  const auto& promises = is_bopis(topology(), line) ? config_.bopis_promise_of_channel : config_.promise_of_channel;
  return channel < promises.size() ? promises[channel] : sim::Duration::days(2);
}

// A line released before (it has a failed node: it was short-picked) has left
// the release backlog; one that never was leaves it now (kLineDropped), or when
// released from its backorder (kLineReleased, its first).
void Oms::backorder_or_cancel(sim::Context& ctx, const OrderLine& line, Routing routing) {
  const bool released_before = !routing.failed.empty();
  const bool known_sku = line.sku < config_.sku_count;
  if (!config_.backorder || !known_sku) {
    move(line, LineState::Canceled);
    const bool consumed = known_sku && end_consumption(line);
    if (!released_before || consumed) {
      ctx.emit(probes::kLineDropped, channel_of(line), static_cast<std::int64_t>(line.id()));
      if (known_sku) {
        publish(ctx, line.sku);  // the line no longer waits on the SKU's availability
      }
    }
    return;
  }
  move(line, LineState::Backordered);
  ctx.emit(probes::kBackordered, channel_of(line), static_cast<std::int64_t>(line.id()));
  awaiting_release_[line.sku] += line.qty;  // its claim on the SKU while it waits
  publish(ctx, line.sku);
  backorders_[line.sku].push_back(Backorder{line, std::move(routing), ctx.now()});
  schedule_self(ctx, config_.backorder_max_wait, BackorderExpiry{line}.encode());
}

void Oms::release_backorders(sim::Context& ctx) {
  for (auto sku_it = backorders_.begin(); sku_it != backorders_.end();) {
    const std::uint32_t sku = sku_it->first;
    std::deque<Backorder>& queue = sku_it->second;
    // Oldest first; a line no node covers holds the SKU's later backorders back.
    while (!queue.empty() && available_[sku] >= static_cast<std::int64_t>(queue.front().line.qty)) {
      const Backorder& head = queue.front();
      const OrderLine line = head.line;
      const bool bopis = is_bopis(topology(), line);
      const sim::Duration to_promise = head.routing.due - ctx.now();
      std::vector<std::size_t> slots =
          choose_excluding({line}, head.routing.region, to_promise, {}, ctx.now(), bopis).slot_of_line;
      if (bopis) {
        ship_home_instead(ctx, {line}, slots, head.routing.region, to_promise, {});
      }
      if (slots.front() == kNoNode) {
        break;
      }
      const bool released_before = !head.routing.failed.empty();
      ctx.emit(probes::kBackorderReleased, (ctx.now() - head.since).to_seconds(), static_cast<std::int64_t>(line.id()));
      routing_[line.id()] = head.routing;
      queue.pop_front();
      awaiting_release_[sku] -= line.qty;
      move(line, LineState::Released);
      move(line, LineState::Sourced);
      commit(ctx, slots.front(), sku, line.qty);
      dispatch(ctx, slots.front(), line);
      if (!released_before) {
        ctx.emit(probes::kLineReleased, channel_of(line), static_cast<std::int64_t>(line.id()));
        send_status(ctx, line, OrderStatus::Released);
      }
    }
    sku_it = queue.empty() ? backorders_.erase(sku_it) : std::next(sku_it);
  }
}

void Oms::on_backorder_expiry(const OrderLine& line, sim::Context& ctx) {
  const auto sku_it = backorders_.find(line.sku);
  if (sku_it == backorders_.end()) {
    return;  // released (or expired) already
  }
  std::deque<Backorder>& queue = sku_it->second;
  const auto it = std::find_if(queue.begin(), queue.end(), [&](const Backorder& b) { return b.line == line; });
  if (it == queue.end() || ctx.now() - it->since < config_.backorder_max_wait) {
    return;  // released, or backordered again since this timer was set
  }
  const bool released_before = !it->routing.failed.empty();
  queue.erase(it);
  if (queue.empty()) {
    backorders_.erase(sku_it);
  }
  awaiting_release_[line.sku] -= line.qty;
  end_consumption(line);  // no longer its channel's claim on the allocation
  move(line, LineState::Canceled);
  ctx.emit(probes::kBackorderCanceled, channel_of(line), static_cast<std::int64_t>(line.id()));
  if (!released_before) {
    ctx.emit(probes::kLineDropped, channel_of(line), static_cast<std::int64_t>(line.id()));
  }
  publish(ctx, line.sku);
}

}  // namespace models::retail
