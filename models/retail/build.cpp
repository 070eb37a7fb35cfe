#include "models/retail/build.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>

#include "models/retail/capture_node.h"
#include "models/retail/messages.h"
#include "models/retail/oms.h"
#include "models/retail/physical_node.h"
#include "models/retail/relay.h"
#include "models/retail/returns.h"
#include "sim/errors.h"
#include "sim/hash.h"

namespace models::retail {
namespace {

constexpr std::size_t kNpos = static_cast<std::size_t>(-1);

bool is_physical(const std::string& kind) { return kind == "store" || kind == "warehouse"; }

// "16:00" -> 16 hours (the loader has checked the form).
sim::Duration since_midnight(const std::string& hh_mm) {
  return sim::Duration::hours(std::stoi(hh_mm.substr(0, 2))) + sim::Duration::minutes(std::stoi(hh_mm.substr(3, 2)));
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
bool is_capture(const std::string& kind) { return kind == "storefront" || kind == "marketplace"; }

enum class Direction { Forward, Backward };

// Hops between `start` and every node over links of one traffic class (BFS):
// Forward = from start to each node, Backward = from each node to start.
std::vector<std::size_t> hops(const scenario::ScenarioSpec& spec, const std::string& carries, std::size_t start,
                              Direction direction) {
  std::vector<std::size_t> dist(spec.nodes.size(), kNpos);
  dist[start] = 0;
  std::deque<std::size_t> queue{start};
  while (!queue.empty()) {
    const std::size_t at = queue.front();
    queue.pop_front();
    for (const scenario::LinkSpec& link : spec.links) {
      const std::size_t near = direction == Direction::Forward ? link.from : link.to;
      const std::size_t far = direction == Direction::Forward ? link.to : link.from;
      if (link.carries == carries && near == at && dist[far] == kNpos) {
        dist[far] = dist[at] + 1;
        queue.push_back(far);
      }
    }
  }
  return dist;
}

constexpr double kDefaultInStoreShare = 0.3;  // storefront channels: returns taken back in a store

// Per node, the channels' returns it takes back (returns.h), and the reason
// codes they use into model.reasons (sorted, so codes do not depend on channel order).
std::vector<std::vector<ReturnSource>> plan_returns(const scenario::ScenarioSpec& spec,
                                                    const std::vector<std::size_t>& channel_of_node, RetailModel& model) {
  const std::size_t n = spec.nodes.size();
  std::vector<std::vector<ReturnSource>> out(n);
  std::vector<std::size_t> stores, warehouses;
  for (std::size_t node = 0; node < n; ++node) {
    if (spec.nodes[node].kind == "store") {
      stores.push_back(node);
    } else if (spec.nodes[node].kind == "warehouse") {
      warehouses.push_back(node);
    }
  }
  // A channel's own code set; "UNSPECIFIED" for a channel that names none.
  auto code_set = [&](std::size_t channel) {
    std::map<std::string, double> set = spec.channels[channel].return_reasons;
    if (set.empty()) {
      set.emplace("UNSPECIFIED", 1.0);
    }
    return set;
  };
  std::set<std::string> names;
  for (std::size_t c = 0; c < spec.channels.size(); ++c) {
    if (spec.channels[c].return_rate > 0 && spec.channels[c].orders_per_hour > 0) {
      for (const auto& [name, weight] : code_set(c)) {
        names.insert(name);
      }
    }
  }
  for (std::size_t node : stores) {  // online returns taken back in a store use its channel's codes
    if (channel_of_node[node] != kNpos) {
      for (const auto& [name, weight] : code_set(channel_of_node[node])) {
        names.insert(name);
      }
    } else {
      names.insert("UNSPECIFIED");
    }
  }
  model.reasons.assign(names.begin(), names.end());
  auto code_of = [&](const std::string& name) {
    return static_cast<std::uint32_t>(std::distance(names.begin(), names.find(name)));
  };
  for (std::size_t c = 0; c < spec.channels.size(); ++c) {
    const auto& channel = spec.channels[c];
    if (channel.return_rate <= 0 || channel.orders_per_hour <= 0 || channel.nodes.empty()) {
      continue;
    }
    std::vector<double> weights;
    for (std::size_t rank = 0; rank < spec.skus.size(); ++rank) {
      weights.push_back(channel.zipf ? 1.0 / std::pow(static_cast<double>(rank + 1), *channel.zipf)
                                     : spec.skus[rank].popularity);
    }
    const auto skus = std::make_shared<const boost::random::discrete_distribution<std::uint32_t, double>>(
        weights.begin(), weights.end());
    const auto own = code_set(c);
    auto source = [&](double per_hour, bool till, const std::map<std::string, double>& codes) {
      ReturnSource s;
      s.channel = static_cast<std::uint32_t>(c);
      s.per_hour = per_hour;
      s.refunded_at_till = till;
      s.resellable = channel.return_resellable;
      s.skus = skus;
      for (const auto& [name, weight] : codes) {
        s.codes.push_back(code_of(name));
        s.code_weights.push_back(weight);
        s.foreign.push_back(!own.contains(name));
      }
      return s;
    };
    const double per_node = channel.return_rate * channel.orders_per_hour;  // steady state: see returns.h
    const bool store_channel = spec.nodes[channel.nodes.front()].kind == "store";
    if (store_channel) {
      for (std::size_t node : channel.nodes) {
        out[node].push_back(source(per_node, true, own));
      }
      continue;
    }
    const double total = per_node * static_cast<double>(channel.nodes.size());
    double in_store = channel.return_in_store.value_or(
        spec.nodes[channel.nodes.front()].kind == "storefront" ? kDefaultInStoreShare : 0.0);
    if (warehouses.empty()) {
      in_store = 1.0;  // nowhere to mail them: all come back to stores
    } else if (stores.empty()) {
      in_store = 0.0;
    }
    for (std::size_t node : stores) {
      if (in_store > 0) {
        const std::size_t store_channel_idx = channel_of_node[node];
        const auto codes = store_channel_idx != kNpos ? code_set(store_channel_idx)
                                                      : std::map<std::string, double>{{"UNSPECIFIED", 1.0}};
        out[node].push_back(source(total * in_store / static_cast<double>(stores.size()), false, codes));
      }
    }
    for (std::size_t node : warehouses) {
      if (in_store < 1) {
        out[node].push_back(source(total * (1.0 - in_store) / static_cast<double>(warehouses.size()), false, own));
      }
    }
  }
  return out;
}

}  // namespace

bool is_bopis(const Topology& topology, const OrderLine& line) {
  const std::size_t channel = line.capture_node < topology.channel_of_node.size()
                                  ? topology.channel_of_node[line.capture_node]
                                  : kNpos;
  if (channel >= topology.bopis_share.size() || topology.bopis_share[channel] <= 0.0) {
    return false;
  }
  // splitmix64 of the order's identity: a uniform draw no LP has to share.
  const std::uint64_t order = (static_cast<std::uint64_t>(line.capture_node) << 32) | line.seq;
  return sim::unit_interval(sim::splitmix64(order ^ topology.bopis_salt)) < topology.bopis_share[channel];
}

RetailModel build(const scenario::ScenarioSpec& spec, std::uint32_t replication) {
  const std::size_t n = spec.nodes.size();
  if (n > kMaxNodes) {
    throw sim::ConfigError("the retail model takes at most " + std::to_string(kMaxNodes) + " nodes");
  }
  auto topology = std::make_shared<Topology>();
  RetailModel model;
  topology->channel_of_node.assign(n, kNpos);
  topology->bopis_salt = sim::run_salt(spec.seed, replication);
  for (std::size_t c = 0; c < spec.channels.size(); ++c) {
    model.channels.push_back(spec.channels[c].name);
    model.promises.push_back(spec.channels[c].promise);
    model.bopis_promises.push_back(spec.channels[c].bopis_promise);
    topology->bopis_share.push_back(spec.channels[c].bopis_share);
    for (std::size_t node : spec.channels[c].nodes) {
      if (topology->channel_of_node[node] != kNpos) {
        throw sim::ConfigError("node \"" + spec.nodes[node].id + "\" captures two channels (\"" +
                               spec.channels[topology->channel_of_node[node]].name + "\" and \"" +
                               spec.channels[c].name + "\")");
      }
      topology->channel_of_node[node] = c;
    }
  }
  for (std::size_t node = 0; node < n; ++node) {
    if (spec.nodes[node].kind == "erp" && topology->erp == kNpos) {
      topology->erp = node;
    }
    if (spec.nodes[node].kind == "oms") {
      if (topology->oms != kNpos) {
        throw sim::ConfigError("the retail model takes one OMS; found \"" + spec.nodes[topology->oms].id +
                               "\" and \"" + spec.nodes[node].id + "\"");
      }
      topology->oms = node;
    }
  }
  for (std::size_t c = 0; c < spec.channels.size(); ++c) {
    for (std::size_t node : spec.channels[c].nodes) {
      if (is_capture(spec.nodes[node].kind) && topology->oms == kNpos) {
        throw sim::ConfigError("channel \"" + spec.channels[c].name + "\" captures orders at \"" + spec.nodes[node].id +
                               "\", but no OMS takes them (add a node of kind oms)");
      }
    }
  }

  // Sender slots: an LP's outgoing links, in link order.
  std::vector<std::uint16_t> slot_of_link(spec.links.size());
  std::vector<std::uint16_t> next_slot(n, 0);
  for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
    slot_of_link[idx] = next_slot[spec.links[idx].from]++;
  }
  // Routes toward every target that routed messages go to.
  auto add_routes = [&](const std::string& carries, std::size_t target) {
    auto& table = topology->route[static_cast<std::size_t>(traffic_of(carries))];
    const auto dist = hops(spec, carries, target, Direction::Backward);
    for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
      const auto& link = spec.links[idx];
      if (link.carries == carries && dist[link.from] != kNpos && dist[link.to] != kNpos &&
          dist[link.to] + 1 == dist[link.from] && !table[link.from].contains(target)) {
        table[link.from][target] = slot_of_link[idx];
      }
    }
  };
  for (auto& table : topology->route) {
    table.resize(n);
  }
  if (topology->oms != kNpos) {
    add_routes("orders", topology->oms);
    add_routes("shipments", topology->oms);
    for (std::size_t node = 0; node < n; ++node) {
      if (is_physical(spec.nodes[node].kind)) {
        add_routes("orders", node);
      }
      if (is_capture(spec.nodes[node].kind)) {
        add_routes("availability", node);
      }
    }
  }
  // Return records travel to the ERP; refunds from it to the OMS.
  if (topology->erp != kNpos) {
    add_routes("returns", topology->erp);
  }
  if (topology->oms != kNpos) {
    add_routes("refunds", topology->oms);
  }
  // Primary neighbours for inventory deltas.
  topology->primary.resize(n);
  for (std::size_t origin = 0; origin < n; ++origin) {
    if (!is_physical(spec.nodes[origin].kind)) {
      continue;
    }
    const auto dist = hops(spec, "inventory", origin, Direction::Forward);
    for (const scenario::LinkSpec& link : spec.links) {
      if (link.carries != "inventory" || dist[link.from] == kNpos || dist[link.to] != dist[link.from] + 1) {
        continue;
      }
      auto [it, inserted] = topology->primary[link.to].emplace(origin, static_cast<sim::LpId>(link.from));
      if (!inserted && link.from < it->second) {
        it->second = static_cast<sim::LpId>(link.from);
      }
    }
  }

