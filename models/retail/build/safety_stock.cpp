// Build step 3b (called by set_up_oms): the safety stock rules of
// `policies.safety_stock`, resolved to units per node and SKU (the OMS's
// candidates), per SKU for the network and per channel and SKU; and a note
// of what they hold, per node kind.
//
// Each rule's target is described once: its stock at the start of the run,
// the demand it serves (expected units per hour per SKU, from the channels'
// base rates — profile multiplier 1, no promotions) and its exposure window
// (the feeds' intervals and mean latencies a sale waits for before the figure
// a customer is shown reflects it). See scenarios/README.md, "Safety stock".
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/registry.h"
#include "models/retail/build/context.h"
#include "models/retail/levers/options.h"
#include "models/scenario/data/order_log.h"
#include "models/scenario/routes.h"

namespace models::retail {
namespace {

using scenario::SafetyRuleSpec;

// Expected units per hour of each SKU that one capture node of `channel` sells.
std::vector<double> units_per_hour(const scenario::ChannelSpec& channel, const scenario::ScenarioSpec& spec) {
  std::vector<double> out(spec.skus.size(), 0.0);
  const double hours = spec.horizon.to_seconds() / 3600.0;
  if (channel.order_log) {  // an order log: the units it replays (times scale), spread over the horizon
    const auto& replay = *channel.order_log;
    const auto nodes = static_cast<double>(std::max<std::size_t>(1, channel.nodes.size()));
    scenario::OrderLog::Cursor cursor(*replay.log);
    scenario::OrderLog::Order order;
    while (cursor.next(order) && !replay.past(order.at, spec.horizon)) {
      if (order.channel != replay.channel || !replay.keeps(order.at, spec.horizon)) {
        continue;
      }
      for (const auto& line : order.lines) {  // as a trace's, exactly, when scale is 1
        out[line.sku] += static_cast<double>(line.units) * replay.scale / hours / nodes;
      }
    }
    return out;
  }
  if (!channel.trace.empty()) {  // a trace: its units spread over the horizon
    for (const auto& entry : channel.trace) {
      for (const auto& line : entry.lines) {
        out[line.sku] += static_cast<double>(line.units) / hours / static_cast<double>(std::max<std::size_t>(1, channel.nodes.size()));
      }
    }
    return out;
  }
  double total = 0.0;
  for (std::size_t rank = 0; rank < out.size(); ++rank) {
    out[rank] = channel.zipf ? 1.0 / std::pow(static_cast<double>(rank + 1), *channel.zipf) : spec.skus[rank].popularity;
    total += out[rank];
  }
  for (double& rate : out) {
    rate = total > 0 ? channel.orders_per_hour * channel.basket_mean * rate / total : 0.0;
  }
  return out;
}

// How long one link keeps a message: its batch or file interval (none when it
// streams, or the batching policy makes its traffic stream) plus its mean latency.
sim::Duration hold_of(const scenario::LinkSpec& link, const BatchingPolicy& batching) {
  sim::Duration held = link.latency.mean_value();
  if (link.interval && (link.mode == LinkMode::Batch || link.mode == LinkMode::File) && !batching.streams(link.carries)) {
    held += sim::Duration::micros(
        static_cast<std::int64_t>(static_cast<double>(link.interval->count_us()) * batching.interval_factor()));
  }
  return held;
}

class Resolver {
 public:
  explicit Resolver(BuildContext& context) : context_(context), spec_(context.spec) {}

  // The feeds' hold along a shortest path of `traffic` links from `from` to `to`
  // (at each hop the first such link in file order, as messages are routed); zero if there is none.
  [[nodiscard]] sim::Duration route_hold(Traffic traffic, std::size_t from, std::size_t to) const {
    const auto dist = scenario::hops(spec_, traffic, to, scenario::Direction::Backward);
    sim::Duration held = sim::Duration::zero();
    if (dist[from] == scenario::kUnreachable) {
      return held;
    }
    for (std::size_t at = from; at != to;) {
      for (const scenario::LinkSpec& link : spec_.links) {
        if (link.carries == traffic && link.from == at && dist[link.to] != scenario::kUnreachable &&
            dist[link.to] + 1 == dist[at]) {
          held += hold_of(link, *context_.levers.batching);
          at = link.to;
          break;
        }
      }
    }
    return held;
  }

  // Exposure of a node: its stock feed to the OMS.
  [[nodiscard]] sim::Duration node_window(std::size_t node) const {
    return route_hold(Traffic::Inventory, node, context_.topology->oms_for_node(node));  // to its shard
  }

