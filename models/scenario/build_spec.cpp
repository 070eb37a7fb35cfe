#include "models/scenario/build_spec.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "models/registry.h"
#include "models/scenario/expand.h"
#include "models/scenario/reader.h"
#include "sim/random.h"

namespace models::scenario {
namespace {

// Random streams the loader itself draws from (catalog prices, per-instance
// variation, inventory), far from any LP id so they never collide with one.
constexpr std::uint32_t kCatalogStream = 0xFFFF'FF00u;
constexpr std::uint32_t kLoaderReplication = 0xFFFF'FFFFu;
constexpr std::int64_t kMaxSkus = 1'000'000;
// Bounds that keep a hostile or mistyped file from exhausting memory; far above
// any retailer we model (documented in scenarios/README.md).
constexpr std::size_t kMaxNodes = 16'000;  // node ids travel in 14 bits of an event's port
constexpr std::size_t kMaxLinks = 1'000'000;
constexpr std::size_t kMaxInventoryCells = 20'000'000;

std::uint32_t stream_of(std::string_view id) {
  std::uint32_t h = 2166136261u;  // FNV-1a: a stable stream per node id
  for (char c : id) {
    h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  return h % kCatalogStream;
}

bool valid_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
  });
}

class Builder {
 public:
  Builder(const nlohmann::json& doc, Diagnostics& diags) : doc_(doc), diags_(diags) {}

  ScenarioSpec build() {
    Reader top(doc_, "", diags_, "scenario",
               {"$schema", "name", "description", "seed", "horizon", "warmup", "replications", "catalog", "nodes",
                "links", "demand", "policies", "experiments", "assertions"});
    if (!top.ok()) {
      return spec_;
    }
    spec_.name = top.string("name", Need::Required).value_or("");
    if (top.has("name") && spec_.name.empty()) {
      diags_.add("/name", "expected a non-empty name, found \"\"");
    }
    spec_.description = top.string("description", Need::Optional).value_or("");
    spec_.seed = static_cast<std::uint64_t>(top.integer("seed", Need::Optional, 0, INT64_MAX).value_or(1));
    const auto horizon = top.duration("horizon", Need::Required);
    spec_.horizon = horizon.value_or(sim::Duration::zero());
    if (horizon && *horizon <= sim::Duration::zero()) {
      diags_.add("/horizon", "expected a positive duration, found " + describe(top.at("horizon")));
    }
    spec_.warmup = top.duration("warmup", Need::Optional).value_or(sim::Duration::zero());
    if (spec_.horizon > sim::Duration::zero() && spec_.warmup >= spec_.horizon) {
      diags_.add("/warmup", "expected a warm-up shorter than the horizon (" + sim::format_duration(spec_.horizon) +
                                "), found " + sim::format_duration(spec_.warmup));
    }
    spec_.replications = static_cast<std::uint32_t>(top.integer("replications", Need::Optional, 1, 100000).value_or(10));
    if (top.has("catalog")) {
      catalog(top.at("catalog"));
    } else {
      diags_.add("", "missing required scenario key \"catalog\"");
    }
    if (top.has("nodes")) {
      nodes(top.at("nodes"));
    } else {
      diags_.add("", "missing required scenario key \"nodes\"");
    }
    if (top.has("links")) {
      links(top.at("links"));
    }
    if (top.has("demand")) {
      demand(top.at("demand"));
    }
    policies(top.has("policies") ? top.at("policies") : nlohmann::json::object());
    if (top.has("assertions")) {
      assertions(top.at("assertions"));
    }
    zero_latency_cycles();
    return spec_;
  }

 private:
  // ---- catalog ------------------------------------------------------------
  void catalog(const nlohmann::json& value) {
    Reader r(value, "/catalog", diags_, "catalog", {"skus", "id_prefix", "zipf", "price", "unit_cost_ratio", "items"});
    if (!r.ok()) {
      return;
    }
    if (r.has("skus") == r.has("items")) {
      diags_.add("/catalog", R"(expected either "skus" (a count with generators) or "items" (an explicit list), found )" +
                                 std::string(r.has("skus") ? "both" : "neither"));
      return;
    }
    if (r.has("items")) {
      catalog_items(r);
      return;
    }
    const auto count = r.integer("skus", Need::Required, 1, kMaxSkus);
    const std::string prefix = r.string("id_prefix", Need::Optional).value_or("SKU-");
    const double zipf = r.number("zipf", Need::Optional, 0.0, 10.0).value_or(1.0);
    const double ratio = r.number("unit_cost_ratio", Need::Optional, 0.0, 1.0).value_or(0.6);
    double price_min = 10.0;
    double price_max = 100.0;
    if (r.has("price")) {
      Reader price(r.at("price"), "/catalog/price", diags_, "price range", {"min", "max"});
      price_min = price.number("min", Need::Required, 0.0).value_or(price_min);
      price_max = price.number("max", Need::Required, 0.0).value_or(price_max);
      if (price_max < price_min) {
        diags_.add("/catalog/price", "expected max >= min, found min " + nlohmann::json(price_min).dump() +
                                         " and max " + nlohmann::json(price_max).dump());
      }
    }
    if (!count) {
      return;
    }
    sim::LpRandom rng(spec_.seed, kLoaderReplication, kCatalogStream);
    const std::size_t width = std::to_string(*count).size();
    double total = 0.0;
    for (std::int64_t idx = 0; idx < *count; ++idx) {
      std::string number = std::to_string(idx + 1);
      number.insert(0, width - number.size(), '0');
      SkuSpec sku;
      sku.id = prefix + number;
      sku.price = std::round(boost::random::uniform_real_distribution<double>(price_min, std::max(price_min, price_max))(rng) * 100) / 100;
      sku.unit_cost = std::round(sku.price * ratio * 100) / 100;
      sku.popularity = 1.0 / std::pow(static_cast<double>(idx + 1), zipf);  // Zipf by rank
      total += sku.popularity;
      spec_.skus.push_back(sku);
    }
    for (SkuSpec& sku : spec_.skus) {
      sku.popularity /= total;
    }
  }

