// The Builder's CSV stanzas (builder.h): a catalog, nodes, a stock snapshot and
// order logs read from files beside the scenario (models/scenario/data/).
// A file's errors are reported at the JSON pointer of the stanza that names it,
// each message located FILE:LINE:COLUMN (scenarios/README.md, "Data in").
#include <cmath>
#include <set>

#include "models/scenario/builder.h"
#include "models/scenario/data/order_log.h"
#include "models/scenario/json_text.h"

namespace models::scenario::detail {
namespace {

// A cell's text as JSON of the parameter's type; a message if it cannot be one.
std::optional<nlohmann::json> cell_value(const ParamSpec& spec, std::string_view text, std::string& why) {
  switch (spec.type) {
    case ParamType::Integer:
      if (const auto whole = parse_integer_cell(text)) {
        return nlohmann::json(*whole);
      }
      if (const auto number = parse_number_cell(text)) {
        return nlohmann::json(*number);  // the parameter's check says it is not whole
      }
      why = "an integer";
      return std::nullopt;
    case ParamType::Number:
    case ParamType::Probability:
      if (const auto number = parse_number_cell(text)) {
        return nlohmann::json(*number);
      }
      why = "a number";
      return std::nullopt;
    case ParamType::Boolean:
      if (text == "true" || text == "false") {
        return nlohmann::json(text == "true");
      }
      why = "true or false";
      return std::nullopt;
    case ParamType::Distribution:
    case ParamType::PerChannel:
    case ParamType::WeeklyHours:
      if (!text.empty() && text.front() == '{') {  // JSON in a quoted cell: "{""exponential"": {""mean"": ""5m""}}"
        Diagnostics syntax;  // the scenario's own parser: its nesting limit, no exceptions
        auto parsed = parse_json_text(text, syntax);
        if (!parsed) {
          why = "a JSON object";
        }
        return parsed;
      }
      return nlohmann::json(std::string(text));
    default:
      return nlohmann::json(std::string(text));
  }
}

// A name of 1 to kMaxIdentifier characters without control characters.
bool valid_name(std::string_view text) {
  return !text.empty() && text.size() <= kMaxIdentifier &&
         std::none_of(text.begin(), text.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)) != 0; });
}

std::string name_rule() { return "a name of 1 to " + std::to_string(kMaxIdentifier) + " characters"; }

}  // namespace

bool Builder::csv_error(const std::string& at, std::size_t& errors, const std::string& message) {
  diags_.add(at, message);
  if (++errors == kMaxCsvErrors) {
    diags_.add(at, "stopped reading the file after " + std::to_string(kMaxCsvErrors) + " errors");
    return false;
  }
  return true;
}

