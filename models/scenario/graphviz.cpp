#include "models/scenario/graphviz.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>

#include "models/registry.h"

namespace models::scenario {
namespace {

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace

void write_dot(const ScenarioSpec& spec, std::ostream& out) {
  struct EdgeProps {
    std::size_t link = 0;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, EdgeProps>;
  Graph graph(spec.nodes.size());
  for (std::size_t idx = 0; idx < spec.links.size(); ++idx) {
    boost::add_edge(spec.links[idx].from, spec.links[idx].to, EdgeProps{idx}, graph);
  }
  auto vertex_writer = [&](std::ostream& os, std::size_t v) {
    const NodeSpec& node = spec.nodes[v];
    const NodeKindInfo& kind = node_kind(node.kind);
    os << "[label=\"" << escape(node.id) << "\\n" << kind.name << (node.region.empty() ? "" : " · " + escape(node.region))
       << "\", style=filled, fillcolor=\"" << kind.colour << "\", shape=" << (kind.holds_stock ? "box" : "ellipse") << "]";
  };
  auto edge_writer = [&](std::ostream& os, const Graph::edge_descriptor& e) {
    const LinkSpec& link = spec.links[graph[e].link];
    std::string label = std::string(to_string(link.carries)) + "\\n" + std::string(to_string(link.mode));
    if (link.interval) {
      label += " every " + sim::format_duration(*link.interval);
    }
    if (!(link.latency.kind == DurationDistribution::Kind::Fixed && link.latency.fixed == sim::Duration::zero())) {
      label += "\\nlatency " + link.latency.describe();
    }
    os << "[label=\"" << label << "\", fontsize=9"
       << (link.mode == LinkMode::File || link.mode == LinkMode::Batch ? ", style=dashed" : "") << "]";
  };
  auto graph_writer = [&](std::ostream& os) {
    os << "label=\"" << escape(spec.name) << (spec.variant == "baseline" ? "" : " — " + escape(spec.variant))
       << "\";\nrankdir=LR;\nnode [fontname=\"Helvetica\", fontsize=10];\nedge [fontname=\"Helvetica\"];\n";
  };
  boost::write_graphviz(out, graph, vertex_writer, edge_writer, graph_writer);
}

}  // namespace models::scenario
