#include "models/retail/vendor.h"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/binomial_distribution.hpp>

#include <algorithm>

#include "models/retail/demand.h"
#include "models/retail/probes.h"
#include "sim/hash.h"

namespace models::retail {

void Vendor::start(sim::Context& ctx) { rng_ = ctx.stream(kSupplyStream); }

void Vendor::on_message(const sim::Event& ev, sim::Context& ctx) {
  switch (kind_of(ev)) {
    case Kind::ReplenishOrder:
      on_order(Consignment::decode(ev), ctx);
      return;
    case Kind::VendorShip:
      ship(Consignment::decode(ev), ctx);
      return;
    default:
      throw unhandled("a vendor", ev);
  }
}

// Drawn when the order arrives, in this order: the units that will ship, the lead
// time, whether it is late and by how much.
void Vendor::on_order(const Consignment& order, sim::Context& ctx) {
  ++orders_;
  std::uint32_t units = order.ordered;
  if (terms_.fill_rate < 1.0) {
    units = static_cast<std::uint32_t>(boost::random::binomial_distribution<std::int64_t, double>(order.ordered, terms_.fill_rate)(rng_));
  }
  sim::Duration lead = terms_.lead_time.sample(rng_);
  if (terms_.late_rate > 0.0 && boost::random::bernoulli_distribution<double>(terms_.late_rate)(rng_)) {
    lead = lead + terms_.late_delay.sample(rng_);
  }
  schedule_self(ctx, lead, Consignment{Kind::VendorShip, order.node, order.sku, order.ordered, units}.encode());
}

void Vendor::ship(const Consignment& order, sim::Context& ctx) {
  const auto lane = lanes_.find(order.node);
  if (lane == lanes_.end()) {
    throw sim::ModelError("vendor node #" + std::to_string(node()) + " has no lane to node #" +
                          std::to_string(order.node));
  }
  const PhysicalNode::Lane& to = lane->second;
  if (order.units < order.ordered) {
    ctx.emit(probes::kReplenishShort, order.ordered - order.units, 0);
  }
  const auto send = [&](sim::Duration delay, Kind kind) {
    const Message m = Consignment{kind, node(), order.sku, order.ordered, order.units}.encode();
    ctx.send(to.link, delay, event_kind(m.kind), m.payload, m.port);
  };
  send(to.notice, Kind::Asn);
  if (order.units == 0) {
    return;
  }
  shipped_ += order.units;
  const sim::Duration transit = std::max(to.notice, to.transit.sample(rng_));
  travelling_.sent(ctx.now() + transit, order.units, ctx.now());
  send(transit, Kind::Consignment);
}

void Vendor::on_finish(sim::Context& ctx) {
  ctx.emit(probes::kUnitsFromVendor, static_cast<double>(shipped_), 0);
  ctx.emit(probes::kUnitsInTransit, static_cast<double>(travelling_.at(ctx.now())), 0);
}

std::uint64_t Vendor::state_digest() const {
  return sim::fnv_mix(sim::fnv_mix(sim::kFnvOffset64, static_cast<std::uint64_t>(shipped_)),
                      static_cast<std::uint64_t>(orders_));
}

}  // namespace models::retail
