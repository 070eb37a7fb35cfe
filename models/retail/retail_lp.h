// models/retail/retail_lp.h — what every retail node shares: its integrations.
//
// A RetailLp owns one LinkSender per outgoing link, knows which of them leads
// toward which node for routed messages (fulfilment to a store, replies to the
// OMS), and, for systems that keep a view of inventory, from which neighbour to
// accept each node's inventory deltas: when deltas can reach a system by two
// paths (a DC's via the WMS, and via the WMS and the ERP), only the shortest
// path counts, so no delta is applied twice.
//
// A node with `outages` (scenarios/README.md, "System outages") is down in each
// window. Messages sent to it meanwhile wait on their links (link_sender.h); one
// already on the wire when it went down waits for it too when the middleware is
// durable, and is lost when it is not. While down, the system runs none of its own
// timers: each waits, in order, until it is back (a periodic job then runs once and
// goes on from there). Two kinds keep running: a store's till sells to walk-ins
// against its own stock while its POS is offline (what it sends is stored and
// forwarded when the POS is back), and a capture node's own events run, its
// customers finding the site down. At the window's end the node is up and first
// works off, in the order they came, everything that waited for it.
//
// A message that arrives marked rejected (dead_letters.h: a schema this system does
// not read yet, a malformed record, retries run out) goes to this system's
// dead-letter queue, or is lost when the middleware keeps none.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/retail/dead_letters.h"
#include "models/retail/link_sender.h"
#include "models/retail/messages.h"
#include "models/scenario/spec.h"
#include "sim/logical_process.h"

namespace models::retail {

struct Topology;  // build.h: routes and primary neighbours, computed once per scenario

class RetailLp : public sim::LogicalProcess {
 public:
  RetailLp(std::size_t node, const Topology& topology);
  void add_sender(LinkSender sender) { senders_.push_back(std::move(sender)); }

  void on_start(sim::Context& ctx) override;
  void on_event(const sim::Event& ev, sim::Context& ctx) override;
  void on_finish(sim::Context& ctx) final;
  // A store (its POS offline) and a capture node run their own events while down.
  void keep_running_while_down() { runs_while_down_ = true; }

 protected:
  // Handles a message; a relay forwards what it does not handle itself.
  virtual void on_message(const sim::Event& ev, sim::Context& ctx) = 0;
  virtual void start(sim::Context& /*ctx*/) {}
  virtual void finish(sim::Context& /*ctx*/) {}
  // Whether this node's system is down now (its `outages`).
  [[nodiscard]] bool down(const sim::Context& ctx) const;

  // Every outgoing link that carries `traffic`.
  void broadcast(sim::Context& ctx, Traffic traffic, const Message& message);
  // The link toward `target` over links that carry `traffic`; false if none leads there.
  bool send_toward(sim::Context& ctx, Traffic traffic, std::size_t target, const Message& message, bool now = false);
  // A redelivered inventory delta (a link's duplicate): an idempotent consumer
  // suppresses it (false), a non-idempotent one applies it again (true) — the
  // drift the fault causes.
  [[nodiscard]] bool take_duplicate(const InventoryDelta& delta, sim::Context& ctx) const;
  // Whether to apply (and pass on) a delta about `origin` that `from_lp` sent.
  [[nodiscard]] bool accepts_delta_from(std::size_t origin, sim::LpId from_lp) const;

  [[nodiscard]] std::size_t node() const { return node_; }
  [[nodiscard]] const Topology& topology() const { return *topology_; }
  // The demand channel that captured `line`, as a probe value.
  [[nodiscard]] double channel_of(const OrderLine& line) const;
  std::vector<LinkSender> senders_;

 private:
  void recover(sim::Context& ctx);
  // A message its consumer (this system) rejects: dead-lettered, or lost without a dead-letter queue.
  void reject(const sim::Event& ev, sim::Context& ctx);

  std::size_t node_;
  const Topology* topology_;
  bool runs_while_down_ = false;
  std::vector<sim::Event> waiting_;  // for the system to be back up, in the order they came
  std::uint64_t delivered_ = 0;      // messages taken in from other LPs
  DeadLetterQueue dead_letters_;
};

}  // namespace models::retail
