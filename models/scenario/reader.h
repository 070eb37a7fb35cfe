// models/scenario/reader.h — typed reads of a JSON object that report, not throw.
//
// Each read checks the type (and range) of one key, adds a diagnostic with the
// key's JSON pointer when it is wrong, and returns nullopt; callers carry on so
// that every error of a file is found in one pass.
//
//   Reader r(node, "/nodes/3", diags, "node", {"id", "kind", "region", "params"});
//   auto id = r.string("id", Need::Required);
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/diagnostics.h"
#include "sim/time.h"

namespace models::scenario {

enum class Need { Optional, Required };

// Ids and names (nodes, SKUs, channels, variants, regions, gates) are at most this
// long: they are expanded, copied into every message and printed in every table.
inline constexpr std::size_t kMaxIdentifier = 100;

// Reports `text` at `pointer` unless it is 1 to kMaxIdentifier characters with no
// control character; `what` names it ("a node id").
bool check_identifier(const std::string& text, const std::string& pointer, std::string_view what, Diagnostics& diags);
// A scenario's name becomes its output folder: [A-Za-z0-9._-], not "." or "..".
bool check_file_name(const std::string& text, const std::string& pointer, Diagnostics& diags);

class Reader {
 public:
  // Reports `value` if it is not an object, and every key not in `allowed`.
  Reader(const nlohmann::json& value, std::string pointer, Diagnostics& diags, std::string what,
         const std::vector<std::string>& allowed);

  [[nodiscard]] bool ok() const { return is_object_; }
  [[nodiscard]] bool has(const std::string& key) const { return is_object_ && value_.contains(key); }
  [[nodiscard]] const nlohmann::json& at(const std::string& key) const { return value_.at(key); }
  [[nodiscard]] std::string at_ptr(const std::string& key) const { return ptr(pointer_, key); }
  [[nodiscard]] const std::string& pointer() const { return pointer_; }

  std::optional<std::string> string(const std::string& key, Need need);
  // A name or id: a string of 1 to kMaxIdentifier characters, none of them a control character.
  std::optional<std::string> identifier(const std::string& key, Need need);
  std::optional<double> number(const std::string& key, Need need, std::optional<double> min = {},
                               std::optional<double> max = {}, bool exclusive_min = false);
  std::optional<std::int64_t> integer(const std::string& key, Need need, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(const std::string& key, Need need);
  std::optional<sim::Duration> duration(const std::string& key, Need need);
  std::optional<double> probability(const std::string& key, Need need) { return number(key, need, 0.0, 1.0); }
  // One of `choices`, with a did-you-mean.
  std::optional<std::string> choice(const std::string& key, Need need, const std::vector<std::string>& choices,
                                    const std::string& what);
  // An object of name -> non-negative number, not all zero.
  std::optional<std::map<std::string, double>> weights(const std::string& key, Need need);

 private:
  bool present(const std::string& key, Need need);

  const nlohmann::json& value_;
  std::string pointer_;
  Diagnostics& diags_;
  std::string what_;
  bool is_object_ = false;
};

}  // namespace models::scenario
