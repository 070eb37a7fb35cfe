// models/registry.cpp — every node kind, policy, link vocabulary and metric, in one place.
#include "models/registry.h"

#include <algorithm>
#include <initializer_list>

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
ParamSpec choice(std::string name, std::string def, std::vector<std::string> choices, std::string help) {
  return ParamSpec{std::move(name), ParamType::Choice, def, std::move(help), {}, std::nullopt, std::nullopt, false, std::move(choices)};
}
ParamSpec time_of_day(std::string name, std::string def, std::string help) {
  return ParamSpec{std::move(name), ParamType::TimeOfDay, def, std::move(help), {}, std::nullopt, std::nullopt, false, {}};
}

ParamSpec weekly_hours(std::string name, std::string help) {
  return ParamSpec{std::move(name), ParamType::WeeklyHours, "always", std::move(help), {}, std::nullopt, std::nullopt, false, {}};
}

// Stores and warehouses: the days the carrier calls (PhysicalNode::Fulfilment::carrier_days).
ParamSpec carrier_days() {
  return weekly_hours("carrier_days",
                      "The days and dates the carrier collects, at carrier_cutoff: a day is a pickup day when these hours "
                      "hold its cutoff (e.g. {\"mon-sat\": \"00:00-24:00\", \"2026-11-26\": \"closed\"}: no Sunday or "
                      "Thanksgiving pickup); \"always\" (the default): every day");
}

// Stores and warehouses: when the OMS marks a line shipped (PhysicalNode::Fulfilment::scan_delay).
ParamSpec shipped_status() {
  return choice("shipped_status", "at_pick", {"at_pick", "carrier_scan"},
                "When the OMS tells customer service a line shipped: at_pick (the pick's confirmation) or "
                "carrier_scan (the carrier's scan, carrier_scan_delay after it collects the parcel)");
}
ParamSpec carrier_scan_delay() {
  return distribution("carrier_scan_delay", {{"exponential", {{"mean", "2h"}}}},
                      "carrier_scan: time from the carrier collecting a parcel to its scan leaving the node for the OMS");
}

// Stores and warehouses: what a node tells the systems when a line is short (PhysicalNode::ShortPick).
ParamSpec short_pick() {
  return choice("short_pick", "zero_location", {"zero_location", "decrement", "none"},
                "On a short pick, an adjustment sent at once over the inventory links: zero_location sets the "
                "reported position of the SKU to 0, decrement removes the units short, none sends nothing");
}

ParamSpec when_oms_down() {
  return choice("when_oms_down", "keep_selling", {"keep_selling", "close_checkout"},
                "While the OMS shard a customer's order goes to is down (its outages): keep promising against the "
                "last availability heard (orders wait for the OMS), or close checkout (the customer cannot order)");
}

ParamSpec text(std::string name, std::string def, std::string help) {
  return ParamSpec{std::move(name), ParamType::Text, def, std::move(help), {}, std::nullopt, std::nullopt, false, {}};
}

// Stores and warehouses: how they reorder from their supplier and receive what comes
// (PhysicalNode::Supply; scenarios/README.md, "Replenishment"). `own` the kind's other parameters.
std::vector<ParamSpec> with_replenishment(std::vector<ParamSpec> own, std::string transit, std::string putaway) {
  std::vector<ParamSpec> supply = {
      choice("replenishment", "none", {"none", "min_max", "days_of_cover"},
             "How the node reorders each SKU it starts with from replenish_from: none; min_max (order up to "
             "reorder_max when the inventory position is at or below reorder_min); days_of_cover (the same, with "
             "targets of cover_min_days and cover_max_days of the SKU's planned demand)"),
      text("replenish_from", "", "The supplier replenishment orders go to: a warehouse or a vendor (required with a replenishment policy)"),
      choice("review", "nightly", {"nightly", "continuous"},
             "When positions are reviewed: nightly at review_at (every SKU), or continuous (a SKU whenever its position falls)"),
      time_of_day("review_at", "22:00", "The nightly review's time"),
      integer("reorder_min", 0, "min_max: reorder when the inventory position is at or below this", 0, "units"),
      integer("reorder_max", 0, "min_max: order up to this (at most 4,194,303)", 0, "units"),
      number("cover_min_days", 3.0, "days_of_cover: reorder at this many days of the SKU's planned demand", 0.0, false, "days"),
      number("cover_max_days", 7.0, "days_of_cover: order up to this many days of planned demand", 0.0, false, "days"),
      probability("cover_online_share", 0.0, "days_of_cover: the share of the online channels' planned demand this node's targets cover (besides its walk-ins and the nodes it supplies)"),
      positive_duration("order_latency", "5m", "Time for a replenishment order to reach the supplier, and for its ASN to come back"),
      distribution("transit_time", transit, "Time a consignment travels from the supplier to this node (a vendor's: after its lead time)"),
      probability("transit_loss", 0.0, "Share of units shipped to this node lost or miscounted in transit, found at receipt and posted as an adjustment"),
      number("receiving_rate", 0.0, "Units an hour one dock receives, on shift (a store: while open); 0: no dock limit, put away on arrival", 0.0, false, "units/h"),
      integer("receiving_docks", 1, "Docks receiving at once", 1, "docks"),
      distribution("putaway_time", putaway, "Time from received to on the shelf (and in the systems' view)"),
  };
  own.insert(own.end(), supply.begin(), supply.end());
  return own;
}

