// Build step 1: which nodes are the OMS (or its shards, and what each owns) and the ERP, the channel of each capture
// node, each LP's sender slots, the routes toward every routed target, and the
// primary neighbour whose inventory deltas a system applies (build/context.h).
#include <algorithm>
#include <cmath>

#include "models/retail/build/context.h"
#include "models/scenario/expand.h"
#include "models/scenario/routes.h"
#include "models/registry.h"
#include "sim/hash.h"

namespace models::retail {
namespace {

using scenario::Direction;
using scenario::hops;
using scenario::kUnreachable;

bool holds_stock(const scenario::NodeSpec& node) { return node_kind(node.kind).holds_stock; }
bool captures_online(const scenario::NodeSpec& node) { return node_kind(node.kind).captures_online; }

void find_roles(const scenario::ScenarioSpec& spec, std::uint32_t replication, Topology& topology) {
  topology.channel_of_node.assign(spec.nodes.size(), kNoNode);
  topology.bopis_salt = sim::run_salt(spec.seed, replication);
  for (std::size_t c = 0; c < spec.channels.size(); ++c) {
    topology.bopis_share.push_back(spec.channels[c].bopis_share);
    for (std::size_t node : spec.channels[c].nodes) {
      topology.channel_of_node[node] = c;  // the loader refuses a node that captures two channels
    }
  }
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    if (spec.nodes[node].kind == NodeKind::Erp && topology.erp == kNoNode) {
      topology.erp = node;
    }
    if (spec.nodes[node].kind == NodeKind::Oms) {
      topology.oms_shards.push_back(node);
    }
  }
  if (topology.oms_shards.empty()) {
    return;
  }
  topology.oms = topology.oms_shards.front();
  // Shards own the regions they name (the semantic pass checks each region has one owner).
  const RegionCodes codes(spec);
  topology.shard_of_region.assign(codes.size() + 1, 0);
  for (std::size_t shard = 0; shard < topology.oms_shards.size(); ++shard) {
    for (const std::string& name : scenario::names_in(spec.nodes[topology.oms_shards[shard]].params.text("regions"))) {
      if (const std::uint16_t code = codes.code(name); code != 0) {
        topology.shard_of_region[code] = static_cast<std::uint8_t>(shard);
      }
    }
  }
  if (topology.oms_shards.size() > 1) {  // unsharded: empty
    topology.delta_sink_shard.assign(spec.nodes.size(), false);
    for (const std::size_t oms : topology.oms_shards) {
      topology.delta_sink_shard[oms] = std::none_of(spec.links.begin(), spec.links.end(), [&](const scenario::LinkSpec& link) {
        return link.from == oms && link.carries == Traffic::Inventory;
      });
    }
  }
  topology.shard_of_node.assign(spec.nodes.size(), 0);
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    topology.shard_of_node[node] = static_cast<std::uint8_t>(topology.shard_for_region(codes.code(spec.nodes[node].region)));
  }
}

// Routes toward `target` over links carrying `carries`: each LP's sender on a shortest path.
void add_routes(const scenario::ScenarioSpec& spec, const std::vector<std::uint16_t>& slot_of_link, Traffic carries,
                std::size_t target, Topology& topology) {
  auto& table = topology.route[static_cast<std::size_t>(carries)];
  const auto dist = hops(spec, carries, target, Direction::Backward);
  for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
    const auto& link = spec.links[idx];
    if (link.carries == carries && dist[link.from] != kUnreachable && dist[link.to] != kUnreachable &&
        dist[link.to] + 1 == dist[link.from] && !table[link.from].contains(target)) {
      table[link.from][target] = slot_of_link[idx];
    }
  }
}

void add_all_routes(const scenario::ScenarioSpec& spec, const std::vector<std::uint16_t>& slot_of_link,
                    Topology& topology) {
  for (auto& table : topology.route) {
    table.resize(spec.nodes.size());
  }
  if (topology.oms != kNoNode) {
    for (const std::size_t oms : topology.oms_shards) {
      add_routes(spec, slot_of_link, Traffic::Orders, oms, topology);
      add_routes(spec, slot_of_link, Traffic::Shipments, oms, topology);
    }
    for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
      if (holds_stock(spec.nodes[node])) {
        add_routes(spec, slot_of_link, Traffic::Orders, node, topology);
      }
      if (captures_online(spec.nodes[node])) {
        add_routes(spec, slot_of_link, Traffic::Availability, node, topology);
      }
    }
  }
  // Return records travel to the ERP; refunds from it to the OMS.
  if (topology.erp != kNoNode) {
    add_routes(spec, slot_of_link, Traffic::Returns, topology.erp, topology);
  }
  for (const std::size_t oms : topology.oms_shards) {
    add_routes(spec, slot_of_link, Traffic::Refunds, oms, topology);
  }
}

// For each system, the neighbour whose deltas about each origin it applies: the
// first hop back along a shortest inventory path (the lowest node id on a tie).
void add_primaries(const scenario::ScenarioSpec& spec, Topology& topology) {
  topology.primary.resize(spec.nodes.size());
  for (std::size_t origin = 0; origin < spec.nodes.size(); ++origin) {
    if (!holds_stock(spec.nodes[origin])) {
      continue;
    }
    const auto dist = hops(spec, Traffic::Inventory, origin, Direction::Forward);
    for (const scenario::LinkSpec& link : spec.links) {
      if (link.carries != Traffic::Inventory || dist[link.from] == kUnreachable || dist[link.to] != dist[link.from] + 1) {
        continue;
      }
      auto [it, inserted] = topology.primary[link.to].emplace(origin, static_cast<sim::LpId>(link.from));
      if (!inserted && link.from < it->second) {
        it->second = static_cast<sim::LpId>(link.from);
      }
    }
  }
}

}  // namespace

std::shared_ptr<Topology> make_topology(const scenario::ScenarioSpec& spec, std::uint32_t replication,
                                        std::vector<std::uint16_t>& slot_of_link) {
  auto topology = std::make_shared<Topology>();
  find_roles(spec, replication, *topology);
  // Sender slots: an LP's outgoing links, in link order.
  slot_of_link.assign(spec.links.size(), 0);
  std::vector<std::uint16_t> next_slot(spec.nodes.size(), 0);
  for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
    slot_of_link[idx] = next_slot[spec.links[idx].from]++;
  }
  add_all_routes(spec, slot_of_link, *topology);
  add_primaries(spec, *topology);
  for (const auto& link : spec.links) {
    if (link.schema) {
      topology->schema_readable.resize(spec.nodes.size());
      topology->schema_readable[link.to].emplace_back(static_cast<sim::LpId>(link.from), link.schema->accepts_at);
    }
  }
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    if (!spec.nodes[node].outages.empty()) {
      topology->down.resize(spec.nodes.size());
      topology->down[node] = spec.nodes[node].outages;
    }
  }
  return topology;
}

}  // namespace models::retail
