#include "models/scenario/schema.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <memory>

#include "models/registry.h"
#include "models/scenario/builder.h"
#include "models/scenario/distribution.h"
#include "models/scenario/reader.h"
#include "models/scenario/spec.h"

namespace models::scenario {
namespace {

using nlohmann::json;

json ref(const char* name) { return {{"$ref", std::string("#/definitions/") + name}}; }

json closed_object(json properties, json required = json::array()) {
  json out = {{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
  if (!required.empty()) {
    out["required"] = std::move(required);
  }
  return out;
}

json node_schema() {
  json kinds = json::array();
  json conditionals = json::array();
  for (const NodeKindInfo& kind : node_kinds()) {
    kinds.push_back(kind.name);
    conditionals.push_back({{"if", {{"properties", {{"kind", {{"const", kind.name}}}}}}},
                            {"then", {{"properties", {{"params", kind.params.schema()}}}}}});
  }
  const json range = closed_object({{"min", json::object()}, {"max", json::object()}}, {"min", "max"});
  const json count = {{"type", "integer"}, {"minimum", 0}};
  const json units_range = closed_object({{"min", count}, {"max", count}}, {"min", "max"});
  const json days = {{"type", "number"}, {"minimum", 0}, {"maximum", 3650}};
  const json cover = closed_object(
      {{"min", days},
       {"max", days},
       {"online_share", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                         {"description", "Share of the online channels' demand these nodes cover, split evenly (default 0)"}}}},
      {"min", "max"});
  const json inventory = closed_object({{"units_per_sku", {{"oneOf", json::array({count, units_range})}}},
                                        {"days_of_cover", cover},
                                        {"coverage", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                                        {"skus", {{"type", "object"}, {"additionalProperties", count}}}});
  const json region = {{"oneOf", json::array({{{"type", "string"}},
                                              {{"type", "array"}, {"minItems", 1}, {"items", {{"type", "string"}}}}})},
                       {"description", "A region, or a list cycled over the instances"}};
  json node = closed_object(
      {{"id", {{"type", "string"}, {"description", "Node id, or a template such as \"store-{001..180}\""}}},
       {"count", {{"type", "integer"}, {"minimum", 1}, {"description", "Optional check: how many ids the template makes"}}},
       {"kind", {{"enum", kinds}}},
       {"region", region},
       {"params", {{"type", "object"}}},
       {"vary", {{"type", "object"},
                 {"additionalProperties", range},
                 {"description", "Per-instance variation drawn from the seed: parameter -> {min, max}"}}},
       {"inventory", inventory},
       {"outages", {{"type", "array"},
                    {"description", "Windows the system is down (scenarios/README.md, \"System outages\"), in time order, disjoint"},
                    {"items", closed_object({{"start", ref("duration")}, {"duration", ref("duration")}},
                                            {"start", "duration"})}}}},
      {"id", "kind"});
  node["allOf"] = conditionals;
  // {"csv": FILE, "inventory": ...}: one node per row of the file (scenarios/README.md, "Data in").
  const json from_file = closed_object(
      {{"csv", {{"type", "string"},
                {"description", "CSV file of nodes (columns id, kind, region, then parameters), relative to the scenario"}}},
       {"inventory", inventory}},
      {"csv"});
  return {{"if", {{"required", {"csv"}}}}, {"then", from_file}, {"else", node}};
}

json link_schema() {
  const json probability = {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
  const json outage = closed_object({{"start", ref("duration")},
                                     {"duration", ref("duration")},
                                     {"on_recover", {{"enum", {"replay", "lose"}}}}},
                                    {"start", "duration"});
  return closed_object(
      {{"name", {{"type", "string"}}},
       {"from", {{"type", "string"}, {"description", "Node id or glob (\"store-*\")"}}},
       {"to", {{"type", "string"}, {"description", "Node id or glob"}}},
       {"carries", {{"enum", link_carries()}}},
       {"mode", {{"enum", link_modes()}}},
       {"latency", ref("distribution")},
       {"interval", ref("duration")},
       {"max_batch", {{"type", "integer"}, {"minimum", 1}}},
       {"capacity_per_s", {{"type", "number"},
                           {"exclusiveMinimum", 0},
                           {"description", "API gateway rate limit: calls beyond it wait for their turn"}}},
       {"burst", {{"type", "integer"}, {"minimum", 1}, {"description", "Calls let through at once (with capacity_per_s)"}}},
       {"low_stock_threshold", {{"type", "integer"}, {"minimum", 0}}},
       {"timeout", ref("duration")},
       {"faults", closed_object({{"outages", {{"type", "array"}, {"items", outage}}},
                                 {"duplicate", probability},
                                 {"reorder", probability},
                                 {"loss", probability},
                                 {"malformed", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                                                {"description", "Chance a message is a record its consumer cannot read: dead-lettered"}}},
                                 {"resend", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                                             {"description", "Chance a batch or file (a stream link: a message) is sent a second time: its order lines and inventory deltas arrive twice"}}}})},
       {"schema", closed_object({{"switch_at", ref("duration")}, {"accepts_at", ref("duration")}}, {"switch_at"})}},
      {"from", "to", "carries", "mode"});
}

json channel_schema() {
  const json line_units = {{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxLineUnits}};
  const json weights = {{"type", "object"}, {"additionalProperties", {{"type", "number"}, {"minimum", 0}}}};
  const json order_log = closed_object(
      {{"csv", {{"type", "string"},
                {"description", "CSV file of order lines (timestamp, channel, order_id, sku, units, region), relative to the scenario"}}},
       {"channel", {{"type", "string"}, {"description", "The log's channel to replay (default: this channel's name)"}}},
       {"start", {{"type", "string"},
                  {"description", "ISO 8601 date-time of the horizon's start: timestamps are then date-times (default: durations from the start)"}}},
       {"time_shift", {{"type", "string"},
                       {"pattern", "^-?[0-9]"},
                       {"description", "Duration added to every timestamp, may be negative (default 0s)"}}},
       {"scale", {{"type", "number"}, {"minimum", 0}, {"maximum", 1000},
                  {"description", "Orders replayed per logged order in expectation: thinned or copied per replication (default 1)"}}},
       {"window", closed_object({{"from", ref("duration")}, {"to", ref("duration")}})}},
      {"csv"});
  return closed_object(
      {{"nodes", {{"type", "string"}, {"description", "Capture node id or glob"}}},
       {"orders_per_hour", {{"type", "number"}, {"minimum", 0}, {"description", "Base rate per capture node"}}},
       {"order_log", order_log},
       {"trace", {{"type", "array"},
                  {"minItems", 1},
                  {"description", "A fixed list of customers (one line, or \"lines\"), instead of the Poisson process"},
                  {"items", closed_object({{"at", ref("duration")},
                                           {"region", {{"type", "string"}, {"description", "The customer's region (default: drawn from \"regions\")"}}},
                                           {"sku", {{"type", "string"}}},
                                           {"units", line_units},
                                           {"lines", {{"type", "array"},
                                                      {"minItems", 1},
                                                      {"items", closed_object({{"sku", {{"type", "string"}}}, {"units", line_units}},
                                                                              {"sku"})}}}},
                                          {"at"})}}},
       {"profile", {{"type", "array"},
                    {"items", closed_object({{"at", ref("duration")}, {"multiplier", {{"type", "number"}, {"minimum", 0}}}},
                                            {"at", "multiplier"})}}},
       {"promotions", {{"type", "array"},
                       {"items", closed_object({{"name", {{"type", "string"}}},
                                                {"start", ref("duration")},
                                                {"duration", ref("duration")},
                                                {"multiplier", {{"type", "number"}, {"minimum", 0}}},
                                                {"skus", {{"type", "array"}, {"minItems", 1}, {"items", {{"type", "string"}}},
                                                          {"description", "Only these SKUs' demand is multiplied"}}},
                                                {"sku_range", {{"type", "array"}, {"minItems", 2}, {"maxItems", 2},
                                                               {"items", {{"type", "string"}}},
                                                               {"description", "First and last SKU id, catalog order"}}},
                                                {"top", {{"type", "integer"}, {"minimum", 1},
                                                         {"description", "The channel's N most popular SKUs"}}}},
                                               {"name", "start", "duration", "multiplier"})}}},
       {"basket", closed_object({{"mean", {{"type", "number"}, {"minimum", 1}}}, {"max", {{"type", "integer"}, {"minimum", 1}}}},
                                {"mean"})},
       {"units_per_line",
        closed_object({{"empirical", {{"type", "array"},
                                      {"minItems", 1},
                                      {"items", closed_object({{"value", line_units}, {"weight", {{"type", "number"}, {"minimum", 0}}}},
                                                              {"value", "weight"})}}}},
                      {"empirical"})},
       {"zipf", {{"type", "number"}, {"minimum", 0}, {"maximum", 10}}},
       {"regions", weights},
       {"bopis_share", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                        {"description", "Share of orders picked up in a store (bopis stores only)"}}},
       {"bopis_promise", {{"allOf", {ref("duration")}}, {"description", "Capture to ready for pickup (default 2h)"}}},
       {"promise", ref("duration")},
       {"cancellation_cost", {{"type", "number"}, {"minimum", 0},
                              {"description", "Currency per promised line canceled: appeasement, marketplace penalties (default 0)"}}},
       {"split_tender_share", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                               {"description", "With the ERP's ledger: share of orders paid with two tenders, each settled separately (default 0)"}}},
       {"tender_mismatch", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                            {"description", "With the ERP's ledger: chance a tender's settlement disagrees with the posted sale, a finance exception case (default 0)"}}},
       {"chargeback_cost", {{"type", "number"}, {"minimum", 0},
                            {"description", "Marketplace channels: currency per chargeback, each line canceled after its promise and each SLA miss (default 0)"}}},
       {"returns", closed_object({{"rate", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}}, {"reasons", weights},
                                  {"in_store", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                                                {"description", "Online channels: share of returns taken back in a store (default 0.3 for storefronts, 0 for marketplaces)"}}},
                                  {"resellable", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                                                  {"description", "Share of returned units fit to sell again (default 0.7)"}}}},
                                 {"rate"})}},
      {"nodes"});
}