  void catalog_items(Reader& r) {
    const auto& items = r.at("items");
    if (!items.is_array() || items.empty()) {
      diags_.expected("/catalog/items", "a non-empty array of SKUs", items);
      return;
    }
    std::set<std::string> seen;
    double total = 0.0;
    for (std::size_t idx = 0; idx < items.size(); ++idx) {
      const std::string at = ptr("/catalog/items", idx);
      Reader item(items[idx], at, diags_, "SKU", {"id", "price", "unit_cost", "popularity"});
      SkuSpec sku;
      sku.id = item.string("id", Need::Required).value_or("");
      if (item.has("id") && !sku.id.empty() && !seen.insert(sku.id).second) {
        diags_.add(ptr(at, "id"), "duplicate SKU id \"" + sku.id + "\"");
      }
      sku.price = item.number("price", Need::Required, 0.0).value_or(0.0);
      sku.unit_cost = item.number("unit_cost", Need::Optional, 0.0).value_or(sku.price * 0.6);
      sku.popularity = item.number("popularity", Need::Optional, 0.0, std::nullopt, true).value_or(1.0);
      total += sku.popularity;
      spec_.skus.push_back(sku);
    }
    for (SkuSpec& sku : spec_.skus) {
      sku.popularity = total > 0 ? sku.popularity / total : 0.0;
    }
  }

  // ---- nodes --------------------------------------------------------------
  void nodes(const nlohmann::json& value) {
    if (!value.is_array() || value.empty()) {
      diags_.expected("/nodes", "a non-empty array of nodes", value);
      return;
    }
    for (std::size_t idx = 0; idx < value.size(); ++idx) {
      node(value[idx], ptr("/nodes", idx));
    }
  }