void Builder::catalog_csv(Reader& r) {
  const auto file = r.string("csv", Need::Required);
  if (!file) {
    return;
  }
  const std::string at = r.at_ptr("csv");
  std::size_t errors = 0;
  std::set<std::string, std::less<>> seen;
  double total = 0.0;
  try {
    CsvReader csv(data_.resolve(*file));
    csv.check_columns({"sku", "price"}, {"unit_cost", "popularity"});
    const std::size_t sku_col = *csv.column("sku");
    const std::size_t price_col = *csv.column("price");
    const auto cost_col = csv.column("unit_cost");
    const auto popularity_col = csv.column("popularity");
    // A number cell of at least 0 (above 0 when `exclusive`); `fallback` when the cell is empty.
    const auto number = [&](std::optional<std::size_t> col, bool exclusive,
                            std::optional<double> fallback) -> std::optional<double> {
      const std::string_view text = col ? csv.cell(*col) : std::string_view();
      if (text.empty() && fallback) {
        return fallback;
      }
      const auto value = parse_number_cell(text);
      if (!value || *value < 0.0 || (exclusive && *value == 0.0)) {
        csv_error(at, errors, csv.where(*col) + ": expected a number " + (exclusive ? "above 0" : "of at least 0") +
                                  ", found " + quoted_cell(text));
        return std::nullopt;
      }
      return value;
    };
    while (csv.next() && errors < kMaxCsvErrors) {
      if (csv.rows() > static_cast<std::size_t>(kMaxSkus)) {
        csv_error(at, errors, csv.where() + ": expected at most " + std::to_string(kMaxSkus) + " SKUs");
        break;
      }
      SkuSpec sku;
      sku.id = std::string(csv.cell(sku_col));
      if (!valid_name(sku.id)) {
        csv_error(at, errors, csv.where(sku_col) + ": expected " + name_rule() + ", found " + quoted_cell(sku.id));
      } else if (!seen.insert(sku.id).second) {
        csv_error(at, errors, csv.where(sku_col) + ": duplicate SKU id \"" + sku.id + "\"");
      }
      const auto price = number(price_col, false, std::nullopt);
      // As in "items": unit_cost defaults to 0.6 x price, popularity to 1.
      const auto cost = number(cost_col, false, price.value_or(0.0) * 0.6);
      const auto popularity = number(popularity_col, true, 1.0);
      sku.price = price.value_or(0.0);
      sku.unit_cost = cost.value_or(0.0);
      sku.popularity = popularity.value_or(1.0);
      total += sku.popularity;
      spec_.skus.push_back(std::move(sku));
    }
    if (csv.rows() == 0) {
      csv_error(at, errors, csv.path() + ": expected rows of SKUs after the header, found none");
    }
  } catch (const CsvError& e) {
    csv_error(at, errors, e.what());
  }
  if (errors > 0) {
    spec_.skus.clear();
    return;
  }
  normalise_popularity(total);
}

void Builder::nodes_csv(const nlohmann::json& value, const std::string& at) {
  Reader r(value, at, diags_, "node file", {"csv", "inventory"});
  const auto file = r.string("csv", Need::Required);
  const std::size_t before = diags_.size();
  const Inventory inventory = r.has("inventory") ? check_inventory(r.at("inventory"), r.at_ptr("inventory")) : Inventory{};
  if (!file || diags_.size() != before) {
    anonymous_failure_ = true;  // links and channels naming its nodes would only repeat this
    return;
  }
  const std::string csv_at = r.at_ptr("csv");
  std::size_t errors = 0;
  std::vector<NodeDeclaration> rows;
  try {
    CsvReader csv(data_.resolve(*file));
    csv.check_columns({"id", "kind"}, {"region"}, [](std::string_view name) {
      return std::any_of(node_kinds().begin(), node_kinds().end(),
                         [&](const NodeKindInfo& kind) { return kind.params.find(std::string(name)) != nullptr; });
    }, "a node kind's parameter");
    while (csv.next() && errors < kMaxCsvErrors) {
      if (spec_.nodes.size() + rows.size() >= kMaxNodes) {
        csv_error(csv_at, errors, csv.where() + ": expected at most " + std::to_string(kMaxNodes) + " nodes in a scenario");
        break;
      }
      if (auto decl = node_row(csv, csv_at, inventory, errors)) {
        rows.push_back(std::move(*decl));
      }
    }
    if (csv.rows() == 0) {
      csv_error(csv_at, errors, csv.path() + ": expected rows of nodes after the header, found none");
    }
  } catch (const CsvError& e) {
    csv_error(csv_at, errors, e.what());
  }
  if (errors > 0) {
    anonymous_failure_ = true;
    return;
  }
  for (NodeDeclaration& decl : rows) {
    decl.cover_split = rows.size();  // the file is one declaration: an online share is split over its rows
    declared_.push_back(decl.ids.front());
    if (!reserve_room(decl, at)) {
      anonymous_failure_ = true;
      return;
    }
    add_instances(decl, r, at);
  }
}