// policies.safety_stock: rules, each with one scope key and a form with the form's parameters.
json safety_stock_schema() {
  std::vector<std::string> stock_kinds;
  for (const NodeKindInfo& kind : node_kinds()) {
    if (kind.holds_stock) {
      stock_kinds.push_back(kind.name);
    }
  }
  const json scopes = {{"node", {{"type", "string"}, {"description", "A store or warehouse id, or a glob such as \"store-*\""}}},
                       {"kind", {{"enum", stock_kinds}}},
                       {"network", {{"const", true}}},
                       {"channel", {{"type", "string"}, {"description", "An online demand channel"}}}};
  json conditionals = json::array();
  for (const SafetyStockOption& form : safety_stock_forms()) {
    json params = form.params.schema();
    for (const auto& [key, scope] : scopes.items()) {
      params["properties"][key] = scope;
    }
    params["properties"]["form"] = {{"const", form.name}};
    conditionals.push_back({{"if", {{"properties", {{"form", {{"const", form.name}}}}}}}, {"then", params}});
  }
  json one_scope = json::array();
  for (const auto& [key, scope] : scopes.items()) {
    one_scope.push_back({{"required", {key}}});
  }
  return {{"type", "array"},
          {"description", "Safety stock rules: per node (id or glob), node kind, the network or a channel; the most specific wins"},
          {"items", {{"type", "object"},
                     {"required", {"form"}},
                     {"properties", {{"form", {{"enum", safety_stock_form_names()}}}}},
                     {"oneOf", one_scope},
                     {"allOf", conditionals}}}};
}

