// models/scenario/builder.h — the semantic pass's working state (internal to the loader).
//
// build_spec() walks a parsed document with a Builder; its members are split by
// section over build_spec.cpp (top level, catalog, policies, gates),
// build_nodes.cpp, build_links.cpp and build_demand.cpp.
#pragma once

#include "models/scenario/build_spec.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/registry.h"
#include "models/scenario/data/csv_reader.h"
#include "models/scenario/data/data_files.h"
#include "models/scenario/expand.h"
#include "models/scenario/reader.h"
#include "sim/random.h"

namespace models::scenario::detail {

// Random streams the loader itself draws from (catalog prices, per-instance
// variation, inventory), far from any LP id so they never collide with one.
inline constexpr std::uint32_t kCatalogStream = 0xFFFF'FF00u;
inline constexpr std::uint32_t kLoaderReplication = 0xFFFF'FFFFu;
inline constexpr std::int64_t kMaxSkus = 1'000'000;
// Bounds that keep a hostile or mistyped file from exhausting memory; far above
// any retailer we model (documented in scenarios/README.md).
inline constexpr std::size_t kMaxNodes = 16'000;  // node ids travel in 14 bits of an event's port
inline constexpr std::size_t kMaxLinks = 1'000'000;
inline constexpr std::size_t kMaxVariants = 10'000;
inline constexpr sim::Duration kMaxHorizon = sim::Duration::hours(24 * 366);  // experiments: each is a whole scenario checked and held
inline constexpr std::size_t kMaxInventoryCells = 200'000'000;  // `peaksim run` also checks the memory a run needs
inline constexpr std::size_t kMaxPromotions = 64;
inline constexpr std::size_t kMaxCsvErrors = 20;  // per file: then reading stops  // per channel: demand.cpp keys its SKU mixes by a 64-bit mask

inline std::uint32_t stream_of(std::string_view id) {
  std::uint32_t h = 2166136261u;  // FNV-1a: a stable stream per node id
  for (char c : id) {
    h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  return h % kCatalogStream;
}

inline bool valid_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
  });
}
class Builder {
 public:
  Builder(const nlohmann::json& doc, Diagnostics& diags, DataFiles& data) : doc_(doc), diags_(diags), data_(data) {}
  ScenarioSpec build();

 private:
  // catalog
  void catalog(const nlohmann::json& value);
  void dated_hours_need_a_start(bool has_start);
  void catalog_items(Reader& r);
  // Popularity weights as shares of their sum (items and CSV catalogs).
  void normalise_popularity(double total);

  // nodes
  void nodes(const nlohmann::json& value);
  void node(const nlohmann::json& value, const std::string& at);
  // The ids a node's "id" template expands to (checked against "count"); none if it does not expand.
  std::vector<std::string> node_ids(Reader& r, const std::string& id, const std::string& at);
  std::vector<std::string> node_regions(const Reader& r, const std::string& at);
  void check_vary(const nlohmann::json& vary, const std::string& at, const ParamTable& table);
  ParamValues varied_params(const nlohmann::json& vary, const ParamTable& table, Reader& r, const std::string& at, sim::LpRandom& rng);
  // Stock as days of the node's planned demand (models/scenario/demand_plan.h).
  struct DaysOfCover {
    double min = 0.0;
    double max = 0.0;
    double online_share = 0.0;  // of the online channels' demand, split evenly over the declaration's nodes
  };
  struct Inventory {
    std::int64_t min = 0;
    std::int64_t max = 0;
    std::optional<DaysOfCover> cover;
    double coverage = 1.0;
    std::map<std::size_t, std::int64_t> explicit_units;  // SKU index -> units
    [[nodiscard]] bool any() const { return max > 0 || cover || !explicit_units.empty(); }
  };
  Inventory check_inventory(const nlohmann::json& value, const std::string& at);
  std::optional<DaysOfCover> check_cover(const nlohmann::json& value, const std::string& at);
  // `daily` (days of cover only): the node's planned units per day of each SKU.
  std::vector<std::int64_t> draw_inventory(const Inventory& inv, sim::LpRandom& rng,
                                           const std::vector<double>& daily = {}) const;
  // Days of cover need the demand, read after the nodes: each such node's stock is drawn then.
  struct PendingCover {
    std::size_t node = 0;
    Inventory inventory;
    std::size_t instances = 1;  // nodes in its declaration
  };
  std::vector<PendingCover> pending_cover_;
  void cover_inventory();
  // A node declaration, checked: what each of its instances is made from.
  struct NodeDeclaration {
    std::vector<std::string> ids;  // the expanded template
    const NodeKindInfo* kind = nullptr;
    std::vector<std::string> regions;  // cycled over the instances
    ParamValues params;
    const nlohmann::json* vary = nullptr;  // ranges drawn per instance over the given params
    Inventory inventory;
    std::vector<DownWindow> outages;  // every instance is down in each
    std::size_t cover_split = 0;  // nodes a days-of-cover online share is split over (0: the ids)
  };
  // Counts the declaration's nodes and inventory cells against the scenario's
  // limits; false (reported) if they would exceed them.
  bool reserve_room(const NodeDeclaration& decl, const std::string& at);
  void add_instances(const NodeDeclaration& decl, Reader& r, const std::string& at);

  // links
  // Node indices an endpoint names; reports a glob or id that matches nothing.
  std::vector<std::size_t> endpoint(Reader& r, const std::string& key);
  void links(const nlohmann::json& value);
  void link(const nlohmann::json& value, const std::string& at);
  FaultSpec faults(const nlohmann::json& value, const std::string& at);
  // Refuses `faults.duplicate` and `faults.resend` where they would copy nothing.
  void copying_faults(const LinkSpec& link, const std::vector<std::size_t>& from, const std::string& carries,
                      const nlohmann::json& faults, const std::string& at);
  // A node's `outages`: windows in time order, disjoint.
  std::vector<DownWindow> down_windows(const nlohmann::json& value, const std::string& at);
  // A cycle of links with no minimum latency would let events chase each other
  // forever at one instant, and gives the parallel engine no lookahead.
  void zero_latency_cycles();

