#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <array>
#include <cmath>
#include <set>

#include "models/scenario/builder.h"
#include "models/scenario/opening_hours.h"
#include "models/scenario/semantic.h"

namespace models::scenario::detail {

ScenarioSpec Builder::build() {
  Reader top(doc_, "", diags_, "scenario",
             {"$schema", "name", "description", "seed", "horizon", "warmup", "start_date", "replications", "catalog", "nodes",
              "links", "demand", "stock", "policies", "experiments", "assertions"});
  if (!top.ok()) {
    return spec_;
  }
  spec_.name = top.string("name", Need::Required).value_or("");
  if (top.has("name") && top.at("name").is_string()) {
    check_file_name(spec_.name, "/name", diags_);
  }
  spec_.description = top.string("description", Need::Optional).value_or("");
  spec_.seed = static_cast<std::uint64_t>(top.integer("seed", Need::Optional, 0, INT64_MAX).value_or(1));
  const auto horizon = top.duration("horizon", Need::Required);
  spec_.horizon = horizon.value_or(sim::Duration::zero());
  if (horizon && *horizon <= sim::Duration::zero()) {
    diags_.add("/horizon", "expected a positive duration, found " + describe(top.at("horizon")));
  } else if (horizon && *horizon > kMaxHorizon) {
    diags_.add("/horizon", "expected a horizon of at most " + sim::format_duration(kMaxHorizon) +
                               " (a year: every run keeps a value a minute per series), found " +
                               describe(top.at("horizon")));
    spec_.horizon = kMaxHorizon;  // the rest of the file is checked against a horizon that could run
  }
  spec_.warmup = top.duration("warmup", Need::Optional).value_or(sim::Duration::zero());
  if (spec_.horizon > sim::Duration::zero() && spec_.warmup >= spec_.horizon) {
    diags_.add("/warmup", "expected a warm-up shorter than the horizon (" + sim::format_duration(spec_.horizon) +
                              "), found " + sim::format_duration(spec_.warmup));
  }
  if (const auto date = top.string("start_date", Need::Optional)) {
    if (const auto weekday = weekday_of(*date)) {
      spec_.start_weekday = *weekday;
      spec_.start_day = day_number(*date);
    } else {
      diags_.expected("/start_date", "a date \"YYYY-MM-DD\" such as \"2026-11-26\"", top.at("start_date"));
    }
  }
  spec_.replications = static_cast<std::uint32_t>(top.integer("replications", Need::Optional, 1, 100000).value_or(10));
  if (top.has("catalog")) {
    const std::size_t before = diags_.size();
    catalog(top.at("catalog"));
    catalog_failed_ = diags_.size() != before;
  } else {
    diags_.add("", "missing required scenario key \"catalog\"");
    catalog_failed_ = true;
  }
  if (top.has("nodes")) {
    nodes(top.at("nodes"));
  } else {
    diags_.add("", "missing required scenario key \"nodes\"");
  }
  dated_hours_need_a_start(top.has("start_date"));
  if (top.has("links")) {
    links(top.at("links"));
  }
  if (top.has("demand")) {
    demand(top.at("demand"));
  }
  cover_inventory();  // days of cover are measured against the demand
  if (top.has("stock")) {
    stock(top.at("stock"));  // a snapshot replaces drawn units
  }
  policies(top.has("policies") ? top.at("policies") : nlohmann::json::object());
  if (top.has("assertions")) {
    assertions(top.at("assertions"));
  }
  zero_latency_cycles();
  if (diags_.empty()) {
    check_model(spec_, diags_);  // on a spec whose fields are sound; otherwise it would repeat their errors
  }
  return spec_;
}

// Opening hours that name a date need the scenario's start_date to place it.
void Builder::dated_hours_need_a_start(bool has_start) {
  std::set<std::string> told;  // one message per node declaration (a glob declares many)
  for (const NodeSpec& node : spec_.nodes) {
    if (has_start || !node.params.has("opening_hours") || !node.params.json("opening_hours").is_object()) {
      continue;
    }
    for (const auto& [key, hours] : node.params.json("opening_hours").items()) {
      if (day_number(key) && told.insert(node.source_pointer).second) {
        diags_.add(node.source_pointer + "/params/opening_hours/" + key,
                   "a date needs the scenario's \"start_date\" (the date of the horizon's first day), which is missing");
      }
    }
  }
}

void Builder::catalog(const nlohmann::json& value) {
  Reader r(value, "/catalog", diags_, "catalog", {"skus", "id_prefix", "zipf", "price", "unit_cost_ratio", "items", "csv"});
  if (!r.ok()) {
    return;
  }
  const int given = static_cast<int>(r.has("skus")) + static_cast<int>(r.has("items")) + static_cast<int>(r.has("csv"));
  if (given != 1) {
    diags_.add("/catalog", R"(expected one of "skus" (a count with generators), "items" (an explicit list) and "csv" (a file of SKUs), found )" +
                               (given == 0 ? std::string("none") : std::to_string(given)));
    return;
  }
  if (r.has("items")) {
    catalog_items(r);
    return;
  }
  if (r.has("csv")) {
    catalog_csv(r);
    return;
  }
  const auto count = r.integer("skus", Need::Required, 1, kMaxSkus);
  const auto prefix = r.identifier("id_prefix", Need::Optional);
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
  if (!count || (r.has("id_prefix") && !prefix)) {
    return;
  }
  sim::LpRandom rng(spec_.seed, kLoaderReplication, kCatalogStream);
  const std::size_t width = std::to_string(*count).size();
  double total = 0.0;
  for (std::int64_t idx = 0; idx < *count; ++idx) {
    std::string number = std::to_string(idx + 1);
    number.insert(0, width - number.size(), '0');
    SkuSpec sku;
    sku.id = prefix.value_or("SKU-") + number;
    // (Boost's uniform_real_distribution(a, a) never returns: a range of one price is that price.)
    const double drawn = price_max > price_min
                             ? boost::random::uniform_real_distribution<double>(price_min, price_max)(rng)
                             : price_min;
    sku.price = std::round(drawn * 100) / 100;
    sku.unit_cost = std::round(sku.price * ratio * 100) / 100;
    sku.popularity = 1.0 / std::pow(static_cast<double>(idx + 1), zipf);  // Zipf by rank
    total += sku.popularity;
    spec_.skus.push_back(sku);
  }
  for (SkuSpec& sku : spec_.skus) {
    sku.popularity /= total;
  }
}

void Builder::catalog_items(Reader& r) {
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
    sku.id = item.identifier("id", Need::Required).value_or("");
    if (item.has("id") && !sku.id.empty() && !seen.insert(sku.id).second) {
      diags_.add(ptr(at, "id"), "duplicate SKU id \"" + sku.id + "\"");
    }
    sku.price = item.number("price", Need::Required, 0.0).value_or(0.0);
    sku.unit_cost = item.number("unit_cost", Need::Optional, 0.0).value_or(sku.price * 0.6);
    sku.popularity = item.number("popularity", Need::Optional, 0.0, std::nullopt, true).value_or(1.0);
    total += sku.popularity;
    spec_.skus.push_back(sku);
  }
  normalise_popularity(total);
}