// An object keyed by demand channel name, each entry checked against `fields`.
ParamSpec per_channel(std::string name, std::string help, std::vector<ParamSpec> fields) {
  ParamSpec spec{std::move(name), ParamType::PerChannel, json::object(), std::move(help), {}, std::nullopt, std::nullopt, false, {}};
  spec.fields = std::move(fields);
  return spec;
}

std::vector<NodeKindInfo> make_node_kinds() {
  using K = NodeKind;
  using R = NodeRole;
  // kind, name, help, params, role, Graphviz colour, holds stock, captures online, takes demand, LP factory,
  // traffic it handles on arrival (models/retail/*.cpp, each LP's on_message):
  using T = Traffic;
  // a store or warehouse picks what the OMS releases and answers hard reservations;
  const std::uint32_t stock = traffic_mask({T::Orders});
  // a capture node reads availability and the OMS's reservation replies;
  const std::uint32_t capture = traffic_mask({T::Availability});
  // the OMS takes inventory, orders, pick reports, returns (on to the ERP) and refunds, but publishes status;
  const std::uint32_t oms = traffic_mask({T::Inventory, T::Orders, T::Shipments, T::Returns, T::Refunds});
  // ERP, WMS, broker and customer service relay every kind on.
  const std::uint32_t relay = traffic_mask({T::Inventory, T::Orders, T::Availability, T::Status, T::Shipments,
                                            T::Returns, T::Refunds});
  return {
      {K::Store, "store", "A physical store: walk-in POS sales against its own stock; BOPIS and ship-from-store picking",
       ParamTable("store",
                  with_replenishment({integer("pickers", 2, "Staff picking online orders (BOPIS, ship-from-store)", 0, "people"),
                   distribution("pick_time", {{"exponential", {{"mean", "6m"}}}}, "Time to pick one order"),
                   distribution("pack_time", "2m", "Time to pack one picked order"),
                   boolean("bopis", true, "Offers buy-online-pick-up-in-store"),
                   boolean("ship_from_store", true, "Ships online orders from store stock"),
                   weekly_hours("opening_hours", "When the store is open, by weekday and date (\"always\", or e.g. {\"mon-sat\": \"09:00-21:00\", \"sun\": \"closed\", \"2026-11-26\": \"closed\"}; a weekday not named is closed): walk-ins come and pickers pick only then"),
                   probability("shrink_per_day", 0.0005, "Share of on-hand units lost to shrink per day, found at cycle count"),
                   positive_duration("cycle_count_interval", "24h", "How often each SKU record is counted (rolling, hourly rounds): the count reports the shrink found since the last"),
                   time_of_day("carrier_cutoff", "17:00", "Parcels packed after this leave with the next day's pickup"),
                   carrier_days(), shipped_status(), carrier_scan_delay(),
                   distribution("inspection_time", "30m", "Time to inspect a returned unit before it is restocked or written off"),
                   short_pick(),
                   text("transfer_from", "", "A store or warehouse this store asks for the units a pickup (BOPIS) line it is short of needs: the line waits for the transfer instead of a short pick (none: \"\")")},
                  "12h", "0s")), R::Stock, "#8ecae6", true, false, true, &retail::make_physical_lp, stock},
      {K::Warehouse, "warehouse", "A distribution centre: pick and pack capacity by shift, carrier cutoffs, receipts",
       ParamTable("warehouse",
                  with_replenishment({integer("pickers", 40, "Pickers on shift", 1, "people"),
                   distribution("pick_time", {{"exponential", {{"mean", "3m"}}}}, "Time to pick one order"),
                   distribution("pack_time", "1m", "Time to pack one picked order"),
                   time_of_day("shift_start", "06:00", "Picking starts"),
                   time_of_day("shift_end", "22:00", "Picking stops"),
                   weekly_hours("shift_hours", "The shifts by weekday and date, as a store's opening_hours (e.g. {\"mon-fri\": \"06:00-22:00\", \"sat\": \"08:00-16:00\", \"sun\": \"closed\", \"2026-11-26\": \"closed\"}): pickers and docks work only then; \"always\" (the default) keeps shift_start-shift_end every day"),
                   time_of_day("carrier_cutoff", "16:00", "Parcels packed after this leave with the next day's pickup"),
                   carrier_days(), shipped_status(), carrier_scan_delay(),
                   distribution("inspection_time", "30m", "Time to inspect a returned unit before it is restocked or written off"),
                   short_pick()}, "1d", "2h")), R::Stock, "#219ebc", true, false, false, &retail::make_physical_lp, stock},
      {K::Storefront, "storefront", "The direct-to-consumer web shop: captures orders against its availability cache",
       ParamTable("storefront",
                  {integer("oos_threshold", 0, "Shows an item out of stock when cached availability is at or below this", 0, "units"),
                   duration("cart_hold", "0s", "Time from add-to-cart to checkout (0s: at once); a soft reservation is made at add-to-cart"),
                   when_oms_down()}), R::Channel, "#ffb703", false, true, true, &retail::make_capture_lp, capture},
      {K::Marketplace, "marketplace", "A third-party marketplace: customers buy against the listing quantity the connector sends",
       ParamTable("marketplace",
                  {integer("oos_threshold", 0, "Delists an item when its listing quantity is at or below this", 0, "units"),
                   integer("listing_buffer", 0, "Units held back from every listing quantity", 0, "units"),
                   when_oms_down()}), R::Channel, "#fb8500", false, true, true, &retail::make_capture_lp, capture},
      {K::Oms, "oms", "Order management: ATP, reservation, sourcing and release of orders to nodes",
       ParamTable("oms",
                  {duration("release_interval", "5m",
                            "How often captured orders are released to fulfilment (0s: each line as it arrives)"),
                   boolean("backorder", false, "Backorder lines that cannot be sourced instead of canceling them"),
                   integer("max_reroutes", 3, "Times a short-picked line is re-routed (never to a node that failed it) before it is backordered or canceled", 0, "attempts"),
                   positive_duration("backorder_max_wait", "24h", "A backordered line no stock has come back for by then is canceled"),
                   text("regions", "",
                        "The regions this OMS owns, comma-separated (empty: every region). Several oms nodes shard "
                        "order management by region: each owns the stock of the stores and warehouses in its regions "
                        "and the orders of the customers in them, and sees no other shard's stock")}), R::OrderManagement, "#90be6d", false, false, false, &retail::make_oms_lp, oms},
      {K::Erp, "erp", "The system of record: inventory positions per node and SKU, financial posting",
       ParamTable("erp", {distribution("posting_delay", "0s", "Time to post a received return record (its refund follows)"),
                          positive_duration("reconcile_interval", "4h",
                                            "Finance reconciliation runs at every multiple of this, matching refunds whose reason codes disagree and, with the ledger, tender settlements against posted sales"),
                          boolean("ledger", false, "Keep the financial ledger: sales, tender settlements and refunds post to the ERP, and finance reconciles them (the finance figures)"),
                          positive_duration("post_every", "15m", "With the ledger: the posting job runs at every multiple of this"),
                          integer("post_capacity", 0, "With the ledger: documents one posting run posts, oldest first (0: all)", 0, "documents"),
                          integer("finance_staff", 2, "With the ledger: people working the finance exception queue", 1, "people"),
                          distribution("finance_handling_time", {{"exponential", {{"mean", "20m"}}}}, "With the ledger: time one person takes to resolve one finance exception case")}), R::Systems, "#43aa8b", false, false, false, &retail::make_system_lp, relay},
      {K::Wms, "wms", "Warehouse management: turns released orders into pick tasks and confirms them",
       ParamTable("wms", {distribution("confirm_delay", "30s", "Time to confirm a pick or a shipment")}), R::Stock, "#577590", false, false, false, &retail::make_system_lp, relay},
      {K::Broker, "broker", "Middleware: queues with throughput capacity, retries, duplicates, outages and replay",
       ParamTable("broker",
                  {number("capacity_per_s", 200.0, "Messages the broker delivers per second", 0.0, true, "messages/s"),
                   integer("queue_limit", 0, "Messages held before new ones are refused (0: unbounded)", 0, "messages")}), R::Systems, "#f94144", false, false, false, &retail::make_system_lp, relay},
      {K::CustomerService, "customer_service", "The status view agents and customers see",
       ParamTable("customer_service",
                  {positive_duration("status_refresh", "15m", "How often the status view is refreshed")}), R::OrderManagement, "#c77dff", false, false, false, &retail::make_system_lp, relay},
      {K::Vendor, "vendor", "A supplier: ships the replenishment orders of the nodes that name it, after a lead time, complete or partial; with inventory, a drop-ship vendor the OMS sources order lines from",
       ParamTable("vendor",
                  {distribution("lead_time", "3d", "Time from receiving a replenishment order to shipping it"),
                   probability("fill_rate", 1.0, "Share of the units ordered that ship (each unit independently): a partial delivery ships the rest never"),
                   probability("late_rate", 0.0, "Share of orders that ship late"),
                   distribution("late_delay", "1d", "How much later a late order ships"),
                   integer("pickers", 1000, "Drop-ship: order lines the vendor prepares at once", 1, "lines"),
                   distribution("ship_time", "4h", "Drop-ship: time from an order line reaching the vendor to its parcel leaving")}), R::Stock, "#adb5bd", true, false, false, &retail::make_vendor_lp, stock},
  };
}

