// models/synthetic/phold.h — PHOLD, the standard synthetic benchmark of PDES kernels.
//
// N LPs start with K events each, at lookahead + Exp(mean). Every event, when
// committed, increments its LP's counter and schedules exactly one successor:
// with probability `remote` to an LP drawn uniformly from all N (over the
// network's mesh), else to itself, after lookahead + Exp(mean). The population
// of pending events stays N*K, and nearly every event crosses partitions when
// remote = 1 — the hardest case for a conservative engine.
// The same model as ../shared/reference/phold_heap.cpp, our yardstick.
#pragma once

#include <cstdint>

#include "sim/network.h"
#include "sim/time.h"

namespace models {

struct PholdParams {
  std::uint32_t lps = 1024;
  std::uint32_t events_per_lp = 16;
  double remote = 1.0;                               // probability in [0, 1]
  sim::Duration mean = sim::Duration::seconds(1);    // mean of the exponential part of each delay
  sim::Duration lookahead = sim::Duration::millis(100);
};

// Throws sim::ConfigError on parameters outside their range.
[[nodiscard]] sim::Network build_phold(const PholdParams& params);

// Sum of every LP's event counter (equals the committed events).
[[nodiscard]] std::uint64_t phold_total_count(const sim::Network& network);

}  // namespace models
