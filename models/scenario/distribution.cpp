#include "models/scenario/distribution.h"

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <cmath>

#include "sim/errors.h"

namespace models::scenario {
namespace {

const std::vector<std::string> kKinds = {"uniform", "exponential", "lognormal", "empirical"};
constexpr const char* kDurationExpected = R"(a duration such as "250ms", "90s", "30m" or "1h30m")";

// Checks that `obj` has exactly the keys `allowed`, with the `required` ones.
bool check_keys(const nlohmann::json& obj, const std::string& pointer, const std::vector<std::string>& allowed,
                const std::vector<std::string>& required, Diagnostics& diags) {
  bool ok = true;
  for (const auto& [key, value] : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      diags.add(ptr(pointer, key), "unknown key \"" + key + "\"" + did_you_mean(key, allowed));
      ok = false;
    }
  }
  for (const std::string& key : required) {
    if (!obj.contains(key)) {
      diags.add(pointer, "missing required key \"" + key + "\"");
      ok = false;
    }
  }
  return ok;
}

// An optional duration field of a distribution's body; zero when absent or wrong (reported).
sim::Duration duration_field(const nlohmann::json& body, const char* key, const std::string& at, Diagnostics& diags) {
  if (!body.contains(key)) {
    return sim::Duration::zero();
  }
  return check_duration(body.at(key), ptr(at, key), diags).value_or(sim::Duration::zero());
}

DurationDistribution check_uniform(const nlohmann::json& body, const std::string& at, Diagnostics& diags) {
  DurationDistribution dist;
  const std::size_t before = diags.size();
  dist.kind = DurationDistribution::Kind::Uniform;
  check_keys(body, at, {"min", "max"}, {"min", "max"}, diags);
  dist.min = duration_field(body, "min", at, diags);
  dist.max = duration_field(body, "max", at, diags);
  if (diags.size() == before && dist.max < dist.min) {
    diags.add(at, "expected max >= min, found min " + sim::format_duration(dist.min) + " and max " +
                      sim::format_duration(dist.max));
  }
  return dist;
}

DurationDistribution check_exponential(const nlohmann::json& body, const std::string& at, Diagnostics& diags) {
  DurationDistribution dist;
  dist.kind = DurationDistribution::Kind::Exponential;
  check_keys(body, at, {"mean", "min"}, {"mean"}, diags);
  dist.mean = duration_field(body, "mean", at, diags);
  dist.min = duration_field(body, "min", at, diags);
  return dist;
}

DurationDistribution check_lognormal(const nlohmann::json& body, const std::string& at, Diagnostics& diags) {
  DurationDistribution dist;
  dist.kind = DurationDistribution::Kind::Lognormal;
  check_keys(body, at, {"median", "sigma", "min"}, {"median", "sigma"}, diags);
  dist.median = duration_field(body, "median", at, diags);
  dist.min = duration_field(body, "min", at, diags);
  if (body.contains("sigma")) {
    const auto& sigma = body.at("sigma");
    if (!sigma.is_number() || sigma.get<double>() < 0.0 || sigma.get<double>() > 10.0) {
      diags.expected(ptr(at, "sigma"), "a number from 0 to 10", sigma);
    } else {
      dist.sigma = sigma.get<double>();
    }
  }
  return dist;
}

// One point of an empirical distribution: its value and weight, zero where wrong (reported).
std::pair<sim::Duration, double> check_point(const nlohmann::json& point, const std::string& at, Diagnostics& diags) {
  check_keys(point, at, {"value", "weight"}, {"value", "weight"}, diags);
  const sim::Duration value = duration_field(point, "value", at, diags);
  double weight = 0.0;
  if (point.contains("weight")) {
    const auto& given = point.at("weight");
    if (!given.is_number() || given.get<double>() <= 0.0) {
      diags.expected(ptr(at, "weight"), "a positive number", given);
    } else {
      weight = given.get<double>();
    }
  }
  return {value, weight};
}

// nullopt (reported) if `body` is not a non-empty array.
std::optional<DurationDistribution> check_empirical(const nlohmann::json& body, const std::string& at,
                                                    Diagnostics& diags) {
  if (!body.is_array() || body.empty()) {
    diags.expected(at, R"(a non-empty array of {"value": duration, "weight": number})", body);
    return std::nullopt;
  }
  DurationDistribution dist;
  dist.kind = DurationDistribution::Kind::Empirical;
  for (std::size_t idx = 0; idx < body.size(); ++idx) {
    const auto& point = body[idx];
    const std::string point_at = ptr(at, idx);
    if (!point.is_object()) {
      diags.expected(point_at, R"({"value": duration, "weight": number})", point);
      continue;
    }
    dist.points.push_back(check_point(point, point_at, diags));
  }
  return dist;
}

}  // namespace