// Reservation: what a capture node holds when it promises.
std::vector<PolicyOption> reservation_options() {
  // Safety stock is its own lever (policies.safety_stock); a reservation option's
  // parameters are those it reads. The capture node's own decrement (local and hard):
  const ParamSpec local_ttl =
      duration("ttl", "0s", "How long a capture node's own decrement of its view lasts (0s: until the next availability update)");
  return {
      {Lever::Reservation, "none", "Views change only when nodes confirm",
       ParamTable("reservation none", {}),
       {.reservation = &retail::make_reservation_none}},
      {Lever::Reservation, "local", "Each capture node decrements its own view when it promises; no other system sees it",
       ParamTable("reservation local", {local_ttl}),
       {.reservation = &retail::make_reservation_local}},
      {Lever::Reservation, "hard",
       "A synchronous reservation, through the OMS, at the node the sourcing policy would source the line from, before the promise",
       ParamTable("reservation hard",
                  {local_ttl, positive_duration("timeout", "10s",
                                                "How long the customer waits for the reservation's reply; past it the "
                                                "customer is turned away and a later reservation given back")}),
       {.reservation = &retail::make_reservation_hard}},
      {Lever::Reservation, "soft",
       "A soft reservation held at the OMS against network availability, made at checkout (at add-to-cart with a "
       "storefront's cart_hold), until the order arrives or it expires",
       ParamTable("reservation soft",
                  {positive_duration("ttl", "10m", "How long the OMS holds a soft reservation"),
                   duration("release_lag", "1m", "Time from a soft reservation's expiry to the OMS releasing it")}),
       {.reservation = &retail::make_reservation_soft}},
  };
}