  // Exposure of a channel's figure: the slowest node's stock feed, then the availability feed to its capture nodes.
  [[nodiscard]] sim::Duration channel_window(std::size_t channel) const {
    sim::Duration stock = sim::Duration::zero();
    for (const auto& candidate : context_.oms.candidates) {
      stock = std::max(stock, node_window(candidate.node));
    }
    sim::Duration shown = sim::Duration::zero();
    for (const std::size_t node : spec_.channels[channel].nodes) {
      for (const std::size_t oms : context_.topology->oms_shards) {  // the slowest shard's feed
        shown = std::max(shown, route_hold(Traffic::Availability, oms, node));
      }
    }
    return stock + shown;
  }

  // Expected units per hour a node serves: its own walk-in channel's, plus an
  // even share of every online channel's among the candidates that ship parcels.
  [[nodiscard]] std::vector<double> node_rate(const OmsConfig::Candidate& candidate) const {
    std::vector<double> out(spec_.skus.size(), 0.0);
    std::size_t shippers = 0;
    for (const auto& c : context_.oms.candidates) {
      shippers += c.ships ? 1 : 0;
    }
    for (std::size_t channel = 0; channel < spec_.channels.size(); ++channel) {
      const auto& ch = spec_.channels[channel];
      const std::vector<double> per_node = units_per_hour(ch, spec_);
      double weight = 0.0;  // capture nodes' worth of the channel's demand this node serves
      for (const std::size_t capture : ch.nodes) {
        if (capture == candidate.node) {
          weight += 1.0;  // walk-ins at this store
        } else if (node_kind(spec_.nodes[capture].kind).captures_online && candidate.ships && shippers > 0) {
          weight += 1.0 / static_cast<double>(shippers);
        }
      }
      for (std::size_t sku = 0; sku < out.size(); ++sku) {
        out[sku] += weight * per_node[sku];
      }
    }
    return out;
  }

  // All demand of the channel (or of every channel), over all its capture nodes.
  [[nodiscard]] std::vector<double> channel_rate(std::optional<std::size_t> only) const {
    std::vector<double> out(spec_.skus.size(), 0.0);
    for (std::size_t channel = 0; channel < spec_.channels.size(); ++channel) {
      if (only && *only != channel) {
        continue;
      }
      const auto& ch = spec_.channels[channel];
      const std::vector<double> per_node = units_per_hour(ch, spec_);
      for (std::size_t sku = 0; sku < out.size(); ++sku) {
        out[sku] += static_cast<double>(ch.nodes.size()) * per_node[sku];
      }
    }
    return out;
  }

  [[nodiscard]] std::vector<std::int64_t> network_on_hand() const {
    std::vector<std::int64_t> out(spec_.skus.size(), 0);
    for (const auto& candidate : context_.oms.candidates) {
      for (std::size_t sku = 0; sku < out.size(); ++sku) {
        out[sku] += candidate.initial[sku];
      }
    }
    return out;
  }

 private:
  BuildContext& context_;
  const scenario::ScenarioSpec& spec_;
};

SafetyBuffer apply(const SafetyRuleSpec& rule, const SafetyStockTarget& target) {
  const auto form = rule.form->make(rule.params);
  return SafetyBuffer{form->units(target), form->share_of_on_hand()};
}

// The node-level rule for `node`: the most specific (a node id, then a glob, then a kind), the first of equals.
const SafetyRuleSpec* node_rule(const std::vector<SafetyRuleSpec>& rules, std::size_t node) {
  const SafetyRuleSpec* best = nullptr;
  for (const SafetyRuleSpec& rule : rules) {
    const bool matches = (rule.scope == SafetyRuleSpec::Scope::Node || rule.scope == SafetyRuleSpec::Scope::Kind) &&
                         std::find(rule.nodes.begin(), rule.nodes.end(), node) != rule.nodes.end();
    if (matches && (best == nullptr || rule.specificity > best->specificity)) {
      best = &rule;
    }
  }
  return best;
}

std::string with_commas(std::int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0 && digits[idx - 1] != '-') {
      out.push_back(',');
    }
    out.push_back(digits[idx]);
  }
  return out;
}

// "store 1,234 units over 72,000 positions (mean 0.02, max 3)": `skus` positions per
// buffer (an empty buffer holds nothing back).
std::string describe(const std::string& what, const std::vector<const std::vector<std::int64_t>*>& buffers,
                     std::size_t skus) {
  std::int64_t total = 0;
  std::int64_t most = 0;
  std::int64_t positions = 0;
  for (const auto* units : buffers) {
    for (const std::int64_t u : *units) {
      total += u;
      most = std::max(most, u);
    }
    positions += static_cast<std::int64_t>(skus);
  }
  char mean[32];
  std::snprintf(mean, sizeof mean, "%.2f", positions > 0 ? static_cast<double>(total) / static_cast<double>(positions) : 0.0);
  return what + " " + with_commas(total) + " units over " + with_commas(positions) + " positions (mean " + mean +
         ", max " + std::to_string(most) + ")";
}

