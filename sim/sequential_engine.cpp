#include "sim/sequential_engine.h"

#include <chrono>

#include "sim/engine_core.h"

namespace sim {
namespace {

template <PendingEventSet Set>
RunStats run_with(Network& network, const EngineOptions& options) {
  std::vector<detail::LpRuntime> lps = detail::make_runtimes(network, options);
  std::vector<Event> out;
  out.reserve(64);
  Context ctx(network, options.probes, out, options.seed, options.replication);
  Set pending;
  pending.reserve(network.lp_count() * 4);

  detail::start_all(network, lps, ctx, out, [&](const Event& ev) { pending.push(ev); });

  RunStats stats;
  std::size_t peak = pending.size();
  const auto wall_start = std::chrono::steady_clock::now();
  while (!pending.empty() && stats.events < options.max_events) {
    const Event ev = pending.top();
    if (ev.key.when >= options.end) {
      break;
    }
    detail::commit(network, lps, ctx, ev);
    ++stats.events;
    stats.last_event_time = ev.key.when;
    if ((stats.events & (kProgressEvents - 1)) == 0 && options.progress) {
      options.progress(ev.key.when, stats.events);
    }
    // Most events schedule exactly one successor: reuse the top's slot for it.
    if (out.empty()) {
      pending.pop();
    } else {
      pending.replace_top(out.front());
      for (std::size_t idx = 1; idx < out.size(); ++idx) {
        pending.push(out[idx]);
      }
      out.clear();
      if (pending.size() > peak) {
        peak = pending.size();
      }
    }
  }
  stats.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  stats.end_time = options.end == Time::infinity() || stats.events >= options.max_events ? stats.last_event_time
                                                                                          : options.end;
  detail::finish_all(network, lps, ctx, out, stats.end_time);
  stats.pending_at_end = pending.size();
  stats.peak_pending = peak;
  stats.checksum = detail::run_checksum(network, lps, stats.events);
  return stats;
}

}  // namespace

RunStats SequentialEngine::run(Network& network) {
  return detail::with_event_set(options_.event_set,
                                [&]<class Set>() { return run_with<Set>(network, options_); });
}

}  // namespace sim