json policies_schema() {
  json properties = json::object();
  for (const Lever lever : all_values<Lever>()) {
    json names = json::array();
    json conditionals = json::array();
    for (const PolicyOption& option : policy_options()) {
      if (option.lever != lever) {
        continue;
      }
      names.push_back(option.name);
      json params = option.params.schema();
      params["properties"]["name"] = {{"const", option.name}};
      conditionals.push_back({{"if", {{"properties", {{"name", {{"const", option.name}}}}}}}, {"then", params}});
    }
    properties[std::string(to_string(lever))] = {{"type", "object"},
                         {"required", {"name"}},
                         {"properties", {{"name", {{"enum", names}}}}},
                         {"allOf", conditionals}};
  }
  properties["safety_stock"] = safety_stock_schema();
  return closed_object(properties);
}

json gate_schema() {
  return closed_object({{"name", {{"type", "string"}}},
                        {"metric", {{"enum", metric_names()}}},
                        {"labels", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}},
                        {"statistic", {{"enum", gate_statistics()}}},
                        {"comparison", {{"enum", gate_comparisons()}}},
                        {"threshold", {{"type", "number"}}},
                        {"inconclusive", {{"enum", {"pass", "fail"}}}},
                        {"variants", {{"type", "array"},
                                      {"minItems", 1},
                                      {"uniqueItems", true},
                                      {"items", {{"type", "string"}}},
                                      {"description", "The variants it judges (default: every one)"}}},
                        {"relative", {{"type", "string"},
                                      {"description", "Judge the paired difference against this variant "
                                                      "(e.g. \"baseline\"), not the metric itself"}}}},
                       {"metric", "statistic", "comparison", "threshold"});
}

