// models/registry.h — the one list of node kinds, link vocabularies, policies and metrics.
//
// Explicit, not self-registering (STYLE.md §4): a reader sees every name a
// scenario may use in registry.cpp, and the linker cannot drop one. Each node
// kind and policy comes with its ParamTable, from which the schema, the
// defaults, the checks and the documentation are all derived.
#pragma once

#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/scenario/param_table.h"
#include "models/vocabulary.h"

namespace models::retail {  // the retail model's pieces the registry names (models/retail/)
class RetailLp;
class ReservationPolicy;
class SafetyStockForm;
class BatchingPolicy;
class SourcingPolicy;
class MiddlewarePolicy;
class AllocationPolicy;
struct SourcingSetup;
struct BuildContext;
}  // namespace models::retail

namespace models {

// Where a kind sits in a drawing of the network (the report's columns, in order).
enum class NodeRole : std::uint8_t { Stock, Systems, OrderManagement, Channel };
struct RoleInfo {
  std::string title;
  std::string fill;  // a light tint for the box
};
[[nodiscard]] const std::vector<RoleInfo>& node_roles();  // by NodeRole

struct NodeKindInfo {
  NodeKind kind;
  std::string name;  // to_string(kind)
  std::string help;
  scenario::ParamTable params;
  NodeRole role = NodeRole::Systems;
  std::string colour;            // Graphviz fill
  bool holds_stock = false;      // physical stock per SKU: picks, POS sales, returns
  bool captures_online = false;  // a channel's online capture against an availability view
  bool takes_demand = false;     // a channel's customers buy here (a store's till, or online capture)
  // Builds the kind's LP for node `node` (models/retail/build/lps.cpp); sets `load`,
  // its expected share of the work, for partitioning.
  std::unique_ptr<retail::RetailLp> (*make_lp)(retail::BuildContext& context, std::size_t node, double& load) = nullptr;
  // The traffic its LP handles when a link delivers it (bit 1 << Traffic); a link
  // carrying anything else into a node of this kind is refused by `validate`.
  std::uint32_t receives = 0;
};

// The mask of `traffic` for NodeKindInfo::receives.
[[nodiscard]] constexpr std::uint32_t traffic_mask(std::initializer_list<Traffic> traffic) {
  std::uint32_t mask = 0;
  for (const Traffic t : traffic) {
    mask |= 1u << static_cast<unsigned>(t);
  }
  return mask;
}

// How a lever option is built: exactly the member of its lever is set.
struct PolicyFactory {
  using Params = scenario::ParamValues;
  std::unique_ptr<retail::ReservationPolicy> (*reservation)(const Params&) = nullptr;
  std::unique_ptr<retail::BatchingPolicy> (*batching)(const Params&) = nullptr;
  std::unique_ptr<retail::SourcingPolicy> (*sourcing)(const Params&, const retail::SourcingSetup&) = nullptr;
  std::unique_ptr<retail::MiddlewarePolicy> (*middleware)(const Params&) = nullptr;
  // Allocation options also take the demand channels' names, by channel index.
  std::unique_ptr<retail::AllocationPolicy> (*allocation)(const Params&, const std::vector<std::string>&) = nullptr;
};

// A safety stock rule's form (policies.safety_stock[i].form): fixed, percent, velocity, service_level.
struct SafetyStockOption {
  std::string name;
  std::string help;
  scenario::ParamTable params;
  std::unique_ptr<retail::SafetyStockForm> (*make)(const scenario::ParamValues&) = nullptr;
};
[[nodiscard]] const std::vector<SafetyStockOption>& safety_stock_forms();
[[nodiscard]] const SafetyStockOption* find_safety_stock_form(const std::string& name);
[[nodiscard]] std::vector<std::string> safety_stock_form_names();

struct PolicyOption {
  Lever lever;
  std::string name;
  std::string help;
  scenario::ParamTable params;
  PolicyFactory make;
};

// What one replication measures of a metric decides which statistics a gate may ask for:
//   count    a number per replication: mean (the count), rate (per hour of measured time)
//   ratio    a number per replication: mean
//   latency  a distribution per replication: mean, p50, p95, p99, max
//   level    a value over time, time-weighted: mean, max
// Every statistic is a per-replication number; gates judge its interval across replications.
enum class MetricKind { Count, Ratio, Latency, Level };

struct MetricInfo {
  std::string name;
  std::string unit;
  std::string help;
  std::vector<std::string> labels;  // label keys a gate may select on: channel, node
  MetricKind kind = MetricKind::Count;
  bool measured = true;  // false: in the vocabulary, not yet produced by the models (a gate on it never passes)
};

[[nodiscard]] const std::vector<std::string>& metric_statistics(MetricKind kind);

[[nodiscard]] const std::vector<NodeKindInfo>& node_kinds();  // in NodeKind order
[[nodiscard]] const NodeKindInfo& node_kind(NodeKind kind);
[[nodiscard]] const NodeKindInfo* find_node_kind(const std::string& name);
[[nodiscard]] std::vector<std::string> node_kind_names();

[[nodiscard]] const std::vector<std::string>& policy_levers();  // the levers' names, in Lever order
[[nodiscard]] const std::vector<PolicyOption>& policy_options();
[[nodiscard]] const PolicyOption* find_policy(Lever lever, const std::string& name);
[[nodiscard]] std::vector<std::string> policy_names(Lever lever);

[[nodiscard]] const std::vector<std::string>& link_carries();  // inventory, orders, ...
[[nodiscard]] const std::vector<std::string>& link_modes();    // stream, batch, file, sync

[[nodiscard]] const std::vector<MetricInfo>& metrics();
[[nodiscard]] const MetricInfo* find_metric(const std::string& name);
[[nodiscard]] std::vector<std::string> metric_names();
[[nodiscard]] const std::vector<std::string>& gate_statistics();  // mean, p95, p99, rate, max
[[nodiscard]] const std::vector<std::string>& gate_comparisons(); // <, <=, >, >=

}  // namespace models