  // Policies.
  const auto& reservation = spec.policies.at("reservation");
  const auto& batching = spec.policies.at("batching");
  const ReservationMode mode = reservation.name == "none"   ? ReservationMode::None
                               : reservation.name == "hard" ? ReservationMode::Hard
                                                            : ReservationMode::Local;
  const bool stream_inventory = batching.name == "stream_inventory";
  const double interval_factor = batching.name == "scaled" ? batching.params.number("factor") : 1.0;
  const std::string safety_mode = reservation.params.text("safety_stock");
  const bool allocation = reservation.name == "allocation";
  auto share_for = [&](const std::string& capture_kind) {
    if (!allocation) {
      return 1.0;
    }
    return capture_kind == "marketplace" ? reservation.params.number("marketplace_share")
                                         : reservation.params.number("web_share");
  };

  // Regions: one code per name (1-based; 0 = unknown).
  std::set<std::string> region_names;
  for (const auto& node : spec.nodes) {
    if (!node.region.empty()) {
      region_names.insert(node.region);
    }
  }
  for (const auto& channel : spec.channels) {
    for (const auto& [name, weight] : channel.regions) {
      region_names.insert(name);
    }
  }
  auto region_code = [&](const std::string& name) -> std::uint16_t {
    const auto it = region_names.find(name);
    return it == region_names.end() ? 0 : static_cast<std::uint16_t>(std::distance(region_names.begin(), it) + 1);
  };