std::optional<sim::Duration> check_duration(const nlohmann::json& value, const std::string& pointer,
                                            Diagnostics& diags) {
  if (!value.is_string()) {
    diags.expected(pointer, kDurationExpected, value);
    return std::nullopt;
  }
  try {
    return sim::parse_duration(value.get<std::string>());
  } catch (const sim::DurationError& e) {
    diags.add(pointer, e.what());
    return std::nullopt;
  }
}

std::optional<DurationDistribution> check_distribution(const nlohmann::json& value, const std::string& pointer,
                                                       Diagnostics& diags) {
  if (value.is_string()) {
    auto d = check_duration(value, pointer, diags);
    if (!d) {
      return std::nullopt;
    }
    DurationDistribution dist;
    dist.fixed = *d;
    return dist;
  }
  const char* expected =
      R"(a duration string or an object with one of "fixed", "uniform", "exponential", "lognormal", "empirical")";
  if (!value.is_object() || value.size() != 1) {
    diags.expected(pointer, expected, value);
    return std::nullopt;
  }
  const auto entry = value.items().begin();
  const std::string kind = entry.key();
  const nlohmann::json& body = entry.value();
  const std::string at = ptr(pointer, kind);
  const std::size_t before = diags.size();
  std::optional<DurationDistribution> dist;
  if (kind == "fixed") {
    dist.emplace();
    dist->fixed = check_duration(body, at, diags).value_or(sim::Duration::zero());
  } else if (kind == "uniform" || kind == "exponential" || kind == "lognormal") {
    if (!body.is_object()) {
      diags.expected(at, "an object", body);
      return std::nullopt;
    }
    dist = kind == "uniform"       ? check_uniform(body, at, diags)
           : kind == "exponential" ? check_exponential(body, at, diags)
                                   : check_lognormal(body, at, diags);
  } else if (kind == "empirical") {
    dist = check_empirical(body, at, diags);
  } else {
    diags.add(at, "unknown distribution \"" + kind + "\"" + did_you_mean(kind, kKinds) +
                      " (expected fixed, uniform, exponential, lognormal or empirical)");
    return std::nullopt;
  }
  if (diags.size() != before) {
    return std::nullopt;
  }
  return dist;
}

sim::Duration DurationDistribution::min_value() const {
  switch (kind) {
    case Kind::Fixed:
      return fixed;
    case Kind::Empirical: {
      sim::Duration lowest = sim::Duration::max();
      for (const auto& [value, weight] : points) {
        lowest = std::min(lowest, value);
      }
      return lowest;
    }
    default:
      return min;
  }
}

sim::Duration DurationDistribution::mean_value() const {
  switch (kind) {
    case Kind::Fixed:
      return fixed;
    case Kind::Uniform:
      return sim::Duration::micros((min.count_us() + max.count_us()) / 2);
    case Kind::Exponential:
      return min + mean;
    case Kind::Lognormal:
      return min + sim::Duration::micros(
                       static_cast<std::int64_t>(static_cast<double>(median.count_us()) * std::exp(sigma * sigma / 2)));
    case Kind::Empirical: {
      double total = 0.0, weighted = 0.0;
      for (const auto& [value, weight] : points) {
        total += weight;
        weighted += weight * static_cast<double>(value.count_us());
      }
      return sim::Duration::micros(total > 0 ? static_cast<std::int64_t>(weighted / total) : 0);
    }
  }
  return fixed;
}