std::optional<Builder::NodeDeclaration> Builder::node_row(CsvReader& csv, const std::string& at,
                                                          const Inventory& inventory, std::size_t& errors) {
  const std::size_t errors_before = errors;
  NodeDeclaration decl;
  const std::size_t id_col = *csv.column("id");
  const std::size_t kind_col = *csv.column("kind");
  const std::string id(csv.cell(id_col));
  if (id.size() > kMaxIdentifier || !valid_id(id)) {
    csv_error(at, errors, csv.where(id_col) + ": expected a node id of 1 to " + std::to_string(kMaxIdentifier) +
                              " letters, digits, '-', '_' and '.', found " + quoted_cell(id));
  } else if (index_.contains(id) ||
             std::any_of(failed_ids_.begin(), failed_ids_.end(), [&](const std::string& f) { return f == id; })) {
    csv_error(at, errors, csv.where(id_col) + ": duplicate node id \"" + id + "\"" +
                              (index_.contains(id) ? " (first declared at " + spec_.nodes[index_[id]].source_pointer + ")" : ""));
  }
  const std::string kind_name(csv.cell(kind_col));
  decl.kind = find_node_kind(kind_name);
  if (decl.kind == nullptr) {
    csv_error(at, errors, csv.where(kind_col) + ": unknown node kind " + quoted_cell(kind_name) +
                              did_you_mean(kind_name, node_kind_names()) + " (expected one of " + list(node_kind_names()) + ")");
  }
  if (const auto region_col = csv.column("region")) {
    const std::string region(csv.cell(*region_col));
    if (!region.empty() && !valid_name(region)) {
      csv_error(at, errors, csv.where(*region_col) + ": expected " + name_rule() + ", found " + quoted_cell(region));
    } else if (!region.empty()) {
      decl.regions.push_back(region);
    }
  }
  if (decl.kind != nullptr && !node_row_params(csv, at, decl, errors)) {
    return std::nullopt;
  }
  if (errors != errors_before) {
    return std::nullopt;
  }
  decl.ids = {id};
  decl.inventory = inventory;
  return decl;
}

bool Builder::node_row_params(CsvReader& csv, const std::string& at, NodeDeclaration& decl, std::size_t& errors) {
  nlohmann::json given = nlohmann::json::object();
  const std::size_t errors_before = errors;
  for (std::size_t col = 0; col < csv.header().size(); ++col) {
    const std::string& name = csv.header()[col];
    const std::string_view text = csv.cell(col);
    if (name == "id" || name == "kind" || name == "region" || text.empty()) {
      continue;  // an empty cell: the kind's default
    }
    const ParamSpec* spec = decl.kind->params.find(name);
    if (spec == nullptr) {
      csv_error(at, errors, csv.where(col) + ": a " + decl.kind->name + " has no parameter \"" + name +
                                "\" (leave the cell empty on its rows)");
      continue;
    }
    std::string why;
    const auto value = cell_value(*spec, text, why);
    if (!value) {
      csv_error(at, errors, csv.where(col) + ": expected " + why + ", found " + quoted_cell(text));
      continue;
    }
    Diagnostics cell;
    check_param(*spec, *value, "", cell);
    for (const Diagnostic& d : cell.items()) {
      csv_error(at, errors, csv.where(col) + (d.pointer.empty() ? "" : " " + d.pointer) + ": " + d.message);
    }
    given[name] = *value;
  }
  if (errors != errors_before) {
    return false;
  }
  Diagnostics table;  // each cell is sound; what the table checks across them is located at the row
  decl.params = decl.kind->params.check(given, "", table);
  for (const Diagnostic& d : table.items()) {
    csv_error(at, errors, csv.where() + (d.pointer.empty() ? "" : " " + d.pointer) + ": " + d.message);
  }
  return errors == errors_before;
}

