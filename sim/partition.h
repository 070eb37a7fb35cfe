// sim/partition.h — splitting a network into partitions for the parallel engine.
//
// LPs joined by zero-latency links must share a partition (no lookahead can
// separate them), so the units of assignment are the connected components of
// the zero-latency subgraph (Boost.Graph connected_components). Components are
// assigned largest expected load first to the least-loaded partition (LPT
// scheduling, a 4/3-approximation of the best balance). Ties break on the lowest
// LP id, so the partitioning is itself deterministic — though results never
// depend on it.
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
