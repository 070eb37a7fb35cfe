// sim/probe.h — what models emit, for analysis/ to record.
//
// Models never hold statistics: they `ctx.emit(probe, value)` and a ProbeSink
// chosen by the caller decides what to keep (OMNeT++ signals, SimGrid plugins).
// The parallel engine calls `record` concurrently for LPs of different
// partitions, never for the same LP at once, and each LP's calls arrive in that
// LP's event order; a sink that keeps per-LP state and merges in LP-id order is
// therefore deterministic without locks.
#pragma once

#include <cstdint>

#include "sim/event.h"
#include "sim/time.h"

namespace sim {

using ProbeId = std::uint16_t;

class ProbeSink {
 public:
  virtual ~ProbeSink() = default;
  // `label` says which thing the value is about (a channel, a SKU, ...); its
  // meaning is the probe's. 0 when the probe has no label.
  virtual void record(LpId lp, Time when, ProbeId probe, double value, std::int64_t label) = 0;
};

}  // namespace sim
