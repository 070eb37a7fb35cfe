// Build step 6: replenishment — each node's Supply (its policy and receiving dock), its
// days-of-cover targets, and the lanes between nodes and their suppliers (build/lps.h).
#include <algorithm>
#include <cmath>
#include <functional>

#include "models/retail/build/context.h"
#include "models/retail/build/lps.h"
#include "models/retail/physical_node.h"
#include "models/scenario/demand_plan.h"

namespace models::retail {
namespace {

using Policy = PhysicalNode::Supply::Policy;

Policy policy_of(const scenario::NodeSpec& node) {
  if (node.kind != NodeKind::Store && node.kind != NodeKind::Warehouse) {
    return Policy::None;
  }
  const std::string name = node.params.text("replenishment");
  return name == "min_max" ? Policy::MinMax : name == "days_of_cover" ? Policy::DaysOfCover : Policy::None;
}

// Per node and SKU, the planned units a day a days-of-cover target covers: the node's
// walk-ins, its cover_online_share of the online channels' demand, and what the nodes
// it supplies plan to order (their own daily units, recursively).
class DailyPlan {
 public:
  explicit DailyPlan(const scenario::ScenarioSpec& spec)
      : spec_(spec), day_(scenario::planned_day(spec)), daily_(spec.nodes.size()), busy_(spec.nodes.size()) {}
  const std::vector<double>& of(std::size_t node) {
    if (!daily_[node].empty() || busy_[node]) {
      return daily_[node];  // a cycle of suppliers counts each node once
    }
    busy_[node] = true;
    std::vector<double> daily(spec_.skus.size(), 0.0);
    for (std::size_t c = 0; c < spec_.channels.size(); ++c) {
      const auto& nodes = spec_.channels[c].nodes;
      if (std::find(nodes.begin(), nodes.end(), node) != nodes.end()) {
        std::transform(daily.begin(), daily.end(), day_.per_channel[c].begin(), daily.begin(), std::plus<>());
      }
    }
    const auto& params = spec_.nodes[node].params;
    const double share = policy_of(spec_.nodes[node]) == Policy::DaysOfCover ? params.number("cover_online_share") : 0.0;
    for (std::size_t sku = 0; sku < daily.size(); ++sku) {
      daily[sku] += share * day_.online[sku];
    }
    for (std::size_t other = 0; other < spec_.nodes.size(); ++other) {
      const auto& n = spec_.nodes[other];
      if (other != node && policy_of(n) != Policy::None && n.params.text("replenish_from") == spec_.nodes[node].id) {
        const std::vector<double>& theirs = of(other);
        for (std::size_t sku = 0; sku < daily.size() && !theirs.empty(); ++sku) {
          daily[sku] += theirs[sku];
        }
      }
    }
    daily_[node] = std::move(daily);
    return daily_[node];
  }