void Builder::normalise_popularity(double total) {
  for (SkuSpec& sku : spec_.skus) {
    sku.popularity = total > 0 ? sku.popularity / total : 0.0;
  }
}

void Builder::policies(const nlohmann::json& value) {
  std::vector<std::string> keys = policy_levers();
  keys.emplace_back("safety_stock");  // a list of rules, not one named option (build_safety_stock.cpp)
  Reader r(value, "/policies", diags_, "policies", keys);
  constexpr std::array<std::string_view, kLevers> kDefaults = {"none", "as_configured", "nearest", "at_least_once",
                                                                 "shared_pool"};
  for (const Lever lever : all_values<Lever>()) {
    const std::string lever_name(to_string(lever));
    const std::string at = ptr("/policies", lever_name);
    nlohmann::json given = r.has(lever_name) ? r.at(lever_name)
                                             : nlohmann::json{{"name", kDefaults[static_cast<std::size_t>(lever)]}};
    if (!given.is_object()) {
      diags_.expected(at, R"(an object {"name": ..., parameters...})", given);
      continue;
    }
    if (!given.contains("name")) {
      diags_.add(at, "missing required key \"name\" (" + lever_name + " policies: " + list(policy_names(lever)) + ")");
      continue;
    }
    if (!given.at("name").is_string()) {
      diags_.expected(ptr(at, "name"), "a policy name", given.at("name"));
      continue;
    }
    const std::string name = given.at("name").get<std::string>();
    const PolicyOption* option = find_policy(lever, name);
    if (option == nullptr) {
      diags_.add(ptr(at, "name"), "unknown " + lever_name + " policy \"" + name + "\"" +
                                      did_you_mean(name, policy_names(lever)) + " (expected one of " +
                                      list(policy_names(lever)) + ")");
      continue;
    }
    nlohmann::json params = given;
    params.erase("name");
    spec_.policies[lever] = PolicySpec{option, option->params.check(params, at, diags_)};
  }
  if (r.has("safety_stock")) {
    safety_stock(r.at("safety_stock"));
  }
}

