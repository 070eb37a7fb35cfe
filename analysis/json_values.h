// analysis/json_values.h — how numbers and labels are spelled in peaksim's JSON
// outputs: an undefined figure (NaN, infinity) is null, labels are an object.
#pragma once

#include <cmath>
#include <limits>

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

}  // namespace analysis::json_values
