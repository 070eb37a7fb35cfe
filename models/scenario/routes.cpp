#include "models/scenario/routes.h"

#include <deque>

namespace models::scenario {

std::vector<std::size_t> hops(const ScenarioSpec& spec, Traffic carries, std::size_t start, Direction direction) {
  // Neighbours first (one pass over the links), then the search: O(nodes + links).
  std::vector<std::vector<std::size_t>> next(spec.nodes.size());
  for (const LinkSpec& link : spec.links) {
    if (link.carries == carries) {
      const bool forward = direction == Direction::Forward;
      next[forward ? link.from : link.to].push_back(forward ? link.to : link.from);
    }
  }
  std::vector<std::size_t> dist(spec.nodes.size(), kUnreachable);
  dist[start] = 0;
  std::deque<std::size_t> queue{start};
  while (!queue.empty()) {
    const std::size_t at = queue.front();
    queue.pop_front();
    for (const std::size_t far : next[at]) {
      if (dist[far] == kUnreachable) {
        dist[far] = dist[at] + 1;
        queue.push_back(far);
      }
    }
  }
  return dist;
}

}  // namespace models::scenario
