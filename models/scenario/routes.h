// models/scenario/routes.h — how far apart nodes are over the links of one traffic class.
//
// Breadth-first search over a scenario's links, used by the semantic pass (can an
// order reach the OMS?) and by the retail model's routing tables. Distances are
// unique whatever order the search visits links in, so both agree.
//
//   const auto to_oms = hops(spec, Traffic::Orders, oms, Direction::Backward);
//   if (to_oms[web] == kUnreachable) { ... no orders path from web to the OMS ... }
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

#include "models/scenario/spec.h"

namespace models::scenario {

inline constexpr std::size_t kUnreachable = std::numeric_limits<std::size_t>::max();

// Forward: hops from `start` to each node; Backward: hops from each node to `start`.
enum class Direction { Forward, Backward };

[[nodiscard]] std::vector<std::size_t> hops(const ScenarioSpec& spec, Traffic carries, std::size_t start,
                                            Direction direction);

}  // namespace models::scenario
