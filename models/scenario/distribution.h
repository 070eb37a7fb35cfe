// models/scenario/distribution.h — durations drawn from a distribution.
//
// How a scenario says how long something takes: a link's latency, a pick time.
// Spelled in JSON as a duration string (fixed) or an object with one key:
//   "2s"                                          fixed
//   {"uniform": {"min": "1s", "max": "5s"}}
//   {"exponential": {"mean": "3s", "min": "100ms"}}   min + Exp(mean)
//   {"lognormal": {"median": "2s", "sigma": 0.5, "min": "0s"}}
//   {"empirical": [{"value": "1s", "weight": 3}, {"value": "30s", "weight": 1}]}
// `min_value()` is the smallest duration the distribution can produce — a
// link's minimum latency, and so the parallel engine's lookahead.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/diagnostics.h"
#include "sim/random.h"
#include "sim/time.h"

namespace models::scenario {

struct DurationDistribution {
  enum class Kind { Fixed, Uniform, Exponential, Lognormal, Empirical };
  Kind kind = Kind::Fixed;
  sim::Duration fixed;
  sim::Duration min;     // uniform, exponential, lognormal: the lower bound / shift
  sim::Duration max;     // uniform
  sim::Duration mean;    // exponential
  sim::Duration median;  // lognormal
  double sigma = 0.0;    // lognormal
  std::vector<std::pair<sim::Duration, double>> points;  // empirical: value, weight

  [[nodiscard]] sim::Duration min_value() const;
  [[nodiscard]] sim::Duration mean_value() const;  // the expected duration (for capacity estimates)
  [[nodiscard]] sim::Duration sample(sim::LpRandom& rng) const;
  [[nodiscard]] std::string describe() const;  // "uniform 1s..5s"
  friend bool operator==(const DurationDistribution&, const DurationDistribution&) = default;
};

// Checks a duration string; on error adds a diagnostic at `pointer`.
std::optional<sim::Duration> check_duration(const nlohmann::json& value, const std::string& pointer,
                                            Diagnostics& diags);
std::optional<DurationDistribution> check_distribution(const nlohmann::json& value, const std::string& pointer,
                                                       Diagnostics& diags);

// JSON Schema fragments: a duration string, and a distribution.
[[nodiscard]] nlohmann::json duration_schema();
[[nodiscard]] nlohmann::json distribution_schema();

}  // namespace models::scenario
