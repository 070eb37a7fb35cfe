// tests/fuzz/scenario_fuzz.cpp — libFuzzer target for the scenario loader.
//
// Any byte string must come back as a scenario or as diagnostics: no crash, no
// sanitizer report, no uncaught exception, no hang. Run by .ci/fuzz, seeded
// with every file in scenarios/ and scenarios/invalid/, with the dictionary
// scenario.dict (every key and name of the language).
//
// Structure-aware: half of the mutations are libFuzzer's own on the bytes (they
// find the parser's edges); the other half parse the input as JSON and change one
// value of the document (a number at a type's edge, a string that is a duration,
// a glob or a template, a deleted key, a copied subtree, a wrapped value), so that
// most inputs stay valid JSON and reach the semantic pass instead of stopping at
// a syntax error.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/loader.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

using nlohmann::json;

// Deeper than this is the parser's business (byte mutations reach it): the
// harness itself walks documents recursively.
constexpr std::size_t kMaxHarnessDepth = 48;

std::size_t nesting(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t idx = 0; idx < text.size(); ++idx) {
    const char c = text[idx];
    if (in_string) {
      if (c == '\\') {
        ++idx;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

void collect(json& value, std::vector<json*>& out, std::size_t depth) {
  out.push_back(&value);
  if (depth >= kMaxHarnessDepth) {
    return;
  }
  if (value.is_object() || value.is_array()) {
    for (auto& child : value) {
      collect(child, out, depth + 1);
    }
  }
}

json interesting(std::minstd_rand& rng, const std::vector<json*>& nodes) {
  static const std::vector<json> values = {
      0, -1, 1, 2147483648LL, -9223372036854775807LL - 1, 1e18, 1e308, -1e308, 0.5, 1.5, 5e-324, nullptr, true, false,
      "", "0s", "30m", "-1h", "1h30m", "106751d", "30", "store-*", "*", "store-{1..99999}", "store-{001..180}",
      "dc-{1..3}", "oms", "erp", "store-1", "SKU-1", "MUG", "/links/0/mode", "links.0.mode", "~", "/", "baseline",
      json::array(), json::object(), json::array({json::object()}), {{"exponential", {{"mean", "5m"}}}},
      {{"empirical", json::array({{{"value", 1}, {"weight", 0}}})}}, {{"name", "hard"}}, {{"uniform", {{"min", "2m"}, {"max", "1m"}}}}};
  if (rng() % 4 == 0 && !nodes.empty()) {
    return *nodes[rng() % nodes.size()];  // a subtree from elsewhere in the document
  }
  return values[rng() % values.size()];
}

void mutate(json& document, std::minstd_rand& rng) {
  std::vector<json*> nodes;
  collect(document, nodes, 0);
  json& target = *nodes[rng() % nodes.size()];
  switch (rng() % 5) {
    case 0:  // delete a key or an entry
      if (target.is_object() && !target.empty()) {
        auto it = target.begin();
        std::advance(it, rng() % target.size());
        target.erase(it);
        return;
      }
      if (target.is_array() && !target.empty()) {
        target.erase(target.begin() + static_cast<std::ptrdiff_t>(rng() % target.size()));
        return;
      }
      [[fallthrough]];
    case 1:  // duplicate an array's entry
      if (target.is_array() && !target.empty()) {
        target.push_back(json(target[rng() % target.size()]));
        return;
      }
      [[fallthrough]];
    case 2:  // wrap a value in an array or an object
      if (rng() % 2 == 0) {
        target = json::array({json(target)});
      } else {
        target = json{{"value", json(target)}};
      }
      return;
    default: {  // replace it
      json replacement = interesting(rng, nodes);
      target = std::move(replacement);
      return;
    }
  }
}

}  // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  std::minstd_rand rng(seed);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (rng() % 2 == 0 || nesting(text) > kMaxHarnessDepth) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || document.is_null()) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  const std::size_t rounds = 1 + rng() % 3;
  for (std::size_t round = 0; round < rounds; ++round) {
    mutate(document, rng);
  }
  const std::string out = document.dump(-1, ' ', false, json::error_handler_t::replace);
  if (out.size() > max_size) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const models::scenario::LoadResult result = models::scenario::load_scenario_text(text, "fuzz.json");
  // Formatting the messages is part of what a user gets; exercise it too.
  (void)result.diags.format("fuzz.json");
  return 0;
}