void Builder::stock(const nlohmann::json& value) {
  Reader r(value, "/stock", diags_, "stock snapshot", {"csv", "unlisted"});
  const auto file = r.string("csv", Need::Required);
  const bool zero_unlisted = r.choice("unlisted", Need::Optional, {"inventory", "zero"}, "rule for unlisted SKUs")
                                 .value_or("inventory") == "zero";
  if (!file || catalog_failed_ || anonymous_failure_ || !failed_ids_.empty()) {
    return;  // unknown nodes or SKUs would only repeat those errors
  }
  const std::string at = r.at_ptr("csv");
  std::size_t errors = 0;
  std::map<std::size_t, std::map<std::uint32_t, std::pair<std::int64_t, unsigned>>> snapshot;  // node -> SKU -> units, line
  try {
    CsvReader csv(data_.resolve(*file));
    csv.check_columns({"node", "sku", "units"}, {});
    const std::size_t node_col = *csv.column("node");
    const std::size_t sku_col = *csv.column("sku");
    const std::size_t units_col = *csv.column("units");
    std::vector<std::string> ids;
    for (const NodeSpec& n : spec_.nodes) {
      ids.push_back(n.id);
    }
    while (csv.next() && errors < kMaxCsvErrors) {
      const std::string_view node_id = csv.cell(node_col);
      const auto node = index_.find(std::string(node_id));
      if (node == index_.end()) {
        csv_error(at, errors, csv.where(node_col) + ": unknown node " + quoted_cell(node_id) + did_you_mean(node_id, ids));
      } else if (!node_kind(spec_.nodes[node->second].kind).holds_stock) {
        csv_error(at, errors, csv.where(node_col) + ": node \"" + std::string(node_id) + "\" (kind " +
                                  node_kind(spec_.nodes[node->second].kind).name +
                                  ") holds no stock; stores and warehouses do");
      }
      const std::string_view sku_text = csv.cell(sku_col);
      const auto sku = sku_of(sku_text);
      if (!sku) {
        std::vector<std::string> skus;
        for (const SkuSpec& s : spec_.skus) {
          skus.push_back(s.id);
        }
        csv_error(at, errors, csv.where(sku_col) + ": unknown SKU " + quoted_cell(sku_text) + did_you_mean(sku_text, skus));
      }
      const auto units = parse_integer_cell(csv.cell(units_col));
      if (!units || *units < 0 || *units > 1'000'000'000) {
        csv_error(at, errors, csv.where(units_col) + ": expected whole units from 0 to 1000000000, found " +
                                  quoted_cell(csv.cell(units_col)));
      }
      if (node == index_.end() || !sku || !units) {
        continue;
      }
      const auto [it, fresh] = snapshot[node->second].emplace(*sku, std::pair{*units, csv.line()});
      if (!fresh) {
        csv_error(at, errors, csv.where() + ": node \"" + std::string(node_id) + "\" and SKU \"" + std::string(sku_text) +
                                  "\" were given at line " + std::to_string(it->second.second) + " already");
      }
    }
    if (csv.rows() == 0) {
      csv_error(at, errors, csv.path() + ": expected rows of stock after the header, found none");
    }
  } catch (const CsvError& e) {
    csv_error(at, errors, e.what());
  }
  if (errors > 0) {
    return;
  }
  for (const auto& [node, units] : snapshot) {
    NodeSpec& n = spec_.nodes[node];
    std::vector<std::int64_t> levels(spec_.skus.size(), 0);
    if (n.inventory.empty()) {
      inventory_cells_ += levels.size();
      if (inventory_cells_ > kMaxInventoryCells) {
        diags_.add(at, "expected at most " + std::to_string(kMaxInventoryCells) +
                           " node x SKU inventory positions in a scenario, found more with this snapshot");
        return;
      }
    } else if (!zero_unlisted) {
      levels = n.inventory.get();  // what the node's "inventory" drew, for the SKUs the file does not list
    }
    for (const auto& [sku, given] : units) {
      levels[sku] = given.first;
    }
    n.inventory = std::move(levels);
  }
}

