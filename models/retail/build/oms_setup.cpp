// Build step 3: the OMS's configuration — its candidates (the stores and
// warehouses it can send work to and hear back from), the safety stock
// (build/safety_stock.cpp), the sourcing policies, the channels' promises, the
// allocation and the channels each availability link feeds — and what capture
// nodes start from (the network's available to sell, ats.h).
#include <algorithm>
#include <deque>

#include "models/registry.h"
#include "models/retail/ats.h"
#include "models/retail/build/context.h"
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

OmsConfig::Candidate candidate_of(const BuildContext& context, std::size_t node) {
  const auto& spec = context.spec;
  const auto& node_spec = spec.nodes[node];
  OmsConfig::Candidate candidate;
  candidate.node = node;
  candidate.region = context.regions.code(node_spec.region);
  candidate.initial = node_spec.inventory.sized(spec.skus.size());
  const auto& params = node_spec.params;
  candidate.is_store = node_spec.kind == NodeKind::Store;
  candidate.bopis = candidate.is_store && params.boolean("bopis");
  candidate.ships = !candidate.is_store || params.boolean("ship_from_store");
  const bool vendor = node_spec.kind == NodeKind::Vendor;  // a drop-ship vendor: ship_time a line, no cutoff
  const sim::Duration work = vendor ? params.distribution("ship_time").mean_value()
                                    : params.distribution("pick_time").mean_value() +
                                          params.distribution("pack_time").mean_value();
  const double work_hours = work.to_seconds() / 3600.0;
  candidate.picks_per_hour = work_hours > 0 ? static_cast<double>(params.integer("pickers")) / work_hours : 1e12;
  candidate.cutoff = vendor ? sim::Duration::zero() : since_midnight(params.text("carrier_cutoff"));
  return candidate;
}

// Physical nodes the OMS reaches with orders and hears back from with shipments.
void add_candidates(BuildContext& context) {
  const auto& spec = context.spec;
  const Topology& topology = *context.topology;
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    if (!node_kind(spec.nodes[node].kind).holds_stock) {
      continue;
    }
    const std::size_t oms = topology.oms_for_node(node);  // the shard that owns it
    const bool reachable = topology.route[static_cast<std::size_t>(Traffic::Orders)][oms].contains(node) &&
                           topology.route[static_cast<std::size_t>(Traffic::Shipments)][node].contains(oms);
    if (!reachable) {
      const auto& stock = spec.nodes[node].inventory;
      if (std::any_of(stock.begin(), stock.end(), [](std::int64_t units) { return units > 0; })) {
        const std::string who = topology.oms_shards.size() > 1 ? "the OMS shard \"" + spec.nodes[oms].id + "\"" : "the OMS";
        context.model.notes.push_back(who + " never sources from \"" + spec.nodes[node].id +
                                      "\": no orders link leads to it, or no shipments link leads back");
      }
      continue;
    }
    context.oms.candidates.push_back(candidate_of(context, node));
    context.model.sources.resize(spec.nodes.size(), false);
    context.model.sources[node] = true;
  }
  set_up_safety_stock(context);  // each candidate's safety, and the network's and channels' (build/safety_stock.cpp)
  for (const OmsConfig::Candidate& candidate : context.oms.candidates) {
    const std::size_t base = topology.shard_for_node(candidate.node) * spec.skus.size();
    for (std::size_t sku = 0; sku < spec.skus.size(); ++sku) {
      context.network_available[base + sku] += ats::node({.on_hand = candidate.initial[sku], .safety = candidate.safety.held(sku, candidate.initial[sku])});
    }
  }
}

// The demand channels whose capture nodes an availability link reaches, in channel order.
std::vector<std::uint32_t> downstream_channels(const scenario::ScenarioSpec& spec, const Topology& topology,
                                               std::size_t start) {
  std::set<std::uint32_t> channels;
  std::vector<bool> seen(spec.nodes.size(), false);
  std::deque<std::size_t> queue{start};
  seen[start] = true;
  while (!queue.empty()) {
    const std::size_t u = queue.front();
    queue.pop_front();
    if (node_kind(spec.nodes[u].kind).captures_online) {
      if (topology.channel_of_node[u] != kNoNode) {
        channels.insert(static_cast<std::uint32_t>(topology.channel_of_node[u]));
      }
      continue;
    }
    for (const auto& link : spec.links) {
      if (link.from == u && link.carries == Traffic::Availability && !seen[link.to]) {
        seen[link.to] = true;
        queue.push_back(link.to);
      }
    }
  }
  return {channels.begin(), channels.end()};
}

