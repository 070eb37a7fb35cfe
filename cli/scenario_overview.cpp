#include "cli/scenario_overview.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "models/registry.h"

namespace peaksim {

namespace scn = models::scenario;

namespace {

// The group a node id belongs to: its trailing digits replaced by '*'
// ("store-017" -> "store-*"); an id without a numbered stem is its own group.
std::string stem(const std::string& id) {
  std::size_t end = id.size();
  while (end > 0 && std::isdigit(static_cast<unsigned char>(id[end - 1]))) {
    --end;
  }
  return end < id.size() && end > 0 ? id.substr(0, end) + "*" : id;
}

}  // namespace

analysis::NetworkSketch sketch_network(const scn::ScenarioSpec& spec) {
  analysis::NetworkSketch out;
  for (const models::RoleInfo& role : models::node_roles()) {
    out.roles.push_back({role.title, role.fill});
  }
  std::map<std::pair<std::string, std::string>, std::size_t> group_of_key;
  std::vector<std::size_t> group_of_node(spec.nodes.size());
  std::map<std::pair<std::string, std::string>, std::size_t> members;
  for (const auto& node : spec.nodes) {
    members[{stem(node.id), std::string(models::to_string(node.kind))}] += 1;
  }
  for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
    const auto& node = spec.nodes[i];
    std::pair<std::string, std::string> key{stem(node.id), std::string(models::to_string(node.kind))};
    if (members[key] == 1) {
      key.first = node.id;  // alone: keep its own name
    }
    auto [it, fresh] = group_of_key.emplace(key, out.groups.size());
    if (fresh) {
      out.groups.push_back({key.first, key.second, 0, static_cast<std::size_t>(models::node_kind(node.kind).role)});
    }
    out.groups[it->second].count += 1;
    group_of_node[i] = it->second;
  }
  std::map<std::tuple<std::size_t, std::size_t, std::string, std::string>, std::size_t> edge_of;
  for (const auto& link : spec.links) {
    std::string mode(models::to_string(link.mode));
    if (link.interval) {
      mode += " every " + sim::format_duration(*link.interval);
    }
    const std::string carries(models::to_string(link.carries));
    const auto key = std::make_tuple(group_of_node[link.from], group_of_node[link.to], carries, mode);
    auto [it, fresh] = edge_of.emplace(key, out.edges.size());
    if (fresh) {
      out.edges.push_back({group_of_node[link.from], group_of_node[link.to], carries, mode, 0});
    }
    out.edges[it->second].count += 1;
  }
  return out;
}

std::vector<analysis::MetricDescription> metric_descriptions() {
  std::vector<analysis::MetricDescription> out;
  for (const models::MetricInfo& metric : models::metrics()) {
    out.push_back({metric.name, metric.unit, metric.help});
  }
  return out;
}

void note_not_yet_simulated(const scn::ScenarioSpec& spec, std::vector<std::string>& found) {
  auto note = [&](const std::string& what) {
    if (std::find(found.begin(), found.end(), what) == found.end()) {
      found.push_back(what);
    }
  };
  for (const auto& link : spec.links) {
    if (link.faults.duplicate > 0 && link.carries != models::Traffic::Inventory) {
      note("duplicates on links that do not carry inventory (only inventory deltas are duplicated)");
    }
  }
}

}  // namespace peaksim