void Builder::order_log(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
  Reader r(value, at, diags_, "order log", {"csv", "channel", "start", "time_shift", "scale", "window"});
  if (!r.ok()) {
    return;
  }
  const std::size_t before = diags_.size();
  const auto file = r.string("csv", Need::Required);
  const std::string channel = r.identifier("channel", Need::Optional).value_or(c.name);
  std::optional<std::int64_t> start_us;
  if (const auto start = r.string("start", Need::Optional)) {
    start_us = parse_date_time(*start);
    if (!start_us) {
      diags_.add(r.at_ptr("start"), "expected an ISO 8601 date-time such as \"2024-11-29T00:00:00\" (optional "
                                    "\".ffffff\", \"Z\" or \"+01:00\"), found " + describe(r.at("start")));
    }
  }
  OrderLogReplay replay;
  if (const auto shift = r.string("time_shift", Need::Optional)) {
    const auto parsed = parse_signed_duration(*shift);
    if (!parsed) {
      diags_.add(r.at_ptr("time_shift"), "expected a duration added to every timestamp, such as \"2h\" or \"-30m\", "
                                         "found " + describe(r.at("time_shift")));
    }
    replay.time_shift = parsed.value_or(sim::Duration::zero());
  }
  replay.scale = r.number("scale", Need::Optional, 0.0, 1000.0).value_or(1.0);
  replay.to = spec_.horizon;
  if (r.has("window")) {
    Reader window(r.at("window"), r.at_ptr("window"), diags_, "window", {"from", "to"});
    replay.from = window.duration("from", Need::Optional).value_or(sim::Duration::zero());
    replay.to = window.duration("to", Need::Optional).value_or(spec_.horizon);
    if (replay.from >= replay.to) {
      diags_.add(r.at_ptr("window"), "expected \"from\" before \"to\", found from " + sim::format_duration(replay.from) +
                                         " and to " + sim::format_duration(replay.to));
    }
  }
  if (!file || diags_.size() != before || catalog_failed_) {
    return;
  }
  const std::string csv_at = r.at_ptr("csv");
  std::vector<std::string> errors;
  replay.log = data_.order_log(data_.resolve(*file), start_us, spec_.skus, errors);
  for (const std::string& error : errors) {
    diags_.add(csv_at, error);
  }
  if (!replay.log) {
    return;
  }
  const OrderLog& log = *replay.log;
  const auto code = log.channel(channel);
  if (!code) {
    diags_.add(r.has("channel") ? r.at_ptr("channel") : csv_at,
               log.path() + " has no row of channel \"" + channel + "\"" + did_you_mean(channel, log.channels()) +
                   " (its channels: " + list(log.channels()) + "; \"channel\" picks one, by default the demand channel's name)");
    return;
  }
  replay.channel = *code;
  const std::vector<std::string> known = known_regions(c);
  for (const auto& [region, line] : log.regions_of(*code)) {
    const std::string& name = log.regions()[region - 1];
    if (!std::binary_search(known.begin(), known.end(), name)) {
      diags_.add(csv_at, log.path() + ":" + std::to_string(line) + ": no node or channel region \"" + name + "\"" +
                             did_you_mean(name, known));
    }
  }
  // What a capture node may take in one run (an order's sequence number has 23 bits).
  std::size_t kept = 0;
  OrderLog::Cursor cursor(log);
  OrderLog::Order order;
  while (cursor.next(order)) {
    kept += order.channel == replay.channel && replay.keeps(order.at, spec_.horizon) ? 1 : 0;
  }
  if (kept == 0) {
    diags_.add(at, "no order of channel \"" + channel + "\" in " + log.path() + " falls in [" +
                       sim::format_duration(replay.from) + ", " + sim::format_duration(std::min(replay.to, spec_.horizon)) +
                       ") of the horizon after time_shift (check \"start\", \"time_shift\" and \"window\")");
    return;
  }
  if (static_cast<double>(kept) * std::ceil(replay.scale) > static_cast<double>(kMaxReplayOrders)) {
    diags_.add(at, "expected at most " + std::to_string(kMaxReplayOrders) + " orders replayed at a capture node in a run, found " +
                       std::to_string(kept) + " x scale " + nlohmann::json(replay.scale).dump());
    return;
  }
  c.order_log = std::move(replay);
}

}  // namespace models::scenario::detail
