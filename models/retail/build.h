// models/retail/build.h — a checked scenario variant, as a network of retail LPs.
//
//   auto model = models::retail::build(spec);      // LP id == node index
//   sim::SequentialEngine(options).run(model.network);
#pragma once

#include <array>
#include <map>
#include <unordered_map>
#include <memory>
#include <string>
#include <vector>

#include "models/retail/dead_letters.h"
#include "models/retail/messages.h"
#include "models/scenario/spec.h"
#include "sim/network.h"

namespace models::retail {

// Routing facts every LP reads and none changes; shared by all LPs of a run.
struct Topology {
  // route[traffic][lp] maps a target node to the index of that LP's sender
  // (its outgoing link) on a shortest path of links that carry `traffic`.
  std::array<std::vector<std::unordered_map<std::size_t, std::uint16_t>>, kTrafficKinds> route;
  // primary[lp] maps an origin node to the neighbour LP whose deltas about it
  // the system at lp applies (the first hop back along a shortest inventory path).
  std::vector<std::unordered_map<std::size_t, sim::LpId>> primary;
  std::vector<std::size_t> channel_of_node;  // demand channel captured at a node, or npos
  std::size_t oms = kNoNode;  // the OMS, or its first shard
  // The OMS's shards (nodes of kind oms, in node order; one when it is not sharded)
  // and which owns what: a region (by its code, 0 for none: the first shard) and a
  // stock-holding node (by its region). Messages toward "the OMS" go to the owner.
  std::vector<std::size_t> oms_shards;
  std::vector<std::uint8_t> shard_of_region;  // [region code]
  std::vector<std::uint8_t> shard_of_node;    // [node id]
  [[nodiscard]] std::size_t shard_for_region(std::uint16_t code) const {
    return code < shard_of_region.size() ? shard_of_region[code] : 0;
  }
  [[nodiscard]] std::size_t shard_for_node(std::size_t node) const {
    return node < shard_of_node.size() ? shard_of_node[node] : 0;
  }
  [[nodiscard]] std::size_t oms_shard(std::size_t shard) const {
    return shard < oms_shards.size() ? oms_shards[shard] : oms;
  }
  [[nodiscard]] std::size_t oms_for_region(std::uint16_t code) const { return oms_shard(shard_for_region(code)); }
  [[nodiscard]] std::size_t oms_for_node(std::size_t node) const { return oms_shard(shard_for_node(node)); }
  // [node id]: an OMS shard that passes no inventory on (no outgoing inventory link):
  // an inventory delta about another shard's node is not sent to it at all.
  std::vector<bool> delta_sink_shard;
  std::size_t erp = kNoNode;  // the first node of kind erp: where return records go
  bool idempotent = true;  // consumers suppress redelivered inventory deltas (the middleware policy)
  bool durable = true;     // messages for a system that is down wait for it (the middleware policy)
  DeadLetterTerms dead_letters;  // what a consumer does with a message it rejects (the middleware policy)
  bool fault_figures = false;    // RetailModel::outages: nodes report what the fault figures need
  bool copies_order_lines = false;  // some orders link duplicates or re-sends: the OMS may get a line twice
  // [consumer node]: per producer LP, when the consumer reads the new schema of that
  // producer's link (a link's `schema`; none: not within the run).
  std::vector<std::vector<std::pair<sim::LpId, std::optional<sim::Duration>>>> schema_readable;
  [[nodiscard]] std::optional<sim::Time> readable_from(std::size_t consumer, sim::LpId producer) const {
    if (consumer < schema_readable.size()) {
      for (const auto& [from, at] : schema_readable[consumer]) {
        if (from == producer) {
          return at ? std::optional<sim::Time>(sim::Time::zero() + *at) : std::nullopt;
        }
      }
    }
    return sim::Time::zero();
  }
  // [node id]: the windows the node's system is down (scenarios/README.md, "System
  // outages"), in time order; empty when no node has an outage.
  std::vector<std::vector<scenario::DownWindow>> down;
  // The window `node` is down in at `t` (the end is up again), or none.
  [[nodiscard]] const scenario::DownWindow* down_at(std::size_t node, sim::Time t) const {
    if (node >= down.size()) {
      return nullptr;
    }
    const sim::Duration at = t - sim::Time::zero();
    for (const auto& window : down[node]) {
      if (at < window.start) {
        return nullptr;
      }
      if (at < window.end()) {
        return &window;
      }
    }
    return nullptr;
  }
  std::vector<double> bopis_share;  // per channel: the share of its orders picked up in a store
  std::uint64_t bopis_salt = 0;     // from the scenario's seed and the replication
};

// Whether the customer of `line`'s order picks it up in a store. Every LP asks
// this of the order alone (a hash of capture node and order number), so all
// agree without a flag in the message; the same orders are BOPIS in every
// variant, which keeps variants paired.
[[nodiscard]] bool is_bopis(const Topology& topology, const OrderLine& line);

struct RetailModel {
  sim::Network network;
  std::shared_ptr<const Topology> topology;
  std::vector<std::string> channels;  // names, by channel index
  std::vector<sim::Duration> promises;  // per channel: capture to shipped, promised to the customer
  std::vector<sim::Duration> bopis_promises;  // per channel: capture to ready for pickup
  // Stores and warehouses in groups for fulfilment figures ("store-*" for
  // store-001..store-180): names and total pickers, by the group probe label.
  std::vector<std::string> groups;
  std::vector<std::int64_t> group_pickers;
  std::vector<std::string> brokers;  // brokers with a throughput capacity, by their probe label
  std::vector<std::string> reasons;  // return reason codes, by code (probes::kReturnReason)
  std::vector<bool> sources;  // by LP id: a store or warehouse the OMS sources from
  // By LP id, with several OMS shards: the shard that owns a node, or an OMS shard's own index (else empty).
  std::vector<std::uint8_t> shards;
  bool replenishment = false;  // some node reorders from a supplier (the replenishment figures)
  // Some node or link has an outage, a link a schema change or any fault (loss, reorder,
  // duplicates, re-sends, malformed records), or the middleware keeps dead letters: the
  // outage, dead-letter, order-fault and message-conservation figures.
  bool outages = false;
  std::vector<bool> receiving_groups;  // by group: some node of it receives at a dock (receiving_rate > 0)
  // What the scenario says that the model cannot use, for the user to read
  // (e.g. stock the OMS can never source from).
  std::vector<std::string> notes;
};

// Throws scenario-level errors as sim::ConfigError (e.g. demand with no OMS to take its orders).
// `replication` varies what is drawn once per run outside the LPs' streams (which
// orders are pickups); every variant of one replication gets the same.
[[nodiscard]] RetailModel build(const scenario::ScenarioSpec& spec, std::uint32_t replication = 0);

}  // namespace models::retail