void Builder::assertions(const nlohmann::json& value) {
  if (!value.is_array()) {
    diags_.expected("/assertions", "an array of gates", value);
    return;
  }
  std::vector<std::string> channels;
  for (const ChannelSpec& c : spec_.channels) {
    channels.push_back(c.name);
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    assertion(value[idx], ptr("/assertions", idx), channels);
  }
}

void Builder::assertion(const nlohmann::json& value, const std::string& at, const std::vector<std::string>& channels) {
  Reader r(value, at, diags_, "gate",
           {"name", "metric", "labels", "statistic", "comparison", "threshold", "inconclusive", "variants", "relative"});
  if (!r.ok()) {
    return;
  }
  GateSpec gate;
  gate.metric = r.choice("metric", Need::Required, metric_names(), "metric").value_or("");
  gate.statistic = r.choice("statistic", Need::Required, gate_statistics(), "statistic").value_or("");
  check_gate_statistic(gate, at);
  gate.comparison = r.choice("comparison", Need::Required, gate_comparisons(), "comparison").value_or("");
  gate.threshold = r.number("threshold", Need::Required).value_or(0.0);
  gate.inconclusive_passes = r.choice("inconclusive", Need::Optional, {"pass", "fail"}, "verdict").value_or("fail") == "pass";
  gate.name = r.identifier("name", Need::Optional).value_or("");
  gate.relative = r.identifier("relative", Need::Optional).value_or("");
  gate.pointer = at;
  if (r.has("variants")) {
    gate_variants(r.at("variants"), ptr(at, "variants"), gate);
  }
  if (r.has("labels")) {
    gate_labels(r.at("labels"), ptr(at, "labels"), channels, gate);
  }
  check_gate_metric(gate, at, r.has("labels") && !r.at("labels").is_object(), channels);
  if (gate.name.empty()) {
    gate.name = default_gate_name(gate);
  }
  spec_.gates.push_back(gate);
}

// The names are checked against the file's variants by the loader, which knows them all.
void Builder::gate_variants(const nlohmann::json& value, const std::string& at, GateSpec& gate) {
  if (!value.is_array() || value.empty()) {
    diags_.expected(at, R"(a non-empty array of variant names, e.g. ["baseline", "all-three"])", value);
    return;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    const std::string v_at = ptr(at, idx);
    if (!value[idx].is_string()) {
      diags_.expected(v_at, "a variant name", value[idx]);
      continue;
    }
    const std::string name = value[idx].get<std::string>();
    if (!check_identifier(name, v_at, "a variant name", diags_)) {
      continue;
    }
    if (std::find(gate.variants.begin(), gate.variants.end(), name) != gate.variants.end()) {
      diags_.add(v_at, "expected each variant once, found \"" + name + "\" again");
      continue;
    }
    gate.variants.push_back(name);
  }
}

