// sim/partition.h — splitting a network into partitions for the parallel engine.
//
// LPs joined by zero-latency links must share a partition (no lookahead can
// separate them), so the units of assignment are the connected components of
// the zero-latency subgraph (Boost.Graph connected_components). Components are
// assigned largest expected load first to the least-loaded partition (LPT
// scheduling, a 4/3-approximation of the best balance), or in contiguous runs of
// LP ids when those balance as well. Ties break on the lowest LP id, so the
// partitioning is itself deterministic — though results never depend on it.
//
// Longer lookahead: the same is then tried keeping together the LPs joined by
// links shorter than each link latency in turn (200 ms, then 500 ms, ...), and
// the longest such lookahead whose balance is within 95 % of the finest
// partitioning's is taken: a region's hub and its stores on 200 ms links stay on
// one thread, and windows run to the 1 s links between regions (fewer barriers,
// more of each partition's own work in a window). Not with a mesh, which joins
// every LP to every other.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/network.h"
#include "sim/time.h"

namespace sim {

struct Partitioning {
  std::uint32_t count = 1;
  std::vector<std::uint32_t> partition_of;  // by LpId
  // Per partition: the minimum latency of the links (and the mesh) leaving it
  // for another partition; Duration::max() when nothing leaves.
  std::vector<Duration> lookahead;
  std::vector<double> load;  // expected load per partition
};

// At most `requested` partitions (fewer when there are fewer components).
[[nodiscard]] Partitioning partition_network(const Network& network, std::uint32_t requested);
// The same, balancing `loads` (per LpId) instead of the LPs' expected loads:
// the parallel engine re-partitions on the cost it measured per LP.
[[nodiscard]] Partitioning partition_network(const Network& network, std::uint32_t requested,
                                             const std::vector<double>& loads);

}  // namespace sim
