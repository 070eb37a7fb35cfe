// sim/engine_core.h — the steps both engines share (internal to sim/).
//
// Committing an event means: fold it into its target LP's digest, then call the
// LP's handler through a Context. A ModelError thrown by the handler is
// rethrown with the LP's name, the simulated time and the LP's event number —
// all deterministic, so the same bad run fails with the same message on every
// engine.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/context.h"
#include "sim/engine.h"
#include "sim/hash.h"
#include "sim/heap_event_set.h"
#include "sim/ladder_event_set.h"
#include "sim/network.h"

namespace sim::detail {

[[nodiscard]] std::vector<LpRuntime> make_runtimes(Network& network, const EngineOptions& options);

// Order-sensitive within one LP, which is exactly what must agree across engines.
[[nodiscard]] inline std::uint64_t fold_event(std::uint64_t digest, const Event& ev) {
  return fold_event_fields(digest, static_cast<std::uint64_t>(ev.key.when.count_us()),
                           (static_cast<std::uint64_t>(ev.key.origin) << 32) | ev.key.origin_seq, ev.kind,
                           ev.payload.bits);
}

[[noreturn]] void rethrow_with_context(const Network& network, const LpRuntime& lp, LpId id, Time now,
                                       const char* phase);

inline void commit(const Network& network, std::vector<LpRuntime>& lps, Context& ctx, const Event& ev) {
  LpRuntime& lp = lps[ev.target];
  lp.digest = fold_event(lp.digest, ev);
  ++lp.events;
  ctx.enter(ev.target, lp, ev.key.when);
  try {
    lp.process->on_event(ev, ctx);
  } catch (...) {
    rethrow_with_context(network, lp, ev.target, ev.key.when, "event");
  }
}

// Calls on_start for every LP in id order at t = 0, handing each LP's events
// (buffered in `out`, the Context's buffer) to `route` before the next LP starts.
void start_all(const Network& network, std::vector<LpRuntime>& lps, Context& ctx, std::vector<Event>& out,
               const std::function<void(const Event&)>& route);
// Calls on_finish for every LP in id order at `now`; an LP may emit, not send.
void finish_all(const Network& network, std::vector<LpRuntime>& lps, Context& ctx, std::vector<Event>& out,
                Time now);
// Folds every LP's digest and final state, in LP-id order.
[[nodiscard]] std::uint64_t run_checksum(const Network& network, const std::vector<LpRuntime>& lps,
                                         std::uint64_t events);

[[nodiscard]] std::size_t peak_resident_bytes();

// Calls fn.template operator()<SetType>() for the chosen event-set kind.
template <class Fn>
decltype(auto) with_event_set(EventSetKind kind, Fn&& fn) {
  switch (kind) {
    case EventSetKind::Ladder:
      return std::forward<Fn>(fn).template operator()<LadderEventSet>();
    case EventSetKind::Heap:
      break;
  }
  return std::forward<Fn>(fn).template operator()<HeapEventSet>();
}

}  // namespace sim::detail
