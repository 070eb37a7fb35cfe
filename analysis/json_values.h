// analysis/json_values.h — how numbers and labels are spelled in peaksim's JSON
// outputs: an undefined figure (NaN, infinity) is null, labels are an object;
// and how the readers of those outputs (partial results, summary.json) read them back.
#pragma once

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/summary.h"

namespace analysis::json_values {

[[nodiscard]] inline nlohmann::ordered_json number(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

[[nodiscard]] inline nlohmann::ordered_json labels(const Labels& labels) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : labels) {
    out[key] = value;
  }
  return out;
}

// Throws std::runtime_error unless `j` is an object tagged with `schema`; `what`
// names the document for the user ("a peaksim summary.json").
inline void require_schema(const nlohmann::json& j, const std::string& schema, const std::string& what) {
  if (!j.is_object() || !j.contains("schema")) {
    throw std::runtime_error("not " + what + " (no \"schema\")");
  }
  if (j.at("schema") != schema) {
    throw std::runtime_error("schema " + j.at("schema").dump() + ", expected \"" + schema + "\"");
  }
}

// A number, or NaN for null; anything else is refused (std::runtime_error).
[[nodiscard]] inline double read_number(const nlohmann::json& j) {
  if (j.is_null()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (!j.is_number()) {
    throw std::runtime_error("expected a number or null, found " + j.dump());
  }
  return j.get<double>();
}

// An object of strings (nlohmann's type_error for anything else).
[[nodiscard]] inline Labels read_labels(const nlohmann::json& j) {
  Labels out;
  for (const auto& [key, value] : j.items()) {
    out[key] = value.get<std::string>();
  }
  return out;
}

}  // namespace analysis::json_values
