// models/scenario/json_text.h — JSON text to a document, refusing what would hurt later.
//
// nlohmann's own parser accepts three things a scenario file must not hold:
// nesting deep enough to overflow the stack of whatever walks the document
// later (the validator, the schema, the destructor), duplicate keys (silently
// last-wins), and numbers that overflow a double (an exception without a
// position). This parser builds the same document through nlohmann's SAX
// interface and stops at the first of them, or at a syntax error, with the
// JSON pointer of the value and the line and column:
//
//   Diagnostics diags;
//   std::optional<nlohmann::json> doc = parse_json_text(text, diags);
//   if (!doc) { ... diags names "/links/0/mode/0/0/...: expected at most 64 levels of nesting ..." }
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

#include "models/scenario/diagnostics.h"

namespace models::scenario {

// Objects and arrays nested deeper than this are refused: the deepest shipped
// scenario (the reference) nests 8 levels counting the document itself.
inline constexpr std::size_t kMaxJsonDepth = 64;

// The document, or nullopt with one diagnostic (pointer, line and column) in `diags`.
[[nodiscard]] std::optional<nlohmann::json> parse_json_text(std::string_view text, Diagnostics& diags);

// The same for a whole file (a peaksim output read back: partial results,
// summary.json); a file that cannot be read is one diagnostic too.
[[nodiscard]] std::optional<nlohmann::json> read_json_file(const std::string& path, Diagnostics& diags);

// "line 3, column 5" of a byte offset into `text`.
[[nodiscard]] std::string line_and_column(std::string_view text, std::size_t byte);

}  // namespace models::scenario
