#include "sim/network.h"

#include "sim/errors.h"

namespace sim {

LpId Network::add_lp(std::unique_ptr<LogicalProcess> lp, std::string name, double expected_load) {
  if (!lp) {
    throw ConfigError("add_lp: no logical process given for \"" + name + "\"");
  }
  if (!(expected_load >= 0.0)) {
    throw ConfigError("add_lp: expected load of \"" + name + "\" must be >= 0");
  }
  const auto id = static_cast<LpId>(lps_.size());
  lps_.push_back(LpEntry{std::move(lp), std::move(name), expected_load});
  const auto vertex = boost::add_vertex(graph_);
  (void)vertex;  // vecS: the vertex descriptor is the LP id
  return id;
}

LinkId Network::add_link(LpId from, LpId to, Duration min_latency, std::string name) {
  if (from >= lps_.size() || to >= lps_.size()) {
    throw ConfigError("add_link \"" + name + "\": endpoint is not an LP of this network");
  }
  if (min_latency < Duration::zero()) {
    throw ConfigError("add_link \"" + name + "\": negative minimum latency " + format_duration(min_latency));
  }
  const auto id = static_cast<LinkId>(links_.size());
  if (name.empty()) {
    name = lps_[from].name + "->" + lps_[to].name;
  }
  links_.push_back(Link{from, to, min_latency, std::move(name)});
  boost::add_edge(from, to, LinkEdge{id, min_latency}, graph_);
  return id;
}

}  // namespace sim