// Batching: how links gather events into messages.
std::vector<PolicyOption> batching_options() {
  return {
      {Lever::Batching, "as_configured", "Every link batches as its own mode, interval and max_batch say",
       ParamTable("batching as_configured", {}),
       {.batching = &retail::make_batching_as_configured}},
      {Lever::Batching, "stream_inventory", "Inventory and availability links stream every event; others as configured",
       ParamTable("batching stream_inventory", {}),
       {.batching = &retail::make_batching_stream_inventory}},
      {Lever::Batching, "scaled", "Every batch and file interval multiplied by a factor",
       ParamTable("batching scaled", {number("factor", 1.0, "Multiplier on every interval", 0.0, true)}),
       {.batching = &retail::make_batching_scaled}},
  };
}

// Sourcing: which node ships a line.
std::vector<PolicyOption> sourcing_options() {
  return {
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
      {Lever::Sourcing, "cost", "Cheapest line: shipping (within the customer's region or across regions) plus handling per node kind",
       ParamTable("sourcing cost",
                  {number("store_handling_cost", 2.5, "Handling cost of a line shipped from a store", 0.0, false, "currency"),
                   number("warehouse_handling_cost", 0.0, "Handling cost of a line shipped from a warehouse", 0.0, false, "currency"),
                   number("shipping_within_region", 4.0, "Shipping cost of a line to a customer in the node's region", 0.0, false, "currency"),
                   number("shipping_across_regions", 7.0, "Shipping cost of a line to another region (or when the node or customer has none)", 0.0, false, "currency")}),
       {.sourcing = &retail::make_sourcing_cost}},
      {Lever::Sourcing, "sla_risk", "Score each order's risk of missing its promise and re-source above a threshold",
       ParamTable("sourcing sla_risk", {probability("threshold", 0.3, "Re-source when the risk score exceeds this")}),
       {.sourcing = &retail::make_sourcing_sla_risk}},
  };
}

// Middleware: delivery guarantees.
std::vector<PolicyOption> middleware_options() {
  return {
      {Lever::Middleware, "at_least_once", "Retries until acknowledged; duplicates possible",
       ParamTable("middleware at_least_once",
                  {boolean("idempotent", true, "Consumers suppress duplicates"),
                   ParamSpec{"max_retries", ParamType::Integer, std::int64_t{5}, "Retries before a message is lost", {}, 0.0,
                             30.0, false, {}},
                   positive_duration("backoff", "1s", "First retry delay, doubled each retry"),
                   boolean("ordered", true, "Delivery keeps the order of each link"),
                   choice("dead_letter", "none", {"none", "auto", "manual"},
                          "What becomes of a message its consumer rejects (a schema it does not read yet, a malformed "
                          "record) or whose retries ran out: none, lost; auto, dead-lettered and re-driven every "
                          "redrive_after until its consumer reads it (a malformed record goes to the exception team); "
                          "manual, dead-lettered and re-driven by the exception team"),
                   positive_duration("redrive_after", "15m", "dead_letter auto: time from dead-lettered to re-driven (again, while the consumer still rejects it)"),
                   integer("exception_staff", 2, "People working each consuming system's exception queue (dead letters re-driven by hand)", 0, "people"),
                   weekly_hours("exception_hours", "When the exception team works, as a store's opening_hours (\"always\", the default, or e.g. {\"mon-sun\": \"08:00-20:00\"}): a case in hand when the shift ends is finished"),
                   distribution("handling_time", {{"exponential", {{"mean", "10m"}}}}, "Time one person takes to fix and re-drive one dead letter")}),
       {.middleware = &retail::make_middleware_at_least_once}},
      {Lever::Middleware, "at_most_once", "No retries: a lost message stays lost", ParamTable("middleware at_most_once", {}),
       {.middleware = &retail::make_middleware_at_most_once}},
  };
}