  // Safety stock per physical node and SKU (the `dynamic` kind: POS velocity x sync interval).
  auto safety_of = [&](std::size_t node) {
    std::vector<std::int64_t> safety(spec.skus.size(), 0);
    if (safety_mode == "fixed") {
      std::fill(safety.begin(), safety.end(), reservation.params.integer("safety_units"));
    } else if (safety_mode == "dynamic" && topology->channel_of_node[node] != kNpos) {
      std::optional<sim::Duration> sync;
      for (const auto& link : spec.links) {
        if (link.from == node && link.carries == "inventory" && link.interval && !stream_inventory) {
          sync = sync ? std::min(*sync, *link.interval) : *link.interval;
        }
      }
      if (sync) {
        const auto& channel = spec.channels[topology->channel_of_node[node]];
        const double hours = sync->to_seconds() / 3600.0 * interval_factor;
        for (std::size_t sku = 0; sku < safety.size(); ++sku) {
          const double velocity = channel.orders_per_hour * channel.basket_mean * spec.skus[sku].popularity;
          safety[sku] = static_cast<std::int64_t>(
              std::ceil(reservation.params.number("service_factor") * velocity * hours - 1e-9));
        }
      }
    }
    return safety;
  };

  // The OMS's candidates: physical nodes it can send work to and hear back from.
  OmsConfig oms_config;
  oms_config.sku_count = spec.skus.size();
  std::vector<std::int64_t> network_available(spec.skus.size(), 0);
  if (topology->oms != kNpos) {
    const auto& oms_node = spec.nodes[topology->oms];
    oms_config.release_interval = oms_node.params.duration("release_interval");
    oms_config.backorder = oms_node.params.boolean("backorder");
    if (topology->erp != kNpos) {
      oms_config.reconcile_interval = spec.nodes[topology->erp].params.duration("reconcile_interval");
    }
    // Shipping tariffs by node region x customer region (code 0: none given):
    // within a region is cheaper than across.
    const auto regions = static_cast<Eigen::Index>(region_names.size() + 1);
    ShippingCosts costs = ShippingCosts::Constant(regions, regions, 7.0);
    for (Eigen::Index r = 1; r < regions; ++r) {
      costs(r, r) = 4.0;
    }
    const auto& sourcing = spec.policies.at("sourcing");
    const auto& middleware = spec.policies.at("middleware");
    topology->idempotent = middleware.name != "at_least_once" || middleware.params.boolean("idempotent");
    oms_config.sourcing = make_sourcing_policy(sourcing.name, sourcing.params, std::move(costs));
    oms_config.bopis_sourcing = make_sourcing_policy("min_split", {}, ShippingCosts::Constant(1, 1, 0.0));
    for (const auto& channel : spec.channels) {
      oms_config.promise_of_channel.push_back(channel.promise);
      oms_config.bopis_promise_of_channel.push_back(channel.bopis_promise);
    }
    for (std::size_t node = 0; node < n; ++node) {
      const bool reachable =
          topology->route[static_cast<std::size_t>(Traffic::Orders)][topology->oms].contains(node) &&
          topology->route[static_cast<std::size_t>(Traffic::Shipments)][node].contains(topology->oms);
      if (!is_physical(spec.nodes[node].kind)) {
        continue;
      }
      if (!reachable) {
        const auto& stock = spec.nodes[node].inventory;
        if (std::any_of(stock.begin(), stock.end(), [](std::int64_t units) { return units > 0; })) {
          model.notes.push_back("the OMS never sources from \"" + spec.nodes[node].id +
                                "\": no orders link leads to it, or no shipments link leads back");
        }
        continue;
      }
      OmsConfig::Candidate candidate;
      candidate.node = node;
      candidate.region = region_code(spec.nodes[node].region);
      candidate.initial = spec.nodes[node].inventory;
      candidate.initial.resize(spec.skus.size(), 0);
      candidate.safety = safety_of(node);
      const auto& params = spec.nodes[node].params;
      candidate.is_store = spec.nodes[node].kind == "store";
      candidate.bopis = candidate.is_store && params.boolean("bopis");
      candidate.ships = !candidate.is_store || params.boolean("ship_from_store");
      const double work_hours =
          (params.distribution("pick_time").mean_value() + params.distribution("pack_time").mean_value()).to_seconds() /
          3600.0;
      candidate.picks_per_hour =
          work_hours > 0 ? static_cast<double>(params.integer("pickers")) / work_hours : 0.0;
      candidate.cutoff = since_midnight(params.text("carrier_cutoff"));
      for (std::size_t sku = 0; sku < spec.skus.size(); ++sku) {
        network_available[sku] += std::max<std::int64_t>(0, candidate.initial[sku] - candidate.safety[sku]);
      }
      oms_config.candidates.push_back(std::move(candidate));
    }
  }
  for (std::size_t c = 0; c < spec.channels.size(); ++c) {
    const bool pickup_store = std::any_of(oms_config.candidates.begin(), oms_config.candidates.end(),
                                          [](const OmsConfig::Candidate& candidate) { return candidate.bopis; });
    if (spec.channels[c].bopis_share > 0 && !pickup_store) {
      model.notes.push_back("channel \"" + spec.channels[c].name +
                            "\" has a BOPIS share, but the OMS reaches no store that offers pickup: those orders oversell");
    }
  }
  // Which capture kinds lie downstream of each availability link (for allocation shares).
  auto downstream_capture_kind = [&](std::size_t start) {
    std::set<std::string> kinds;
    std::vector<bool> seen(n, false);
    std::deque<std::size_t> queue{start};
    seen[start] = true;
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop_front();
      if (is_capture(spec.nodes[u].kind)) {
        kinds.insert(spec.nodes[u].kind);
        continue;
      }
      for (const auto& link : spec.links) {
        if (link.from == u && link.carries == "availability" && !seen[link.to]) {
          seen[link.to] = true;
          queue.push_back(link.to);
        }
      }
    }
    return kinds.size() == 1 ? *kinds.begin() : std::string();
  };
  for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
    const auto& link = spec.links[idx];
    if (link.from == topology->oms && topology->oms != kNpos) {
      oms_config.availability_share.resize(slot_of_link[idx] + 1, 1.0);
      if (link.carries == "availability") {
        oms_config.availability_share[slot_of_link[idx]] = share_for(downstream_capture_kind(link.to));
      }
    }
  }

  // Returns: each physical node's sources (returns.h).
  std::vector<std::vector<ReturnSource>> return_sources = plan_returns(spec, topology->channel_of_node, model);
  for (std::size_t node = 0; node < n; ++node) {
    if (!return_sources[node].empty() && !topology->route[static_cast<std::size_t>(Traffic::Returns)][node].contains(topology->erp)) {
      model.notes.push_back("returns taken back at \"" + spec.nodes[node].id +
                            "\" never reach an ERP (no returns links lead to one): their refunds stay unreconciled");
    }
  }

  // The LPs, in node order: LP id == node index.
  std::vector<RetailLp*> lps(n, nullptr);
  for (std::size_t node = 0; node < n; ++node) {
    const auto& spec_node = spec.nodes[node];
    const std::size_t channel = topology->channel_of_node[node];
    std::unique_ptr<RetailLp> lp;
    double load = 1.0;
    if (is_physical(spec_node.kind)) {
      std::optional<DemandProcess> pos;
      if (channel != kNpos) {
        pos.emplace(spec.channels[channel], spec.skus, spec.horizon);
        load += spec.channels[channel].orders_per_hour;
      }
      auto inventory = spec_node.inventory;
      inventory.resize(spec.skus.size(), 0);
      PhysicalNode::Shrink shrink;
      PhysicalNode::Fulfilment fulfilment;
      const auto& p = spec_node.params;
      if (spec_node.kind == "store") {
        shrink.per_day = p.number("shrink_per_day");
        shrink.cycle_count_interval = p.duration("cycle_count_interval");
        fulfilment.pickup_counter = p.boolean("bopis");
      } else {
        fulfilment.shift_start = since_midnight(p.text("shift_start"));
        fulfilment.shift_end = since_midnight(p.text("shift_end"));
      }
      fulfilment.pickers = p.integer("pickers");
      fulfilment.pick_time = p.distribution("pick_time");
      fulfilment.pack_time = p.distribution("pack_time");
      fulfilment.cutoff = since_midnight(p.text("carrier_cutoff"));
      const std::string group = group_of(spec, node);
      const auto g = std::find(model.groups.begin(), model.groups.end(), group);
      fulfilment.group = g - model.groups.begin();
      if (g == model.groups.end()) {
        model.groups.push_back(group);
        model.group_pickers.push_back(0);
      }
      model.group_pickers[static_cast<std::size_t>(fulfilment.group)] += fulfilment.pickers;
      auto physical = std::make_unique<PhysicalNode>(node, *topology, std::move(inventory), std::move(pos),
                                                     static_cast<std::uint32_t>(channel == kNpos ? 0 : channel), shrink,
                                                     std::move(fulfilment));
      if (!return_sources[node].empty()) {
        physical->set_returns(ReturnDesk(std::move(return_sources[node]), p.distribution("inspection_time"), spec.horizon));
      }
      lp = std::move(physical);
    } else if (is_capture(spec_node.kind) && channel != kNpos) {
      const auto& ch = spec.channels[channel];
      std::vector<std::uint16_t> codes;
      for (const auto& [name, weight] : ch.regions) {
        codes.push_back(region_code(name));
      }
      const double share = share_for(spec_node.kind);
      std::vector<std::int64_t> view(spec.skus.size(), 0);
      for (std::size_t sku = 0; sku < view.size(); ++sku) {
        view[sku] = static_cast<std::int64_t>(std::floor(static_cast<double>(network_available[sku]) * share));
      }
      const auto hold_ttl = reservation.params.duration("ttl");
      const std::int64_t threshold = spec_node.params.integer("oos_threshold");
      const std::int64_t buffer = spec_node.kind == "marketplace" ? spec_node.params.integer("listing_buffer") : 0;
      lp = std::make_unique<CaptureNode>(node, *topology, spec.skus.size(), DemandProcess(ch, spec.skus, spec.horizon),
                                         static_cast<std::uint32_t>(channel), mode, hold_ttl, threshold, buffer,
                                         std::move(view), std::move(codes));
      load += ch.orders_per_hour;
    } else if (spec_node.kind == "oms") {
      lp = std::make_unique<Oms>(node, *topology, oms_config);
      load += 1000.0;
    } else {
      Relay::Capacity capacity;
      if (spec_node.kind == "broker") {
        capacity.per_second = spec_node.params.number("capacity_per_s");
        capacity.queue_limit = spec_node.params.integer("queue_limit");
        capacity.label = static_cast<std::int64_t>(model.brokers.size());
        model.brokers.push_back(spec_node.id);
      }
      auto relay = std::make_unique<Relay>(node, *topology, spec_node.kind == "erp", n, spec.skus.size(), capacity);
      Relay::BackOffice office;
      if (node == topology->erp) {
        office.posting_delay = spec_node.params.distribution("posting_delay");
      }
      if (spec_node.kind == "wms") {
        office.confirm_delay = spec_node.params.distribution("confirm_delay");
      }
      if (spec_node.kind == "customer_service") {
        office.status_refresh = spec_node.params.duration("status_refresh");
      }
      relay->set_back_office(std::move(office));
      lp = std::move(relay);
      load += 100.0;
    }
    lps[node] = lp.get();
    model.network.add_lp(std::move(lp), spec_node.id, load);
  }
  DeliveryPolicy delivery;
  if (const auto& middleware = spec.policies.at("middleware"); middleware.name == "at_least_once") {
    delivery.ordered = middleware.params.boolean("ordered");
    delivery.max_retries = middleware.params.integer("max_retries");
    delivery.backoff = middleware.params.duration("backoff");
  }
  for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
    const auto& link = spec.links[idx];
    const sim::LinkId id = model.network.add_link(static_cast<sim::LpId>(link.from), static_cast<sim::LpId>(link.to),
                                                  link.latency.min_value());
    const bool force_stream = stream_inventory && (link.carries == "inventory" || link.carries == "availability");
    lps[link.from]->add_sender(LinkSender(id, link, slot_of_link[idx], force_stream, interval_factor, delivery));
  }
  // An outage after the horizon is legal (a shortened run of a rehearsal), but the user should know.
  std::set<std::string> told;
  for (const auto& link : spec.links) {
    for (const auto& outage : link.faults.outages) {
      if (outage.start >= spec.horizon && told.insert(link.source_pointer).second) {
        model.notes.push_back("the outage of " + link.source_pointer + " starts at " +
                              sim::format_duration(outage.start) + ", after the horizon (" +
                              sim::format_duration(spec.horizon) + "): it never happens");
      }
    }
  }
  model.topology = std::move(topology);
  return model;
}

}  // namespace models::retail