// Per OMS shard and sender slot: the channels its availability link feeds, and
// whether they need a message each (the allocation may show them different figures).
void set_feeds(BuildContext& context) {
  const auto& spec = context.spec;
  const AllocationPolicy& allocation = *context.levers.allocation;
  const auto& shards = context.topology->oms_shards;
  context.shard_feeds.assign(shards.size(), {});
  for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
    const auto& link = spec.links[idx];
    const auto shard = std::find(shards.begin(), shards.end(), link.from);
    if (shard == shards.end()) {
      continue;
    }
    auto& feeds = context.shard_feeds[static_cast<std::size_t>(shard - shards.begin())];
    feeds.resize(std::max<std::size_t>(feeds.size(), context.slot_of_link[idx] + 1));
    if (link.carries == Traffic::Availability) {
      OmsConfig::Feed& feed = feeds[context.slot_of_link[idx]];
      feed.channels = downstream_channels(spec, *context.topology, link.to);
      feed.per_channel = std::any_of(feed.channels.begin(), feed.channels.end(), [&](std::uint32_t channel) {
        return !allocation.same_figure(feed.channels.front(), channel);
      });
    }
  }
}

void note_missing_pickup_stores(BuildContext& context) {
  const bool pickup_store = std::any_of(context.oms.candidates.begin(), context.oms.candidates.end(),
                                        [](const OmsConfig::Candidate& candidate) { return candidate.bopis; });
  for (const auto& channel : context.spec.channels) {
    if (channel.bopis_share > 0 && !pickup_store) {
      context.model.notes.push_back("channel \"" + channel.name +
                                    "\" has a BOPIS share, but the OMS reaches no store that offers pickup: those orders oversell");
    }
  }
}

}  // namespace

void set_shard_params(const scenario::ParamValues& params, OmsConfig& oms) {
  oms.release_interval = params.duration("release_interval");
  oms.backorder = params.boolean("backorder");
  oms.max_reroutes = params.integer("max_reroutes");
  oms.backorder_max_wait = params.duration("backorder_max_wait");
}

OmsConfig shard_config(const BuildContext& context, std::size_t shard) {
  OmsConfig config = context.oms;
  config.shard = static_cast<std::uint32_t>(shard);
  set_shard_params(context.spec.nodes[context.topology->oms_shard(shard)].params, config);
  if (shard < context.shard_feeds.size()) {
    config.feeds = context.shard_feeds[shard];
  }
  std::erase_if(config.candidates, [&](const OmsConfig::Candidate& candidate) {
    return context.topology->shard_for_node(candidate.node) != shard;
  });
  return config;
}

void set_up_oms(BuildContext& context) {
  const auto& spec = context.spec;
  OmsConfig& oms = context.oms;
  oms.sku_count = spec.skus.size();
  oms.channel_count = spec.channels.size();
  oms.allocation = context.levers.allocation;
  context.network_available.assign(std::max<std::size_t>(1, context.topology->oms_shards.size()) * spec.skus.size(), 0);
  context.topology->idempotent = context.levers.middleware->idempotent();
  context.topology->durable = context.levers.middleware->delivery().durable;
  context.topology->dead_letters = context.levers.middleware->dead_letters();
  context.topology->dead_letters.shift = hours_of(context, context.topology->dead_letters.hours);
  if (context.topology->oms != kNoNode) {
    set_shard_params(spec.nodes[context.topology->oms].params, oms);
    oms.soft_hold = context.levers.reservation->soft_hold();
    if (context.topology->erp != kNoNode) {
      oms.reconcile_interval = spec.nodes[context.topology->erp].params.duration("reconcile_interval");
    }
    const auto& sourcing = spec.policies.at(Lever::Sourcing);
    oms.sourcing = sourcing.option->make.sourcing(sourcing.params, SourcingSetup{});
    oms.bopis_sourcing = make_sourcing_min_split({}, SourcingSetup{});  // pickups: fewest stores, then distance
    for (const auto& channel : spec.channels) {
      oms.promise_of_channel.push_back(channel.promise);
      oms.bopis_promise_of_channel.push_back(channel.bopis_promise);
    }
    add_candidates(context);
  }
  note_missing_pickup_stores(context);
  if (context.topology->oms != kNoNode) {
    set_feeds(context);
  }
  const auto& shards = context.topology->oms_shards;
  if (shards.size() > 1) {  // which shard judges whose drops (analysis)
    context.model.shards = context.topology->shard_of_node;
    for (std::size_t shard = 0; shard < shards.size(); ++shard) {
      context.model.shards[shards[shard]] = static_cast<std::uint8_t>(shard);
    }
  }
}

}  // namespace models::retail