// Allocation: how the network figure is split between channels.
std::vector<PolicyOption> allocation_options() {
  return {
      {Lever::Allocation, "shared_pool", "Every channel is shown the whole network available to sell",
       ParamTable("allocation shared_pool", {}), {.allocation = &retail::make_allocation_shared_pool}},
      {Lever::Allocation, "ats_share", "Each channel is shown a share of one shared pool (nothing is owned)",
       ParamTable("allocation ats_share",
                  {per_channel("channels", "Per demand channel (by name): its share; a channel not listed sees all",
                               {probability("share", 1.0, "Share of the network available to sell the channel is shown")})}),
       {.allocation = &retail::make_allocation_ats_share}},
      {Lever::Allocation, "ring_fenced", "Each channel owns units of every SKU (fixed, then a share of the rest)",
       ParamTable("allocation ring_fenced",
                  {choice("leftover", "shared", {"shared", "largest_remainder"},
                          "Units the shares' flooring leaves: kept in the shared pool, or given by largest remainder"),
                   per_channel("channels", "Per demand channel (by name); a channel not listed owns nothing and sells from the shared pool",
                               {integer("fixed", 0, "Units the channel owns first, per SKU", 0, "units"),
                                probability("share", 0.0, "Share of the rest (after every channel's fixed units); shares sum to at most 1"),
                                integer("min", 0, "Units the share gives at least", 0, "units"),
                                boolean("fallback_to_shared", true,
                                        "Once its own units are consumed, the channel may sell from the shared pool")})}),
       {.allocation = &retail::make_allocation_ring_fenced}},
  };
}

// The groups' entries one after the other, in the groups' order.
template <class T>
std::vector<T> concatenated(std::initializer_list<std::vector<T> (*)()> groups) {
  std::vector<T> all;
  for (const auto group : groups) {
    std::vector<T> entries = group();
    all.insert(all.end(), std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end()));
  }
  return all;
}

// Every lever's options, lever by lever.
std::vector<PolicyOption> make_policies() {
  return concatenated<PolicyOption>(
      {&reservation_options, &batching_options, &sourcing_options, &middleware_options, &allocation_options});
}

// The labels metrics are broken down by.
const std::vector<std::string> kByChannel = {"channel"};
const std::vector<std::string> kByNode = {"node"};
const std::vector<std::string> kBySystem = {"system"};

// What became of each customer and line, and what it was worth.
std::vector<MetricInfo> outcome_metrics() {
  using K = MetricKind;
  return {
      {"orders_captured", "orders", "Customers who came to buy (orders, and walk-ins at the till)", kByChannel, K::Count},
      {"lines_promised", "lines", "Order lines promised to a customer", kByChannel, K::Count},
      {"lines_fulfilled", "lines", "Promised lines shipped: collected by the carrier (a pickup: ready at the counter)",
       kByChannel, K::Count},
      {"lines_turned_away", "lines", "Lines shown as out of stock (walk-ins: empty shelf)", kByChannel, K::Count},
      {"pos_sales", "lines", "Walk-in lines sold at the till", kByChannel, K::Count},
      {"oversells", "lines",
       "Promised lines that could not be fulfilled because their stock was truly gone (short picks re-sourced, or "
       "canceled or backordered while no node the OMS sources from held the line's units free)",
       kByChannel, K::Count},
      {"oversell_rate", "ratio", "Oversold lines / promised lines", kByChannel, K::Ratio},
      {"oversold_units", "units", "Units in oversold lines", kByChannel, K::Count},
      {"false_cancellations", "lines",
       "Promised lines canceled or backordered while one node the OMS sources from held the line's units free (a "
       "phantom shortage, not an oversell)",
       kByChannel, K::Count},
      {"lost_sales", "lines", "Customers turned away while stock was available somewhere", kByChannel, K::Count},
      {"lost_sale_rate", "ratio", "Lost sales / lines asked for (promised or turned away)", kByChannel, K::Ratio},
      {"revenue", "currency", "Price x units of promised lines shipped within the horizon (those lines_fulfilled counts) and of walk-in sales at the till", kByChannel,
       K::Count},
      {"lost_revenue", "currency", "Price x units of lost sales", kByChannel, K::Count},
      {"oversell_cost", "currency",
       "The channel's cancellation_cost x promised lines canceled (oversold or falsely canceled)", kByChannel, K::Count},
      {"gross_margin", "currency", "Revenue - unit_cost x the units sold - oversell_cost - chargeback_cost", kByChannel, K::Count},
  };
}

