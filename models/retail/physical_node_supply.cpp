// models/retail/physical_node_supply.cpp — a store or warehouse as one who reorders, receives,
// and supplies: replenishment reviews, replenishment orders, ASNs, consignments, the
// receiving dock and put-away (scenarios/README.md, "Replenishment", says when each happens).
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/binomial_distribution.hpp>

#include <algorithm>
#include <cmath>

#include "models/retail/build.h"
#include "models/retail/physical_node.h"
#include "models/retail/probes.h"

namespace models::retail {
namespace {
constexpr std::int64_t kDayUs = sim::Duration::days(1).count_us();

void send_on(sim::Context& ctx, sim::LinkId link, sim::Duration delay, const Message& message) {
  ctx.send(link, delay, event_kind(message.kind), message.payload, message.port);
}
}  // namespace

void PhysicalNode::start_supply(sim::Context& ctx) {
  if (!lanes_.empty() || vendor_) {
    supply_rng_ = ctx.stream(kSupplyStream);
  }
  if (!receives()) {
    return;
  }
  receive_rng_ = ctx.stream(kReceiveStream);
  on_order_.assign(on_hand_.size(), 0);
  if (supply_.policy == Supply::Policy::None) {
    return;  // transfers on request only
  }
  if (supply_.continuous) {
    // Each SKU already at or below its minimum orders at the start; later, as its position falls.
    for (std::uint32_t sku = 0; sku < on_hand_.size(); ++sku) {
      review(ctx, sku);
    }
    return;
  }
  const std::int64_t now = ctx.now().count_us();
  std::int64_t first = now - now % kDayUs + supply_.review_at.count_us();
  if (first < now) {
    first += kDayUs;
  }
  schedule_self(ctx, sim::Duration::micros(first - now), Message{Kind::Review});
}

void PhysicalNode::on_review(sim::Context& ctx) {
  for (std::uint32_t sku = 0; sku < on_hand_.size(); ++sku) {
    review(ctx, sku);
  }
  schedule_self(ctx, sim::Duration::days(1), Message{Kind::Review});
}

void PhysicalNode::review(sim::Context& ctx, std::uint32_t sku) {
  if (supply_.policy == Supply::Policy::None || sku >= on_hand_.size() || (*initial_)[sku] <= 0) {
    return;  // a node replenishes the SKUs it started the horizon with
  }
  const bool cover = supply_.policy == Supply::Policy::DaysOfCover;
  const std::int64_t min = cover ? (*supply_.min_by_sku)[sku] : supply_.min;
  const std::int64_t max = cover ? (*supply_.max_by_sku)[sku] : supply_.max;
  const std::int64_t position =
      std::int64_t{on_hand_[sku]} + reserved_[sku] + unreported_[sku] + on_order_[sku];
  if (position > min || max <= position) {
    return;
  }
  const auto units = static_cast<std::uint32_t>(std::min<std::int64_t>(max - position, kMaxOrderUnits));
  on_order_[sku] += static_cast<std::int32_t>(units);
  ctx.emit(probes::kReplenishOrdered, units, fulfilment_.group);
  send_on(ctx, supply_.to_supplier, supply_.order_latency,
          Consignment{Kind::ReplenishOrder, node(), sku, units, 0}.encode());
}

// As the supplier. A vendor draws, when the order arrives and in this order, the units
// that will ship, the lead time, whether it is late and by how much; it ships then, from
// its production. A warehouse ships at once what is on the shelf and not spoken for by
// lines waiting for its pickers, up to the order (transfers are picked by the
// replenishment crew, not the pickers of online orders).
void PhysicalNode::on_replenish_order(const Consignment& order, sim::Context& ctx) {
  if (vendor_) {
    std::uint32_t units = order.ordered;
    if (vendor_->fill_rate < 1.0) {
      units = static_cast<std::uint32_t>(
          boost::random::binomial_distribution<std::int64_t, double>(order.ordered, vendor_->fill_rate)(supply_rng_));
    }
    sim::Duration lead = vendor_->lead_time.sample(supply_rng_);
    if (vendor_->late_rate > 0.0 && boost::random::bernoulli_distribution<double>(vendor_->late_rate)(supply_rng_)) {
      lead = lead + vendor_->late_delay.sample(supply_rng_);
    }
    schedule_self(ctx, lead, Consignment{Kind::VendorShip, order.node, order.sku, order.ordered, units}.encode());
    return;
  }
  std::int64_t on_shelf = order.sku < on_hand_.size() ? on_hand_[order.sku] : 0;
  if (const auto spoken = committed_.find(order.sku); spoken != committed_.end()) {
    on_shelf -= spoken->second;
  }
  on_shelf = std::max<std::int64_t>(0, on_shelf);
  // A transfer for a customer's line ships whole or not at all.
  const auto units = static_cast<std::uint32_t>(order.transfer ? (on_shelf >= order.ordered ? order.ordered : 0)
                                                               : std::min<std::int64_t>(order.ordered, on_shelf));
  if (units > 0) {
    transferred_out_ += units;
    change_on_hand(ctx, order.sku, -static_cast<std::int64_t>(units));
  }
  ship_order(Consignment{Kind::VendorShip, order.node, order.sku, order.ordered, units, order.transfer}, ctx);
}

void PhysicalNode::ship_order(const Consignment& order, sim::Context& ctx) {
  const auto lane = lanes_.find(order.node);
  if (lane == lanes_.end()) {
    throw sim::ModelError("node #" + std::to_string(node()) + " got a replenishment order from node #" +
                          std::to_string(order.node) + ", which it has no lane to");
  }
  if (order.units < order.ordered && !order.transfer) {
    ctx.emit(probes::kReplenishShort, order.ordered - order.units, 0);
  }
  const Lane& to = lane->second;
  send_on(ctx, to.link, to.notice,
          Consignment{Kind::Asn, node(), order.sku, order.ordered, order.units, order.transfer}.encode());
  if (order.units == 0) {
    return;
  }
  if (vendor_) {
    from_vendor_ += order.units;
  }
  const sim::Duration transit = std::max(to.notice, to.transit.sample(supply_rng_));
  travelling_.sent(ctx.now() + transit, order.units, ctx.now());
  send_on(ctx, to.link, transit,
          Consignment{Kind::Consignment, node(), order.sku, order.ordered, order.units, order.transfer}.encode());
}

// The ASN says what will come: the rest of the order is off the position at once.
void PhysicalNode::on_asn(const Consignment& asn, sim::Context& ctx) {
  if (asn.transfer) {
    on_transfer_asn(asn, ctx);
    return;
  }
  if (asn.units < asn.ordered) {
    on_order_[asn.sku] -= static_cast<std::int32_t>(asn.ordered - asn.units);
    position_fell(ctx, asn.sku);
  }
}

// Transfers are for a customer, not the shelf: they are never on order (the position).
bool PhysicalNode::ask_transfer(const Queued& waiting, sim::Context& ctx) {
  const OrderLine& line = waiting.line;
  if (!supply_.transfer_from || !at_counter(line, waiting.ship_home) || line.sku >= on_hand_.size()) {
    return false;
  }
  Queued awaited = waiting;
  awaited.awaited = true;
  awaiting_[line.sku].push_back(awaited);
  ctx.emit(probes::kTransferAsked, line.qty, fulfilment_.group);
  send_on(ctx, supply_.to_transfer, supply_.order_latency,
          Consignment{Kind::ReplenishOrder, node(), line.sku, line.qty, 0, /*transfer=*/true}.encode());
  return true;
}

// All or nothing: nothing coming is a short pick at once; else the line waits for its goods.
void PhysicalNode::on_transfer_asn(const Consignment& asn, sim::Context& ctx) {
  auto asked = awaiting_.find(asn.sku);
  if (asked == awaiting_.end() || asked->second.empty()) {
    throw sim::ModelError("node #" + std::to_string(node()) + " got a transfer's ASN for SKU #" +
                          std::to_string(asn.sku) + " it never asked for");
  }
  const Queued line = asked->second.front();
  asked->second.pop_front();
  if (asn.units < asn.ordered) {
    ctx.emit(probes::kUnitsPromisedAtNode, -static_cast<double>(line.line.qty), probes::node_sku(node(), line.line.sku));
    on_short_pick(line.line, ctx);
    return;
  }
  coming_[asn.sku].push_back(line);
}

void PhysicalNode::transfer_done(const Consignment& done, bool arrived, sim::Context& ctx) {
  auto coming = coming_.find(done.sku);
  if (coming == coming_.end()) {
    return;
  }
  std::deque<Queued>& lines = coming->second;
  const auto it = std::find_if(lines.begin(), lines.end(), [&](const Queued& q) { return q.line.qty == done.ordered; });
  if (it == lines.end()) {
    return;
  }
  const Queued line = *it;
  lines.erase(it);
  if (!arrived) {
    ctx.emit(probes::kUnitsPromisedAtNode, -static_cast<double>(line.line.qty), probes::node_sku(node(), line.line.sku));
    on_short_pick(line.line, ctx);
    return;
  }
  queue_.push_front(line);  // first in line: it has waited; short at its pick if units were lost
  if (line.spoken) {
    commit(line.line, +1);
  }
  ctx.emit(probes::kPickQueue, 1.0, fulfilment_.group);
  start_picks(ctx);
}

void PhysicalNode::on_consignment(const Consignment& goods, sim::Context& ctx) {
  std::uint32_t lost = 0;
  if (supply_.transit_loss > 0.0) {
    lost = static_cast<std::uint32_t>(boost::random::binomial_distribution<std::int64_t, double>(goods.units, supply_.transit_loss)(receive_rng_));
  }
  if (lost > 0) {  // found at receipt against the ASN, and posted as an adjustment
    lost_in_transit_ += lost;
    ctx.emit(probes::kTransitLost, lost, 0);
    if (!goods.transfer) {
      on_order_[goods.sku] -= static_cast<std::int32_t>(lost);
      position_fell(ctx, goods.sku);
    }
  }
  if (goods.units == lost) {
    if (goods.transfer) {
      transfer_done(goods, /*arrived=*/false, ctx);  // nothing of it arrived
    }
    return;
  }
  Consignment received = goods;  // its node: the supplier, to tell a transfer's put-away
  received.units = goods.units - lost;
  inbound_ += received.units;
  if (supply_.receiving_rate <= 0.0) {  // no dock to wait for: straight to put-away
    received.kind = Kind::PutAway;
    schedule_self(ctx, supply_.putaway.sample(receive_rng_), received.encode());
    return;
  }
  dock_.push_back(AtDock{received, ctx.now()});
  start_receiving(ctx);
}

// Docks receive first come, first served, on shift (a store: while open), each
// consignment taking units / receiving_rate hours.
void PhysicalNode::start_receiving(sim::Context& ctx) {
  while (!dock_.empty() && docks_busy_ < supply_.docks) {
    if (!on_shift(ctx.now())) {
      wake_at_shift(ctx);
      return;
    }
    const AtDock next = dock_.front();
    dock_.pop_front();
    ctx.emit(probes::kReceivingWait, (ctx.now() - next.arrived).to_seconds(), fulfilment_.group);
    ++docks_busy_;
    // At most ten years: a rate too small for the units never finishes within any horizon.
    const double hours = std::min(static_cast<double>(next.goods.units) / supply_.receiving_rate, 87'600.0);
    const auto work = sim::Duration::micros(std::llround(hours * 3.6e9));
    Consignment done = next.goods;
    done.kind = Kind::DockDone;
    schedule_self(ctx, work, done.encode());
  }
}

void PhysicalNode::on_dock_done(const Consignment& done, sim::Context& ctx) {
  --docks_busy_;
  Consignment put = done;
  put.kind = Kind::PutAway;
  schedule_self(ctx, supply_.putaway.sample(receive_rng_), put.encode());
  start_receiving(ctx);
}

void PhysicalNode::on_put_away(const Consignment& done, sim::Context& ctx) {
  inbound_ -= done.units;
  received_ += done.units;
  put_away_ += done.units;
  if (!done.transfer) {
    on_order_[done.sku] -= static_cast<std::int32_t>(done.units);
    ctx.emit(probes::kReplenishPutAway, done.units, fulfilment_.group);
  }
  change_on_hand(ctx, done.sku, done.units);  // the systems hear of it as of any change
  if (done.transfer) {
    transfer_done(done, /*arrived=*/true, ctx);  // the pickup line it came for is picked (short if units were lost)
  }
}

void PhysicalNode::wake_at_shift(sim::Context& ctx) {
  const sim::Time starts = next_shift_start(ctx.now());
  if (!shift_wakeup_ && starts != sim::Time::infinity()) {
    schedule_self(ctx, starts - ctx.now(), Message{Kind::ShiftStart});
    shift_wakeup_ = true;
  }
}

}  // namespace models::retail
