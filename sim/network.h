// sim/network.h — LPs as vertices and links as edges of a Boost.Graph graph.
//
// A Link carries the minimum latency of every delivery over it: the lookahead
// the parallel engine relies on, enforced by Context::send. A network may also
// declare a *mesh*: every LP may send to every other with at least a given
// latency, without n² edges (PHOLD's all-to-all traffic, a message bus).
//
//   sim::Network net;
//   LpId a = net.add_lp(std::make_unique<Store>(...), "store-001");
//   LinkId l = net.add_link(a, b, Duration::millis(250), "store-001->erp");
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/event.h"
#include "sim/logical_process.h"
#include "sim/time.h"

namespace sim {

struct Link {
  LpId from = kNoLp;
  LpId to = kNoLp;
  Duration min_latency;
  std::string name;
};

struct LinkEdge {
  LinkId id = 0;
  Duration min_latency;
};

using NetworkGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, LinkEdge>;

class Network {
 public:
  // `expected_load` (events per simulated second, or any consistent unit) only
  // steers partition balancing; results never depend on it.
  LpId add_lp(std::unique_ptr<LogicalProcess> lp, std::string name, double expected_load = 1.0);
  LinkId add_link(LpId from, LpId to, Duration min_latency, std::string name = {});
  void set_mesh(Duration min_latency) { mesh_latency_ = min_latency; }

  [[nodiscard]] std::size_t lp_count() const { return lps_.size(); }
  [[nodiscard]] LogicalProcess& lp(LpId id) { return *lps_[id].process; }
  [[nodiscard]] const LogicalProcess& lp(LpId id) const { return *lps_[id].process; }
  [[nodiscard]] const std::string& lp_name(LpId id) const { return lps_[id].name; }
  [[nodiscard]] double expected_load(LpId id) const { return lps_[id].expected_load; }

  [[nodiscard]] std::size_t link_count() const { return links_.size(); }
  [[nodiscard]] const Link& link(LinkId id) const { return links_[id]; }
  [[nodiscard]] const std::vector<Link>& links() const { return links_; }
  [[nodiscard]] std::optional<Duration> mesh_latency() const { return mesh_latency_; }
  [[nodiscard]] const NetworkGraph& graph() const { return graph_; }
  // Frees every LP once the run is over (their names, loads and the links stay): a
  // caller that is done with the models' state need not hold it while it analyses.
  void release_processes() {
    for (LpEntry& entry : lps_) {
      entry.process.reset();
    }
  }

 private:
  struct LpEntry {
    std::unique_ptr<LogicalProcess> process;
    std::string name;
    double expected_load = 1.0;
  };
  std::vector<LpEntry> lps_;
  std::vector<Link> links_;  // indexed by LinkId, mirrors the graph's edges for O(1) sends
  NetworkGraph graph_;
  std::optional<Duration> mesh_latency_;
};

}  // namespace sim
