#include "sim/partition.h"

#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <numeric>

namespace sim {
namespace {

// Component id per LP, over the links that have no latency to hide behind.
std::vector<int> zero_latency_components(const Network& network, int& component_count) {
  using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Undirected zero(network.lp_count());
  for (const Link& link : network.links()) {
    if (link.min_latency == Duration::zero() && link.from != link.to) {
      boost::add_edge(link.from, link.to, zero);
    }
  }
  std::vector<int> component(network.lp_count(), 0);
  component_count = network.lp_count() == 0 ? 0 : boost::connected_components(zero, component.data());
  return component;
}

}  // namespace

Partitioning partition_network(const Network& network, std::uint32_t requested) {
  const std::size_t n = network.lp_count();
  int component_count = 0;
  std::vector<int> component = zero_latency_components(network, component_count);
  // A zero-latency mesh joins every LP to every other.
  if (network.mesh_latency() && *network.mesh_latency() == Duration::zero()) {
    std::fill(component.begin(), component.end(), 0);
    component_count = n == 0 ? 0 : 1;
  }

  struct Component {
    double load = 0.0;
    LpId first_lp = kNoLp;
  };
  std::vector<Component> components(static_cast<std::size_t>(component_count));
  for (LpId lp = 0; lp < n; ++lp) {
    Component& c = components[static_cast<std::size_t>(component[lp])];
    c.load += network.expected_load(lp);
    c.first_lp = std::min(c.first_lp, lp);
  }
  std::vector<std::size_t> order(components.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (components[a].load != components[b].load) {
      return components[a].load > components[b].load;
    }
    return components[a].first_lp < components[b].first_lp;
  });

  Partitioning result;
  result.count = std::max<std::uint32_t>(
      1, std::min<std::uint32_t>(std::max<std::uint32_t>(requested, 1), static_cast<std::uint32_t>(component_count)));
  result.load.assign(result.count, 0.0);
  std::vector<std::uint32_t> partition_of_component(components.size(), 0);
  for (std::size_t idx : order) {
    const auto lightest = static_cast<std::uint32_t>(
        std::min_element(result.load.begin(), result.load.end()) - result.load.begin());
    partition_of_component[idx] = lightest;
    // An empty-load component still takes a slot, so LPs spread when no loads are given.
    result.load[lightest] += std::max(components[idx].load, 1e-9);
  }
  result.partition_of.resize(n);
  for (LpId lp = 0; lp < n; ++lp) {
    result.partition_of[lp] = partition_of_component[static_cast<std::size_t>(component[lp])];
  }

  result.lookahead.assign(result.count, Duration::max());
  for (const Link& link : network.links()) {
    const std::uint32_t from = result.partition_of[link.from];
    if (from != result.partition_of[link.to]) {
      result.lookahead[from] = std::min(result.lookahead[from], link.min_latency);
    }
  }
  if (network.mesh_latency() && result.count > 1) {
    for (Duration& la : result.lookahead) {
      la = std::min(la, *network.mesh_latency());
    }
  }
  return result;
}

}  // namespace sim
