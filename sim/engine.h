// sim/engine.h — what every engine is asked to do and what it reports.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include "sim/pending_event_set.h"
#include "sim/probe.h"
#include "sim/time.h"

namespace sim {

struct EngineOptions {
  std::uint64_t seed = 1;
  std::uint32_t replication = 0;
  // Events at or after `end` are not processed.
  Time end = Time::infinity();
  // Stop once this many events are committed: the first `max_events` events in
  // EventKey order, on every engine.
  std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max();
  EventSetKind event_set = kDefaultEventSet;
  unsigned threads = 1;      // ParallelEngine only
  unsigned partitions = 0;   // ParallelEngine only; 0 = as many as threads
  // ParallelEngine only: fall back to one partition (the sequential engine's
  // loop, on the calling thread) when the cost measured per LP says partitions
  // would not pay. `--engine auto` sets it; `--engine parallel` does not.
  bool fall_back = false;
  ProbeSink* probes = nullptr;
  // Called from the engine's own thread about every kProgressEvents events
  // (sequential) or at window ends (parallel), with the clock and the events
  // committed so far; for progress displays. Never affects results.
  std::function<void(Time now, std::uint64_t events)> progress;
};

inline constexpr std::uint64_t kProgressEvents = 1u << 16;

struct RunStats {
  std::uint64_t events = 0;         // committed events
  Time last_event_time;             // time of the last committed event
  Time end_time;                    // the clock at on_finish: `end` if finite, else last_event_time
  std::uint64_t checksum = 0;       // over every committed event and every LP's final state
  std::size_t pending_at_end = 0;   // events left unprocessed
  std::size_t peak_pending = 0;     // largest pending-event count seen (sampled at window ends in parallel)
  double wall_seconds = 0.0;        // main loop only, excluding on_start/on_finish
  std::uint32_t partitions = 1;     // at the end of the run (1: ran, or fell back to, one partition)
  std::uint64_t windows = 0;        // synchronisation windows (ParallelEngine)
  std::uint32_t rebalances = 0;     // times the ParallelEngine re-partitioned on measured cost
  double balance = 0.0;             // ParallelEngine: measured cost / the busiest partition's, at the last check
  std::uint64_t partitioned_events = 0;  // ParallelEngine: events committed while there were several partitions

  [[nodiscard]] double events_per_second() const { return wall_seconds > 0 ? static_cast<double>(events) / wall_seconds : 0.0; }
};

}  // namespace sim