 private:
  const scenario::ScenarioSpec& spec_;
  scenario::PlannedDay day_;
  std::vector<std::vector<double>> daily_;
  std::vector<bool> busy_;
};

std::shared_ptr<const std::vector<std::int32_t>> targets(const std::vector<double>& daily, double days) {
  std::vector<std::int32_t> out(daily.size(), 0);
  for (std::size_t sku = 0; sku < daily.size(); ++sku) {
    out[sku] = static_cast<std::int32_t>(std::min<double>(std::ceil(daily[sku] * days - 1e-9), kMaxOrderUnits));
  }
  return std::make_shared<const std::vector<std::int32_t>>(std::move(out));
}

}  // namespace

void add_supply(BuildContext& context, const std::vector<RetailLp*>& lps) {
  const auto& spec = context.spec;
  std::optional<DailyPlan> plan;
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    const auto& n = spec.nodes[node];
    const Policy policy = policy_of(n);
    const std::size_t partner = n.kind == NodeKind::Store
                                    ? spec.node_index(n.params.text("transfer_from")).value_or(kNoNode)
                                    : kNoNode;  // the loader checked the id
    if (policy == Policy::None && partner == kNoNode) {
      continue;
    }
    const auto& p = n.params;
    PhysicalNode::Supply supply;
    supply.policy = policy;
    supply.continuous = p.text("review") == "continuous";
    supply.review_at = since_midnight(p.text("review_at"));
    supply.order_latency = p.duration("order_latency");
    supply.transit_loss = p.number("transit_loss");
    supply.receiving_rate = p.number("receiving_rate");
    supply.docks = p.integer("receiving_docks");
    supply.putaway = p.distribution("putaway_time");
    if (policy == Policy::None) {
      // transfers on request only
    } else if (policy == Policy::MinMax) {
      supply.min = p.integer("reorder_min");
      supply.max = p.integer("reorder_max");
    } else {
      if (!plan) {
        plan.emplace(spec);
      }
      const std::vector<double>& daily = plan->of(node);
      supply.min_by_sku = targets(daily, p.number("cover_min_days"));
      supply.max_by_sku = targets(daily, p.number("cover_max_days"));
      const auto& initial = n.inventory;
      bool any = false;
      for (std::size_t sku = 0; sku < daily.size() && !any; ++sku) {
        any = (*supply.max_by_sku)[sku] > 0 && sku < initial.size() && initial[sku] > 0;
      }
      if (!any) {
        context.model.notes.push_back("\"" + n.id + "\" reorders by days_of_cover, but no planned demand reaches the SKUs "
                                      "it stocks (no walk-ins, cover_online_share 0, no node orders from it): its targets "
                                      "are 0 and it never reorders");
      }
    }
    // The lanes to and from each supplier (the loader checked the ids): orders one way,
    // ASNs and consignments back, travelling as this node's parameters say.
    const scenario::DurationDistribution transit = p.distribution("transit_time");
    const auto lanes_to = [&](std::size_t supplier, const char* what) {
      const sim::LinkId to = context.model.network.add_link(static_cast<sim::LpId>(node), static_cast<sim::LpId>(supplier),
                                                            supply.order_latency,
                                                            n.id + "->" + spec.nodes[supplier].id + " (" + what + ")");
      const sim::LinkId back = context.model.network.add_link(
          static_cast<sim::LpId>(supplier), static_cast<sim::LpId>(node), std::min(supply.order_latency, transit.min_value()),
          spec.nodes[supplier].id + "->" + n.id + " (goods)");
      dynamic_cast<PhysicalNode&>(*lps[supplier]).add_lane(node, PhysicalNode::Lane{back, supply.order_latency, transit});
      return to;
    };
    if (policy != Policy::None) {
      supply.to_supplier = lanes_to(spec.node_index(p.text("replenish_from")).value(), "orders");
    }
    if (partner != kNoNode) {
      supply.transfer_from = partner;
      supply.to_transfer = lanes_to(partner, "transfers");
    }
    const bool docks = supply.receiving_rate > 0.0;
    dynamic_cast<PhysicalNode&>(*lps[node]).set_supply(std::move(supply));
    context.model.replenishment = true;
    if (docks) {
      auto& groups = context.model.receiving_groups;
      groups.resize(context.model.groups.size(), false);
      groups.at(static_cast<std::size_t>(dynamic_cast<PhysicalNode&>(*lps[node]).group())) = true;
    }
  }
}

std::unique_ptr<RetailLp> make_vendor_lp(BuildContext& context, std::size_t node, double& load) {
  const auto& p = context.spec.nodes[node].params;
  std::unique_ptr<RetailLp> lp = make_physical_lp(context, node, load);  // its drop-ship stock and fulfilment
  dynamic_cast<PhysicalNode&>(*lp).set_vendor(PhysicalNode::VendorTerms{
      p.distribution("lead_time"), p.number("fill_rate"), p.number("late_rate"), p.distribution("late_delay")});
  return lp;
}

}  // namespace models::retail
