#include "models/scenario/semantic.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "models/registry.h"
#include "models/scenario/data/order_log.h"
#include "models/scenario/expand.h"
#include "models/scenario/routes.h"

namespace models::scenario {
namespace {

// Every region a node (only stock-holding ones with `stock_only`) or a channel's
// customers are in, with where it is named.
std::map<std::string, std::string> regions_named(const ScenarioSpec& spec, bool stock_only) {
  std::map<std::string, std::string> named;
  for (const NodeSpec& node : spec.nodes) {
    if ((!stock_only || node_kind(node.kind).holds_stock) && !node.region.empty()) {
      named.emplace(node.region, "\"" + node.id + "\"");
    }
  }
  for (const ChannelSpec& channel : spec.channels) {
    for (const auto& [name, weight] : channel.regions) {
      named.emplace(name, "channel \"" + channel.name + "\"'s customers");
    }
  }
  return named;
}

// The OMS's nodes (one, or its shards in node order) and which shard owns each region.
struct OmsShards {
  std::vector<std::size_t> nodes;
  std::map<std::string, std::size_t> owner;  // region -> index in nodes (a region none names: the first)
  [[nodiscard]] std::size_t owner_of(const std::string& region) const {
    const auto it = owner.find(region);
    return it == owner.end() ? 0 : it->second;
  }
};

// The OMS, or its shards: several nodes of kind oms shard order management by
// region, and each then names the regions it owns (its `regions`); together they
// own every region a stock-holding node or a channel's customers are in, each once.
OmsShards the_oms(const ScenarioSpec& spec, Diagnostics& diags) {
  OmsShards oms;
  std::vector<std::size_t>& shards = oms.nodes;
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    if (spec.nodes[node].kind == NodeKind::Oms) {
      shards.push_back(node);
    }
  }
  const bool named = std::any_of(shards.begin(), shards.end(), [&](std::size_t node) {
    return !names_in(spec.nodes[node].params.text("regions")).empty();
  });
  if (!named && shards.size() <= 1) {
    return oms;  // one OMS, owning everything
  }
  if (shards.size() > kMaxOmsShards) {
    diags.add(ptr(spec.nodes[shards[kMaxOmsShards]].source_pointer, "kind"),
              "expected at most " + std::to_string(kMaxOmsShards) + " nodes of kind oms (shards of one OMS), found " +
                  std::to_string(shards.size()));
    shards.resize(kMaxOmsShards);
  }
  const std::map<std::string, std::string> known = regions_named(spec, /*stock_only=*/false);
  bool all_named = true;
  for (std::size_t shard = 0; shard < shards.size(); ++shard) {
    const NodeSpec& n = spec.nodes[shards[shard]];
    const std::string at = ptr(ptr(n.source_pointer, "params"), "regions");
    const std::vector<std::string> names = names_in(n.params.text("regions"));
    if (names.empty()) {
      diags.add(at, "expected the regions OMS shard \"" + n.id + "\" owns (with " + std::to_string(shards.size()) +
                        " oms nodes, each names its regions), found none");
      all_named = false;
      continue;
    }
    for (const std::string& name : names) {
      if (!known.contains(name)) {
        std::vector<std::string> all;
        for (const auto& [region, where] : known) {
          all.push_back(region);
        }
        diags.add(at, "expected a region some node or channel is in (" + summarize_ids(all) + "), found \"" + name +
                          "\"");
      } else if (const auto [it, inserted] = oms.owner.emplace(name, shard); !inserted && it->second != shard) {
        diags.add(at, "expected each region owned by one OMS shard, found \"" + name + "\" owned by \"" +
                          spec.nodes[shards[it->second]].id + "\" too");
      }
    }
  }
  for (const auto& [region, where] : regions_named(spec, /*stock_only=*/true)) {
    if (all_named && !oms.owner.contains(region)) {
      const NodeSpec& first = spec.nodes[shards.front()];
      diags.add(ptr(ptr(first.source_pointer, "params"), "regions"),
                "expected an OMS shard to own region \"" + region + "\" (" + where +
                    " is there), found none: its orders and stock would have no OMS");
    }
  }
  return oms;
}

// Orders captured online travel to the OMS over orders links; with no OMS, or no
// path to it, they would vanish (or, under hard reservation, stop the run). With
// shards, each capture node needs a path to every shard its customers belong to,
// and, when one of those shards feeds it availability, a feed from each of them.
void online_orders_reach_the_oms(const ScenarioSpec& spec, const OmsShards& oms, Diagnostics& diags) {
  const std::vector<std::size_t>& shards = oms.nodes;
  std::vector<std::vector<std::size_t>> to_oms;
  std::vector<std::vector<std::size_t>> from_oms;  // availability paths out of each shard
  for (const std::size_t node : shards) {
    to_oms.push_back(hops(spec, Traffic::Orders, node, Direction::Backward));
    from_oms.push_back(hops(spec, Traffic::Availability, node, Direction::Forward));
  }
  for (const ChannelSpec& channel : spec.channels) {
    const std::string at = ptr(ptr("/demand", channel.name), "nodes");
    // The shards of its customers: the channel's regions, and those a trace entry or a
    // replayed order names (a customer with no region goes to the first shard).
    std::set<std::size_t> needed;
    bool drawn = channel.trace.empty();  // some customer's region may be drawn (a log row may name none)
    for (const TraceEntry& entry : channel.trace) {
      drawn = drawn || entry.region.empty();
      if (!entry.region.empty()) {
        needed.insert(oms.owner_of(entry.region));
      }
    }
    if (channel.order_log) {
      const OrderLog& log = *channel.order_log->log;
      for (const auto& [code, line] : log.regions_of(channel.order_log->channel)) {
        if (code != 0 && code <= log.regions().size()) {
          needed.insert(oms.owner_of(log.regions()[code - 1]));
        }
      }
    }
    if (drawn) {
      for (const auto& [region, weight] : channel.regions) {
        needed.insert(oms.owner_of(region));
      }
      if (channel.regions.empty()) {
        needed.insert(0);
      }
    }
    for (const std::size_t node : channel.nodes) {
      const NodeSpec& capture = spec.nodes[node];
      const NodeKindInfo& kind = node_kind(capture.kind);
      if (!kind.captures_online) {
        continue;
      }
      const std::string where = "channel \"" + channel.name + "\" captures orders at \"" + capture.id + "\" (a " +
                                kind.name + ")";
      if (shards.empty()) {
        diags.add(at, "expected a node of kind oms to take its orders, found none: " + where);
        break;
      }
      const auto missing = std::find_if(needed.begin(), needed.end(),
                                        [&](std::size_t shard) { return to_oms[shard][node] == kUnreachable; });
      if (missing != needed.end()) {
        diags.add(at, "expected an orders link (or a path of them) from \"" + capture.id + "\" to the OMS \"" +
                          spec.nodes[shards[*missing]].id + "\", found none: " + where + ", and they would never arrive");
        break;
      }
      // Shown by one shard, the node must be shown by each shard its customers belong to.
      const auto fed = std::find_if(needed.begin(), needed.end(),
                                    [&](std::size_t shard) { return from_oms[shard][node] != kUnreachable; });
      const auto unfed = std::find_if(needed.begin(), needed.end(),
                                      [&](std::size_t shard) { return from_oms[shard][node] == kUnreachable; });
      if (fed != needed.end() && unfed != needed.end()) {
        diags.add(at, "expected an availability link (or a path of them) from the OMS \"" +
                          spec.nodes[shards[*unfed]].id + "\" to \"" + capture.id + "\", as from \"" +
                          spec.nodes[shards[*fed]].id + "\", found none: " + where +
                          ", and its customers there would see that shard's starting figure all run");
        break;
      }
    }
  }
}

// An allocation's per-channel entries name demand channels that capture online
// (a till sells its own shelf, not published availability); a ring-fence's
// shares sum to at most 1.
void allocation_names_online_channels(const ScenarioSpec& spec, Diagnostics& diags) {
  const auto policy = spec.policies.find(Lever::Allocation);
  if (policy == spec.policies.end() || policy->second.option->params.find("channels") == nullptr) {
    return;
  }
  const std::string at = "/policies/allocation/channels";
  std::vector<std::string> online;
  for (const ChannelSpec& channel : spec.channels) {
    const bool captures_online = std::any_of(channel.nodes.begin(), channel.nodes.end(), [&](std::size_t node) {
      return node_kind(spec.nodes[node].kind).captures_online;
    });
    if (captures_online) {
      online.push_back(channel.name);
    }
  }
  std::int64_t shares_ppm = 0;  // in millionths, as the ring fence computes
  for (const auto& item : policy->second.params.json("channels").items()) {
    const std::string& name = item.key();  // not a structured binding: clang 14 cannot capture one
    const auto& entry = item.value();
    if (std::find(online.begin(), online.end(), name) == online.end()) {
      const bool till = std::any_of(spec.channels.begin(), spec.channels.end(),
                                    [&](const ChannelSpec& channel) { return channel.name == name; });
      std::string list;
      for (const std::string& n : online) {
        list += (list.empty() ? "" : ", ") + n;
      }
      diags.add(ptr(at, name), (till ? "channel \"" + name + "\" sells at stores' tills, not from published availability"
                                     : "unknown demand channel \"" + name + "\"" + did_you_mean(name, online)) +
                                   " (expected one of the online channels: " + (list.empty() ? "none" : list) + ")");
    }
    shares_ppm += entry.contains("share") ? std::llround(entry.at("share").get<double>() * 1e6) : 0;
  }
  if (policy->second.option->name == "ring_fenced" && shares_ppm > 1'000'000) {
    diags.add(at, "expected ring-fenced shares summing to at most 1, found " +
                      nlohmann::json(static_cast<double>(shares_ppm) / 1e6).dump());
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

// A link delivers its traffic to a node whose LP must handle it (NodeKindInfo::receives):
// inventory deltas into a storefront, or availability back into the OMS, would stop a run.
void links_deliver_what_receivers_handle(const ScenarioSpec& spec, Diagnostics& diags) {
  for (const LinkSpec& link : spec.links) {
    const NodeKindInfo& kind = node_kind(spec.nodes[link.to].kind);
    if ((kind.receives & traffic_mask({link.carries})) != 0) {
      continue;
    }
    std::string handles;
    for (const Traffic traffic : all_values<Traffic>()) {
      if ((kind.receives & traffic_mask({traffic})) != 0) {
        handles += (handles.empty() ? "" : ", ") + std::string(to_string(traffic));
      }
    }
    diags.add(ptr(link.source_pointer, "carries"),
              "expected traffic a node of kind " + kind.name + " handles on arrival (" + handles + "), found \"" +
                  std::string(to_string(link.carries)) + "\": \"" + spec.nodes[link.from].id + "\" -> \"" +
                  spec.nodes[link.to].id + "\" would deliver messages it cannot use");
  }
}

// An order line is copied at most once on its way to the OMS (a copy has one identity
// beside its original's, OrderLine::resent): no orders link both duplicates and re-sends,
// and no copying link has another one downstream of it (a broker forwarding a copy that
// the next hop would copy again).
void order_lines_copied_at_most_once(const ScenarioSpec& spec, Diagnostics& diags) {
  const auto copies = [](const LinkSpec& link) {
    return link.carries == Traffic::Orders && (link.faults.duplicate > 0.0 || link.faults.resend > 0.0);
  };
  // The nodes whose orders go on to an OMS: only their orders links carry captured lines
  // (an ESB's link to a store carries the OMS's releases, which are not copied).
  std::vector<bool> to_an_oms(spec.nodes.size(), false);
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    if (spec.nodes[node].kind != NodeKind::Oms) {
      continue;
    }
    const std::vector<std::size_t> to_oms = hops(spec, Traffic::Orders, node, Direction::Backward);
    for (std::size_t from = 0; from < to_oms.size(); ++from) {
      to_an_oms[from] = to_an_oms[from] || to_oms[from] != kUnreachable;
    }
  }
  for (const LinkSpec& link : spec.links) {
    if (!copies(link)) {
      continue;
    }
    if (!to_an_oms[link.to]) {
      diags.add(ptr(link.source_pointer, "faults"),
                "expected an orders link on the way to the OMS for a copying fault (it copies captured order lines), "
                "found one to \"" + spec.nodes[link.to].id + "\", from which no orders go on to an OMS: it carries "
                "the OMS's releases, which are not copied");
      continue;
    }
    if (link.faults.duplicate > 0.0 && link.faults.resend > 0.0) {
      diags.add(ptr(link.source_pointer, "faults"),
                "expected one of \"duplicate\" and \"resend\" on an orders link, found both: an order line is "
                "copied at most once on its way to the OMS");
      continue;
    }
    std::vector<std::size_t> next;
    if (spec.nodes[link.to].kind != NodeKind::Oms) {
      next.push_back(link.to);
    }
    std::set<std::size_t> seen{link.to};
    while (!next.empty()) {
      const std::size_t node = next.back();
      next.pop_back();
      for (const LinkSpec& onward : spec.links) {
        if (onward.from != node || onward.carries != Traffic::Orders) {
          continue;
        }
        if (copies(onward)) {
          diags.add(ptr(onward.source_pointer, "faults"),
                    "expected no second copying fault on an order line's way to the OMS, found one after " +
                        link.source_pointer + " (\"" + spec.nodes[link.from].id + "\" -> \"" +
                        spec.nodes[link.to].id + "\") already copies: a line is copied at most once");
          return;
        }
        if (seen.insert(onward.to).second && spec.nodes[onward.to].kind != NodeKind::Oms) {
          next.push_back(onward.to);  // (past the OMS, orders links carry its releases)
        }
      }
    }
  }
}

// The ledger's channel figures act only where they can: a chargeback is a marketplace's,
// and tenders post to an ERP that keeps the ledger.
void finance_figures_have_a_ledger(const ScenarioSpec& spec, Diagnostics& diags) {
  std::vector<std::size_t> ledgers;
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    const NodeSpec& n = spec.nodes[node];
    if (n.kind == NodeKind::Erp && n.params.has("ledger") && n.params.boolean("ledger")) {
      ledgers.push_back(node);
    }
  }
  const bool ledger = !ledgers.empty();
  if (ledgers.size() > 1) {
    diags.add(ptr(ptr(spec.nodes[ledgers[1]].source_pointer, "params"), "ledger"),
              "expected one ERP keeping the ledger, found \"" + spec.nodes[ledgers[1]].id + "\" beside \"" +
                  spec.nodes[ledgers[0]].id + "\"");
  }
  for (const ChannelSpec& channel : spec.channels) {
    const std::string at = ptr("/demand", channel.name);
    if (channel.chargeback_cost > 0.0) {
      for (const std::size_t node : channel.nodes) {
        if (spec.nodes[node].kind != NodeKind::Marketplace) {
          diags.add(ptr(at, "chargeback_cost"), "expected a marketplace channel (a marketplace charges back), found \"" +
                                                    spec.nodes[node].id + "\" (a " +
                                                    std::string(to_string(spec.nodes[node].kind)) + ")");
          break;
        }
      }
    }
    for (const auto& [name, value] :
         {std::pair<const char*, double>{"split_tender_share", channel.split_tender_share},
          std::pair<const char*, double>{"tender_mismatch", channel.tender_mismatch}}) {
      if (value > 0.0 && !ledger) {
        diags.add(ptr(at, name), "expected an ERP keeping the ledger (\"ledger\": true in its params) for tenders to "
                                 "post to, found none");
      }
    }
  }
}

// A store's transfer_from names another store or warehouse, not its replenish_from, and
// the store offers BOPIS (transfers are asked for its pickup lines).
void transfers_name_a_partner(const ScenarioSpec& spec, Diagnostics& diags) {
  std::set<std::string> told;  // nodes of one declaration share their parameters: one error each
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    const NodeSpec& n = spec.nodes[node];
    if (n.kind != NodeKind::Store || n.params.text("transfer_from").empty()) {
      continue;
    }
    const std::string from = n.params.text("transfer_from");
    const std::string where = ptr(ptr(n.source_pointer, "params"), "transfer_from");
    const auto partner = spec.node_index(from);
    std::string error;
    if (!partner) {
      error = "expected the id of a store or warehouse, found \"" + from + "\", which no node has";
    } else if (*partner == node) {
      error = "expected another node to ask for transfers, found \"" + from + "\" itself";
    } else if (const NodeKind kind = spec.nodes[*partner].kind; kind != NodeKind::Store && kind != NodeKind::Warehouse) {
      error = "expected a store or warehouse, found \"" + from + "\", a " + std::string(to_string(kind));
    } else if (!n.params.boolean("bopis")) {
      error = "expected a store that offers BOPIS (transfers are asked for its pickup lines), found \"bopis\": false";
    } else if (n.params.text("replenishment") != "none" && n.params.text("replenish_from") == from) {
      error = "expected a node other than replenish_from (\"" + from + "\"): its ASNs would not say which they answer";
    }
    if (!error.empty() && told.insert(where).second) {
      diags.add(where, error);
    }
  }
}