json make_schema() {
  const json override_item = closed_object({{"path", {{"type", "string"}, {"description", "JSON pointer, e.g. /links/0/mode"}}},
                                            {"value", json::object()}},
                                           {"path", "value"});
  const json sweep_axis = closed_object(
      {{"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxIdentifier}}},
       {"path", {{"type", "string"}, {"description", "JSON pointer of the field the axis sets, e.g. /links/0/interval"}}},
       {"values", {{"type", "array"}, {"minItems", 1}}},
       {"labels", {{"type", "array"}, {"items", {{"type", "string"}, {"pattern", "^[A-Za-z0-9._-]+$"}}}}}},
      {"name", "path", "values"});
  json schema = closed_object(
      {{"$schema", {{"type", "string"}}},
       {"name", {{"type", "string"},
                 {"minLength", 1},
                 {"maxLength", kMaxIdentifier},
                 {"pattern", "^[A-Za-z0-9._-]+$"},
                 {"not", {{"enum", {".", ".."}}}},
                 {"description", "Names the output folder out/NAME"}}},
       {"description", {{"type", "string"}}},
       {"seed", {{"type", "integer"}, {"minimum", 0}}},
       {"horizon", ref("duration")},
       {"warmup", ref("duration")},
       {"start_date", {{"type", "string"},
                       {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                       {"description", "The date of the horizon's first day, YYYY-MM-DD: it sets the weekdays of "
                                       "opening hours (default: the first day is a Monday)"}}},
       {"replications", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100000}}},
       {"catalog", closed_object({{"skus", {{"type", "integer"}, {"minimum", 1}}},
                                  {"id_prefix", {{"type", "string"}}},
                                  {"zipf", {{"type", "number"}, {"minimum", 0}, {"maximum", 10}}},
                                  {"price", closed_object({{"min", {{"type", "number"}, {"minimum", 0}}},
                                                           {"max", {{"type", "number"}, {"minimum", 0}}}},
                                                          {"min", "max"})},
                                  {"unit_cost_ratio", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                                  {"csv", {{"type", "string"},
                                           {"description", "CSV file of SKUs (columns sku, price, unit_cost, popularity), relative to the scenario"}}},
                                  {"items", {{"type", "array"},
                                             {"minItems", 1},
                                             {"items", closed_object({{"id", {{"type", "string"}}},
                                                                      {"price", {{"type", "number"}, {"minimum", 0}}},
                                                                      {"unit_cost", {{"type", "number"}, {"minimum", 0}}},
                                                                      {"popularity", {{"type", "number"}, {"exclusiveMinimum", 0}}}},
                                                                     {"id", "price"})}}}})},
       {"nodes", {{"type", "array"}, {"minItems", 1}, {"maxItems", detail::kMaxNodes}, {"items", node_schema()}}},
       {"links", {{"type", "array"}, {"maxItems", detail::kMaxLinks}, {"items", link_schema()}}},
       {"demand", {{"type", "object"}, {"additionalProperties", channel_schema()}}},
       {"stock", closed_object({{"csv", {{"type", "string"},
                                         {"description", "CSV file of initial units (columns node, sku, units), relative to the scenario"}}},
                                {"unlisted", {{"enum", {"inventory", "zero"}},
                                              {"description", "SKUs the file does not list at a node it names: the node's inventory (default) or zero"}}}},
                               {"csv"})},
       {"policies", policies_schema()},
       {"experiments", {{"type", "array"},
                        {"maxItems", detail::kMaxVariants},
                        {"items", closed_object({{"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxIdentifier}}},
                                                 {"description", {{"type", "string"}}},
                                                 {"overrides", {{"type", "array"}, {"items", override_item}}},
                                                 {"axes", {{"type", "array"},
                                                           {"minItems", 1},
                                                           {"items", sweep_axis},
                                                           {"description", "A sweep: one variant per combination of "
                                                                           "the axes' values, named NAME-LABEL-LABEL..."}}}},
                                                {"name"})}}},
       {"assertions", {{"type", "array"}, {"items", gate_schema()}}}},
      {"name", "horizon", "catalog", "nodes"});
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  schema["$id"] = "https://peaksim.dev/schemas/scenario.json";
  schema["title"] = "peaksim scenario";
  schema["description"] =
      "A peaksim scenario: a retailer's nodes, the links between them, demand, policies, experiment variants and "
      "CI gates. Generated by `peaksim schema` from the model registry; do not edit by hand.";
  schema["definitions"] = {{"duration", duration_schema()}, {"distribution", distribution_schema()}};
  return schema;
}

// valijson's context is {"<root>", "[nodes]", "[3]", ...}; we speak JSON pointers.
std::string to_pointer(const std::vector<std::string>& context) {
  std::string out;
  for (const std::string& part : context) {
    if (part == "<root>" || part.size() < 2 || part.front() != '[' || part.back() != ']') {
      continue;
    }
    std::string token = part.substr(1, part.size() - 2);
    if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
      token = token.substr(1, token.size() - 2);
    }
    out = ptr(out, token);
  }
  return out;
}

}  // namespace

const nlohmann::json& scenario_schema() {
  static const json schema = make_schema();
  return schema;
}

void check_against_schema(const nlohmann::json& document, Diagnostics& diags) {
  static const std::unique_ptr<valijson::Schema> compiled = [] {
    auto schema = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(scenario_schema());
    parser.populateSchema(adapter, *schema);
    return schema;
  }();
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(*compiled, target, &results)) {
    return;
  }
  valijson::ValidationResults::Error error;
  std::vector<Diagnostic> found;
  while (results.popError(error)) {
    found.push_back({to_pointer(error.context), error.description});
  }
  // valijson reports a failed allOf/oneOf and then each branch; keep the
  // deepest report per pointer, which names the actual constraint.
  for (const Diagnostic& d : found) {
    diags.add(d.pointer, "does not match the schema: " + d.message);
  }
}

}  // namespace models::scenario