  void node(const nlohmann::json& value, const std::string& at) {
    Reader r(value, at, diags_, "node", {"id", "kind", "region", "params", "vary", "inventory", "count"});
    if (!r.ok()) {
      return;
    }
    const auto id = r.string("id", Need::Required);
    const auto kind_name = r.choice("kind", Need::Required, node_kind_names(), "node kind");
    std::vector<std::string> ids;
    if (id) {
      std::string error;
      auto expanded = expand_template(*id, error);
      if (!expanded) {
        diags_.add(ptr(at, "id"), "expected " + error + ", found " + describe(r.at("id")));
        // Stand-in id so that globs meant for this template do not report again.
        const std::size_t open = id->find('{');
        failed_ids_.push_back(open == std::string::npos ? *id : id->substr(0, open) + "1");
      } else {
        ids = std::move(*expanded);
        if (r.has("count")) {
          const auto count = r.integer("count", Need::Optional, 1, static_cast<std::int64_t>(kMaxTemplateCount));
          if (count && static_cast<std::size_t>(*count) != ids.size()) {
            diags_.add(ptr(at, "count"), "expected " + std::to_string(ids.size()) + " (the ids \"" + *id +
                                             "\" expands to), found " + std::to_string(*count));
          }
        }
        declared_.push_back(ids.size() > 1 ? ids.front() + ".." + ids.back() : ids.front());
      }
    }
    std::vector<std::string> regions;
    if (r.has("region")) {
      const auto& region = r.at("region");
      if (region.is_string()) {
        regions.push_back(region.get<std::string>());
      } else if (region.is_array() && !region.empty() &&
                 std::all_of(region.begin(), region.end(), [](const auto& x) { return x.is_string(); })) {
        for (const auto& x : region) {
          regions.push_back(x.get<std::string>());
        }
      } else {
        diags_.expected(ptr(at, "region"), "a region name, or a non-empty array of names cycled over the instances",
                        region);
      }
    }
    const NodeKind* kind = kind_name ? find_node_kind(*kind_name) : nullptr;
    ParamValues params;
    if (kind != nullptr) {
      params = kind->params.check(r.has("params") ? r.at("params") : nlohmann::json(), ptr(at, "params"), diags_);
    }
    const std::size_t before = diags_.size();
    const nlohmann::json* vary = r.has("vary") ? &r.at("vary") : nullptr;
    if (vary != nullptr && kind != nullptr) {
      check_vary(*vary, ptr(at, "vary"), kind->params);
    }
    Inventory inventory;
    if (r.has("inventory")) {
      inventory = check_inventory(r.at("inventory"), ptr(at, "inventory"));
    }
    if (!ids.empty() && (kind == nullptr || diags_.size() != before)) {
      // Links and channels naming these ids would only repeat this node's error.
      failed_ids_.insert(failed_ids_.end(), ids.begin(), ids.end());
    }
    if (ids.empty() || kind == nullptr || diags_.size() != before) {
      return;
    }
    if (spec_.nodes.size() + ids.size() > kMaxNodes) {
      diags_.add(ptr(at, "id"), "expected at most " + std::to_string(kMaxNodes) + " nodes in a scenario, found " +
                                    std::to_string(spec_.nodes.size() + ids.size()) + " by this declaration");
      return;
    }
    const std::size_t cells = (inventory.max > 0 || !inventory.explicit_units.empty()) ? ids.size() * spec_.skus.size() : 0;
    if (inventory_cells_ + cells > kMaxInventoryCells) {
      diags_.add(ptr(at, "inventory"), "expected at most " + std::to_string(kMaxInventoryCells) +
                                           " node x SKU inventory positions in a scenario, found " +
                                           std::to_string(inventory_cells_ + cells) + " by this declaration");
      return;
    }
    inventory_cells_ += cells;
    for (std::size_t instance = 0; instance < ids.size(); ++instance) {
      const std::string& node_id = ids[instance];
      if (!valid_id(node_id)) {
        diags_.add(ptr(at, "id"), "expected ids of letters, digits, '-', '_' and '.', found \"" + node_id + "\"");
        return;
      }
      if (index_.contains(node_id)) {
        diags_.add(ptr(at, "id"), "duplicate node id \"" + node_id + "\" (first declared at " +
                                      spec_.nodes[index_[node_id]].source_pointer + ")");
        continue;
      }
      NodeSpec n;
      n.id = node_id;
      n.kind = kind->name;
      n.region = regions.empty() ? "" : regions[instance % regions.size()];
      n.source_pointer = at;
      sim::LpRandom rng(spec_.seed, kLoaderReplication, stream_of(node_id));
      n.params = vary != nullptr ? varied_params(*vary, kind->params, r, at, rng) : params;
      n.inventory = draw_inventory(inventory, rng);
      index_[node_id] = spec_.nodes.size();
      spec_.nodes.push_back(std::move(n));
    }
  }

  void check_vary(const nlohmann::json& vary, const std::string& at, const ParamTable& table) {
    if (!vary.is_object()) {
      diags_.expected(at, R"(an object of parameter: {"min": ..., "max": ...})", vary);
      return;
    }
    for (const auto& [name, range] : vary.items()) {
      const std::string range_at = ptr(at, name);
      const ParamSpec* spec = table.find(name);
      if (spec == nullptr) {
        diags_.add(range_at, "unknown " + table.owner() + " parameter \"" + name + "\"" + did_you_mean(name, table.names()));
        continue;
      }
      if (spec->type != ParamType::Integer && spec->type != ParamType::Number && spec->type != ParamType::Duration) {
        diags_.add(range_at, "only integer, number and duration parameters can vary; \"" + name + "\" is not one");
        continue;
      }
      Reader rr(range, range_at, diags_, "variation range", {"min", "max"});
      if (!rr.ok() || !rr.has("min") || !rr.has("max")) {
        if (rr.ok()) {
          diags_.add(range_at, R"(missing "min" or "max")");
        }
        continue;
      }
      const std::size_t before = diags_.size();
      const auto lo = check_param(*spec, rr.at("min"), ptr(range_at, "min"), diags_);
      const auto hi = check_param(*spec, rr.at("max"), ptr(range_at, "max"), diags_);
      if (diags_.size() != before) {
        continue;
      }
      const bool reversed = spec->type == ParamType::Duration
                                ? sim::parse_duration(hi.get<std::string>()) < sim::parse_duration(lo.get<std::string>())
                                : hi.get<double>() < lo.get<double>();
      if (reversed) {
        diags_.add(range_at, "expected max >= min, found min " + lo.dump() + " and max " + hi.dump());
      }
    }
  }

