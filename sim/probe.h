// sim/probe.h — what models emit, for analysis/ to record.
//
// Models never hold statistics: they `ctx.emit(probe, value)` and a ProbeSink
// chosen by the caller decides what to keep (OMNeT++ signals, SimGrid plugins).
// The parallel engine calls `record` concurrently for LPs of different
// partitions, never for the same LP at once, and each LP's calls arrive in that
// LP's event order; a sink that keeps per-LP state and merges in LP-id order is
// therefore deterministic without locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

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
  // A probe over a whole array at once: `values[i]` for label i (a store's stock
  // of every SKU at the start: one call, not one per SKU). The array is shared
  // and never changes; a sink may keep it instead of copying it. The default
  // records each nonzero value in label order, as that many `record` calls would.
  using Values = std::shared_ptr<const std::vector<std::int64_t>>;
  virtual void record_array(LpId lp, Time when, ProbeId probe, const Values& values) {
    for (std::size_t i = 0; i < values->size(); ++i) {
      if ((*values)[i] != 0) {
        record(lp, when, probe, static_cast<double>((*values)[i]), static_cast<std::int64_t>(i));
      }
    }
  }
};

}  // namespace sim