sim::Duration DurationDistribution::sample(sim::LpRandom& rng) const {
  switch (kind) {
    case Kind::Fixed:
      return fixed;
    case Kind::Uniform:
      return sim::Duration::micros(
          boost::random::uniform_int_distribution<std::int64_t>(min.count_us(), max.count_us())(rng));
    case Kind::Exponential: {
      const double x = boost::random::exponential_distribution<double>(1.0)(rng);
      return min + sim::Duration::micros(static_cast<std::int64_t>(x * static_cast<double>(mean.count_us())));
    }
    case Kind::Lognormal: {
      const double x = boost::random::lognormal_distribution<double>(std::log(static_cast<double>(median.count_us())),
                                                                     sigma)(rng);
      return min + sim::Duration::micros(static_cast<std::int64_t>(x));
    }
    case Kind::Empirical: {
      std::vector<double> weights;
      weights.reserve(points.size());
      for (const auto& [value, weight] : points) {
        weights.push_back(weight);
      }
      const auto idx = boost::random::discrete_distribution<std::size_t>(weights.begin(), weights.end())(rng);
      return points[idx].first;
    }
  }
  return fixed;
}

std::string DurationDistribution::describe() const {
  switch (kind) {
    case Kind::Fixed:
      return sim::format_duration(fixed);
    case Kind::Uniform:
      return "uniform " + sim::format_duration(min) + ".." + sim::format_duration(max);
    case Kind::Exponential:
      return (min == sim::Duration::zero() ? "" : sim::format_duration(min) + "+") + "exp(" +
             sim::format_duration(mean) + ")";
    case Kind::Lognormal:
      return "lognormal median " + sim::format_duration(median);
    case Kind::Empirical:
      return "empirical (" + std::to_string(points.size()) + " points)";
  }
  return {};
}

nlohmann::json duration_schema() {
  return {{"type", "string"},
          {"pattern", "^([0-9]+(\\.[0-9]+)?(d|h|m|s|ms|us))+$"},
          {"description", "A duration with a unit: \"250ms\", \"90s\", \"30m\", \"1h30m\", \"2d\""}};
}

nlohmann::json distribution_schema() {
  const nlohmann::json dur = {{"$ref", "#/definitions/duration"}};
  return {
      {"description", "A duration, or a distribution of durations"},
      {"oneOf",
       nlohmann::json::array(
           {dur,
            {{"type", "object"}, {"additionalProperties", false}, {"required", {"fixed"}}, {"properties", {{"fixed", dur}}}},
            {{"type", "object"},
             {"additionalProperties", false},
             {"required", {"uniform"}},
             {"properties",
              {{"uniform",
                {{"type", "object"},
                 {"additionalProperties", false},
                 {"required", {"min", "max"}},
                 {"properties", {{"min", dur}, {"max", dur}}}}}}}},
            {{"type", "object"},
             {"additionalProperties", false},
             {"required", {"exponential"}},
             {"properties",
              {{"exponential",
                {{"type", "object"},
                 {"additionalProperties", false},
                 {"required", {"mean"}},
                 {"properties", {{"mean", dur}, {"min", dur}}}}}}}},
            {{"type", "object"},
             {"additionalProperties", false},
             {"required", {"lognormal"}},
             {"properties",
              {{"lognormal",
                {{"type", "object"},
                 {"additionalProperties", false},
                 {"required", {"median", "sigma"}},
                 {"properties",
                  {{"median", dur}, {"min", dur}, {"sigma", {{"type", "number"}, {"minimum", 0}, {"maximum", 10}}}}}}}}}},
            {{"type", "object"},
             {"additionalProperties", false},
             {"required", {"empirical"}},
             {"properties",
              {{"empirical",
                {{"type", "array"},
                 {"minItems", 1},
                 {"items",
                  {{"type", "object"},
                   {"additionalProperties", false},
                   {"required", {"value", "weight"}},
                   {"properties",
                    {{"value", dur}, {"weight", {{"type", "number"}, {"exclusiveMinimum", 0}}}}}}}}}}}}})}};
}

}  // namespace models::scenario
