#include "models/scenario/semantic.h"

#include <optional>
#include <set>
#include <string>

#include "models/registry.h"
#include "models/scenario/routes.h"

namespace models::scenario {
namespace {

// The retail model has one OMS: every node of kind oms after the first is an error.
std::optional<std::size_t> the_oms(const ScenarioSpec& spec, Diagnostics& diags) {
  std::optional<std::size_t> first;
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    if (spec.nodes[node].kind != NodeKind::Oms) {
      continue;
    }
    if (!first) {
      first = node;
      continue;
    }
    const NodeSpec& one = spec.nodes[*first];
    diags.add(ptr(spec.nodes[node].source_pointer, "kind"),
              "expected one node of kind oms (the retail model has one OMS), found a second: \"" +
                  spec.nodes[node].id + "\" (the first is \"" + one.id + "\", declared at " + one.source_pointer + ")");
  }
  return first;
}

// Orders captured online travel to the OMS over orders links; with no OMS, or no
// path to it, they would vanish (or, under hard reservation, stop the run).
void online_orders_reach_the_oms(const ScenarioSpec& spec, std::optional<std::size_t> oms, Diagnostics& diags) {
  std::vector<std::size_t> to_oms;
  if (oms) {
    to_oms = hops(spec, Traffic::Orders, *oms, Direction::Backward);
  }
  for (const ChannelSpec& channel : spec.channels) {
    const std::string at = ptr(ptr("/demand", channel.name), "nodes");
    for (const std::size_t node : channel.nodes) {
      const NodeSpec& capture = spec.nodes[node];
      const NodeKindInfo& kind = node_kind(capture.kind);
      if (!kind.captures_online) {
        continue;
      }
      const std::string where = "channel \"" + channel.name + "\" captures orders at \"" + capture.id + "\" (a " +
                                kind.name + ")";
      if (!oms) {
        diags.add(at, "expected a node of kind oms to take its orders, found none: " + where);
        break;
      }
      if (to_oms[node] == kUnreachable) {
        diags.add(at, "expected an orders link (or a path of them) from \"" + capture.id + "\" to the OMS \"" +
                          spec.nodes[*oms].id + "\", found none: " + where + ", and they would never arrive");
        break;
      }
    }
  }
}

// An order carries its customer's region in 5 bits (models/retail/messages.h, kMaxRegion).
void regions_fit_an_order(const ScenarioSpec& spec, Diagnostics& diags) {
  constexpr std::size_t kMaxRegions = 31;
  std::set<std::string> names;
  const auto add = [&](const std::string& name, const std::string& at) {
    if (names.insert(name).second && names.size() == kMaxRegions + 1) {
      diags.add(at, "expected at most " + std::to_string(kMaxRegions) +
                        " distinct regions over nodes and demand, found a 32nd: \"" + name + "\"");
    }
  };
  for (const auto& node : spec.nodes) {
    if (!node.region.empty()) {
      add(node.region, node.source_pointer + "/region");
    }
  }
  for (const auto& channel : spec.channels) {
    for (const auto& [name, weight] : channel.regions) {
      add(name, "/demand/" + channel.name + "/regions");
    }
  }
}

}  // namespace

void check_model(const ScenarioSpec& spec, Diagnostics& diags) {
  const std::optional<std::size_t> oms = the_oms(spec, diags);
  online_orders_reach_the_oms(spec, oms, diags);
  regions_fit_an_order(spec, diags);
}

}  // namespace models::scenario
