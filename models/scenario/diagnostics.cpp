#include "models/scenario/diagnostics.h"

#include <algorithm>
#include <cctype>

namespace models::scenario {

void Diagnostics::expected(const std::string& pointer, std::string_view expected, const nlohmann::json& found) {
  add(pointer, "expected " + std::string(expected) + ", found " + describe(found));
}

void Diagnostics::append(const Diagnostics& other, std::string_view pointer_prefix, std::string_view message_prefix) {
  for (const Diagnostic& d : other.items_) {
    add(std::string(pointer_prefix) + d.pointer, std::string(message_prefix) + d.message);
  }
}

bool Diagnostics::has_at_or_below(std::string_view pointer) const {
  return std::any_of(items_.begin(), items_.end(), [&](const Diagnostic& d) {
    if (d.pointer.size() < pointer.size() || d.pointer.compare(0, pointer.size(), pointer) != 0) {
      return false;
    }
    return d.pointer.size() == pointer.size() || d.pointer[pointer.size()] == '/' || pointer.empty();
  });
}

std::string Diagnostics::format(std::string_view file) const {
  std::string out;
  for (const Diagnostic& d : items_) {
    out += "error: ";
    out += file;
    out += ": ";
    out += d.pointer.empty() ? "/" : d.pointer;
    out += ": ";
    out += d.message;
    out += '\n';
  }
  return out;
}

std::string describe(const nlohmann::json& value) {
  using nlohmann::json;
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return value.dump() + " (a boolean)";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return value.dump() + " (a number)";
    case json::value_t::string: {
      std::string text = value.dump();
      if (text.size() > 60) {
        text = text.substr(0, 57) + "...\"";
      }
      return text + " (a string)";
    }
    case json::value_t::array:
      return "an array of " + std::to_string(value.size());
    case json::value_t::object:
      return "an object";
    default:
      return "a value of another kind";
  }
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      // Case does not count: "ERP" is one step from nothing, not three from "erp".
      const std::size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                       std::tolower(static_cast<unsigned char>(b[j - 1]))
                                   ? 0
                                   : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest(std::string_view word, std::span<const std::string> candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
  const std::string best = closest(word, candidates);
  return best.empty() ? std::string() : "; did you mean \"" + best + "\"?";
}

std::string ptr(std::string_view base, std::string_view token) {
  std::string out(base);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string ptr(std::string_view base, std::size_t index) { return std::string(base) + "/" + std::to_string(index); }

}  // namespace models::scenario