// A node with a replenishment policy orders from a supplier that exists and can ship
// (a warehouse or a vendor, not itself), with targets an order can reach.
void replenishment_names_a_supplier(const ScenarioSpec& spec, Diagnostics& diags) {
  std::set<std::string> told;  // nodes of one declaration share their parameters: one error each
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    const NodeSpec& n = spec.nodes[node];
    if ((n.kind != NodeKind::Store && n.kind != NodeKind::Warehouse) || n.params.text("replenishment") == "none") {
      continue;
    }
    const std::string at = ptr(n.source_pointer, "params");
    const std::string policy = n.params.text("replenishment");
    const std::string from = n.params.text("replenish_from");
    const auto supplier = spec.node_index(from);
    std::string error, where;
    if (from.empty()) {
      where = ptr(at, "replenish_from");
      error = "expected the id of a warehouse or vendor to order from (replenishment \"" + policy + "\"), found none";
    } else if (!supplier) {
      where = ptr(at, "replenish_from");
      error = "expected the id of a warehouse or vendor, found \"" + from + "\", which no node has";
    } else if (*supplier == node) {
      where = ptr(at, "replenish_from");
      error = "expected another node to order from, found \"" + from + "\" itself";
    } else if (const NodeKind kind = spec.nodes[*supplier].kind; kind != NodeKind::Warehouse && kind != NodeKind::Vendor) {
      where = ptr(at, "replenish_from");
      error = "expected a warehouse or vendor, found \"" + from + "\", a " + std::string(to_string(kind));
    } else if (policy == "min_max" && n.params.integer("reorder_max") <= n.params.integer("reorder_min")) {
      where = ptr(at, "reorder_max");
      error = "expected reorder_max above reorder_min (" + std::to_string(n.params.integer("reorder_min")) +
              "), found " + std::to_string(n.params.integer("reorder_max"));
    } else if (policy == "min_max" && n.params.integer("reorder_max") > 4'194'303) {
      where = ptr(at, "reorder_max");
      error = "expected at most 4194303 units (what one order carries), found " +
              std::to_string(n.params.integer("reorder_max"));
    } else if (policy == "days_of_cover" && n.params.number("cover_max_days") <= n.params.number("cover_min_days")) {
      where = ptr(at, "cover_max_days");
      const auto plain = [](double x) { std::ostringstream out; out << x; return out.str(); };
      error = "expected cover_max_days above cover_min_days (" + plain(n.params.number("cover_min_days")) +
              "), found " + plain(n.params.number("cover_max_days"));
    }
    if (error.empty() && supplier) {
      // The chain of suppliers must end (at a vendor, or a warehouse that does not reorder):
      // a loop would pass the same units round and plan each node's cover from the others'.
      std::vector<std::size_t> chain = {node};
      for (std::optional<std::size_t> next = supplier; next; ) {
        const NodeSpec& s = spec.nodes[*next];
        if (std::find(chain.begin(), chain.end(), *next) != chain.end()) {
          std::string path;
          for (const std::size_t c : chain) {
            path += spec.nodes[c].id + " -> ";
          }
          where = ptr(at, "replenish_from");
          error = "expected a chain of suppliers that ends at a vendor or a warehouse that does not reorder, found a loop: " +
                  path + s.id;
          break;
        }
        chain.push_back(*next);
        const bool reorders = (s.kind == NodeKind::Store || s.kind == NodeKind::Warehouse) &&
                              s.params.text("replenishment") != "none";
        next = reorders ? spec.node_index(s.params.text("replenish_from")) : std::nullopt;
      }
    }
    if (!error.empty() && told.insert(where).second) {
      diags.add(where, error);
    }
  }
}

}  // namespace

void check_model(const ScenarioSpec& spec, Diagnostics& diags) {
  const OmsShards oms = the_oms(spec, diags);
  online_orders_reach_the_oms(spec, oms, diags);
  allocation_names_online_channels(spec, diags);
  regions_fit_an_order(spec, diags);
  links_deliver_what_receivers_handle(spec, diags);
  order_lines_copied_at_most_once(spec, diags);
  finance_figures_have_a_ledger(spec, diags);
  replenishment_names_a_supplier(spec, diags);
  transfers_name_a_partner(spec, diags);
}

}  // namespace models::scenario