// How fast lines were released, picked and shipped, and against their promise.
std::vector<MetricInfo> fulfilment_metrics() {
  using K = MetricKind;
  return {
      {"release_latency", "s", "Capture to release to a node", kByChannel, K::Latency},
      {"release_latency_censored", "lines", "Promised lines (not oversold) not released by the horizon (no sample)",
       kByChannel, K::Count},
      {"cycle_time", "s", "Capture to shipped", kByChannel, K::Latency},
      {"cycle_time_censored", "lines", "Promised lines (not oversold) not shipped by the horizon (no sample)", kByChannel,
       K::Count},
      {"release_backlog", "lines", "Captured lines waiting for release, over time", {}, K::Level},
      {"pick_wait", "s", "Arrival at a store or warehouse to start of picking (node: a group such as \"store-*\")",
       kByNode, K::Latency},
      {"pick_wait_censored", "lines", "Lines still waiting for a picker at the horizon (no pick_wait sample)", kByNode,
       K::Count},
      {"utilisation", "ratio", "Busy pickers / pickers, time-weighted", kByNode, K::Level},
      {"pick_queue", "lines", "Lines waiting for a picker, time-weighted", kByNode, K::Level},
      {"split_shipments", "orders", "Orders whose lines left from more than one node (parcels or pickup stores)",
       kByChannel, K::Count},
      {"bopis_lines", "lines", "Promised lines for pickup in a store (the channel's bopis_share)", kByChannel, K::Count},
      {"bopis_shipped_home", "lines", "Pickup lines no pickup store could fill, shipped home instead", kByChannel,
       K::Count},
      {"short_picks", "lines", "Fulfilment lines whose units were not on the shelf when picking started", kByChannel, K::Count},
      {"backorders", "lines", "Promised lines backordered for lack of stock (the OMS's backorder)", kByChannel, K::Count},
      {"backorders_fulfilled", "lines", "Backordered lines later fulfilled (as lines_fulfilled counts them)", kByChannel, K::Count},
      {"backorders_canceled", "lines", "Backordered lines canceled after backorder_max_wait", kByChannel, K::Count},
      {"backorder_wait", "s", "Backordered to released again, for lines stock came back for", kByChannel, K::Latency},
      {"sla_misses", "lines", "Promised lines not shipped by their promise (the channel's \"promise\")", kByChannel,
       K::Count},
      {"sla_miss_rate", "ratio", "SLA misses / promised lines that fell due within the horizon", kByChannel, K::Ratio},
      {"sla_censored", "lines", "Promised lines (not oversold) whose promise falls due after the horizon: not judged",
       kByChannel, K::Count},
  };
}

// How far each system's view of stock is from the shelves.
std::vector<MetricInfo> inventory_metrics() {
  using K = MetricKind;
  return {
      {"inventory_accuracy", "ratio",
       "Time-weighted share of a system's positions whose view equals the shelf (OMS, ERP: node x SKU; a storefront "
       "or marketplace: SKUs whose in-stock state, shown > 0, matches the network's unreserved units on hand > 0)",
       kBySystem, K::Ratio},
      {"atp_error", "units",
       "|availability a storefront or marketplace shows - the network's unreserved units on hand|, time-weighted over "
       "SKUs (mean, and p50/p95/p99/max in whole units)",
       kBySystem, K::Latency},
      {"inventory_update_latency", "s",
       "A physical change to the moment the system's view of that position equals the shelf again (a storefront or "
       "marketplace: its in-stock state agrees again; one sample per episode begun after the warm-up)",
       kBySystem, K::Latency},
      {"inventory_update_censored", "positions",
       "Episodes of inventory_update_latency still open at the horizon (no sample)", kBySystem, K::Count},
  };
}

// What the integrations did to the messages they carried.
std::vector<MetricInfo> integration_metrics() {
  using K = MetricKind;
  return {
      {"broker_backlog", "messages", "Messages queued in a broker (or being delivered), time-weighted", kByNode, K::Level},
      {"message_age", "s", "Time from a message's arrival at a broker to its delivery", kByNode, K::Latency},
      {"message_age_censored", "messages", "Messages still queued in a broker at the horizon (no message_age sample)",
       kByNode, K::Count},
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
      {"calls_timed_out", "messages", "Calls on sync links whose response missed the link's timeout (the caller moved on)",
       {}, K::Count},
      {"reservation_timeouts", "lines",
       "Lines whose customer stopped waiting for a hard reservation's reply (reservation timeout) and was turned away",
       {}, K::Count},
      {"messages_replayed", "messages", "Messages held by an outage (of a link or a system) and replayed when it ended", {}, K::Count},
  };
}

