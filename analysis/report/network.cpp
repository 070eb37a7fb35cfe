// analysis/report/network.cpp — "Network": the sketch's groups as boxes in
// one column per role, the links between them as arrows. The sketch says
// which role each group plays (NetworkSketch::Group::role); this file knows no
// node kinds.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis::report {

using svg::escape;

namespace {

// A group's role, where a role out of range goes to the last column.
std::size_t role_of(const NetworkSketch::Group& group, std::size_t roles) { return std::min(group.role, roles - 1); }

// Only the roles present get a column, so a two-system scenario is not mostly empty space.
svg::Diagram boxes(const NetworkSketch& network, const std::vector<NetworkSketch::Role>& roles) {
  std::vector<bool> used(roles.size(), false);
  for (const NetworkSketch::Group& group : network.groups) {
    used[role_of(group, roles.size())] = true;
  }
  svg::Diagram diagram;
  std::vector<std::size_t> column(roles.size(), 0);
  for (std::size_t role = 0; role < roles.size(); ++role) {
    if (used[role]) {
      column[role] = diagram.column_titles.size();
      diagram.column_titles.push_back(roles[role].title);
    }
  }
  for (const NetworkSketch::Group& group : network.groups) {
    const std::size_t role = role_of(group, roles.size());
    diagram.boxes.push_back({group.count > 1 ? group.name + " ×" + std::to_string(group.count) : group.name,
                             group.kind, column[role], roles[role].fill});
  }
  return diagram;
}

}  // namespace

void render_network(std::string& out, const NetworkSketch* network) {
  out += "<section id=\"network\"><h2>Network</h2>";
  if (network == nullptr || network->groups.empty()) {
    out += "<p class=\"empty\">No network sketch for this run.</p></section>\n";
    return;
  }
  svg::Diagram diagram = boxes(*network, network->roles.empty() ? default_roles() : network->roles);
  // Where arrows crowd, their labels can touch: the list below says each link's cadence again, legibly.
  std::string links = "<ul class=\"links\">";
  for (const NetworkSketch::Edge& edge : network->edges) {
    if (edge.from >= network->groups.size() || edge.to >= network->groups.size()) {
      continue;  // a malformed sketch loses an arrow, not the report
    }
    std::string label = edge.carries + (edge.mode.empty() ? "" : " · " + edge.mode);
    if (edge.count > 1) {
      label += " ×" + std::to_string(edge.count);
    }
    links += "<li>" + escape(network->groups[edge.from].name) + " → " + escape(network->groups[edge.to].name) +
             ": " + escape(label) + "</li>";
    const bool batched = edge.mode.rfind("batch", 0) == 0 || edge.mode.rfind("file", 0) == 0;
    diagram.arrows.push_back({edge.from, edge.to, std::move(label), batched});
  }
  out += "<p class=\"note\">Templated nodes are folded into one box (×count); each arrow says what the link carries "
         "and how often: dashed arrows move data in batches or files, solid ones stream or call.</p>"
         "<div class=\"network-wrap\">" +
         svg::diagram("network", diagram) + links + "</ul></div></section>\n";
}

}  // namespace analysis::report