  ParamValues varied_params(const nlohmann::json& vary, const ParamTable& table, Reader& r, const std::string& at,
                            sim::LpRandom& rng) {
    nlohmann::json given = r.has("params") && r.at("params").is_object() ? r.at("params") : nlohmann::json::object();
    for (const auto& [name, range] : vary.items()) {
      const ParamSpec* spec = table.find(name);
      if (spec->type == ParamType::Integer) {
        given[name] = boost::random::uniform_int_distribution<std::int64_t>(range.at("min").get<std::int64_t>(),
                                                                            range.at("max").get<std::int64_t>())(rng);
      } else if (spec->type == ParamType::Number) {
        given[name] = boost::random::uniform_real_distribution<double>(range.at("min").get<double>(),
                                                                       range.at("max").get<double>())(rng);
      } else {
        const auto lo = sim::parse_duration(range.at("min").get<std::string>()).count_us();
        const auto hi = sim::parse_duration(range.at("max").get<std::string>()).count_us();
        given[name] = sim::format_duration(
            sim::Duration::micros(boost::random::uniform_int_distribution<std::int64_t>(lo, hi)(rng)));
      }
    }
    Diagnostics ignored;  // the ranges were checked; a drawn value is within them
    return table.check(given, ptr(at, "params"), ignored);
  }

  struct Inventory {
    std::int64_t min = 0;
    std::int64_t max = 0;
    double coverage = 1.0;
    std::map<std::size_t, std::int64_t> explicit_units;  // SKU index -> units
  };