// System outages and message conservation (only when some node or link has an outage).
std::vector<MetricInfo> outage_metrics() {
  using K = MetricKind;
  return {
      {"orders_refused_site_down", "orders", "Customers who found the site down (the capture node's outages): they ordered nothing",
       kByChannel, K::Count},
      {"orders_refused_checkout_closed", "orders",
       "Customers who could not check out because their OMS shard was down (when_oms_down: close_checkout)",
       kByChannel, K::Count},
      {"lines_captured_oms_down", "lines",
       "Lines promised while their OMS shard was down (when_oms_down: keep_selling): they wait for it", kByChannel,
       K::Count},
      {"lines_lost", "lines",
       "Promised lines whose message was lost on its way to the OMS (at_most_once, a system down, retries "
       "exhausted): never released, the order is gone (also release_latency_censored)",
       kByChannel, K::Count},
      {"system_downtime", "h", "Hours a system was down within the horizon (its outages)", kByNode, K::Ratio},
      {"messages_held", "messages", "Messages an outage (of a link, or of the system at either end) held for replay",
       {}, K::Count},
      {"outage_drain", "s",
       "An outage's end to the arrival of the last message it held (per link and window): how long the backlog took "
       "to drain through the link's gateway",
       {}, K::Latency},
      {"pos_units_offline", "units",
       "Units sold at a till while its store's POS was offline (synced when it came back)", {}, K::Count},
      {"lines_dead_lettered", "lines",
       "Promised lines whose message its consumer rejected (a schema change, a malformed record, retries run out) "
       "and a dead-letter queue kept: delayed until re-driven",
       kByChannel, K::Count},
      {"duplicate_orders_suppressed", "lines",
       "Order lines a link sent twice (faults.duplicate, faults.resend) whose copy an idempotent OMS dropped", kByChannel, K::Count},
      {"duplicate_orders_applied", "lines",
       "Order lines a link sent twice whose copy a non-idempotent OMS took for a new order", kByChannel, K::Count},
      {"duplicate_orders_shipped", "lines",
       "Copies of re-sent order lines shipped (the customer gets the units twice; no customer's line, so in no "
       "other line figure)",
       kByChannel, K::Count},
      {"confirmation_lag", "s",
       "A node confirming a line's pick to the OMS (its shipment confirmation: the units are off the shelf) to the "
       "OMS hearing of it (lines captured after the warm-up)",
       {}, K::Latency},
      {"shipments_unconfirmed", "lines",
       "Lines picked whose confirmation the OMS had not got by the end (lost on the way, or still on it): it still "
       "holds their units committed",
       {}, K::Count},
      {"status_regressions", "statuses",
       "Statuses customer service showed that were older than one it had already shown for the line (arrived out of "
       "order)",
       {}, K::Count},
      {"messages_dead_lettered", "messages",
       "Messages a consumer rejected (schema change, malformed record) or whose retries ran out, kept in its "
       "dead-letter queue (middleware dead_letter auto or manual)",
       {}, K::Count},
      {"messages_redriven", "messages", "Dead letters re-driven, automatically or by the exception team", {}, K::Count},
      {"dead_letter_depth", "messages", "Dead letters held in the consumers' dead-letter queues, time-weighted", {},
       K::Level},
      {"dead_letter_time", "s", "A message's time in a dead-letter queue: dead-lettered to re-driven", {},
       K::Latency},
      {"exception_utilisation", "ratio",
       "Busy people / staff of the exception teams that had work, time-weighted over the measured window (every "
       "hour, on shift or not)",
       {}, K::Ratio},
      {"messages_in_dead_letter", "messages", "Dead letters still held at the end of the run", {}, K::Count},
      {"messages_sent", "messages", "Messages handed to a link in the whole run (each copy of a duplicate)", {},
       K::Count},
      {"messages_delivered", "messages", "Messages a system took in, in the whole run (a broker counts as a system)",
       {}, K::Count},
      {"messages_in_flight", "messages",
       "Messages held by an outage, waiting for a down system, or arriving at or after the horizon, at the end", {},
       K::Count},
      {"messages_unaccounted", "messages",
       "|sent - delivered - lost - dead-lettered - in flight| over the whole run: 0 unless a message vanished (a "
       "broker's refusal counts as delivered)",
       {}, K::Count},
  };
}

// The ledger: what the ERP posts and finance reconciles (only when the ERP keeps the
// ledger; chargebacks when a channel has a chargeback_cost).
std::vector<MetricInfo> finance_metrics() {
  using K = MetricKind;
  return {
      {"chargebacks", "cases",
       "A marketplace's chargeback cases (its chargeback_cost set): promised lines canceled after their promise, and "
       "SLA misses",
       kByChannel, K::Count},
      {"chargeback_cost", "currency", "The channel's chargeback_cost x chargebacks (taken off gross_margin)",
       kByChannel, K::Count},
      {"documents_posted", "documents",
       "Sales, tender settlements and refunds the ERP's posting job posted within the horizon (events after the "
       "warm-up)",
       {}, K::Count},
      {"posting_lag", "s", "A sale, tender or refund to the posting run that posted it", {}, K::Latency},
      {"documents_unposted", "documents", "Documents not posted by period end (the horizon)", {}, K::Count},
      {"revenue_unposted", "currency", "Revenue of the sales not posted by period end", {}, K::Count},
      {"tender_settlements", "tenders",
       "Tender settlements to reconcile: one per sale, two for an order paid with split tenders", {}, K::Count},
      {"finance_exceptions", "cases",
       "Tender settlements whose settlement disagreed with the posted sale (tender_mismatch): worked by the finance "
       "exception team",
       {}, K::Count},
      {"finance_exception_time", "s", "A finance exception case's reconciliation run to its resolution", {},
       K::Latency},
      {"finance_utilisation", "ratio", "Busy people / finance_staff over the measured window (NaN: no case)", {},
       K::Ratio},
      {"reconciliation_lag", "s", "A tender's sale to its reconciliation (matched at a run, or resolved by hand)",
       {}, K::Latency},
      {"unreconciled_at_close", "tenders",
       "Tender settlements not reconciled at period end: not posted, not matched yet, or with the exception team", {},
       K::Count},
      {"close_effort", "person-hours", "Handling time of every exception case the period raised, finished or not",
       {}, K::Count},
  };
}

