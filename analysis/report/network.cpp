// analysis/report/network.cpp — "Network": the sketch's groups as boxes in
// one column per role, the links between them as arrows.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/report/sections.h"
#include "analysis/svg.h"

namespace analysis::report {

namespace {

// Columns read like an order's path backwards: where stock is, the systems
// that carry its picture, the OMS that decides, the channels that sell.
struct Role {
  const char* title;
  const char* fill;  // light tints of the Okabe-Ito palette
};
constexpr std::array<Role, 4> kRoles = {{{"Stores & warehouses", "#d9ecf7"},
                                         {"ERP & middleware", "#fbe8c6"},
                                         {"Order management", "#cdeee2"},
                                         {"Channels", "#f3dde9"}}};

std::size_t role_of(const std::string& kind) {
  static constexpr std::array<std::string_view, 5> kPhysical = {"store", "warehouse", "dc", "wms", "carrier"};
  static constexpr std::array<std::string_view, 2> kOrders = {"oms", "customer_service"};
  static constexpr std::array<std::string_view, 5> kChannels = {"storefront", "marketplace", "pos", "app",
                                                                "call_center"};
  const auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), kind) != list.end(); };
  if (in(kPhysical)) {
    return 0;
  }
  if (in(kOrders)) {
    return 2;
  }
  return in(kChannels) ? 3 : 1;  // erp, broker and kinds we do not know sit among the systems
}

}  // namespace

void render_network(std::string& out, const NetworkSketch* network) {
  out += "<section id=\"network\"><h2>Network</h2>";
  if (network == nullptr || network->groups.empty()) {
    out += "<p class=\"empty\">No network sketch for this run.</p></section>\n";
    return;
  }
  // Only the roles present get a column, so a two-system scenario is not mostly empty space.
  std::array<bool, kRoles.size()> used{};
  for (const NetworkSketch::Group& group : network->groups) {
    used[role_of(group.kind)] = true;
  }
  svg::Diagram diagram;
  std::array<std::size_t, kRoles.size()> column{};
  for (std::size_t role = 0; role < kRoles.size(); ++role) {
    if (used[role]) {
      column[role] = diagram.column_titles.size();
      diagram.column_titles.emplace_back(kRoles[role].title);
    }
  }
  for (const NetworkSketch::Group& group : network->groups) {
    const std::size_t role = role_of(group.kind);
    diagram.boxes.push_back({group.count > 1 ? group.name + " ×" + std::to_string(group.count) : group.name,
                             group.kind, column[role], kRoles[role].fill});
  }
  for (const NetworkSketch::Edge& edge : network->edges) {
    if (edge.from >= network->groups.size() || edge.to >= network->groups.size()) {
      continue;  // a malformed sketch loses an arrow, not the report
    }
    std::string label = edge.carries + (edge.mode.empty() ? "" : " · " + edge.mode);
    if (edge.count > 1) {
      label += " ×" + std::to_string(edge.count);
    }
    const bool batched = edge.mode.rfind("batch", 0) == 0 || edge.mode.rfind("file", 0) == 0;
    diagram.arrows.push_back({edge.from, edge.to, std::move(label), batched});
  }
  out += "<p class=\"note\">Templated nodes are folded into one box (×count); dashed arrows move data in batches or "
         "files, solid ones stream or call.</p><div class=\"network-wrap\">" +
         svg::diagram("network", diagram) + "</div></section>\n";
}

}  // namespace analysis::report
