// models/scenario/param_table.h — the one source of a model's parameters.
//
// A ParamTable lists what a node kind or a policy can be configured with: name,
// type, unit, default, range and a one-line help. From it come the JSON Schema
// fragment (scenarios/schema.json is generated, never hand-edited), the
// defaults, the checks with their messages (unknown keys are refused, with a
// "did you mean"), and the parameter tables of scenarios/README.md.
//
//   const ParamTable& t = store_params();
//   ParamValues v = t.check(node["params"], "/nodes/3/params", diags);
//   int pickers = v.integer("pickers");
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/diagnostics.h"
#include "models/scenario/distribution.h"
#include "sim/time.h"

namespace models::scenario {

// PerChannel: an object keyed by demand channel name whose entries are checked
// against `fields` (defaults filled); the names themselves are checked against
// the scenario's channels by the semantic pass (semantic.cpp).
// WeeklyHours: "always" or opening hours by weekday (models/scenario/opening_hours.h).
enum class ParamType { Integer, Number, Probability, Boolean, Duration, Distribution, TimeOfDay, Choice, Text, PerChannel, WeeklyHours };

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::Number;
  nlohmann::json default_value;  // null = required
  std::string help;
  std::string unit;
  std::optional<double> minimum;          // Integer, Number
  std::optional<double> maximum;
  bool exclusive_minimum = false;         // e.g. capacities must be > 0
  std::vector<std::string> choices;       // Choice
  std::vector<ParamSpec> fields = {};     // PerChannel: each entry's parameters
};

// Checked parameter values, defaults filled in; accessors for each type.
class ParamValues {
 public:
  [[nodiscard]] std::int64_t integer(const std::string& name) const { return values_.at(name).get<std::int64_t>(); }
  [[nodiscard]] double number(const std::string& name) const { return values_.at(name).get<double>(); }
  [[nodiscard]] bool boolean(const std::string& name) const { return values_.at(name).get<bool>(); }
  [[nodiscard]] std::string text(const std::string& name) const { return values_.at(name).get<std::string>(); }
  // A PerChannel value: {"channel name": {field: value, ...}}, every field filled.
  [[nodiscard]] const nlohmann::json& json(const std::string& name) const { return values_.at(name); }
  [[nodiscard]] sim::Duration duration(const std::string& name) const;
  [[nodiscard]] bool has(const std::string& name) const { return values_.contains(name); }
  [[nodiscard]] const DurationDistribution& distribution(const std::string& name) const {
    return distributions_.at(name);
  }

 private:
  friend class ParamTable;
  nlohmann::json values_ = nlohmann::json::object();
  std::map<std::string, DurationDistribution> distributions_;
};

class ParamTable {
 public:
  ParamTable(std::string owner, std::vector<ParamSpec> specs) : owner_(std::move(owner)), specs_(std::move(specs)) {}

  // Checks `params` (an object, or null for "all defaults") and fills defaults.
  [[nodiscard]] ParamValues check(const nlohmann::json& params, const std::string& pointer, Diagnostics& diags) const;

  [[nodiscard]] nlohmann::json schema() const;  // {"type": "object", "properties": ..., "additionalProperties": false}
  [[nodiscard]] std::string markdown() const;   // | parameter | type | default | help |
  [[nodiscard]] const std::vector<ParamSpec>& specs() const { return specs_; }
  [[nodiscard]] const std::string& owner() const { return owner_; }
  [[nodiscard]] std::vector<std::string> names() const;
  [[nodiscard]] const ParamSpec* find(const std::string& name) const;

 private:
  std::string owner_;
  std::vector<ParamSpec> specs_;
};

// Checks one value against one spec; returns the normalised value or null.
nlohmann::json check_param(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                           Diagnostics& diags, std::optional<DurationDistribution>* distribution = nullptr);

}  // namespace models::scenario
