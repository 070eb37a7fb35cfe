// models/registry.cpp — every node kind, policy, link vocabulary and metric, in one place.
#include "models/registry.h"

#include <algorithm>

#include "models/retail/build/lps.h"
#include "models/retail/levers/options.h"

namespace models {
namespace {

using scenario::ParamSpec;
using scenario::ParamTable;
using scenario::ParamType;
using nlohmann::json;

ParamSpec integer(std::string name, std::int64_t def, std::string help, double min, std::string unit = {}) {
  return ParamSpec{std::move(name), ParamType::Integer, def, std::move(help), std::move(unit), min, std::nullopt, false, {}};
}
ParamSpec number(std::string name, double def, std::string help, double min, bool exclusive, std::string unit = {}) {
  return ParamSpec{std::move(name), ParamType::Number, def, std::move(help), std::move(unit), min, std::nullopt, exclusive, {}};
}
ParamSpec probability(std::string name, double def, std::string help) {
  return ParamSpec{std::move(name), ParamType::Probability, def, std::move(help), "share", 0.0, 1.0, false, {}};
}
ParamSpec boolean(std::string name, bool def, std::string help) {
  return ParamSpec{std::move(name), ParamType::Boolean, def, std::move(help), {}, std::nullopt, std::nullopt, false, {}};
}
ParamSpec duration(std::string name, std::string def, std::string help) {
  return ParamSpec{std::move(name), ParamType::Duration, def, std::move(help), {}, std::nullopt, std::nullopt, false, {}};
}
ParamSpec positive_duration(std::string name, std::string def, std::string help) {
  return ParamSpec{std::move(name), ParamType::Duration, def, std::move(help), {}, 0.0, std::nullopt, true, {}};
}
ParamSpec distribution(std::string name, json def, std::string help) {
  return ParamSpec{std::move(name), ParamType::Distribution, std::move(def), std::move(help), {}, std::nullopt, std::nullopt, false, {}};
}
ParamSpec time_of_day(std::string name, std::string def, std::string help) {
  return ParamSpec{std::move(name), ParamType::TimeOfDay, def, std::move(help), {}, std::nullopt, std::nullopt, false, {}};
}
ParamSpec choice(std::string name, std::string def, std::vector<std::string> choices, std::string help) {
  return ParamSpec{std::move(name), ParamType::Choice, def, std::move(help), {}, std::nullopt, std::nullopt, false, std::move(choices)};
}

std::vector<NodeKindInfo> make_node_kinds() {
  using K = NodeKind;
  using R = NodeRole;
  // kind, name, help, params, role, Graphviz colour, holds stock, captures online, takes demand, LP factory
  return {
      {K::Store, "store", "A physical store: walk-in POS sales against its own stock; BOPIS and ship-from-store picking",
       ParamTable("store",
                  {integer("pickers", 2, "Staff picking online orders (BOPIS, ship-from-store)", 0, "people"),
                   distribution("pick_time", {{"exponential", {{"mean", "6m"}}}}, "Time to pick one order"),
                   distribution("pack_time", "2m", "Time to pack one picked order"),
                   boolean("bopis", true, "Offers buy-online-pick-up-in-store"),
                   boolean("ship_from_store", true, "Ships online orders from store stock"),
                   probability("shrink_per_day", 0.0005, "Share of on-hand units lost to shrink per day, found at cycle count"),
                   positive_duration("cycle_count_interval", "24h", "How often each SKU record is counted (rolling, hourly rounds): the count reports the shrink found since the last"),
                   time_of_day("carrier_cutoff", "17:00", "Parcels packed after this leave with the next day's pickup"),
                   distribution("inspection_time", "30m", "Time to inspect a returned unit before it is restocked or written off")}), R::Stock, "#8ecae6", true, false, true, &retail::make_physical_lp},
      {K::Warehouse, "warehouse", "A distribution centre: pick and pack capacity by shift, carrier cutoffs, receipts",
       ParamTable("warehouse",
                  {integer("pickers", 40, "Pickers on shift", 1, "people"),
                   distribution("pick_time", {{"exponential", {{"mean", "3m"}}}}, "Time to pick one order"),
                   distribution("pack_time", "1m", "Time to pack one picked order"),
                   time_of_day("shift_start", "06:00", "Picking starts"),
                   time_of_day("shift_end", "22:00", "Picking stops"),
                   time_of_day("carrier_cutoff", "16:00", "Parcels packed after this leave with the next day's pickup"),
                   distribution("inspection_time", "30m", "Time to inspect a returned unit before it is restocked or written off")}), R::Stock, "#219ebc", true, false, false, &retail::make_physical_lp},
      {K::Storefront, "storefront", "The direct-to-consumer web shop: captures orders against its availability cache",
       ParamTable("storefront",
                  {integer("oos_threshold", 0, "Shows an item out of stock when cached availability is at or below this", 0, "units"),
                   duration("cart_hold", "0s", "How long a cart holds stock before checkout (0s: no hold)")}), R::Channel, "#ffb703", false, true, true, &retail::make_capture_lp},
      {K::Marketplace, "marketplace", "A third-party marketplace: customers buy against the listing quantity the connector sends",
       ParamTable("marketplace",
                  {integer("oos_threshold", 0, "Delists an item when its listing quantity is at or below this", 0, "units"),
                   integer("listing_buffer", 0, "Units held back from every listing quantity", 0, "units")}), R::Channel, "#fb8500", false, true, true, &retail::make_capture_lp},
      {K::Oms, "oms", "Order management: ATP, reservation, sourcing and release of orders to nodes",
       ParamTable("oms",
                  {duration("release_interval", "5m",
                            "How often captured orders are released to fulfilment (0s: each line as it arrives)"),
                   boolean("backorder", false, "Backorder lines that cannot be sourced instead of canceling them")}), R::OrderManagement, "#90be6d", false, false, false, &retail::make_oms_lp},
      {K::Erp, "erp", "The system of record: inventory positions per node and SKU, financial posting",
       ParamTable("erp", {distribution("posting_delay", "0s", "Time to post a received batch"),
                          positive_duration("reconcile_interval", "4h",
                                            "Finance reconciliation runs at every multiple of this, matching refunds whose reason codes disagree")}), R::Systems, "#43aa8b", false, false, false, &retail::make_system_lp},
      {K::Wms, "wms", "Warehouse management: turns released orders into pick tasks and confirms them",
       ParamTable("wms", {distribution("confirm_delay", "30s", "Time to confirm a pick or a shipment")}), R::Stock, "#577590", false, false, false, &retail::make_system_lp},
      {K::Broker, "broker", "Middleware: queues with throughput capacity, retries, duplicates, outages and replay",
       ParamTable("broker",
                  {number("capacity_per_s", 200.0, "Messages the broker delivers per second", 0.0, true, "messages/s"),
                   integer("queue_limit", 0, "Messages held before new ones are refused (0: unbounded)", 0, "messages")}), R::Systems, "#f94144", false, false, false, &retail::make_system_lp},
      {K::CustomerService, "customer_service", "The status view agents and customers see",
       ParamTable("customer_service",
                  {positive_duration("status_refresh", "15m", "How often the status view is refreshed")}), R::OrderManagement, "#c77dff", false, false, false, &retail::make_system_lp},
  };
}

std::vector<std::string> safety_stock_names() {
  std::vector<std::string> out;
  for (const SafetyStockOption& option : safety_stock_options()) {
    out.push_back(option.name);
  }
  return out;
}

std::vector<PolicyOption> make_policies() {
  // Every reservation policy can hold back safety stock, so that policies combine
  // ("allocation with dynamic safety stock") without a policy per combination.
  auto reservation = [](std::string safety_default, std::vector<ParamSpec> extra) {
    std::vector<ParamSpec> specs = {
        duration("ttl", "0s", "Reservation expiry for cart-style holds (0s: never expires)"),
        choice("safety_stock", std::move(safety_default), safety_stock_names(),
               "Units held back from availability: none, fixed units, or dynamic (demand velocity x sync interval)"),
        integer("safety_units", 2, "Units held back per SKU and node (safety_stock fixed)", 0, "units"),
        number("service_factor", 1.65, "Multiplier on velocity x sync interval (safety_stock dynamic)", 0.0, false)};
    specs.insert(specs.end(), extra.begin(), extra.end());
    return specs;
  };
  return {
      {Lever::Reservation, "none", "Views change only when nodes confirm",
       ParamTable("reservation none", reservation("none", {})),
       {.reservation = &retail::make_reservation_none}},
      {Lever::Reservation, "local", "Each system decrements its own view when it promises",
       ParamTable("reservation local", reservation("none", {})),
       {.reservation = &retail::make_reservation_local}},
      {Lever::Reservation, "hard", "A synchronous reservation at the fulfilling node over a sync link",
       ParamTable("reservation hard",
                  reservation("none", {positive_duration("timeout", "2s", "Give up and reject the order after this")})),
       {.reservation = &retail::make_reservation_hard}},
      {Lever::Reservation, "safety_stock", "Local reservation that holds back safety stock per channel and node",
       ParamTable("reservation safety_stock", reservation("fixed", {})),
       {.reservation = &retail::make_reservation_safety_stock}},
      {Lever::Reservation, "allocation", "Ring-fence a share of network availability per channel",
       ParamTable("reservation allocation",
                  reservation("none", {probability("marketplace_share", 0.2, "Share of availability ring-fenced for marketplaces"),
                                       probability("web_share", 0.5, "Share of availability ring-fenced for the storefront")})),
       {.reservation = &retail::make_reservation_allocation}},
      {Lever::Batching, "as_configured", "Every link batches as its own mode, interval and max_batch say",
       ParamTable("batching as_configured", {}),
       {.batching = &retail::make_batching_as_configured}},
      {Lever::Batching, "stream_inventory", "Inventory and availability links stream every event; others as configured",
       ParamTable("batching stream_inventory", {}),
       {.batching = &retail::make_batching_stream_inventory}},
      {Lever::Batching, "scaled", "Every batch and file interval multiplied by a factor",
       ParamTable("batching scaled", {number("factor", 1.0, "Multiplier on every interval", 0.0, true)}),
       {.batching = &retail::make_batching_scaled}},
      {Lever::Sourcing, "nearest", "The nearest node with availability", ParamTable("sourcing nearest", {}),
       {.sourcing = &retail::make_sourcing_nearest}},
      {Lever::Sourcing, "dc_first", "Distribution centres before stores", ParamTable("sourcing dc_first", {}),
       {.sourcing = &retail::make_sourcing_dc_first}},
      {Lever::Sourcing, "store_first", "Stores (ship-from-store) before distribution centres", ParamTable("sourcing store_first", {}),
       {.sourcing = &retail::make_sourcing_store_first}},
      {Lever::Sourcing, "min_split", "Fewest shipments, then distance", ParamTable("sourcing min_split", {}),
       {.sourcing = &retail::make_sourcing_min_split}},
      {Lever::Sourcing, "capacity_aware", "Skip or penalise congested nodes, from the OMS's view of their queues",
       ParamTable("sourcing capacity_aware",
                  {integer("max_queue", 50, "Orders queued at a node beyond which it is skipped", 0, "orders")}),
       {.sourcing = &retail::make_sourcing_capacity_aware}},
      {Lever::Sourcing, "cost", "Cheapest shipping (region x region matrix) plus handling",
       ParamTable("sourcing cost", {number("store_handling_cost", 2.5, "Extra handling cost of a store", 0.0, false, "currency")}),
       {.sourcing = &retail::make_sourcing_cost}},
      {Lever::Sourcing, "sla_risk", "Score each order's risk of missing its promise and re-source above a threshold",
       ParamTable("sourcing sla_risk", {probability("threshold", 0.3, "Re-source when the risk score exceeds this")}),
       {.sourcing = &retail::make_sourcing_sla_risk}},
      {Lever::Middleware, "at_least_once", "Retries until acknowledged; duplicates possible",
       ParamTable("middleware at_least_once",
                  {boolean("idempotent", true, "Consumers suppress duplicates"),
                   ParamSpec{"max_retries", ParamType::Integer, std::int64_t{5}, "Retries before a message is lost", {}, 0.0,
                             30.0, false, {}},
                   positive_duration("backoff", "1s", "First retry delay, doubled each retry"),
                   boolean("ordered", true, "Delivery keeps the order of each link")}),
       {.middleware = &retail::make_middleware_at_least_once}},
      {Lever::Middleware, "at_most_once", "No retries: a lost message stays lost", ParamTable("middleware at_most_once", {}),
       {.middleware = &retail::make_middleware_at_most_once}},
  };
}

std::vector<MetricInfo> make_metrics() {
  const std::vector<std::string> channel = {"channel"};
  const std::vector<std::string> node = {"node"};
  using K = MetricKind;
  constexpr bool later = false;  // named by the delays work (fulfilment, middleware, returns)
  return {
      {"orders_captured", "orders", "Customers who came to buy (orders, and walk-ins at the till)", channel, K::Count},
      {"lines_promised", "lines", "Order lines promised to a customer", channel, K::Count},
      {"lines_fulfilled", "lines", "Promised lines shipped", channel, K::Count},
      {"lines_turned_away", "lines", "Lines shown as out of stock (walk-ins: empty shelf)", channel, K::Count},
      {"pos_sales", "lines", "Walk-in lines sold at the till", channel, K::Count},
      {"oversells", "lines", "Promised lines that could not be fulfilled for lack of stock", channel, K::Count},
      {"oversell_rate", "ratio", "Oversold lines / promised lines", channel, K::Ratio},
      {"oversold_units", "units", "Units in oversold lines", channel, K::Count},
      {"lost_sales", "lines", "Customers turned away while stock was available somewhere", channel, K::Count},
      {"lost_sale_rate", "ratio", "Lost sales / lines asked for (promised or turned away)", channel, K::Ratio},
      {"release_latency", "s", "Capture to release to a node", channel, K::Latency},
      {"cycle_time", "s", "Capture to shipped", channel, K::Latency},
      {"release_backlog", "lines", "Captured lines waiting for release, over time", {}, K::Level},
      {"pick_wait", "s", "Arrival at a store or warehouse to start of picking (node: a group such as \"store-*\")",
       node, K::Latency},
      {"utilisation", "ratio", "Busy pickers / pickers, time-weighted", node, K::Level},
      {"pick_queue", "lines", "Lines waiting for a picker, time-weighted", node, K::Level},
      {"split_shipments", "orders", "Orders whose lines left from more than one node (parcels or pickup stores)",
       channel, K::Count},
      {"bopis_lines", "lines", "Promised lines for pickup in a store (the channel's bopis_share)", channel, K::Count},
      {"bopis_shipped_home", "lines", "Pickup lines no pickup store could fill, shipped home instead", channel,
       K::Count},
      {"sla_misses", "lines", "Promised lines not shipped by their promise (the channel's \"promise\")", channel,
       K::Count},
      {"sla_miss_rate", "ratio", "SLA misses / promised lines that fell due within the horizon", channel, K::Ratio},
      {"inventory_accuracy", "ratio", "Share of SKU-locations whose ERP view equals physical stock", {}, K::Ratio, later},
      {"atp_error", "units", "Mean absolute error of the OMS's available-to-promise", channel, K::Level, later},
      {"broker_backlog", "messages", "Messages queued in a broker (or being delivered), time-weighted", node, K::Level},
      {"message_age", "s", "Time from a message's arrival at a broker to its delivery", node, K::Latency},
      {"duplicates_applied", "messages", "Inventory deltas delivered twice and applied twice (non-idempotent consumers)",
       {}, K::Count},
      {"duplicates_suppressed", "messages", "Inventory deltas delivered twice, the copy suppressed (idempotent consumers)",
       {}, K::Count},
      {"inventory_drift", "units", "The OMS's view of on-hand units minus physical units at the end of the run", {},
       K::Ratio},
      {"messages_lost", "messages",
       "Messages lost for good (sent during an outage that does not replay, or lost on every retry)", {}, K::Count},
      {"messages_retried", "messages", "Delivery attempts lost and sent again after a backoff (faults.loss)", {},
       K::Count},
      {"messages_reordered", "messages",
       "Messages that overtook one sent earlier on their link (faults.reorder, unordered middleware)", {}, K::Count},
      {"sourcing_score", "varies",
       "Mean per order of each part of the sourcing policy's score (label part: distance_hours, backlog_hours, "
       "shipping, handling, cutoff_wait_hours, hours_to_promise, risk, shipments), to explain its choices",
       {"part"}, K::Ratio},
      {"calls_throttled", "messages", "Calls an API gateway held back (link capacity_per_s)", {}, K::Count},
      {"throttle_delay", "s", "How long a throttled call waited for the gateway", {}, K::Latency},
      {"messages_replayed", "messages", "Messages held by a link outage and replayed when it ended", {}, K::Count},
      {"status_staleness", "s", "How long the status customer service sees differs from the true state", channel,
       K::Latency},
      {"refund_lag", "s", "Return received to refund reconciled", channel, K::Latency},
      {"statuses_censored", "statuses",
       "Statuses sent to customer service whose staleness the horizon cuts (not shown, or shown shipped before the parcel left)",
       channel, K::Count},
      {"returns", "lines", "Units brought back (one line each), at a store or by mail at a warehouse", channel, K::Count},
      {"returns_resellable", "lines", "Returned units inspected and put back on the shelf (the rest are written off)",
       channel, K::Count},
      {"return_to_refund", "s", "Return received to the refund reaching the channel's system (a store's till: 0)",
       channel, K::Latency},
      {"refunds_mismatched", "refunds", "Refunds whose reason code the channel's code set does not map", channel,
       K::Count},
      {"refunds_unreconciled", "refunds", "Returns received whose refund was not reconciled by the horizon", channel,
       K::Count},
      {"events", "events", "Events processed in the whole run (warm-up included; rate per hour of it)", {}, K::Count},
  };
}

std::vector<std::string> names_of(const auto& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    out.push_back(item.name);
  }
  return out;
}

template <class T>
const T* find_by_name(const std::vector<T>& items, const std::string& name) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const std::vector<NodeKindInfo>& node_kinds() {
  static const std::vector<NodeKindInfo> kinds = make_node_kinds();
  return kinds;
}

const NodeKindInfo& node_kind(NodeKind kind) {
  // make_node_kinds lists the kinds in NodeKind order (checked in tests/models/registry_test.cpp).
  return node_kinds()[static_cast<std::size_t>(kind)];
}

const NodeKindInfo* find_node_kind(const std::string& name) { return find_by_name(node_kinds(), name); }

const std::vector<RoleInfo>& node_roles() {
  // Columns read like an order's path backwards: where stock is, the systems that
  // carry its picture, the OMS that decides, the channels that sell (Okabe-Ito tints).
  static const std::vector<RoleInfo> roles = {{"Stores & warehouses", "#d9ecf7"},
                                              {"ERP & middleware", "#fbe8c6"},
                                              {"Order management", "#cdeee2"},
                                              {"Channels", "#f3dde9"}};
  return roles;
}

std::vector<std::string> node_kind_names() { return names_of(node_kinds()); }

const std::vector<SafetyStockOption>& safety_stock_options() {
  static const std::vector<SafetyStockOption> options = {
      {"none", "Nothing held back", &retail::make_safety_stock_none},
      {"fixed", "safety_units per SKU at every node", &retail::make_safety_stock_fixed},
      {"dynamic", "service_factor x demand velocity x sync interval, at nodes with walk-in demand",
       &retail::make_safety_stock_dynamic},
  };
  return options;
}

const SafetyStockOption* find_safety_stock(const std::string& name) {
  return find_by_name(safety_stock_options(), name);
}

const std::vector<std::string>& policy_levers() {
  static const std::vector<std::string> levers(kLeverNames.begin(), kLeverNames.end());
  return levers;
}

const std::vector<PolicyOption>& policy_options() {
  static const std::vector<PolicyOption> options = make_policies();
  return options;
}

const PolicyOption* find_policy(Lever lever, const std::string& name) {
  for (const PolicyOption& option : policy_options()) {
    if (option.lever == lever && option.name == name) {
      return &option;
    }
  }
  return nullptr;
}

std::vector<std::string> policy_names(Lever lever) {
  std::vector<std::string> out;
  for (const PolicyOption& option : policy_options()) {
    if (option.lever == lever) {
      out.push_back(option.name);
    }
  }
  return out;
}

const std::vector<std::string>& link_carries() {
  static const std::vector<std::string> carries(kTrafficNames.begin(), kTrafficNames.end());
  return carries;
}

const std::vector<std::string>& link_modes() {
  static const std::vector<std::string> modes(kLinkModeNames.begin(), kLinkModeNames.end());
  return modes;
}

const std::vector<MetricInfo>& metrics() {
  static const std::vector<MetricInfo> all = make_metrics();
  return all;
}

const MetricInfo* find_metric(const std::string& name) { return find_by_name(metrics(), name); }

std::vector<std::string> metric_names() { return names_of(metrics()); }

const std::vector<std::string>& metric_statistics(MetricKind kind) {
  static const std::vector<std::string> count = {"mean", "rate"};
  static const std::vector<std::string> ratio = {"mean"};
  static const std::vector<std::string> latency = {"mean", "p50", "p95", "p99", "max"};
  static const std::vector<std::string> level = {"mean", "max"};
  switch (kind) {
    case MetricKind::Count: return count;
    case MetricKind::Ratio: return ratio;
    case MetricKind::Latency: return latency;
    case MetricKind::Level: return level;
  }
  return ratio;
}

const std::vector<std::string>& gate_statistics() {
  static const std::vector<std::string> stats = {"mean", "p50", "p95", "p99", "max", "rate"};
  return stats;
}

const std::vector<std::string>& gate_comparisons() {
  static const std::vector<std::string> ops = {"<", "<=", ">", ">="};
  return ops;
}

}  // namespace models
