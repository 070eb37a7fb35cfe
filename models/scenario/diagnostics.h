// models/scenario/diagnostics.h — what a user reads when a scenario is wrong.
//
// One line per error: file, JSON pointer, what was expected, what was found,
// and a "did you mean" when a name is close to a known one (STYLE.md §5):
//   error: scenarios/bf.json: /links/7/latency: expected a duration such as "250ms", found 30 (a number)
// Every check appends to a Diagnostics list instead of throwing, so a file's
// errors are all reported at once.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace models::scenario {

struct Diagnostic {
  std::string pointer;  // JSON pointer into the document ("" = the whole file)
  std::string message;  // "expected ..., found ..."
};

class Diagnostics {
 public:
  void add(std::string pointer, std::string message) {
    pointers_.insert(pointer);
    items_.push_back({std::move(pointer), std::move(message)});
  }
  // "expected <expected>, found <describe(found)>"
  void expected(const std::string& pointer, std::string_view expected, const nlohmann::json& found);
  void append(const Diagnostics& other, std::string_view pointer_prefix = {}, std::string_view message_prefix = {});

  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
  [[nodiscard]] bool has_at_or_below(std::string_view pointer) const;
  // At `pointer` itself or at one of the values holding it ("/a/1" holds "/a/1/b").
  [[nodiscard]] bool has_at_or_above(std::string_view pointer) const;

  // "error: FILE: POINTER: MESSAGE", one per line: the first `shown`, then one
  // line per kind of the rest: its first, "(and 983,990 more like this after it) unknown node kind ...".
  static constexpr std::size_t kShown = 40;
  [[nodiscard]] std::string format(std::string_view file, std::size_t shown = kShown) const;

 private:
  std::vector<Diagnostic> items_;
  std::set<std::string, std::less<>> pointers_;  // for has_at_or_below in O(log n)
};

// `30 (a number)`, `"30" (a string)`, `an object`, `[...] (an array of 3)`.
[[nodiscard]] std::string describe(const nlohmann::json& value);

// The closest candidate within a small edit distance, or "".
[[nodiscard]] std::string closest(std::string_view word, std::span<const std::string> candidates);
[[nodiscard]] std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

// Appends an escaped reference token to a pointer: ptr("/nodes", 3) == "/nodes/3".
[[nodiscard]] std::string ptr(std::string_view base, std::string_view token);
[[nodiscard]] std::string ptr(std::string_view base, std::size_t index);

}  // namespace models::scenario