  Inventory check_inventory(const nlohmann::json& value, const std::string& at) {
    Inventory inv;
    Reader r(value, at, diags_, "inventory", {"units_per_sku", "coverage", "skus"});
    if (!r.ok()) {
      return inv;
    }
    if (r.has("units_per_sku")) {
      const auto& units = r.at("units_per_sku");
      const std::string units_at = ptr(at, "units_per_sku");
      if (units.is_number_integer() && units.get<std::int64_t>() >= 0) {
        inv.min = inv.max = units.get<std::int64_t>();
      } else if (units.is_object()) {
        Reader range(units, units_at, diags_, "units range", {"min", "max"});
        inv.min = range.integer("min", Need::Required, 0, 1'000'000'000).value_or(0);
        inv.max = range.integer("max", Need::Required, 0, 1'000'000'000).value_or(0);
        if (inv.max < inv.min) {
          diags_.add(units_at, "expected max >= min, found min " + std::to_string(inv.min) + " and max " +
                                   std::to_string(inv.max));
        }
      } else {
        diags_.expected(units_at, R"(a count of units (an integer of at least 0) or {"min": N, "max": M})", units);
      }
    }
    inv.coverage = r.probability("coverage", Need::Optional).value_or(1.0);
    if (r.has("skus")) {
      const auto& skus = r.at("skus");
      const std::string skus_at = ptr(at, "skus");
      if (!skus.is_object()) {
        diags_.expected(skus_at, R"(an object of SKU id: units, such as {"SKU-001": 12})", skus);
        return inv;
      }
      std::vector<std::string> sku_ids;
      for (const SkuSpec& sku : spec_.skus) {
        sku_ids.push_back(sku.id);
      }
      for (const auto& [sku, units] : skus.items()) {
        const auto it = std::find(sku_ids.begin(), sku_ids.end(), sku);
        if (it == sku_ids.end()) {
          diags_.add(ptr(skus_at, sku), "unknown SKU \"" + sku + "\"" + did_you_mean(sku, sku_ids));
        } else if (!units.is_number_integer() || units.get<std::int64_t>() < 0) {
          diags_.expected(ptr(skus_at, sku), "a count of units (an integer of at least 0)", units);
        } else {
          inv.explicit_units[static_cast<std::size_t>(it - sku_ids.begin())] = units.get<std::int64_t>();
        }
      }
    }
    return inv;
  }

  std::vector<std::int64_t> draw_inventory(const Inventory& inv, sim::LpRandom& rng) const {
    if (inv.max == 0 && inv.explicit_units.empty()) {
      return {};
    }
    std::vector<std::int64_t> units(spec_.skus.size(), 0);
    for (std::size_t sku = 0; sku < units.size(); ++sku) {
      if (inv.coverage < 1.0 && rng.uniform01() >= inv.coverage) {
        continue;
      }
      units[sku] = inv.min == inv.max ? inv.min : boost::random::uniform_int_distribution<std::int64_t>(inv.min, inv.max)(rng);
    }
    for (const auto& [sku, count] : inv.explicit_units) {
      units[sku] = count;
    }
    return units;
  }

  // ---- links --------------------------------------------------------------
  // Node indices an endpoint names; reports a glob or id that matches nothing.
  std::vector<std::size_t> endpoint(Reader& r, const std::string& key) {
    const auto text = r.string(key, Need::Required);
    std::vector<std::size_t> out;
    if (!text || spec_.nodes.empty()) {
      return out;
    }
    const bool names_failed_node = std::any_of(failed_ids_.begin(), failed_ids_.end(),
                                               [&](const std::string& id) { return glob_match(*text, id); });
    if (is_glob(*text)) {
      for (std::size_t idx = 0; idx < spec_.nodes.size(); ++idx) {
        if (glob_match(*text, spec_.nodes[idx].id)) {
          out.push_back(idx);
        }
      }
      if (out.empty() && !names_failed_node) {
        diags_.add(r.at_ptr(key), "\"" + *text + "\" matches no node (nodes are " + summarize_ids(declared_) + ")");
      }
      return out;
    }
    if (auto it = index_.find(*text); it != index_.end()) {
      out.push_back(it->second);
    } else if (!names_failed_node) {
      std::vector<std::string> ids;
      for (const NodeSpec& n : spec_.nodes) {
        ids.push_back(n.id);
      }
      diags_.add(r.at_ptr(key), "no node \"" + *text + "\"" + did_you_mean(*text, ids) + " (nodes are " +
                                    summarize_ids(declared_) + ")");
    }
    return out;
  }

  void links(const nlohmann::json& value) {
    if (!value.is_array()) {
      diags_.expected("/links", "an array of links", value);
      return;
    }
    for (std::size_t idx = 0; idx < value.size(); ++idx) {
      link(value[idx], ptr("/links", idx));
    }
  }

  void link(const nlohmann::json& value, const std::string& at) {
    Reader r(value, at, diags_, "link",
             {"name", "from", "to", "carries", "mode", "latency", "interval", "max_batch", "capacity_per_s",
              "low_stock_threshold", "faults"});
    if (!r.ok()) {
      return;
    }
    const std::size_t before = diags_.size();
    LinkSpec link;
    link.source_pointer = at;
    const auto from = endpoint(r, "from");
    const auto to = endpoint(r, "to");
    link.carries = r.choice("carries", Need::Required, link_carries(), "link traffic").value_or("");
    link.mode = r.choice("mode", Need::Required, link_modes(), "link mode").value_or("");
    if (r.has("latency")) {
      if (auto latency = check_distribution(r.at("latency"), ptr(at, "latency"), diags_)) {
        link.latency = *latency;
      }
    }
    link.interval = r.duration("interval", Need::Optional);
    if (link.interval && *link.interval <= sim::Duration::zero()) {
      diags_.add(ptr(at, "interval"), "expected a positive duration, found " + describe(r.at("interval")));
    }
    link.max_batch = r.integer("max_batch", Need::Optional, 1, 1'000'000'000);
    link.capacity_per_s = r.number("capacity_per_s", Need::Optional, 0.0, std::nullopt, true);
    link.low_stock_threshold = r.integer("low_stock_threshold", Need::Optional, 0, 1'000'000'000).value_or(0);
    if (link.mode == "batch" && !r.has("interval") && !r.has("max_batch")) {
      diags_.add(at, R"(a batch link needs "interval", "max_batch" or both)");
    }
    if (link.mode == "file" && !r.has("interval")) {
      diags_.add(at, R"(a file link needs an "interval" (how often the file is dropped))");
    }
    if ((link.mode == "stream" || link.mode == "sync") && (r.has("interval") || r.has("max_batch"))) {
      diags_.add(at, "\"interval\" and \"max_batch\" apply to batch and file links, not to a " + link.mode + " link");
    }
    if (r.has("faults")) {
      link.faults = faults(r.at("faults"), ptr(at, "faults"));
    }
    if (diags_.size() != before || from.empty() || to.empty()) {
      return;  // an endpoint's error (or its node's) is already reported
    }
    if (from.size() * to.size() > kMaxLinks - std::min(kMaxLinks, spec_.links.size())) {
      diags_.add(at, "expected at most " + std::to_string(kMaxLinks) + " links in a scenario once globs expand, found " +
                         std::to_string(spec_.links.size() + from.size() * to.size()) + " by this link");
      return;
    }
    std::size_t made = 0;
    for (std::size_t f : from) {
      for (std::size_t t : to) {
        if (f == t) {
          continue;
        }
        link.from = f;
        link.to = t;
        spec_.links.push_back(link);
        ++made;
      }
    }
    if (made == 0) {
      diags_.add(at, "connects no pair of distinct nodes");
    }
  }

  FaultSpec faults(const nlohmann::json& value, const std::string& at) {
    FaultSpec out;
    Reader r(value, at, diags_, "faults", {"outages", "duplicate", "reorder", "loss"});
    if (!r.ok()) {
      return out;
    }
    out.duplicate = r.probability("duplicate", Need::Optional).value_or(0.0);
    out.reorder = r.probability("reorder", Need::Optional).value_or(0.0);
    out.loss = r.probability("loss", Need::Optional).value_or(0.0);
    if (!r.has("outages")) {
      return out;
    }
    const auto& outages = r.at("outages");
    if (!outages.is_array()) {
      diags_.expected(ptr(at, "outages"), "an array of outage windows", outages);
      return out;
    }
    for (std::size_t idx = 0; idx < outages.size(); ++idx) {
      const std::string o_at = ptr(ptr(at, "outages"), idx);
      Reader o(outages[idx], o_at, diags_, "outage", {"start", "duration", "on_recover"});
      FaultSpec::Outage outage;
      outage.start = o.duration("start", Need::Required).value_or(sim::Duration::zero());
      outage.duration = o.duration("duration", Need::Required).value_or(sim::Duration::zero());
      outage.replay = o.choice("on_recover", Need::Optional, {"replay", "lose"}, "recovery").value_or("replay") == "replay";
      if (o.has("duration") && outage.duration <= sim::Duration::zero() && o.at("duration").is_string()) {
        diags_.add(ptr(o_at, "duration"), "expected a positive duration, found " + describe(o.at("duration")));
      }
      if (spec_.horizon > sim::Duration::zero() && outage.start >= spec_.horizon) {
        diags_.add(ptr(o_at, "start"), "expected a start within the horizon (" + sim::format_duration(spec_.horizon) +
                                           "), found " + sim::format_duration(outage.start));
      }
      out.outages.push_back(outage);
    }
    return out;
  }

  // A cycle of links with no minimum latency would let events chase each other
  // forever at one instant, and gives the parallel engine no lookahead.
  void zero_latency_cycles() {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    Graph g(spec_.nodes.size());
    std::vector<const LinkSpec*> zero;
    for (const LinkSpec& link : spec_.links) {
      if (link.mode != "sync" && link.latency.min_value() == sim::Duration::zero()) {
        boost::add_edge(link.from, link.to, g);
        zero.push_back(&link);
      }
    }
    if (zero.empty()) {
      return;
    }
    std::vector<int> component(spec_.nodes.size());
    boost::strong_components(g, component.data());
    std::map<int, std::size_t> sizes;
    for (int c : component) {
      ++sizes[c];
    }
    std::set<int> reported;
    for (const LinkSpec* link : zero) {
      const int c = component[link->from];
      if (component[link->to] == c && sizes[c] > 1 && reported.insert(c).second) {
        std::string members;
        for (std::size_t idx = 0; idx < component.size(); ++idx) {
          if (component[idx] == c) {
            members += (members.empty() ? "" : ", ") + spec_.nodes[idx].id;
          }
        }
        diags_.add(ptr(link->source_pointer, "latency"),
                   "links with zero minimum latency form a cycle through " + members +
                       "; give at least one of them a latency above 0 (e.g. \"1ms\")");
      }
    }
  }

  // ---- demand -------------------------------------------------------------
  void demand(const nlohmann::json& value) {
    if (!value.is_object()) {
      diags_.expected("/demand", "an object of channel name: channel", value);
      return;
    }
    for (const auto& [name, channel_value] : value.items()) {
      channel(name, channel_value, ptr("/demand", name));
    }
  }

  void channel(const std::string& name, const nlohmann::json& value, const std::string& at) {
    Reader r(value, at, diags_, "channel",
             {"nodes", "orders_per_hour", "trace", "profile", "promotions", "basket", "zipf", "regions", "bopis_share",
              "returns"});
    if (!r.ok()) {
      return;
    }
    ChannelSpec c;
    c.name = name;
    c.nodes = endpoint(r, "nodes");
    for (std::size_t idx : c.nodes) {
      const auto [it, fresh] = capture_channel_.emplace(idx, name);
      if (!fresh) {
        diags_.add(r.at_ptr("nodes"), "node \"" + spec_.nodes[idx].id + "\" already captures channel \"" + it->second +
                                          "\"; a node captures one channel");
        break;
      }
    }
    for (std::size_t idx : c.nodes) {
      const std::string& kind = spec_.nodes[idx].kind;
      if (kind != "storefront" && kind != "marketplace" && kind != "store") {
        diags_.add(r.at_ptr("nodes"), "expected nodes that capture orders (storefront, marketplace or store), found \"" +
                                          spec_.nodes[idx].id + "\" (a " + kind + ")");
        break;
      }
    }
    c.orders_per_hour = r.number("orders_per_hour", r.has("trace") ? Need::Optional : Need::Required, 0.0).value_or(0.0);
    if (r.has("trace")) {
      trace(r.at("trace"), ptr(at, "trace"), c);
    }
    if (r.has("profile")) {
      const auto& profile = r.at("profile");
      const std::string p_at = ptr(at, "profile");
      if (!profile.is_array() || profile.empty()) {
        diags_.expected(p_at, R"(a non-empty array of {"at": duration, "multiplier": number})", profile);
      } else {
        for (std::size_t idx = 0; idx < profile.size(); ++idx) {
          Reader point(profile[idx], ptr(p_at, idx), diags_, "profile point", {"at", "multiplier"});
          ProfilePoint pp;
          pp.at = point.duration("at", Need::Required).value_or(sim::Duration::zero());
          pp.multiplier = point.number("multiplier", Need::Required, 0.0).value_or(1.0);
          if (!c.profile.empty() && pp.at <= c.profile.back().at) {
            diags_.add(ptr(ptr(p_at, idx), "at"), "expected profile points in increasing time order, found " +
                                                      sim::format_duration(pp.at) + " after " +
                                                      sim::format_duration(c.profile.back().at));
          }
          c.profile.push_back(pp);
        }
      }
    }
    if (r.has("promotions")) {
      const auto& promos = r.at("promotions");
      const std::string p_at = ptr(at, "promotions");
      if (!promos.is_array()) {
        diags_.expected(p_at, "an array of promotions", promos);
      } else {
        for (std::size_t idx = 0; idx < promos.size(); ++idx) {
          Reader promo(promos[idx], ptr(p_at, idx), diags_, "promotion", {"name", "start", "duration", "multiplier"});
          Promotion p;
          p.name = promo.string("name", Need::Required).value_or("");
          p.start = promo.duration("start", Need::Required).value_or(sim::Duration::zero());
          p.duration = promo.duration("duration", Need::Required).value_or(sim::Duration::zero());
          p.multiplier = promo.number("multiplier", Need::Required, 0.0).value_or(1.0);
          c.promotions.push_back(p);
        }
      }
    }
    if (r.has("basket")) {
      Reader basket(r.at("basket"), ptr(at, "basket"), diags_, "basket", {"mean", "max"});
      c.basket_mean = basket.number("mean", Need::Required, 1.0).value_or(1.0);
      c.basket_max = basket.integer("max", Need::Optional, 1, 1000).value_or(std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(c.basket_mean * 4))));
      if (static_cast<double>(c.basket_max) < c.basket_mean) {
        diags_.add(ptr(at, "basket"), "expected max >= mean");
      }
    }
    c.zipf = r.number("zipf", Need::Optional, 0.0, 10.0);
    c.regions = r.weights("regions", Need::Optional).value_or(std::map<std::string, double>{});
    c.bopis_share = r.probability("bopis_share", Need::Optional).value_or(0.0);
    if (r.has("returns")) {
      Reader returns(r.at("returns"), ptr(at, "returns"), diags_, "returns", {"rate", "reasons"});
      c.return_rate = returns.probability("rate", Need::Required).value_or(0.0);
      c.return_reasons = returns.weights("reasons", Need::Optional).value_or(std::map<std::string, double>{});
    }
    spec_.channels.push_back(std::move(c));
  }

  // A deterministic list of single-line customers: {"at": "4m", "sku": "MUG", "units": 1}.
  void trace(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
    if (!value.is_array() || value.empty()) {
      diags_.expected(at, R"(a non-empty array of {"at": duration, "sku": id, "units": n})", value);
      return;
    }
    std::vector<std::string> sku_ids;
    for (const SkuSpec& sku : spec_.skus) {
      sku_ids.push_back(sku.id);
    }
    for (std::size_t idx = 0; idx < value.size(); ++idx) {
      const std::string e_at = ptr(at, idx);
      Reader e(value[idx], e_at, diags_, "trace entry", {"at", "sku", "units"});
      TraceEntry entry;
      entry.at = e.duration("at", Need::Required).value_or(sim::Duration::zero());
      entry.units = e.integer("units", Need::Optional, 1, 63).value_or(1);
      if (const auto sku = e.string("sku", Need::Required)) {
        const auto it = std::find(sku_ids.begin(), sku_ids.end(), *sku);
        if (it == sku_ids.end()) {
          diags_.add(ptr(e_at, "sku"), "unknown SKU \"" + *sku + "\"" + did_you_mean(*sku, sku_ids));
        } else {
          entry.sku = static_cast<std::uint32_t>(it - sku_ids.begin());
        }
      }
      if (!c.trace.empty() && entry.at < c.trace.back().at) {
        diags_.add(ptr(e_at, "at"), "expected trace entries in time order, found " + sim::format_duration(entry.at) +
                                        " after " + sim::format_duration(c.trace.back().at));
      }
      if (spec_.horizon > sim::Duration::zero() && entry.at >= spec_.horizon) {
        diags_.add(ptr(e_at, "at"), "expected a time within the horizon (" + sim::format_duration(spec_.horizon) +
                                        "), found " + sim::format_duration(entry.at));
      }
      c.trace.push_back(entry);
    }
  }

  // ---- policies -----------------------------------------------------------
  void policies(const nlohmann::json& value) {
    Reader r(value, "/policies", diags_, "policies", policy_levers());
    const std::map<std::string, std::string> defaults = {
        {"reservation", "none"}, {"batching", "as_configured"}, {"sourcing", "nearest"}, {"middleware", "at_least_once"}};
    for (const std::string& lever : policy_levers()) {
      const std::string at = ptr("/policies", lever);
      nlohmann::json given = r.has(lever) ? r.at(lever) : nlohmann::json{{"name", defaults.at(lever)}};
      if (!given.is_object()) {
        diags_.expected(at, R"(an object {"name": ..., parameters...})", given);
        continue;
      }
      if (!given.contains("name")) {
        diags_.add(at, "missing required key \"name\" (" + lever + " policies: " + list(policy_names(lever)) + ")");
        continue;
      }
      if (!given.at("name").is_string()) {
        diags_.expected(ptr(at, "name"), "a policy name", given.at("name"));
        continue;
      }
      const std::string name = given.at("name").get<std::string>();
      const PolicyOption* option = find_policy(lever, name);
      if (option == nullptr) {
        diags_.add(ptr(at, "name"), "unknown " + lever + " policy \"" + name + "\"" +
                                        did_you_mean(name, policy_names(lever)) + " (expected one of " +
                                        list(policy_names(lever)) + ")");
        continue;
      }
      nlohmann::json params = given;
      params.erase("name");
      spec_.policies[lever] = PolicySpec{name, option->params.check(params, at, diags_)};
    }
  }

  // ---- assertions ---------------------------------------------------------
  void assertions(const nlohmann::json& value) {
    if (!value.is_array()) {
      diags_.expected("/assertions", "an array of gates", value);
      return;
    }
    std::vector<std::string> channels;
    for (const ChannelSpec& c : spec_.channels) {
      channels.push_back(c.name);
    }
    for (std::size_t idx = 0; idx < value.size(); ++idx) {
      const std::string at = ptr("/assertions", idx);
      Reader r(value[idx], at, diags_, "gate",
               {"name", "metric", "labels", "statistic", "comparison", "threshold", "inconclusive"});
      if (!r.ok()) {
        continue;
      }
      GateSpec gate;
      gate.metric = r.choice("metric", Need::Required, metric_names(), "metric").value_or("");
      gate.statistic = r.choice("statistic", Need::Required, gate_statistics(), "statistic").value_or("");
      gate.comparison = r.choice("comparison", Need::Required, gate_comparisons(), "comparison").value_or("");
      gate.threshold = r.number("threshold", Need::Required).value_or(0.0);
      gate.inconclusive_passes = r.choice("inconclusive", Need::Optional, {"pass", "fail"}, "verdict").value_or("fail") == "pass";
      gate.name = r.string("name", Need::Optional).value_or("");
      if (r.has("labels")) {
        const auto& labels = r.at("labels");
        const MetricInfo* metric = find_metric(gate.metric);
        if (!labels.is_object()) {
          diags_.expected(ptr(at, "labels"), R"(an object such as {"channel": "web"})", labels);
        } else {
          for (const auto& [key, label] : labels.items()) {
            const std::string l_at = ptr(ptr(at, "labels"), key);
            if (metric != nullptr && std::find(metric->labels.begin(), metric->labels.end(), key) == metric->labels.end()) {
              diags_.add(l_at, "metric \"" + gate.metric + "\" has no label \"" + key + "\"" +
                                   (metric->labels.empty() ? " (it has no labels)" : " (labels: " + list(metric->labels) + ")"));
              continue;
            }
            if (!label.is_string()) {
              diags_.expected(l_at, "a string", label);
              continue;
            }
            const std::string text = label.get<std::string>();
            if (key == "channel" && std::find(channels.begin(), channels.end(), text) == channels.end()) {
              diags_.add(l_at, "no demand channel \"" + text + "\"" + did_you_mean(text, channels) +
                                   (channels.empty() ? "" : " (channels: " + list(channels) + ")"));
            } else if (key == "node" && !index_.contains(text)) {
              diags_.add(l_at, "no node \"" + text + "\"");
            }
            gate.labels[key] = text;
          }
        }
      }
      if (gate.name.empty()) {
        gate.name = gate.metric + (gate.labels.empty() ? "" : "{" + label_text(gate.labels) + "}") + " " +
                    gate.statistic + " " + gate.comparison + " " + nlohmann::json(gate.threshold).dump();
      }
      spec_.gates.push_back(gate);
    }
  }

  static std::string label_text(const std::map<std::string, std::string>& labels) {
    std::string out;
    for (const auto& [k, v] : labels) {
      out += (out.empty() ? "" : ",") + k + "=" + v;
    }
    return out;
  }

  static std::string list(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
      out += (out.empty() ? "" : ", ") + item;
    }
    return out;
  }

  const nlohmann::json& doc_;
  Diagnostics& diags_;
  ScenarioSpec spec_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> declared_;    // node ids as declared, for messages
  std::vector<std::string> failed_ids_;  // ids of node declarations that had errors
  std::size_t inventory_cells_ = 0;
  std::map<std::size_t, std::string> capture_channel_;  // node index -> the channel it captures
};

}  // namespace

ScenarioSpec build_spec(const nlohmann::json& document, Diagnostics& diags) { return Builder(document, diags).build(); }

std::optional<std::size_t> ScenarioSpec::node_index(const std::string& id) const {
  for (std::size_t idx = 0; idx < nodes.size(); ++idx) {
    if (nodes[idx].id == id) {
      return idx;
    }
  }
  return std::nullopt;
}

}  // namespace models::scenario
