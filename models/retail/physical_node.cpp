#include "models/retail/physical_node.h"

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"
#include "sim/hash.h"

namespace models::retail {
namespace {
constexpr sim::Duration kCountRound = sim::Duration::hours(1);  // how often a store counts the records due
}  // namespace

PhysicalNode::PhysicalNode(std::size_t node, const Topology& topology,
                           std::shared_ptr<const std::vector<std::int64_t>> inventory,
                           std::optional<DemandProcess> pos_demand, std::uint32_t channel, Shrink shrink,
                           Fulfilment fulfilment)
    : RetailLp(node, topology),
      initial_(std::move(inventory)),
      pos_(std::move(pos_demand)),
      channel_(channel),
      shrink_(shrink),
      fulfilment_(std::move(fulfilment)) {}

void PhysicalNode::start(sim::Context& ctx) {
  // The shelf, made when the run starts: a model built only to be checked costs none of it.
  on_hand_.assign(initial_->begin(), initial_->end());  // at most 10^9 a SKU (the loader's bound)
  reserved_.assign(on_hand_.size(), 0);
  unreported_.assign(on_hand_.size(), 0);
  received_ = std::accumulate(on_hand_.begin(), on_hand_.end(), std::int64_t{0});
  pick_rng_ = ctx.stream(kFulfilStream);
  if (fulfilment_.scan_delay) {
    scan_rng_ = ctx.stream(kScanStream);
  }
  // The records' level first (what every system starts from), then the shelf's
  // where the warm start took units the records still hold: analysis sees the
  // records start the day wrong (analysis/recorders/accuracy.cpp).
  ctx.emit_array(probes::kPhysicalLevel, initial_);
  if (shrink_.per_day > 0.0) {
    shrink_rng_ = ctx.stream(kShrinkStream);
    warm_start_records();
    const std::vector<std::int64_t>& records = *initial_;
    for (std::uint32_t sku = 0; sku < on_hand_.size(); ++sku) {
      if (on_hand_[sku] != records[sku]) {
        ctx.emit(probes::kPhysicalLevel, static_cast<double>(on_hand_[sku]), sku);
      }
    }
  }
  if (shrink_.per_day > 0.0) {
    schedule_self(ctx, sim::Duration::hours(1), Message{Kind::ShrinkTick});
    schedule_self(ctx, kCountRound, Message{Kind::CycleCount});
  }
  if (returns_ && !returns_->empty()) {
    returns_rng_ = ctx.stream(kReturnsStream);
    if (auto first = returns_->next_arrival(ctx.now(), returns_rng_)) {
      schedule_self(ctx, *first - ctx.now(), Message{Kind::ReturnArrival});
    }
  }
  if (pos_) {
    demand_rng_ = ctx.stream(kDemandStream);
    schedule_next_customer(ctx);
  }
  start_supply(ctx);
}

// The walk-in process restricted to opening hours. A drawn arrival that falls while
// the store is closed is discarded and the process restarts at the next opening (the
// same restricted Poisson process, memoryless, without drawing the closed hours); a
// replayed customer who comes while it is closed is passed over, the next one replayed.
void PhysicalNode::schedule_next_customer(sim::Context& ctx) {
  auto next = pos_->next_arrival(ctx.now(), demand_rng_);
  while (next && !fulfilment_.hours.open(*next)) {
    if (pos_->replays()) {
      (void)pos_->basket(demand_rng_, *next);  // moves past this customer
      next = pos_->next_arrival(*next, demand_rng_);
      continue;
    }
    const sim::Time opens = fulfilment_.hours.next_open(*next);
    next = opens == sim::Time::infinity() ? std::nullopt : pos_->next_arrival(opens, demand_rng_);
  }
  if (next) {
    schedule_self(ctx, *next - ctx.now(), Message{Kind::Arrival});
  }
}

void PhysicalNode::on_message(const sim::Event& ev, sim::Context& ctx) {
  switch (kind_of(ev)) {
    case Kind::Arrival:
      on_pos_customer(ctx);
      return;
    case Kind::Fulfil:
      on_fulfil(Fulfil::decode(ev), ctx);
      return;
    case Kind::PickDone:
      on_pick_done(PickDone::decode(ev), ctx);
      return;
    case Kind::Pickup: {
      const Pickup pickup = Pickup::decode(ev);
      on_pickup(pickup.line, ctx, pickup.ship_home);
      return;
    }
    case Kind::ShiftStart:
      shift_wakeup_ = false;
      start_picks(ctx);
      start_receiving(ctx);
      return;
    case Kind::Review:
      on_review(ctx);
      return;
    case Kind::CarrierScan:  // the scan's delay over: it reaches the OMS as the shipments links carry it
      send_toward(ctx, Traffic::Shipments, topology().oms_for_node(node()),
                  CarrierScan{CarrierScan::decode(ev).line, false, static_cast<std::uint32_t>(topology().shard_for_node(node()))}.encode());
      return;
    case Kind::ReplenishOrder:
      on_replenish_order(Consignment::decode(ev), ctx);
      return;
    case Kind::VendorShip:
      ship_order(Consignment::decode(ev), ctx);
      return;
    case Kind::Asn:
      on_asn(Consignment::decode(ev), ctx);
      return;
    case Kind::Consignment:
      on_consignment(Consignment::decode(ev), ctx);
      return;
    case Kind::DockDone:
      on_dock_done(Consignment::decode(ev), ctx);
      return;
    case Kind::PutAway:
      on_put_away(Consignment::decode(ev), ctx);
      return;
    case Kind::Reserve:
      on_reserve(ReserveRequest::decode(ev), ctx);
      return;
    case Kind::ShrinkTick:
      on_shrink(ctx);
      schedule_self(ctx, sim::Duration::hours(1), Message{Kind::ShrinkTick});
      return;
    case Kind::CycleCount:
      on_cycle_count(ctx);
      schedule_self(ctx, kCountRound, Message{Kind::CycleCount});
      return;
    case Kind::ReturnArrival:
      on_return(ctx);
      return;
    case Kind::InspectionDone:
      on_inspection_done(InspectionDone::decode(ev), ctx);
      return;
    default:
      throw unhandled("a store or warehouse", ev);
  }
}

bool PhysicalNode::on_shelf(std::uint32_t sku, std::int64_t units) const {
  return sku < on_hand_.size() && on_hand_[sku] >= units;  // compared in 64 bits: a negative level is short
}

std::int32_t PhysicalNode::shelf_units(std::int64_t units, std::uint32_t sku) const {
  if (units > std::numeric_limits<std::int32_t>::max() || units < std::numeric_limits<std::int32_t>::min()) {
    throw sim::ModelError("node #" + std::to_string(node()) + ", SKU #" + std::to_string(sku) + ": " +
                          std::to_string(units) + " units on the shelf, beyond the 2^31 - 1 a position holds");
  }
  return static_cast<std::int32_t>(units);
}

void PhysicalNode::change_on_hand(sim::Context& ctx, std::uint32_t sku, std::int64_t delta) {
  on_hand_[sku] = shelf_units(on_hand_[sku] + delta, sku);
  ctx.emit(probes::kPhysicalLevel, static_cast<double>(on_hand_[sku]), sku);
  broadcast(ctx, Traffic::Inventory, InventoryDelta{node(), sku, static_cast<std::int32_t>(delta)}.encode());
  if (delta < 0) {
    position_fell(ctx, sku);
  }
}

void PhysicalNode::on_pos_customer(sim::Context& ctx) {
  ctx.emit(probes::kOrderCaptured, 1.0, channel_);
  for (const BasketLine& line : pos_->basket(demand_rng_, ctx.now())) {
    if (on_shelf(line.sku, line.qty)) {
      sold_ += line.qty;
      change_on_hand(ctx, line.sku, -static_cast<std::int64_t>(line.qty));
      ctx.emit(probes::kPosSale, line.qty, probes::channel_sku(channel_, line.sku));
      if (down(ctx)) {
        ctx.emit(probes::kPosSaleOffline, line.qty, 0);  // its delta waits in the POS's journal
      }
    } else {
      ctx.emit(probes::kPosStockout, line.qty, channel_);  // nothing on the shelf: the walk-in leaves
    }
  }
  schedule_next_customer(ctx);
}

void PhysicalNode::on_shrink(sim::Context& ctx) {
  // Units lost this hour: Poisson(on hand x hourly rate), each taken from a SKU
  // in proportion to its units (a unit is as likely as any other to walk away).
  const std::int64_t total = std::accumulate(on_hand_.begin(), on_hand_.end(), std::int64_t{0});
  if (total <= 0) {
    return;
  }
  const double per_hour = 1.0 - std::pow(1.0 - shrink_.per_day, 1.0 / 24.0);
  auto lost = boost::random::poisson_distribution<std::int64_t, double>(static_cast<double>(total) * per_hour)(shrink_rng_);
  if (lost <= 0) {
    return;
  }
  // The unit each draw takes: the first SKU whose running sum of units on the shelf
  // passes the draw. A Fenwick tree over the shelf finds it in log(SKUs) steps, where a
  // scan from the first SKU took a pass per unit lost; one tree per thread, reused.
  thread_local std::vector<std::int64_t> tree;
  const std::size_t n = on_hand_.size();
  tree.assign(n + 1, 0);
  for (std::size_t i = 1; i <= n; ++i) {
    tree[i] += std::max<std::int64_t>(0, on_hand_[i - 1]);
    const std::size_t parent = i + (i & (~i + 1));
    if (parent <= n) {
      tree[parent] += tree[i];
    }
  }
  std::size_t top = 1;
  while (top * 2 <= n) {
    top *= 2;
  }
  std::int64_t remaining = total;
  for (; lost > 0 && remaining > 0; --lost, --remaining) {
    std::int64_t pick = boost::random::uniform_int_distribution<std::int64_t>(0, remaining - 1)(shrink_rng_);
    std::size_t at = 0;  // the last position whose prefix sum is <= pick
    for (std::size_t step = top; step > 0; step /= 2) {
      if (at + step <= n && tree[at + step] <= pick) {
        at += step;
        pick -= tree[at];
      }
    }
    if (at >= n) {
      continue;  // past every unit on the shelf (never: the total counts no more than the shelf's units)
    }
    const auto sku = static_cast<std::uint32_t>(at);
    on_hand_[sku] -= 1;
    damaged_ += 1;
    unreported_[sku] += 1;
    ctx.emit(probes::kPhysicalLevel, static_cast<double>(on_hand_[sku]), sku);
    for (std::size_t i = at + 1; i <= n; i += i & (~i + 1)) {
      tree[i] -= 1;
    }
  }
}

void PhysicalNode::warm_start_records() {
  const auto interval = shrink_.cycle_count_interval.count_us();
  const double day_us = 8.64e10;
  next_count_.assign(on_hand_.size(), sim::Time::zero());
  for (std::uint32_t sku = 0; sku < on_hand_.size(); ++sku) {
    const std::int64_t age = boost::random::uniform_int_distribution<std::int64_t>(0, interval - 1)(shrink_rng_);
    next_count_[sku] = sim::Time::zero() + sim::Duration::micros(interval - age);
    next_due_ = std::min(next_due_, next_count_[sku]);
    if (on_hand_[sku] <= 0) {
      continue;
    }
    const double lost_p = 1.0 - std::pow(1.0 - shrink_.per_day, static_cast<double>(age) / day_us);
    const auto lost = boost::random::binomial_distribution<std::int64_t, double>(on_hand_[sku], lost_p)(shrink_rng_);
    on_hand_[sku] -= static_cast<std::int32_t>(lost);  // at most on hand. received_ counts the records' units: the lost ones are damaged
    damaged_ += lost;
    unreported_[sku] += lost;
  }
}

void PhysicalNode::on_cycle_count(sim::Context& ctx) {
  // Each record due is counted: the count finds what shrink took (or what a short
  // pick's adjustment hid) and tells the systems, as an adjustment; the record is
  // next counted an interval later.
  if (ctx.now() < next_due_) {
    return;  // no record is due this round
  }
  next_due_ = sim::Time::infinity();
  for (std::uint32_t sku = 0; sku < unreported_.size(); ++sku) {
    if (next_count_[sku] > ctx.now()) {
      next_due_ = std::min(next_due_, next_count_[sku]);
      continue;
    }
    next_count_[sku] = next_count_[sku] + shrink_.cycle_count_interval;
    next_due_ = std::min(next_due_, next_count_[sku]);
    if (unreported_[sku] != 0) {
      broadcast(ctx, Traffic::Inventory, InventoryDelta{node(), sku, -static_cast<std::int32_t>(unreported_[sku])}.encode());
      const bool fell = unreported_[sku] > 0;
      unreported_[sku] = 0;
      if (fell) {
        position_fell(ctx, sku);
      }
    }
  }
}

void PhysicalNode::on_short_pick(const OrderLine& line, sim::Context& ctx) {
  ctx.emit(probes::kShortPick, channel_of(line), static_cast<std::int64_t>(line.id()));
  tell_short(line, ctx);
  // After the adjustment: where both take equal time, the OMS's view drops before
  // the short pick frees the line's commitment (no moment of phantom availability).
  send_toward(ctx, Traffic::Shipments, topology().oms_for_node(node()), PickReport{node(), line, /*short_pick=*/true}.encode());
}

void PhysicalNode::tell_short(const OrderLine& line, sim::Context& ctx) {
  if (line.sku >= on_hand_.size() || fulfilment_.short_pick == ShortPick::None) {
    return;
  }
  // zero_location: the reported position down to 0, whatever is on the shelf.
  // decrement: the units the line was short, but never below the shelf (a
  // position that already counts them, in a batch not yet sent, is not cut twice).
  std::int32_t& unreported = unreported_[line.sku];
  const std::int64_t reported = on_hand_[line.sku] + reserved_[line.sku] + unreported;
  const std::int64_t short_units = static_cast<std::int64_t>(line.qty) - on_hand_[line.sku];
  const std::int64_t adjustment = fulfilment_.short_pick == ShortPick::ZeroLocation
                                      ? -reported
                                      : -std::min(short_units, std::max<std::int64_t>(0, unreported));
  unreported = static_cast<std::int32_t>(unreported + adjustment);
  // Sent even when 0: the links send the SKU's buffered deltas with it, at once.
  const InventoryDelta delta{node(), line.sku, static_cast<std::int32_t>(adjustment), /*duplicate=*/false, /*urgent=*/true};
  broadcast(ctx, Traffic::Inventory, delta.encode());
  if (adjustment < 0) {
    position_fell(ctx, line.sku);
  }
}

void PhysicalNode::on_return(sim::Context& ctx) {
  const DrawnReturn drawn = returns_->draw(returns_rng_);
  const ReturnRecord record{static_cast<std::uint32_t>(node()), next_return_++, drawn.sku, drawn.till, drawn.foreign_code};
  const auto label = static_cast<std::int64_t>(record.id());
  const auto channel = static_cast<std::uint16_t>(drawn.channel);
  ctx.emit(probes::kReturnReceived, drawn.channel, label);
  ctx.emit(probes::kReturnReason, 1.0, probes::channel_sku(drawn.channel, drawn.code));  // channel<<32 | code
  if (drawn.till) {
    ctx.emit(probes::kRefundAtChannel, drawn.channel, label);  // the till refunds at once
  }
  // The record goes to the ERP at once (no route: the ERP never hears of it).
  send_toward(ctx, Traffic::Returns, topology().erp, ReturnNotice{channel, record}.encode());
  schedule_self(ctx, drawn.inspection, InspectionDone{channel, record, drawn.resellable}.encode());
  if (auto next = returns_->next_arrival(ctx.now(), returns_rng_)) {
    schedule_self(ctx, *next - ctx.now(), Message{Kind::ReturnArrival});
  }
}

void PhysicalNode::on_inspection_done(const InspectionDone& done, sim::Context& ctx) {
  const ReturnRecord& record = done.record;
  const double channel = static_cast<double>(done.channel);
  received_ += 1;
  returned_ += 1;
  if (done.resellable && record.sku < on_hand_.size()) {
    change_on_hand(ctx, record.sku, 1);
    ctx.emit(probes::kReturnResellable, channel, static_cast<std::int64_t>(record.id()));
  } else {
    damaged_ += 1;
    ctx.emit(probes::kReturnWrittenOff, channel, static_cast<std::int64_t>(record.id()));
  }
}

void PhysicalNode::on_reserve(const ReserveRequest& request, sim::Context& ctx) {
  const OrderLine& line = request.line;
  if (request.release) {  // the customer stopped waiting: the units go back on the shelf
    if (auto held = reservations_.find(line.id()); held != reservations_.end()) {
      reserved_[line.sku] -= held->second;
      on_hand_[line.sku] = shelf_units(on_hand_[line.sku] + std::int64_t{held->second}, line.sku);
      ctx.emit(probes::kPhysicalLevel, static_cast<double>(on_hand_[line.sku]), line.sku);
      reservations_.erase(held);
    }
    return;
  }
  const bool ok = on_shelf(line.sku, line.qty);
  if (ok) {
    reserved_[line.sku] += line.qty;
    reservations_[line.id()] += line.qty;
    on_hand_[line.sku] -= static_cast<std::int32_t>(line.qty);  // at most on hand (checked above)
    ctx.emit(probes::kPhysicalLevel, static_cast<double>(on_hand_[line.sku]), line.sku);
    ctx.emit(probes::kShelfReserved, line.qty, line.sku);
  }
  const ReserveReply reply{node(), line, /*refused=*/!ok};
  send_toward(ctx, Traffic::Shipments, topology().oms_for_node(node()), reply.encode(), /*now=*/true);
}

void PhysicalNode::on_fulfil(const Fulfil& order, sim::Context& ctx) {
  // A supplier keeps count of the units its queue speaks for, except hard-reserved ones (off the shelf already).
  const bool spoken = !lanes_.empty() && !reservations_.contains(order.line.id());
  queue_.push_back(Queued{order.line, ctx.now(), order.ship_home, spoken});
  if (spoken) {
    commit(order.line, +1);
  }
  ctx.emit(probes::kPickQueue, 1.0, fulfilment_.group);
  start_picks(ctx);
}

void PhysicalNode::start_picks(sim::Context& ctx) {
  while (!queue_.empty() && busy_ < fulfilment_.pickers) {
    if (!on_shift(ctx.now())) {
      wake_at_shift(ctx);
      return;
    }
    const Queued next = queue_.front();
    queue_.pop_front();
    if (next.spoken) {
      commit(next.line, -1);
    }
    ctx.emit(probes::kPickQueue, -1.0, fulfilment_.group);
    const OrderLine& line = next.line;
    if (auto held = reservations_.find(line.id()); held != reservations_.end()) {
      // A hard reservation: the units were set aside when the order was captured.
      reserved_[line.sku] -= held->second;
      in_process_ += held->second;
      ctx.emit(probes::kShelfReserved, -static_cast<double>(held->second), line.sku);
      broadcast(ctx, Traffic::Inventory,
                InventoryDelta{node(), line.sku, -static_cast<std::int32_t>(held->second)}.encode());
      reservations_.erase(held);
      position_fell(ctx, line.sku);  // reserved units picked: off the position
    } else if (on_shelf(line.sku, line.qty)) {
      in_process_ += line.qty;
      ctx.emit(probes::kUnitsPromisedAtNode, -static_cast<double>(line.qty), probes::node_sku(node(), line.sku));
      change_on_hand(ctx, line.sku, -static_cast<std::int64_t>(line.qty));
    } else if (!next.awaited && ask_transfer(next, ctx)) {
      continue;  // a pickup line this store is short of waits for a transfer from transfer_from
    } else {
      // The units are gone by the time a picker looks: a short pick.
      ctx.emit(probes::kUnitsPromisedAtNode, -static_cast<double>(line.qty), probes::node_sku(node(), line.sku));
      on_short_pick(line, ctx);
      continue;
    }
    // The pick confirms to the OMS at once: the units have left the shelf, so the
    // OMS stops holding them as committed (the parcel itself leaves at the cutoff).
    const bool scan = fulfilment_.scan_delay && !at_counter(line, next.ship_home);
    send_toward(ctx, Traffic::Shipments, topology().oms_for_node(node()),
                PickReport{node(), line, /*short_pick=*/false, /*wms_timer=*/false, scan}.encode());
    if (topology().fault_figures) {
      ctx.emit(probes::kConfirmationSent, 1.0, static_cast<std::int64_t>(line.id()));
    }
    ctx.emit(probes::kPickWait, (ctx.now() - next.arrived).to_seconds(), fulfilment_.group);
    ctx.emit(probes::kPickersBusy, 1.0, fulfilment_.group);
    ++busy_;
    const sim::Duration work = fulfilment_.pick_time.sample(pick_rng_) + fulfilment_.pack_time.sample(pick_rng_);
    schedule_self(ctx, work, PickDone{line, next.ship_home}.encode());
  }
}

void PhysicalNode::on_pick_done(const PickDone& done, sim::Context& ctx) {
  --busy_;
  ctx.emit(probes::kPickersBusy, -1.0, fulfilment_.group);
  if (at_counter(done.line, done.ship_home)) {
    // Ready at the counter: no carrier, no cutoff; the customer collects it while the store
    // is open (at once, or at the next opening for an order packed after closing).
    const sim::Time opens = fulfilment_.hours.next_open(ctx.now());
    if (opens == ctx.now()) {
      on_pickup(done.line, ctx, done.ship_home);
    } else if (opens != sim::Time::infinity()) {
      schedule_self(ctx, opens - ctx.now(), Pickup{done.line, done.ship_home}.encode());
    }
  } else if (fulfilment_.ships_at_once) {
    on_pickup(done.line, ctx, done.ship_home);  // a drop-ship vendor's parcel leaves when done
  } else {
    if (const sim::Time pickup = next_pickup(ctx.now()); pickup != sim::Time::infinity()) {
      schedule_self(ctx, pickup - ctx.now(), Pickup{done.line, done.ship_home}.encode());
    }  // else the carrier never calls: the parcel stays picked (in process) for good
  }
  start_picks(ctx);
}

bool PhysicalNode::at_counter(const OrderLine& line, bool ship_home) const {
  return fulfilment_.pickup_counter && !ship_home && is_bopis(topology(), line);
}

void PhysicalNode::on_pickup(const OrderLine& line, sim::Context& ctx, bool ship_home) {
  in_process_ -= line.qty;
  shipped_ += line.qty;
  ctx.emit(probes::kLineShipped, channel_of(line), static_cast<std::int64_t>(line.id()));
  if (fulfilment_.scan_delay && !at_counter(line, ship_home)) {
    schedule_self(ctx, fulfilment_.scan_delay->sample(scan_rng_), CarrierScan{line, /*timer=*/true}.encode());
  }
}

namespace {
constexpr std::int64_t kDayUs = sim::Duration::days(1).count_us();
sim::Duration time_of_day(sim::Time t) { return sim::Duration::micros(t.count_us() % kDayUs); }
sim::Time midnight_before(sim::Time t) { return sim::Time::from_us(t.count_us() - t.count_us() % kDayUs); }
}  // namespace

bool PhysicalNode::on_shift(sim::Time now) const {
  if (!fulfilment_.hours.always()) {
    return fulfilment_.hours.open(now);
  }
  const sim::Duration start = fulfilment_.shift_start, end = fulfilment_.shift_end, at = time_of_day(now);
  if (start == end) {
    return true;  // around the clock
  }
  return start < end ? (at >= start && at < end) : (at >= start || at < end);  // a night shift spans midnight
}

sim::Time PhysicalNode::next_shift_start(sim::Time now) const {
  if (!fulfilment_.hours.always()) {
    return fulfilment_.hours.next_open(now);
  }
  const sim::Time today = midnight_before(now) + fulfilment_.shift_start;
  return today > now ? today : today + sim::Duration::days(1);
}

// The first cutoff at or after `packed` on a day the carrier calls (a cutoff the carrier
// days' hours hold); Time::infinity() when it calls on none of the next 400 days.
sim::Time PhysicalNode::next_pickup(sim::Time packed) const {
  sim::Time cutoff = midnight_before(packed) + fulfilment_.cutoff;
  if (cutoff < packed) {
    cutoff = cutoff + sim::Duration::days(1);
  }
  for (int day = 0; day < 400; ++day, cutoff = cutoff + sim::Duration::days(1)) {
    if (fulfilment_.carrier_days.open(cutoff)) {
      return cutoff;
    }
  }
  return sim::Time::infinity();
}

void PhysicalNode::finish(sim::Context& ctx) {
  const std::int64_t on_hand = std::accumulate(on_hand_.begin(), on_hand_.end(), std::int64_t{0});
  // Held for orders: reserved, or picked and waiting for the carrier.
  const std::int64_t reserved =
      std::accumulate(reserved_.begin(), reserved_.end(), std::int64_t{0}) + in_process_;
  ctx.emit(probes::kUnitsReceived, static_cast<double>(received_), 0);
  ctx.emit(probes::kUnitsOnHand, static_cast<double>(on_hand), 0);
  ctx.emit(probes::kUnitsReserved, static_cast<double>(reserved), 0);
  ctx.emit(probes::kUnitsShipped, static_cast<double>(shipped_), 0);
  ctx.emit(probes::kUnitsSold, static_cast<double>(sold_), 0);
  ctx.emit(probes::kUnitsDamaged, static_cast<double>(damaged_), 0);
  ctx.emit(probes::kUnitsReturned, static_cast<double>(returned_), 0);
  if (vendor_) {
    ctx.emit(probes::kUnitsFromVendor, static_cast<double>(from_vendor_), 0);
  }
  if (receives() || !lanes_.empty()) {
    ctx.emit(probes::kUnitsPutAway, static_cast<double>(put_away_), 0);
    ctx.emit(probes::kUnitsTransferredOut, static_cast<double>(transferred_out_), 0);
    ctx.emit(probes::kUnitsInbound, static_cast<double>(inbound_), 0);
    ctx.emit(probes::kUnitsLostInTransit, static_cast<double>(lost_in_transit_), 0);
    ctx.emit(probes::kUnitsInTransit, static_cast<double>(travelling_.at(ctx.now())), 0);
  }
  // No unit is created or lost (checked at the end of every run, cheap enough for release builds).
  if (received_ != on_hand + reserved + shipped_ + sold_ + damaged_ + transferred_out_) {
    throw sim::ModelError("units not conserved: received " + std::to_string(received_) + " != on hand " +
                          std::to_string(on_hand) + " + reserved " + std::to_string(reserved) + " + shipped " +
                          std::to_string(shipped_) + " + sold " + std::to_string(sold_) + " + damaged " +
                          std::to_string(damaged_) + " + transferred out " + std::to_string(transferred_out_));
  }
}

std::uint64_t PhysicalNode::state_digest() const {
  // FNV's offset basis with its last digit lost in round 1. Any seed serves a
  // digest; this one stays so that run checksums do not change.
  constexpr std::uint64_t kSeed = 1469598103934665603ULL;
  std::uint64_t h = kSeed;
  h = sim::fnv_mix(h, static_cast<std::uint64_t>(busy_ * 131 + in_process_));
  h = sim::fnv_mix(h, queue_.size());
  for (std::int64_t units : on_hand_) {
    h = sim::fnv_mix(h, static_cast<std::uint64_t>(units));
  }
  if (receives() || !lanes_.empty()) {  // a node without either digests as it always did
    for (const std::int64_t x : {inbound_, put_away_, transferred_out_, lost_in_transit_, docks_busy_, from_vendor_,
                                 static_cast<std::int64_t>(dock_.size())}) {
      h = sim::fnv_mix(h, static_cast<std::uint64_t>(x));
    }
    for (const std::int32_t units : on_order_) {
      h = sim::fnv_mix(h, static_cast<std::uint64_t>(units));
    }
  }
  return h ^ static_cast<std::uint64_t>(shipped_) << 20 ^ static_cast<std::uint64_t>(sold_) ^
         static_cast<std::uint64_t>(damaged_) << 40;
}

}  // namespace models::retail
