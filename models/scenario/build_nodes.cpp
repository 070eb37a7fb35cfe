#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <bit>
#include <cmath>
#include <set>

#include "models/scenario/builder.h"
#include "models/scenario/demand_plan.h"
#include "sim/hash.h"

namespace models::scenario::detail {

void Builder::nodes(const nlohmann::json& value) {
  if (!value.is_array() || value.empty()) {
    diags_.expected("/nodes", "a non-empty array of nodes", value);
    return;
  }
  if (value.size() > kMaxNodes) {  // each declaration is at least one node: refuse before reading them
    diags_.add("/nodes", "expected at most " + std::to_string(kMaxNodes) + " node declarations (nodes in all), found " +
                             std::to_string(value.size()));
    anonymous_failure_ = true;
    return;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    node(value[idx], ptr("/nodes", idx));
  }
}

void Builder::node(const nlohmann::json& value, const std::string& at) {
  if (value.is_object() && value.contains("csv")) {
    nodes_csv(value, at);
    return;
  }
  Reader r(value, at, diags_, "node", {"id", "kind", "region", "params", "vary", "inventory", "count", "outages"});
  const auto id = r.identifier("id", Need::Required);
  if (!id) {
    anonymous_failure_ = true;  // links and channels may name it: their errors would mislead
    return;
  }
  const auto kind_name = r.choice("kind", Need::Required, node_kind_names(), "node kind");
  NodeDeclaration decl;
  decl.ids = node_ids(r, *id, at);
  decl.regions = node_regions(r, at);
  decl.kind = kind_name ? find_node_kind(*kind_name) : nullptr;
  if (decl.kind != nullptr) {
    decl.params = decl.kind->params.check(r.has("params") ? r.at("params") : nlohmann::json(), ptr(at, "params"), diags_);
    if (decl.kind->kind == NodeKind::Erp && decl.params.has("ledger") && !decl.params.boolean("ledger")) {
      // The posting job and the finance team exist only with the ledger: refused, not ignored.
      for (const char* name : {"post_every", "post_capacity", "finance_staff", "finance_handling_time"}) {
        if (r.has("params") && r.at("params").is_object() && r.at("params").contains(name)) {
          diags_.add(ptr(ptr(at, "params"), name), std::string("expected \"ledger\": true beside \"") + name +
                                                       "\" (it sizes the ERP's ledger), found the ledger off");
        }
      }
    }
  }
  const std::size_t before = diags_.size();
  decl.vary = r.has("vary") ? &r.at("vary") : nullptr;
  if (decl.vary != nullptr && decl.kind != nullptr) {
    check_vary(*decl.vary, ptr(at, "vary"), decl.kind->params);
  }
  if (r.has("inventory")) {
    decl.inventory = check_inventory(r.at("inventory"), ptr(at, "inventory"));
  }
  if (r.has("outages")) {
    decl.outages = down_windows(r.at("outages"), ptr(at, "outages"));
  }
  const bool sound = decl.kind != nullptr && diags_.size() == before;
  if (!decl.ids.empty() && !sound) {
    // Links and channels naming these ids would only repeat this node's error.
    failed_ids_.insert(failed_ids_.end(), decl.ids.begin(), decl.ids.end());
  }
  if (decl.ids.empty() || !sound || !reserve_room(decl, at)) {
    return;
  }
  add_instances(decl, r, at);
}

std::vector<std::string> Builder::node_ids(Reader& r, const std::string& id, const std::string& at) {
  std::string error;
  auto expanded = expand_template(id, error);
  if (!expanded) {
    diags_.add(ptr(at, "id"), "expected " + error + ", found " + describe(r.at("id")));
    // Stand-in id so that globs meant for this template do not report again.
    const std::size_t open = id.find('{');
    failed_ids_.push_back(open == std::string::npos ? id : id.substr(0, open) + "1");
    return {};
  }
  std::vector<std::string> ids = std::move(*expanded);
  if (r.has("count")) {
    const auto count = r.integer("count", Need::Optional, 1, static_cast<std::int64_t>(kMaxTemplateCount));
    if (count && static_cast<std::size_t>(*count) != ids.size()) {
      diags_.add(ptr(at, "count"), "expected " + std::to_string(ids.size()) + " (the ids \"" + id +
                                       "\" expands to), found " + std::to_string(*count));
    }
  }
  declared_.push_back(ids.size() > 1 ? ids.front() + ".." + ids.back() : ids.front());
  return ids;
}

std::vector<std::string> Builder::node_regions(const Reader& r, const std::string& at) {
  std::vector<std::string> regions;
  if (!r.has("region")) {
    return regions;
  }
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
  return regions;
}

bool Builder::reserve_room(const NodeDeclaration& decl, const std::string& at) {
  const std::size_t count = decl.ids.size();
  if (spec_.nodes.size() + count > kMaxNodes) {
    diags_.add(ptr(at, "id"), "expected at most " + std::to_string(kMaxNodes) + " nodes in a scenario, found " +
                                  std::to_string(spec_.nodes.size() + count) + " by this declaration");
    return false;
  }
  const Inventory& inventory = decl.inventory;
  const std::size_t cells = inventory.any() ? count * spec_.skus.size() : 0;
  if (inventory_cells_ + cells > kMaxInventoryCells) {
    diags_.add(ptr(at, "inventory"), "expected at most " + std::to_string(kMaxInventoryCells) +
                                         " node x SKU inventory positions in a scenario, found " +
                                         std::to_string(inventory_cells_ + cells) + " by this declaration");
    return false;
  }
  inventory_cells_ += cells;
  return true;
}

void Builder::add_instances(const NodeDeclaration& decl, Reader& r, const std::string& at) {
  for (std::size_t instance = 0; instance < decl.ids.size(); ++instance) {
    const std::string& node_id = decl.ids[instance];
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
    n.kind = decl.kind->kind;
    n.region = decl.regions.empty() ? "" : decl.regions[instance % decl.regions.size()];
    n.source_pointer = at;
    sim::LpRandom rng(spec_.seed, kLoaderReplication, stream_of(node_id));
    n.outages = decl.outages;
    n.params = decl.vary != nullptr ? varied_params(*decl.vary, decl.kind->params, r, at, rng) : decl.params;
    if (decl.inventory.cover) {
      pending_cover_.push_back(
          PendingCover{spec_.nodes.size(), decl.inventory, decl.cover_split > 0 ? decl.cover_split : decl.ids.size()});
    } else {
      n.inventory = draw_inventory(decl.inventory, rng);
    }
    index_[node_id] = spec_.nodes.size();
    spec_.nodes.push_back(std::move(n));
  }
}

void Builder::check_vary(const nlohmann::json& vary, const std::string& at, const ParamTable& table) {
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

ParamValues Builder::varied_params(const nlohmann::json& vary, const ParamTable& table, Reader& r, const std::string& at, sim::LpRandom& rng) {
  nlohmann::json given = r.has("params") && r.at("params").is_object() ? r.at("params") : nlohmann::json::object();
  for (const auto& [name, range] : vary.items()) {
    const ParamSpec* spec = table.find(name);
    if (spec->type == ParamType::Integer) {
      given[name] = boost::random::uniform_int_distribution<std::int64_t>(range.at("min").get<std::int64_t>(),
                                                                          range.at("max").get<std::int64_t>())(rng);
    } else if (spec->type == ParamType::Number) {
      const double lo = range.at("min").get<double>(), hi = range.at("max").get<double>();
      // Boost's uniform_real_distribution(a, a) never returns: a range of one value is that value.
      given[name] = hi > lo ? boost::random::uniform_real_distribution<double>(lo, hi)(rng) : lo;
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

Builder::Inventory Builder::check_inventory(const nlohmann::json& value, const std::string& at) {
  Inventory inv;
  Reader r(value, at, diags_, "inventory", {"units_per_sku", "days_of_cover", "coverage", "skus"});
  if (!r.ok()) {
    return inv;
  }
  if (r.has("units_per_sku") && r.has("days_of_cover")) {
    diags_.add(at, R"(expected either "units_per_sku" or "days_of_cover", found both)");
  } else if (r.has("days_of_cover")) {
    inv.cover = check_cover(r.at("days_of_cover"), r.at_ptr("days_of_cover"));
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
    for (const auto& [sku, units] : skus.items()) {
      const auto index = find_sku(nlohmann::json(sku), ptr(skus_at, sku));
      if (!index) {
        continue;
      }
      if (!units.is_number_integer() || units.get<std::int64_t>() < 0) {
        diags_.expected(ptr(skus_at, sku), "a count of units (an integer of at least 0)", units);
      } else {
        inv.explicit_units[*index] = units.get<std::int64_t>();
      }
    }
  }
  return inv;
}

std::optional<Builder::DaysOfCover> Builder::check_cover(const nlohmann::json& value, const std::string& at) {
  Reader r(value, at, diags_, "days of cover", {"min", "max", "online_share"});
  if (!r.ok()) {
    return std::nullopt;
  }
  DaysOfCover cover;
  cover.min = r.number("min", Need::Required, 0.0, 3650.0).value_or(0.0);
  cover.max = r.number("max", Need::Required, 0.0, 3650.0).value_or(0.0);
  cover.online_share = r.probability("online_share", Need::Optional).value_or(0.0);
  if (cover.max < cover.min) {
    diags_.add(at, "expected max >= min, found min " + nlohmann::json(cover.min).dump() + " and max " +
                       nlohmann::json(cover.max).dump());
  }
  return cover;
}

// A node's planned daily units of each SKU: the walk-in demand it captures itself,
// plus online_share of the online channels' (those whose capture nodes hold no
// stock) demand, split evenly over the nodes of its declaration.
void Builder::cover_inventory() {
  const PlannedDay day = planned_day(spec_);
  const std::vector<std::vector<double>>& planned = day.per_channel;
  const std::vector<double>& online = day.online;
  for (const PendingCover& pending : pending_cover_) {
    NodeSpec& n = spec_.nodes[pending.node];
    std::vector<double> daily(spec_.skus.size(), 0.0);
    for (std::size_t c = 0; c < spec_.channels.size(); ++c) {
      const auto& nodes = spec_.channels[c].nodes;
      if (std::find(nodes.begin(), nodes.end(), pending.node) != nodes.end()) {
        daily = planned[c];
      }
    }
    const double share = pending.inventory.cover->online_share / static_cast<double>(pending.instances);
    for (std::size_t sku = 0; sku < daily.size(); ++sku) {
      daily[sku] += share * online[sku];
    }
    // Every input of the draw, hashed: a variant that changes none of them takes the copy already drawn.
    const Inventory& inv = pending.inventory;
    std::uint64_t inputs = sim::fnv_mix(sim::kFnvOffset64, spec_.seed);
    for (const double x : {inv.cover->min, inv.cover->max, static_cast<double>(inv.min), static_cast<double>(inv.max),
                           inv.coverage}) {
      inputs = sim::fnv_mix(inputs, std::bit_cast<std::uint64_t>(x));
    }
    for (const auto& [sku, count] : inv.explicit_units) {
      inputs = sim::fnv_mix(sim::fnv_mix(inputs, sku), static_cast<std::uint64_t>(count));
    }
    inputs = sim::fnv_mix(inputs, daily.size());
    for (const double units : daily) {
      inputs = sim::fnv_mix(inputs, std::bit_cast<std::uint64_t>(units));
    }
    if (const StockLevels* drawn = data_.drawn_stock(n.id, inputs)) {
      n.inventory = *drawn;
      continue;
    }
    sim::LpRandom rng(spec_.seed, kLoaderReplication, stream_of(n.id + "/cover"));
    n.inventory = draw_inventory(inv, rng, daily);
    data_.keep_stock(n.id, inputs, n.inventory);
  }
}

std::vector<std::int64_t> Builder::draw_inventory(const Inventory& inv, sim::LpRandom& rng,
                                                  const std::vector<double>& daily) const {
  if (!inv.any()) {
    return {};
  }
  std::vector<std::int64_t> units(spec_.skus.size(), 0);
  for (std::size_t sku = 0; sku < units.size(); ++sku) {
    if (inv.coverage < 1.0 && rng.uniform01() >= inv.coverage) {
      continue;
    }
    if (inv.cover) {
      const double days = inv.cover->max > inv.cover->min
                              ? boost::random::uniform_real_distribution<double>(inv.cover->min, inv.cover->max)(rng)
                              : inv.cover->min;
      // Rounded to 1e-9 first, so that a product meant to be whole (2 days x 3 a day) is not ceiled up.
      // (At most 10^9 units, the bound of "units_per_sku".)
      units[sku] = static_cast<std::int64_t>(std::min(1e9, std::ceil(std::round(days * daily[sku] * 1e9) / 1e9)));
      continue;
    }
    units[sku] = inv.min == inv.max ? inv.min : boost::random::uniform_int_distribution<std::int64_t>(inv.min, inv.max)(rng);
  }
  for (const auto& [sku, count] : inv.explicit_units) {
    units[sku] = count;
  }
  return units;
}

}  // namespace models::scenario::detail