// Stock that moves: replenishment orders, receipts and what travels (only when some node replenishes).
std::vector<MetricInfo> replenishment_metrics() {
  using K = MetricKind;
  return {
      {"replenishment_orders", "orders", "Replenishment orders placed (one SKU each), to a warehouse or a vendor", {}, K::Count},
      {"units_ordered", "units", "Units on those orders", {}, K::Count},
      {"units_replenished", "units", "Units received and put away on the shelf of the node that ordered them", {}, K::Count},
      {"replenishment_short_units", "units", "Units ordered a supplier did not ship (a warehouse out of stock, a vendor's partial delivery)", {}, K::Count},
      {"units_lost_in_transit", "units", "Units shipped and lost or miscounted on the way (transit_loss), found at receipt", {}, K::Count},
      {"store_transfers", "lines", "Pickup lines a store was short of and asked its transfer_from for (the line waits for the transfer)", {}, K::Count},
      {"receiving_wait", "s", "Arrival of a consignment at the dock to the start of its receiving (node: a group)", kByNode, K::Latency},
      {"units_in_transit", "units", "Units shipped to a node and not yet on its shelf at the end of the run (travelling, at the dock or being put away)", {}, K::Ratio},
  };
}

// Customer service, returns and refunds, and the run itself.
std::vector<MetricInfo> service_metrics() {
  using K = MetricKind;
  return {
      {"status_staleness", "s", "How long the status customer service sees differs from the true state", kByChannel,
       K::Latency},
      {"refund_lag", "s", "Return received to refund reconciled", kByChannel, K::Latency},
      {"statuses_censored", "statuses",
       "Statuses sent to customer service whose staleness the horizon cuts (not shown, or shown shipped before the parcel left)",
       kByChannel, K::Count},
      {"returns", "lines", "Units brought back (one line each), at a store or by mail at a warehouse", kByChannel, K::Count},
      {"returns_by_reason", "lines", "Returns received, by the reason code the customer gave (label reason)",
       {"channel", "reason"}, K::Count},
      {"returns_resellable", "lines", "Returned units inspected and put back on the shelf (the rest are written off)",
       kByChannel, K::Count},
      {"return_to_refund", "s", "Return received to the refund reaching the channel's system (a store's till: 0)",
       kByChannel, K::Latency},
      {"refunds_mismatched", "refunds", "Refunds whose reason code the channel's code set does not map", kByChannel,
       K::Count},
      {"refunds_unreconciled", "refunds", "Returns received whose refund was not reconciled by the horizon", kByChannel,
       K::Count},
      {"events", "events", "Events processed in the whole run (warm-up included; rate per hour of it)", {}, K::Count},
  };
}

// Every metric, in the order the summary and the docs list them.
std::vector<MetricInfo> make_metrics() {
  return concatenated<MetricInfo>(
      {&outcome_metrics, &fulfilment_metrics, &inventory_metrics, &integration_metrics, &replenishment_metrics,
       &service_metrics, &outage_metrics, &finance_metrics});
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

const std::vector<SafetyStockOption>& safety_stock_forms() {
  static const std::vector<SafetyStockOption> forms = {
      {"fixed", "The same units of every SKU",
       ParamTable("safety_stock fixed", {integer("units", 1, "Units held back per SKU", 0, "units")}),
       &retail::make_safety_stock_fixed},
      {"percent", "ceil(percent / 100 x on hand) per SKU, live: of the OMS's current view of the node's on hand (a network or channel rule: the network's, summed over nodes)",
       ParamTable("safety_stock percent",
                  {ParamSpec{"percent", ParamType::Number, 10.0, "Share of on hand held back", "%", 0.0, 100.0, false, {}}}),
       &retail::make_safety_stock_percent},
      {"velocity", "ceil(k x expected units per hour x cover) per SKU",
       ParamTable("safety_stock velocity",
                  {number("k", 1.0, "Multiplier on expected units per hour x cover", 0.0, false),
                   duration("cover", "0s", "Hours of sales to cover (0s: the target's exposure window)")}),
       &retail::make_safety_stock_velocity},
      {"service_level", "ceil(service_factor x sqrt(expected units per hour x window)): z x sigma of Poisson demand",
       ParamTable("safety_stock service_level",
                  {number("service_factor", 1.65, "z: standard deviations of demand held back (1.65: 95% cycle service)",
                          0.0, false),
                   duration("window", "0s", "Exposure window (0s: the target's, from its feeds)")}),
       &retail::make_safety_stock_service_level},
  };
  return forms;
}

const SafetyStockOption* find_safety_stock_form(const std::string& name) {
  return find_by_name(safety_stock_forms(), name);
}

std::vector<std::string> safety_stock_form_names() { return names_of(safety_stock_forms()); }

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
