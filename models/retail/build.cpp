// models/retail/build.cpp — a checked scenario variant, as a network of retail LPs: the steps in order.
#include "models/retail/build.h"

#include <cassert>
#include <set>

#include "models/registry.h"
#include "models/retail/build/context.h"
#include "models/retail/build/lps.h"
#include "models/retail/retail_lp.h"
#include "sim/hash.h"

namespace models::retail {
namespace {

// The system outages a link's sender applies beside its own: the receiving system's
// windows (held if the middleware is durable, else lost), and a store's own windows
// (its POS offline: store-and-forward, always replayed).
std::vector<scenario::FaultSpec::Outage> system_outages(const scenario::ScenarioSpec& spec,
                                                        const scenario::LinkSpec& link, bool durable) {
  std::vector<scenario::FaultSpec::Outage> out;
  for (const auto& window : spec.nodes[link.to].outages) {
    out.push_back({window.start, window.duration, durable});
  }
  if (spec.nodes[link.from].kind == NodeKind::Store) {
    for (const auto& window : spec.nodes[link.from].outages) {
      out.push_back({window.start, window.duration, true});
    }
  }
  return out;
}

// One sender per link, on its sending LP, shaped by the batching and middleware levers.
void add_senders(BuildContext& context, const std::vector<RetailLp*>& lps) {
  const auto& spec = context.spec;
  const DeliveryPolicy delivery = context.levers.middleware->delivery();
  const BatchingPolicy& batching = *context.levers.batching;
  const sim::Time horizon = sim::Time::zero() + spec.horizon;
  for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
    const auto& link = spec.links[idx];
    const sim::LinkId id = context.model.network.add_link(static_cast<sim::LpId>(link.from),
                                                          static_cast<sim::LpId>(link.to), link.latency.min_value());
    lps[link.from]->add_sender(LinkSender(id, link, context.slot_of_link[idx], batching.streams(link.carries),
                                          batching.interval_factor(), delivery,
                                          system_outages(spec, link, delivery.durable), horizon));
  }
}

// An outage after the horizon is legal (a shortened run of a rehearsal), but the user should know.
void note_outages_after_horizon(const scenario::ScenarioSpec& spec, RetailModel& model) {
  std::set<std::string> told;
  for (const auto& node : spec.nodes) {
    for (const auto& window : node.outages) {
      if (window.start >= spec.horizon && told.insert(node.id).second) {
        model.notes.push_back("the outage of \"" + node.id + "\" starts at " + sim::format_duration(window.start) +
                              ", after the horizon (" + sim::format_duration(spec.horizon) + "): it never happens");
      }
    }
  }
  for (const auto& link : spec.links) {
    for (const auto& outage : link.faults.outages) {
      if (outage.start >= spec.horizon && told.insert(link.source_pointer).second) {
        model.notes.push_back("the outage of " + link.source_pointer + " starts at " +
                              sim::format_duration(outage.start) + ", after the horizon (" +
                              sim::format_duration(spec.horizon) + "): it never happens");
      }
    }
  }
}

void note_returns_without_erp(const BuildContext& context) {
  const auto& returns_route = context.topology->route[static_cast<std::size_t>(Traffic::Returns)];
  for (std::size_t node = 0; node < context.spec.nodes.size(); ++node) {
    if (!context.return_sources[node].empty() && !returns_route[node].contains(context.topology->erp)) {
      context.model.notes.push_back("returns taken back at \"" + context.spec.nodes[node].id +
                                    "\" never reach an ERP (no returns links lead to one): their refunds stay unreconciled");
    }
  }
}

}  // namespace

bool is_bopis(const Topology& topology, const OrderLine& line) {
  const std::size_t channel = line.capture_node < topology.channel_of_node.size()
                                  ? topology.channel_of_node[line.capture_node]
                                  : kNoNode;
  if (channel >= topology.bopis_share.size() || topology.bopis_share[channel] <= 0.0) {
    return false;
  }
  // splitmix64 of the order's identity: a uniform draw no LP has to share.
  const std::uint64_t order = (static_cast<std::uint64_t>(line.capture_node) << 32) | line.seq;
  return sim::unit_interval(sim::splitmix64(order ^ topology.bopis_salt)) < topology.bopis_share[channel];
}

RetailModel build(const scenario::ScenarioSpec& spec, std::uint32_t replication) {
  assert(spec.nodes.size() <= kMaxNodes && "the loader caps a scenario's nodes below what a port can name");
  RetailModel model;
  for (const auto& channel : spec.channels) {
    model.channels.push_back(channel.name);
    model.promises.push_back(channel.promise);
    model.bopis_promises.push_back(channel.bopis_promise);
  }
  BuildContext context(spec, replication, model);
  context.topology = make_topology(spec, replication, context.slot_of_link);
  context.levers = make_levers(spec);
  set_up_oms(context);
  context.return_sources = plan_returns(spec, context.topology->channel_of_node, model);
  note_returns_without_erp(context);
  for (const auto& node : spec.nodes) {
    model.outages = model.outages || !node.outages.empty();
  }
  for (const auto& link : spec.links) {
    const auto& f = link.faults;
    model.outages = model.outages || !f.outages.empty() || link.schema || f.malformed > 0.0 || f.resend > 0.0 ||
                    f.loss > 0.0 || f.reorder > 0.0 || f.duplicate > 0.0;
    context.topology->copies_order_lines = context.topology->copies_order_lines ||
                                           (link.carries == Traffic::Orders && (f.duplicate > 0.0 || f.resend > 0.0));
  }
  model.outages = model.outages || context.topology->dead_letters.mode != DeadLetterTerms::Mode::None;
  context.topology->fault_figures = model.outages;
  // The LPs, in node order: LP id == node index.
  std::vector<RetailLp*> lps(spec.nodes.size(), nullptr);
  for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
    double load = 1.0;
    std::unique_ptr<RetailLp> lp = node_kind(spec.nodes[node].kind).make_lp(context, node, load);
    lps[node] = lp.get();
    model.network.add_lp(std::move(lp), spec.nodes[node].id, load);
  }
  add_senders(context, lps);
  add_supply(context, lps);
  note_outages_after_horizon(spec, model);
  model.topology = std::move(context.topology);
  return model;
}

}  // namespace models::retail
