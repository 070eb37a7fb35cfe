#include "sim/engine_core.h"

#include <sys/resource.h>

#include <exception>
#include <string>

namespace sim::detail {

std::vector<LpRuntime> make_runtimes(Network& network, const EngineOptions& options) {
  std::vector<LpRuntime> lps(network.lp_count());
  for (LpId id = 0; id < lps.size(); ++id) {
    lps[id].process = &network.lp(id);
    lps[id].rng = LpRandom(options.seed, options.replication, id);
  }
  return lps;
}

void rethrow_with_context(const Network& network, const LpRuntime& lp, LpId id, Time now, const char* phase) {
  std::string where = " [LP \"" + network.lp_name(id) + "\" (#" + std::to_string(id) + "), t=" + format_time(now) +
                      ", " + phase + " #" + std::to_string(lp.events) + " of this LP]";
  try {
    throw;
  } catch (const ModelError& e) {
    throw ModelError(e.what() + where);
  } catch (const std::exception& e) {
    throw ModelError(std::string("unexpected error: ") + e.what() + where);
  }
}

void start_all(const Network& network, std::vector<LpRuntime>& lps, Context& ctx, std::vector<Event>& out,
               const std::function<void(const Event&)>& route) {
  for (LpId id = 0; id < lps.size(); ++id) {
    ctx.enter(id, lps[id], Time::zero());
    try {
      lps[id].process->on_start(ctx);
    } catch (...) {
      out.clear();
      rethrow_with_context(network, lps[id], id, Time::zero(), "on_start");
    }
    for (const Event& ev : out) {
      route(ev);
    }
    out.clear();
  }
}

void finish_all(const Network& network, std::vector<LpRuntime>& lps, Context& ctx, std::vector<Event>& out,
                Time now) {
  for (LpId id = 0; id < lps.size(); ++id) {
    ctx.enter(id, lps[id], now);
    try {
      lps[id].process->on_finish(ctx);
      if (!out.empty()) {
        throw ModelError("on_finish scheduled an event; the run is over");
      }
    } catch (...) {
      out.clear();
      rethrow_with_context(network, lps[id], id, now, "on_finish");
    }
  }
}

std::uint64_t run_checksum(const Network& network, const std::vector<LpRuntime>& lps, std::uint64_t events) {
  std::uint64_t h = kFnvOffset64 ^ events;
  for (LpId id = 0; id < lps.size(); ++id) {
    const std::uint64_t parts[] = {lps[id].digest, lps[id].events, network.lp(id).state_digest(),
                                   lps[id].rng.blocks_used()};
    for (std::uint64_t part : parts) {
      h = fnv_mix(h, part);
      h ^= h >> 31;
    }
  }
  return h;
}

std::size_t peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

}  // namespace sim::detail
