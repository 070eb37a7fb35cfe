// sim/context.h — everything an LP may do, and nothing else.
//
// An LP never sees the engine, another LP or a global: it reads the clock,
// schedules events to itself, sends over its links, draws from its own random
// stream and emits probes. Sends are buffered and committed by the engine after
// the handler returns; `send` refuses a delivery earlier than the link's minimum
// latency, because the parallel engine's lookahead depends on it.
//
//   void Store::on_event(const sim::Event& ev, sim::Context& ctx) {
//     ctx.send(erp_link_, Duration::minutes(30), kInventoryBatch, Payload::of_u64(units));
//     ctx.emit(probes::kPosSale, 1.0);
//   }
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/errors.h"
#include "sim/event.h"
#include "sim/hash.h"
#include "sim/network.h"
#include "sim/probe.h"
#include "sim/random.h"
#include "sim/time.h"

namespace sim {

namespace detail {
// What the engine keeps per LP, beside the LP object itself.
struct LpRuntime {
  LogicalProcess* process = nullptr;
  std::uint32_t next_seq = 0;     // origin_seq of the next event this LP creates
  std::uint64_t events = 0;       // events this LP has committed
  std::uint64_t digest = 0;       // running hash of those events, in the LP's order
  LpRandom rng;
};
}  // namespace detail

class Context {
 public:
  Context(const Network& network, ProbeSink* probes, std::vector<Event>& out, std::uint64_t seed = 1,
          std::uint32_t replication = 0)
      : network_(&network), probes_(probes), out_(&out), seed_(seed), replication_(replication) {}

  [[nodiscard]] Time now() const { return now_; }
  [[nodiscard]] LpId self() const { return self_; }
  [[nodiscard]] const Network& network() const { return *network_; }
  [[nodiscard]] LpRandom& rng() { return lp_->rng; }

  void schedule_self(Duration delay, EventKind kind, Payload payload = {}, std::uint16_t port = 0) {
    if (delay < Duration::zero()) {
      throw ModelError("schedule_self with a negative delay (" + format_duration(delay) + ")");
    }
    make_event(self_, delay, kind, payload, port);
  }

  // Delivers over `link`, which must leave this LP, `delay` from now.
  void send(LinkId link, Duration delay, EventKind kind, Payload payload = {}, std::uint16_t port = 0) {
    if (link >= network_->link_count()) {
      throw ModelError("send on link #" + std::to_string(link) + ", which does not exist");
    }
    const Link& l = network_->link(link);
    if (l.from != self_) {
      throw ModelError("send on link \"" + l.name + "\", which does not leave this LP");
    }
    if (delay < l.min_latency) {
      throw ModelError("send on link \"" + l.name + "\" with delay " + format_duration(delay) +
                       ", below its minimum latency " + format_duration(l.min_latency));
    }
    make_event(l.to, delay, kind, payload, port);
  }

  // Delivers to any LP over the network's mesh (Network::set_mesh).
  void send_mesh(LpId to, Duration delay, EventKind kind, Payload payload = {}, std::uint16_t port = 0) {
    const auto mesh = network_->mesh_latency();
    if (!mesh) {
      throw ModelError("send_mesh on a network without a mesh");
    }
    if (to >= network_->lp_count()) {
      throw ModelError("send_mesh to LP #" + std::to_string(to) + ", which does not exist");
    }
    if (delay < *mesh) {
      throw ModelError("send_mesh with delay " + format_duration(delay) + ", below the mesh latency " +
                       format_duration(*mesh));
    }
    make_event(to, delay, kind, payload, port);
  }

  void emit(ProbeId probe, double value, std::int64_t label = 0) {
    if (probes_ != nullptr) {
      probes_->record(self_, now_, probe, value, label);
    }
  }
  // `values[i]` for label i, in one record (ProbeSink::record_array).
  void emit_array(ProbeId probe, const ProbeSink::Values& values) {
    if (probes_ != nullptr && values) {
      probes_->record_array(self_, now_, probe, values);
    }
  }

  // A further random stream of this LP, for one purpose: (seed, replication,
  // LP id, purpose) -> the same numbers on every engine. Models draw demand
  // from a purpose stream so that policy variants, which consume the main
  // stream differently, still see the same customers (common random numbers).
  [[nodiscard]] LpRandom stream(std::uint32_t purpose) const {
    return LpRandom(seed_ ^ weyl(static_cast<std::uint64_t>(purpose) + 1), replication_, self_);
  }
  [[nodiscard]] std::uint32_t replication() const { return replication_; }

  // --- engine side -------------------------------------------------------
  void enter(LpId lp, detail::LpRuntime& runtime, Time now) {
    self_ = lp;
    lp_ = &runtime;
    now_ = now;
  }

 private:
  void make_event(LpId target, Duration delay, EventKind kind, Payload payload, std::uint16_t port) {
    if (lp_->next_seq == std::numeric_limits<std::uint32_t>::max()) {
      throw ModelError("this LP created 2^32 events in one run; its sequence numbers would wrap");
    }
    out_->push_back(Event{EventKey{now_ + delay, self_, lp_->next_seq++}, target, kind, port, payload});
  }

  const Network* network_;
  ProbeSink* probes_;
  std::vector<Event>* out_;
  std::uint64_t seed_;
  std::uint32_t replication_;
  detail::LpRuntime* lp_ = nullptr;
  LpId self_ = kNoLp;
  Time now_;
};

}  // namespace sim
