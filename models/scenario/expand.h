// models/scenario/expand.h — node templates and endpoint globs.
//
//   expand_template("store-{001..180}") -> store-001, store-002, ..., store-180
//   glob_match("store-*", "store-017")  -> true      ('*' any run, '?' one character)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace models::scenario {

inline constexpr std::size_t kMaxTemplateCount = 100'000;

// The ids a template stands for; a plain id stands for itself. On a malformed
// template returns nullopt and sets `error` to what was expected.
[[nodiscard]] std::optional<std::vector<std::string>> expand_template(std::string_view id, std::string& error);

[[nodiscard]] bool is_glob(std::string_view pattern);
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text);

// "north, south" -> {"north", "south"}: the names of a comma-separated list, trimmed (empty ones dropped).
[[nodiscard]] std::vector<std::string> names_in(std::string_view list);

// "store-001..store-180, dc-east, oms" — a short summary of node ids for messages.
[[nodiscard]] std::string summarize_ids(const std::vector<std::string>& declared);

}  // namespace models::scenario
