#include "sim/partition.h"

#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <numeric>

namespace sim {
namespace {

// Component id per LP, over the links whose latency is below `below` (at least
// those with no latency to hide behind).
std::vector<int> components_below(const Network& network, Duration below, int& component_count) {
  using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Undirected zero(network.lp_count());
  for (const Link& link : network.links()) {
    if ((link.min_latency == Duration::zero() || link.min_latency < below) && link.from != link.to) {
      boost::add_edge(link.from, link.to, zero);
    }
  }
  std::vector<int> component(network.lp_count(), 0);
  component_count = network.lp_count() == 0 ? 0 : boost::connected_components(zero, component.data());
  return component;
}

struct Component {
  double load = 0.0;
  LpId first_lp = kNoLp;
};

// The coarser partitionings the engine may take for their longer lookahead
// must balance at least this share of the finest one's balance.
constexpr double kLookaheadBalance = 0.95;

// A component with no expected load still counts a little, so LPs spread
// when no loads are given.
double weight(const Component& c) { return std::max(c.load, 1e-9); }

double max_load(const std::vector<Component>& components, const std::vector<std::uint32_t>& assignment,
                std::uint32_t count) {
  std::vector<double> load(count, 0.0);
  for (std::size_t idx = 0; idx < components.size(); ++idx) {
    load[assignment[idx]] += weight(components[idx]);
  }
  return *std::max_element(load.begin(), load.end());
}

// Largest load first onto the least-loaded partition (LPT, within 4/3 of the
// best balance); ties on the lowest first LP id.
std::vector<std::uint32_t> assign_lpt(const std::vector<Component>& components, std::uint32_t count) {
  std::vector<std::size_t> order(components.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (components[a].load != components[b].load) {
      return components[a].load > components[b].load;
    }
    return components[a].first_lp < components[b].first_lp;
  });
  std::vector<double> load(count, 0.0);
  std::vector<std::uint32_t> assignment(components.size(), 0);
  for (std::size_t idx : order) {
    const auto lightest = static_cast<std::uint32_t>(std::min_element(load.begin(), load.end()) - load.begin());
    assignment[idx] = lightest;
    load[lightest] += weight(components[idx]);
  }
  return assignment;
}

// Components in LP-id order, cut into `count` runs of about equal load.
std::vector<std::uint32_t> assign_contiguous(const std::vector<Component>& components, std::uint32_t count) {
  std::vector<std::size_t> order(components.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return components[a].first_lp < components[b].first_lp; });
  double total = 0.0;
  for (const Component& c : components) {
    total += weight(c);
  }
  std::vector<std::uint32_t> assignment(components.size(), 0);
  std::uint32_t part = 0;
  std::size_t in_part = 0;
  double before = 0.0;  // load of the components already placed
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    const std::size_t idx = order[pos];
    const std::size_t left = order.size() - pos;
    // Move on when this partition's share is reached (closer to the boundary
    // after than before), or when each remaining partition needs a component.
    const double boundary = total * (part + 1) / count;
    const bool share_reached = before + weight(components[idx]) / 2 > boundary;
    if (part + 1 < count && in_part > 0 && (share_reached || left <= count - part - 1)) {
      ++part;
      in_part = 0;
    }
    assignment[idx] = part;
    ++in_part;
    before += weight(components[idx]);
  }
  return assignment;
}

// The partitioning whose cross-partition links are all at least `lookahead` long
// (LPs joined by shorter links share a partition).
Partitioning partition_below(const Network& network, std::uint32_t requested, const std::vector<double>& loads,
                             Duration lookahead) {
  const std::size_t n = network.lp_count();
  int component_count = 0;
  std::vector<int> component = components_below(network, lookahead, component_count);
  // A zero-latency mesh joins every LP to every other.
  if (network.mesh_latency() && *network.mesh_latency() == Duration::zero()) {
    std::fill(component.begin(), component.end(), 0);
    component_count = n == 0 ? 0 : 1;
  }

  std::vector<Component> components(static_cast<std::size_t>(component_count));
  for (LpId lp = 0; lp < n; ++lp) {
    Component& c = components[static_cast<std::size_t>(component[lp])];
    c.load += loads[lp];
    c.first_lp = std::min(c.first_lp, lp);
  }
  const std::uint32_t count = std::max<std::uint32_t>(
      1, std::min<std::uint32_t>(std::max<std::uint32_t>(requested, 1), static_cast<std::uint32_t>(component_count)));
  std::vector<std::uint32_t> contiguous = assign_contiguous(components, count);
  std::vector<std::uint32_t> lpt = assign_lpt(components, count);
  const double contiguous_max = max_load(components, contiguous, count);
  const double lpt_max = max_load(components, lpt, count);
  // Contiguous ranges keep neighbouring LPs (and their runtime slots) on one
  // thread, which avoids false sharing; take them unless LPT balances better.
  const std::vector<std::uint32_t>& partition_of_component = contiguous_max <= lpt_max ? contiguous : lpt;

  Partitioning result;
  result.count = count;
  result.load.assign(count, 0.0);
  for (std::size_t idx = 0; idx < components.size(); ++idx) {
    result.load[partition_of_component[idx]] += components[idx].load;
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

// The best speed-up the split could give: all its load over its busiest partition's.
double balance(const Partitioning& split) {
  const double total = std::accumulate(split.load.begin(), split.load.end(), 0.0);
  const double busiest = *std::max_element(split.load.begin(), split.load.end());
  return busiest > 0.0 ? total / busiest : 1.0;
}

}  // namespace

Partitioning partition_network(const Network& network, std::uint32_t requested) {
  std::vector<double> loads(network.lp_count());
  for (LpId lp = 0; lp < network.lp_count(); ++lp) {
    loads[lp] = network.expected_load(lp);
  }
  return partition_network(network, requested, loads);
}

Partitioning partition_network(const Network& network, std::uint32_t requested, const std::vector<double>& loads) {
  Partitioning best = partition_below(network, requested, loads, Duration::zero());
  if (best.count < 2 || network.mesh_latency()) {
    return best;  // a mesh joins every LP to every other: no longer lookahead to win
  }
  // Longer lookahead: keep together the LPs joined by links shorter than each link
  // latency in turn, and take the longest whose balance stays within kLookaheadBalance
  // of the finest partitioning's (fewer, longer windows; each partition's work in a
  // window is more of its own).
  std::vector<Duration> latencies;
  for (const Link& link : network.links()) {
    if (link.min_latency > Duration::zero() && link.from != link.to) {
      latencies.push_back(link.min_latency);
    }
  }
  std::sort(latencies.begin(), latencies.end());
  latencies.erase(std::unique(latencies.begin(), latencies.end()), latencies.end());
  const double finest = balance(best);
  for (const Duration below : latencies) {
    Partitioning coarser = partition_below(network, requested, loads, below + Duration::micros(1));
    if (coarser.count < best.count || balance(coarser) < kLookaheadBalance * finest) {
      break;  // merging further only gets worse
    }
    best = std::move(coarser);
  }
  return best;
}

}  // namespace sim