  // demand
  void demand(const nlohmann::json& value);
  void channel(const std::string& name, const nlohmann::json& value, const std::string& at);
  // The channel's capture nodes; reports one already capturing another channel, or one that takes no orders.
  std::vector<std::size_t> capture_nodes(Reader& r, const std::string& name);
  void profile(const nlohmann::json& value, const std::string& at, ChannelSpec& c);
  void promotions(const nlohmann::json& value, const std::string& at, ChannelSpec& c);
  void promotion_skus(Reader& promo, const ChannelSpec& c, Promotion& p);
  void basket(const nlohmann::json& value, const std::string& at, ChannelSpec& c);
  void units_per_line(const nlohmann::json& value, const std::string& at, ChannelSpec& c);
  void promises(Reader& r, const std::string& at, ChannelSpec& c);
  void returns(const nlohmann::json& value, const std::string& at, ChannelSpec& c);
  // A deterministic list of customers, each of one line or several.
  void trace(const nlohmann::json& value, const std::string& at, ChannelSpec& c);
  std::optional<TraceLine> trace_line(Reader& line);
  void trace_lines(const nlohmann::json& value, const std::string& at, TraceEntry& entry);
  // The catalog index of a SKU id; reports an unknown one (with a did-you-mean) at `at`.
  std::optional<std::uint32_t> find_sku(const nlohmann::json& id, const std::string& at);
  // The catalog index of a SKU id, or nullopt; reports nothing.
  std::optional<std::uint32_t> sku_of(std::string_view id);
  // The region names the scenario knows: its nodes' and the channel's "regions".
  std::vector<std::string> known_regions(const ChannelSpec& c) const;
  // Reports a trace entry's or log's region the scenario does not know.
  void check_trace_regions(const ChannelSpec& c, const std::string& at);

  // data (build_data.cpp): the CSV files a scenario references, read through data_.
  void catalog_csv(Reader& r);
  // An element of "nodes" of the form {"csv": FILE, "inventory": ...}: one node per row.
  void nodes_csv(const nlohmann::json& value, const std::string& at);
  std::optional<NodeDeclaration> node_row(CsvReader& csv, const std::string& at, const Inventory& inventory,
                                          std::size_t& errors);
  // A node row's parameter cells, checked against its kind's table; false if any was wrong (reported).
  bool node_row_params(CsvReader& csv, const std::string& at, NodeDeclaration& decl, std::size_t& errors);
  // "stock": {"csv": FILE, "unlisted": "inventory" | "zero"}, applied once every node's stock is drawn.
  void stock(const nlohmann::json& value);
  // A channel's "order_log": {"csv": FILE, "channel", "start", "time_shift", "scale", "window"}.
  void order_log(const nlohmann::json& value, const std::string& at, ChannelSpec& c);
  // Reports a CSV problem at the stanza's pointer; false once a file has had kMaxCsvErrors.
  bool csv_error(const std::string& at, std::size_t& errors, const std::string& message);

  // policies
  void policies(const nlohmann::json& value);
  // policies.safety_stock (build_safety_stock.cpp): the rules, one per scope.
  void safety_stock(const nlohmann::json& value);
  std::optional<SafetyRuleSpec> safety_rule(const nlohmann::json& value, const std::string& at);
  // Each scope's selector into `rule`; false when it is wrong (reported).
  bool safety_node_scope(Reader& r, const nlohmann::json& value, const std::string& at, SafetyRuleSpec& rule);
  bool safety_kind_scope(Reader& r, SafetyRuleSpec& rule);
  bool safety_channel_scope(Reader& r, const std::string& at, SafetyRuleSpec& rule);

  // assertions
  void assertions(const nlohmann::json& value);
  // One gate; `channels` are the demand channels a "channel" label may name.
  void assertion(const nlohmann::json& value, const std::string& at, const std::vector<std::string>& channels);
  // The gate's "variants": names, each once (whether they exist is the loader's check).
  void gate_variants(const nlohmann::json& value, const std::string& at, GateSpec& gate);
  // Reports a statistic the gate's metric does not have.
  void check_gate_statistic(const GateSpec& gate, const std::string& at);
  void gate_labels(const nlohmann::json& labels, const std::string& at, const std::vector<std::string>& channels,
                   GateSpec& gate);
  // Reports a metric the models do not measure, and each label the metric is measured per that the gate leaves out.
  void check_gate_metric(const GateSpec& gate, const std::string& at, bool labels_malformed,
                         const std::vector<std::string>& channels);
  static std::string default_gate_name(const GateSpec& gate);
  static std::string label_text(const std::map<std::string, std::string>& labels);
  static std::string list(const std::vector<std::string>& items);

  const nlohmann::json& doc_;
  Diagnostics& diags_;
  DataFiles& data_;
  ScenarioSpec spec_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> declared_;    // node ids as declared, for messages
  std::vector<std::string> failed_ids_;  // ids of node declarations that had errors
  bool anonymous_failure_ = false;       // a node declaration refused before its ids were known
  bool catalog_failed_ = false;          // the catalog had errors: SKU ids would only repeat them
  std::size_t inventory_cells_ = 0;
  std::unordered_map<std::string, std::uint32_t> sku_index_;  // SKU id -> catalog index, filled on first use
  std::map<std::size_t, std::string> capture_channel_;  // node index -> the channel it captures
};

}  // namespace models::scenario::detail
