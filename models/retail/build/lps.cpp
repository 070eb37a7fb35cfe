// Build step 5: one LP per node, by its kind's registry factory (build/lps.h).
#include "models/retail/build/lps.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <memory>

#include "models/registry.h"
#include "models/retail/build/context.h"
#include "models/retail/capture_node.h"
#include "models/retail/physical_node.h"
#include "models/retail/relay.h"

namespace models::retail {
namespace {

// Region names of replayed orders (trace entries, log rows) as the network's codes.
std::function<std::uint16_t(const std::string&)> region_code(const BuildContext& context) {
  return [&regions = context.regions](const std::string& name) { return regions.code(name); };
}

// A node's group for fulfilment figures: its id with trailing digits folded to
// '*' when other nodes of its kind share the stem ("store-*"), else its id.
std::string group_of(const scenario::ScenarioSpec& spec, std::size_t node) {
  const std::string& id = spec.nodes[node].id;
  std::size_t end = id.size();
  while (end > 0 && std::isdigit(static_cast<unsigned char>(id[end - 1]))) {
    --end;
  }
  if (end == id.size() || end == 0) {
    return id;
  }
  const std::string stem = id.substr(0, end);
  std::size_t sharing = 0;
  for (const auto& other : spec.nodes) {
    sharing += other.kind == spec.nodes[node].kind && other.id.starts_with(stem) ? 1 : 0;
  }
  return sharing > 1 ? stem + "*" : id;
}


// The node's fulfilment group (its probe label), and its pickers counted there.
void add_to_group(BuildContext& context, std::size_t node, PhysicalNode::Fulfilment& fulfilment) {
  RetailModel& model = context.model;
  const std::string group = group_of(context.spec, node);
  const auto g = std::find(model.groups.begin(), model.groups.end(), group);
  fulfilment.group = g - model.groups.begin();
  if (g == model.groups.end()) {
    model.groups.push_back(group);
    model.group_pickers.push_back(0);
  }
  model.group_pickers[static_cast<std::size_t>(fulfilment.group)] += fulfilment.pickers;
}

PhysicalNode::Fulfilment fulfilment_of(BuildContext& context, std::size_t node) {
  const auto& spec_node = context.spec.nodes[node];
  const auto& p = spec_node.params;
  PhysicalNode::Fulfilment fulfilment;
  if (spec_node.kind == NodeKind::Vendor) {
    // A drop-ship vendor: its pickers work around the clock, each line taking ship_time,
    // and the parcel leaves when done (no carrier cutoff; the vendor ships it).
    fulfilment.pickers = p.integer("pickers");
    fulfilment.pick_time = p.distribution("ship_time");
    fulfilment.pack_time = scenario::DurationDistribution{};
    fulfilment.ships_at_once = true;
    fulfilment.short_pick = PhysicalNode::ShortPick::ZeroLocation;
    const auto& sources = context.model.sources;
    if (node < sources.size() && sources[node]) {  // only a vendor the OMS sends lines to reports fulfilment figures
      add_to_group(context, node, fulfilment);
    }
    return fulfilment;
  }
  if (spec_node.kind == NodeKind::Store) {
    fulfilment.pickup_counter = p.boolean("bopis");
    fulfilment.hours = hours_of(context, p.json("opening_hours"));
  } else {
    fulfilment.shift_start = since_midnight(p.text("shift_start"));
    fulfilment.shift_end = since_midnight(p.text("shift_end"));
    fulfilment.hours = hours_of(context, p.json("shift_hours"));  // "always": the shift above
  }
  fulfilment.carrier_days = hours_of(context, p.json("carrier_days"));
  if (!fulfilment.carrier_days.always()) {
    const sim::Duration cutoff = since_midnight(p.text("carrier_cutoff"));
    bool calls = false;
    for (int day = 0; day < 14 && !calls; ++day) {
      calls = fulfilment.carrier_days.open(sim::Time::zero() + sim::Duration::days(day) + cutoff);
    }
    if (!calls) {
      context.model.notes.push_back("the carrier never calls at \"" + spec_node.id + "\" in the first two weeks: its "
                                    "carrier_days hold no carrier_cutoff (" + p.text("carrier_cutoff") +
                                    "; hours are open up to their close, not at it), so its parcels wait");
    }
  }
  if (p.text("shipped_status") == "carrier_scan") {
    fulfilment.scan_delay = p.distribution("carrier_scan_delay");
  }
  fulfilment.pickers = p.integer("pickers");
  fulfilment.pick_time = p.distribution("pick_time");
  fulfilment.pack_time = p.distribution("pack_time");
  fulfilment.cutoff = since_midnight(p.text("carrier_cutoff"));
  const std::string short_pick = p.text("short_pick");
  fulfilment.short_pick = short_pick == "none"        ? PhysicalNode::ShortPick::None
                          : short_pick == "decrement" ? PhysicalNode::ShortPick::Decrement
                                                      : PhysicalNode::ShortPick::ZeroLocation;
  add_to_group(context, node, fulfilment);
  return fulfilment;
}

}  // namespace

OpenHours hours_of(BuildContext& context, const nlohmann::json& hours) {
  auto [known, added] = context.open_hours.try_emplace(hours.dump());
  if (added) {
    scenario::Diagnostics checked;  // the loader has checked the hours
    known->second = OpenHours(scenario::read_weekly_hours(hours, "", checked).value(), context.spec.start_weekday,
                              context.spec.start_day, context.spec.horizon);
  }
  return known->second;
}

std::unique_ptr<RetailLp> make_physical_lp(BuildContext& context, std::size_t node, double& load) {
  const auto& spec = context.spec;
  const auto& spec_node = spec.nodes[node];
  const std::size_t channel = context.topology->channel_of_node[node];
  std::optional<DemandProcess> pos;
  load = 1.0;
  if (channel != kNoNode) {
    context.sku_draws.resize(spec.channels.size());
    pos.emplace(spec.channels[channel], spec.skus, spec.horizon, region_code(context), context.sku_draws[channel]);
    context.sku_draws[channel] = pos->sku_draw();
    load += spec.channels[channel].orders_per_hour;
  }
  // The scenario's copy, shared by every run and variant, when it covers the catalogue as it is.
  std::shared_ptr<const std::vector<std::int64_t>> inventory = spec_node.inventory.sized(spec.skus.size()).shared();
  PhysicalNode::Shrink shrink;
  if (spec_node.kind == NodeKind::Store) {
    shrink.per_day = spec_node.params.number("shrink_per_day");
    shrink.cycle_count_interval = spec_node.params.duration("cycle_count_interval");
  }
  auto physical = std::make_unique<PhysicalNode>(node, *context.topology, std::move(inventory), std::move(pos),
                                                 static_cast<std::uint32_t>(channel == kNoNode ? 0 : channel), shrink,
                                                 fulfilment_of(context, node));
  if (spec_node.kind == NodeKind::Store) {
    physical->keep_running_while_down();  // its POS offline: the till keeps selling
  }
  if (!context.return_sources[node].empty()) {
    physical->set_returns(ReturnDesk(std::move(context.return_sources[node]),
                                     spec_node.params.distribution("inspection_time"), spec.horizon));
  }
  return physical;
}

std::unique_ptr<RetailLp> make_capture_lp(BuildContext& context, std::size_t node, double& load) {
  const auto& spec = context.spec;
  const auto& spec_node = spec.nodes[node];
  const std::size_t channel = context.topology->channel_of_node[node];
  if (channel == kNoNode) {
    return make_system_lp(context, node, load);  // no customers buy here: it only passes messages on
  }
  const auto& ch = spec.channels[channel];
  std::vector<std::uint16_t> codes;
  for (const auto& [name, weight] : ch.regions) {
    codes.push_back(context.regions.code(name));
  }
  // The channel's figure of the network's initial ATS (no line consumed yet), as the OMS would publish it.
  const std::vector<std::int64_t> none(spec.channels.size(), 0);
  std::vector<std::int64_t> shown(spec.channels.size(), 0);
  // One figure per OMS shard, each of its own candidates' stock: [shard * SKUs + SKU].
  std::vector<std::int64_t> view(context.network_available.size(), 0);
  for (std::size_t base = 0; base < view.size(); base += spec.skus.size()) {
    // The network's or channel's safety stock, as this shard holds it back.
    const std::vector<std::int64_t> held = safety_toward(context, node, base / std::max<std::size_t>(1, spec.skus.size()));
    for (std::size_t sku = 0; sku < spec.skus.size(); ++sku) {
      context.levers.allocation->split(context.network_available[base + sku], none, shown);
      view[base + sku] = std::max<std::int64_t>(0, shown[channel] - held[sku]);
    }
  }
  const ReservationPolicy& reservation = *context.levers.reservation;
  const std::int64_t threshold = spec_node.params.integer("oos_threshold");
  const std::int64_t buffer = spec_node.kind == NodeKind::Marketplace ? spec_node.params.integer("listing_buffer") : 0;
  const sim::Duration cart_hold =
      spec_node.kind == NodeKind::Storefront ? spec_node.params.duration("cart_hold") : sim::Duration::zero();
  load = 1.0 + ch.orders_per_hour;
  const bool close_checkout = spec_node.params.text("when_oms_down") == "close_checkout";
  auto capture = std::make_unique<CaptureNode>(node, *context.topology, spec.skus.size(),
                                               DemandProcess(ch, spec.skus, spec.horizon, region_code(context)),
                                               static_cast<std::uint32_t>(channel), reservation.mode(),
                                               reservation.hold_ttl(), reservation.reply_timeout(),
                                               reservation.soft_hold(), cart_hold, threshold, buffer, std::move(view),
                                               std::move(codes), close_checkout);
  capture->keep_running_while_down();  // its customers find the site down
  return capture;
}

std::unique_ptr<RetailLp> make_oms_lp(BuildContext& context, std::size_t node, double& load) {
  load = 1001.0;  // the hub: every order passes here
  const auto& shards = context.topology->oms_shards;
  const auto shard = static_cast<std::size_t>(std::find(shards.begin(), shards.end(), node) - shards.begin());
  return std::make_unique<Oms>(node, *context.topology, shard_config(context, shard));
}

std::unique_ptr<RetailLp> make_system_lp(BuildContext& context, std::size_t node, double& load) {
  const auto& spec = context.spec;
  const auto& spec_node = spec.nodes[node];
  Relay::Capacity capacity;
  if (spec_node.kind == NodeKind::Broker) {
    capacity.per_second = spec_node.params.number("capacity_per_s");
    capacity.queue_limit = spec_node.params.integer("queue_limit");
    capacity.label = static_cast<std::int64_t>(context.model.brokers.size());
    context.model.brokers.push_back(spec_node.id);
  }
  auto relay = std::make_unique<Relay>(node, *context.topology, spec_node.kind == NodeKind::Erp, spec.skus.size(),
                                       capacity);
  Relay::BackOffice office;
  if (node == context.topology->erp) {
    office.posting_delay = spec_node.params.distribution("posting_delay");
  }
  if (spec_node.kind == NodeKind::Wms) {
    office.confirm_delay = spec_node.params.distribution("confirm_delay");
  }
  if (spec_node.kind == NodeKind::CustomerService) {
    office.status_refresh = spec_node.params.duration("status_refresh");
  }
  relay->set_back_office(std::move(office));
  load = 101.0;
  return relay;
}

}  // namespace models::retail