void Builder::check_gate_statistic(const GateSpec& gate, const std::string& at) {
  const MetricInfo* metric = find_metric(gate.metric);
  if (metric == nullptr || gate.statistic.empty()) {
    return;
  }
  const auto& fits = metric_statistics(metric->kind);
  if (std::find(fits.begin(), fits.end(), gate.statistic) == fits.end()) {
    diags_.add(ptr(at, "statistic"), "metric \"" + gate.metric + "\" has no statistic \"" + gate.statistic +
                                         "\" (it has: " + list(fits) + ")");
  }
}

void Builder::gate_labels(const nlohmann::json& labels, const std::string& at, const std::vector<std::string>& channels,
                          GateSpec& gate) {
  const MetricInfo* metric = find_metric(gate.metric);
  if (!labels.is_object()) {
    diags_.expected(at, R"(an object such as {"channel": "web"})", labels);
    return;
  }
  for (const auto& [key, label] : labels.items()) {
    const std::string l_at = ptr(at, key);
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

void Builder::check_gate_metric(const GateSpec& gate, const std::string& at, bool labels_malformed,
                                const std::vector<std::string>& channels) {
  const MetricInfo* metric = find_metric(gate.metric);
  if (metric == nullptr) {
    return;
  }
  // Gates that could only ever say "no samples" are refused here, not discovered in CI.
  if (!metric->measured) {
    std::string message = "metric \"";
    message += gate.metric;
    message += "\" is not measured by the models yet (it comes with fulfilment, middleware and returns); a gate "
               "on it could never pass";
    diags_.add(ptr(at, "metric"), message);
  }
  for (const std::string& key : metric->labels) {
    if (!gate.labels.contains(key) && !labels_malformed) {
      std::string message = "metric \"";
      message += gate.metric;
      message += "\" is measured per ";
      message += key;
      message += ": name one in \"labels\", e.g. {\"";
      message += key;
      message += "\": \"";
      message += key == "channel" && !channels.empty() ? channels.front() : std::string("...");
      message += "\"}";
      diags_.add(at, message);
    }
  }
}

// "oversells{channel=web} mean <= 5.0" (or "... mean vs baseline <= 0"), appended piece by piece so that GCC 12
// raises no false -Wrestrict (bug 105329).
std::string Builder::default_gate_name(const GateSpec& gate) {
  std::string name = gate.metric;
  if (!gate.labels.empty()) {
    name += '{';
    name += label_text(gate.labels);
    name += '}';
  }
  name += ' ';
  name += gate.statistic;
  if (!gate.relative.empty()) {
    name += " vs ";
    name += gate.relative;
  }
  for (const std::string& part : {gate.comparison, nlohmann::json(gate.threshold).dump()}) {
    name += ' ';
    name += part;
  }
  return name;
}

std::string Builder::label_text(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    out += (out.empty() ? "" : ",") + k + "=" + v;
  }
  return out;
}

std::string Builder::list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

}  // namespace models::scenario::detail

namespace models::scenario {

ScenarioSpec build_spec(const nlohmann::json& document, Diagnostics& diags, DataFiles& data) {
  return detail::Builder(document, diags, data).build();
}

const std::string& PolicySpec::name() const {
  static const std::string unset = "(unset)";
  return option == nullptr ? unset : option->name;
}

std::optional<std::size_t> ScenarioSpec::node_index(const std::string& id) const {
  for (std::size_t idx = 0; idx < nodes.size(); ++idx) {
    if (nodes[idx].id == id) {
      return idx;
    }
  }
  return std::nullopt;
}

}  // namespace models::scenario
