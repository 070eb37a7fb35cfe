#include "models/scenario/json_text.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace models::scenario {
namespace {

using nlohmann::json;

// Builds the document from nlohmann's SAX events, as its own DOM parser does,
// and keeps the path to the value being read so that a refusal has a pointer.
class DocumentBuilder {
 public:
  DocumentBuilder(std::string_view text, json& root, Diagnostics& diags) : text_(text), root_(root), diags_(diags) {}

  bool null() { return put(nullptr); }
  bool boolean(bool value) { return put(value); }
  bool number_integer(json::number_integer_t value) { return put(value); }
  bool number_unsigned(json::number_unsigned_t value) { return put(value); }
  bool number_float(json::number_float_t value, const json::string_t& /*text*/) { return put(value); }
  bool string(json::string_t& value) { return put(std::move(value)); }
  bool binary(json::binary_t& value) { return put(json::binary(std::move(value))); }
  bool start_object(std::size_t /*size*/) { return open(json::object()); }
  bool start_array(std::size_t /*size*/) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& key) {
    Frame& frame = stack_.back();
    if (frame.value->contains(key)) {
      diags_.add(ptr(path(), key), "expected each key once in an object, found \"" + key +
                                       "\" again (JSON readers disagree on which one counts)");
      return false;
    }
    frame.key = std::move(key);
    return true;
  }

  bool parse_error(std::size_t byte, const std::string& token, const nlohmann::detail::exception& error) {
    if (error.id == 406) {  // out_of_range.406: a number beyond a double's range
      diags_.add(slot_pointer(), "expected a number a double can hold (at most about 1.8e308 in magnitude), found " +
                                     token + " (" + line_and_column(text_, byte >= token.size() ? byte - token.size() : 0) + ")");
      return false;
    }
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." -> the reason
    const std::string what = error.what();
    const std::size_t colon = what.find(": ", what.find("parse error"));
    const std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    diags_.add("", "invalid JSON at " + line_and_column(text_, byte == 0 ? 0 : byte - 1) + ": " + reason);
    return false;
  }

 private:
  struct Frame {
    json* value;      // an object or array being filled
    std::string key;  // an object's key whose value comes next
  };

  // Where the next value goes: the root, an object's current key, or an array's end.
  json* slot() {
    if (stack_.empty()) {
      return &root_;
    }
    Frame& frame = stack_.back();
    if (frame.value->is_object()) {
      return &(*frame.value)[frame.key];
    }
    frame.value->push_back(nullptr);
    return &frame.value->back();
  }

  bool put(json&& value) {
    *slot() = std::move(value);
    return true;
  }

  bool open(json&& container) {
    if (stack_.size() >= kMaxJsonDepth) {
      diags_.add(slot_pointer(), "expected at most " + std::to_string(kMaxJsonDepth) +
                                     " levels of nested objects and arrays, found deeper nesting here");
      return false;
    }
    json* at = slot();
    *at = std::move(container);
    stack_.push_back(Frame{at, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  // The pointer of the innermost open container.
  std::string path() const {
    std::string out;
    for (std::size_t idx = 0; idx + 1 < stack_.size(); ++idx) {
      const Frame& frame = stack_[idx];
      out = frame.value->is_object() ? ptr(out, frame.key) : ptr(out, frame.value->size() - 1);
    }
    return out;
  }

  // The pointer of the value about to be read.
  std::string slot_pointer() const {
    if (stack_.empty()) {
      return "";
    }
    const Frame& frame = stack_.back();
    return frame.value->is_object() ? ptr(path(), frame.key) : ptr(path(), frame.value->size());
  }

  std::string_view text_;
  json& root_;
  Diagnostics& diags_;
  std::vector<Frame> stack_;
};

}  // namespace

std::string line_and_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t idx = 0; idx < byte && idx < text.size(); ++idx) {
    if (text[idx] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::optional<nlohmann::json> parse_json_text(std::string_view text, Diagnostics& diags) {
  json document;
  DocumentBuilder builder(text, document, diags);
  if (!json::sax_parse(text.begin(), text.end(), &builder)) {
    return std::nullopt;
  }
  return document;
}

std::optional<nlohmann::json> read_json_file(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.add("", "cannot open the file");
    return std::nullopt;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_json_text(text, diags);
}

}  // namespace models::scenario
