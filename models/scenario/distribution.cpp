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
  DurationDistribution dist;
  if (value.is_string()) {
    auto d = check_duration(value, pointer, diags);
    if (!d) {
      return std::nullopt;
    }
    dist.fixed = *d;
    return dist;
  }
  const char* expected =
      R"(a duration string or an object with one of "fixed", "uniform", "exponential", "lognormal", "empirical")";
  if (!value.is_object() || value.size() != 1) {
    diags.expected(pointer, expected, value);
    return std::nullopt;
  }
  // Not a structured binding: the lambdas below capture these (clang 14 refuses bindings).
  const auto entry = value.items().begin();
  const std::string kind = entry.key();
  const nlohmann::json& body = entry.value();
  const std::string at = ptr(pointer, kind);
  const std::size_t before = diags.size();
  auto duration_field = [&](const char* key, sim::Duration fallback) {
    if (!body.contains(key)) {
      return fallback;
    }
    return check_duration(body.at(key), ptr(at, key), diags).value_or(fallback);
  };
  if (kind == "fixed") {
    auto d = check_duration(body, at, diags);
    dist.fixed = d.value_or(sim::Duration::zero());
  } else if (kind == "uniform" || kind == "exponential" || kind == "lognormal") {
    if (!body.is_object()) {
      diags.expected(at, "an object", body);
      return std::nullopt;
    }
    if (kind == "uniform") {
      dist.kind = DurationDistribution::Kind::Uniform;
      check_keys(body, at, {"min", "max"}, {"min", "max"}, diags);
      dist.min = duration_field("min", sim::Duration::zero());
      dist.max = duration_field("max", sim::Duration::zero());
      if (diags.size() == before && dist.max < dist.min) {
        diags.add(at, "expected max >= min, found min " + sim::format_duration(dist.min) + " and max " +
                          sim::format_duration(dist.max));
      }
    } else if (kind == "exponential") {
      dist.kind = DurationDistribution::Kind::Exponential;
      check_keys(body, at, {"mean", "min"}, {"mean"}, diags);
      dist.mean = duration_field("mean", sim::Duration::zero());
      dist.min = duration_field("min", sim::Duration::zero());
    } else {
      dist.kind = DurationDistribution::Kind::Lognormal;
      check_keys(body, at, {"median", "sigma", "min"}, {"median", "sigma"}, diags);
      dist.median = duration_field("median", sim::Duration::zero());
      dist.min = duration_field("min", sim::Duration::zero());
      if (body.contains("sigma")) {
        const auto& sigma = body.at("sigma");
        if (!sigma.is_number() || sigma.get<double>() < 0.0 || sigma.get<double>() > 10.0) {
          diags.expected(ptr(at, "sigma"), "a number from 0 to 10", sigma);
        } else {
          dist.sigma = sigma.get<double>();
        }
      }
    }
  } else if (kind == "empirical") {
    dist.kind = DurationDistribution::Kind::Empirical;
    if (!body.is_array() || body.empty()) {
      diags.expected(at, R"(a non-empty array of {"value": duration, "weight": number})", body);
      return std::nullopt;
    }
    double total = 0.0;
    for (std::size_t idx = 0; idx < body.size(); ++idx) {
      const auto& point = body[idx];
      const std::string point_at = ptr(at, idx);
      if (!point.is_object()) {
        diags.expected(point_at, R"({"value": duration, "weight": number})", point);
        continue;
      }
      check_keys(point, point_at, {"value", "weight"}, {"value", "weight"}, diags);
      sim::Duration v = point.contains("value")
                            ? check_duration(point.at("value"), ptr(point_at, "value"), diags).value_or(sim::Duration::zero())
                            : sim::Duration::zero();
      double w = 0.0;
      if (point.contains("weight")) {
        const auto& weight = point.at("weight");
        if (!weight.is_number() || weight.get<double>() <= 0.0) {
          diags.expected(ptr(point_at, "weight"), "a positive number", weight);
        } else {
          w = weight.get<double>();
        }
      }
      total += w;
      dist.points.emplace_back(v, w);
    }
    (void)total;
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
