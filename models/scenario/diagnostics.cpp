#include "models/scenario/diagnostics.h"

#include <algorithm>
#include <cctype>
#include <map>

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
  if (pointer.empty()) {
    return !items_.empty();
  }
  if (pointers_.find(pointer) != pointers_.end()) {
    return true;
  }
  // Every pointer below "/a/1" starts with "/a/1/" and sorts in one run from there.
  const std::string below = std::string(pointer) + '/';
  const auto next = pointers_.lower_bound(below);
  return next != pointers_.end() && next->compare(0, below.size(), below) == 0;
}

bool Diagnostics::has_at_or_above(std::string_view pointer) const {
  for (std::size_t end = pointer.size();; end = pointer.rfind('/', end - 1)) {
    if (pointers_.find(pointer.substr(0, end)) != pointers_.end()) {
      return true;
    }
    if (end == 0 || end == std::string_view::npos) {
      return false;
    }
  }
}

namespace {

// A message with its particulars (quoted names, numbers) blanked: the kind of an error.
std::string kind_of_message(const std::string& message) {
  std::string out;
  bool quoted = false;
  for (std::size_t idx = 0; idx < message.size() && out.size() < 200; ++idx) {
    const char c = message[idx];
    if (c == '"') {
      if (!quoted) {
        out += "\"...\"";
      }
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      if (out.empty() || out.back() != '#') {
        out += '#';
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string with_thousands(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) {
      out += ',';
    }
    out += digits[idx];
  }
  return out;
}

}  // namespace

std::string Diagnostics::format(std::string_view file, std::size_t shown) const {
  std::string out;
  const auto line = [&](const std::string& pointer, const std::string& message) {
    out += "error: ";
    out += file;
    out += ": ";
    out += pointer.empty() ? "/" : pointer;
    out += ": ";
    out += message;
    out += '\n';
  };
  for (std::size_t idx = 0; idx < items_.size() && idx < shown; ++idx) {
    line(items_[idx].pointer, items_[idx].message);
  }
  if (items_.size() <= shown) {
    return out;
  }
  // The rest, one line per kind in order of first appearance, with its first instance.
  std::vector<std::pair<std::string, std::size_t>> kinds;  // kind, count
  std::vector<std::size_t> first;                          // index of each kind's first instance
  std::map<std::string, std::size_t> index;
  for (std::size_t idx = shown; idx < items_.size(); ++idx) {
    const auto [at, fresh] = index.emplace(kind_of_message(items_[idx].message), kinds.size());
    if (fresh) {
      kinds.emplace_back(at->first, 0);
      first.push_back(idx);
    }
    ++kinds[at->second].second;
  }
  constexpr std::size_t kKindsShown = 10;
  for (std::size_t k = 0; k < kinds.size() && k < kKindsShown; ++k) {
    const Diagnostic& d = items_[first[k]];
    line(d.pointer, "(and " + with_thousands(kinds[k].second - 1) + " more like this after it) " + d.message);
  }
  if (kinds.size() > kKindsShown) {
    std::size_t rest = 0;
    for (std::size_t k = kKindsShown; k < kinds.size(); ++k) {
      rest += kinds[k].second;
    }
    line("", "... and " + with_thousands(rest) + " more errors of " + with_thousands(kinds.size() - kKindsShown) +
                 " other kinds");
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
  // Guessing among a million SKU ids for each of a million typos would take hours;
  // a word longer than any id (kMaxIdentifier) is close to none.
  constexpr std::size_t kMaxCandidates = 10'000;
  constexpr std::size_t kMaxWord = 200;
  if (candidates.size() > kMaxCandidates || word.size() > kMaxWord) {
    return best;
  }
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