void note_buffers(BuildContext& context) {
  const auto& spec = context.spec;
  std::string note;
  for (const NodeKind kind : {NodeKind::Store, NodeKind::Warehouse}) {
    std::vector<const std::vector<std::int64_t>*> buffers;
    for (const auto& candidate : context.oms.candidates) {
      if (spec.nodes[candidate.node].kind == kind) {
        buffers.push_back(&candidate.safety.units);
      }
    }
    if (!buffers.empty()) {
      note += (note.empty() ? "" : "; ") + describe(std::string(to_string(kind)), buffers, spec.skus.size());
    }
  }
  note += "; " + describe("network", {&context.oms.network_safety.units}, spec.skus.size());
  for (std::size_t channel = 0; channel < spec.channels.size(); ++channel) {
    if (!context.oms.channel_safety[channel].empty()) {
      note += "; " + describe("channel " + spec.channels[channel].name, {&context.oms.channel_safety[channel].units},
                              spec.skus.size());
    }
  }
  context.model.notes.push_back("safety stock (" + spec.variant + "): " + note);
}

}  // namespace

void set_up_safety_stock(BuildContext& context) {
  const auto& spec = context.spec;
  OmsConfig& oms = context.oms;
  const std::size_t skus = spec.skus.size();
  oms.network_safety = SafetyBuffer{std::vector<std::int64_t>(skus, 0), 0.0};
  oms.channel_safety.assign(spec.channels.size(), {});
  const Resolver resolver(context);
  for (auto& candidate : oms.candidates) {
    candidate.safety = SafetyBuffer{};  // none: a node without a rule holds nothing back (and costs no memory)
    if (const SafetyRuleSpec* rule = node_rule(spec.safety_stock, candidate.node)) {
      candidate.safety = apply(*rule, {candidate.initial, resolver.node_rate(candidate), resolver.node_window(candidate.node)});
    }
  }
  for (const SafetyRuleSpec& rule : spec.safety_stock) {
    if (rule.scope == SafetyRuleSpec::Scope::Network) {
      sim::Duration window = sim::Duration::zero();
      for (std::size_t channel = 0; channel < spec.channels.size(); ++channel) {
        window = std::max(window, resolver.channel_window(channel));
      }
      oms.network_safety = apply(rule, {resolver.network_on_hand(), resolver.channel_rate(std::nullopt), window});
    } else if (rule.scope == SafetyRuleSpec::Scope::Channel) {
      oms.channel_safety[rule.channel] = apply(
          rule, {resolver.network_on_hand(), resolver.channel_rate(rule.channel), resolver.channel_window(rule.channel)});
    }
  }
  if (!spec.safety_stock.empty()) {
    note_buffers(context);
  }
}

std::vector<std::int64_t> safety_toward(const BuildContext& context, std::size_t capture_node, std::size_t shard) {
  std::vector<std::int64_t> held(context.spec.skus.size(), 0);
  if (context.topology->oms == kNoNode) {
    return held;
  }
  const std::size_t from = context.topology->oms_shard(shard);
  const auto& toward = context.topology->route[static_cast<std::size_t>(Traffic::Availability)][from];
  const auto slot = toward.find(capture_node);
  if (slot == toward.end()) {
    return held;
  }
  // As Oms::publish holds it back: the channel's own buffer on a link carrying one
  // figure per channel, else the largest buffer of the channels the link feeds.
  static const OmsConfig::Feed kNoFeed;
  const OmsConfig& oms = context.oms;  // the buffers; the shard's own feeds and candidates
  const auto& feeds = shard < context.shard_feeds.size() ? context.shard_feeds[shard] : oms.feeds;
  const OmsConfig::Feed& feed = slot->second < feeds.size() ? feeds[slot->second] : kNoFeed;
  const std::size_t channel = context.topology->channel_of_node[capture_node];
  const bool follows_stock = oms.pools_follow_stock();
  for (std::uint32_t sku = 0; sku < held.size(); ++sku) {
    std::int64_t on_hand = 0;  // a buffer that follows stock: the network's initial stock (the systems start in sync)
    for (std::size_t c = 0; follows_stock && c < oms.candidates.size(); ++c) {
      if (context.topology->shard_for_node(oms.candidates[c].node) == shard) {
        on_hand += std::max<std::int64_t>(0, oms.candidates[c].initial[sku]);
      }
    }
    held[sku] = feed.per_channel ? oms.pool_safety(channel, sku, on_hand) : oms.feed_safety(feed, sku, on_hand);
  }
  return held;
}

}  // namespace models::retail
