#include "models/scenario/expand.h"

#include <algorithm>
#include <charconv>

namespace models::scenario {

std::optional<std::vector<std::string>> expand_template(std::string_view id, std::string& error) {
  const std::size_t open = id.find('{');
  const std::size_t close = id.find('}');
  if (open == std::string_view::npos && close == std::string_view::npos) {
    return std::vector<std::string>{std::string(id)};
  }
  const char* expected = R"(a template such as "store-{001..180}" (one {FIRST..LAST} range of numbers))";
  if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
      id.find('{', open + 1) != std::string_view::npos || id.find('}', close + 1) != std::string_view::npos) {
    error = expected;
    return std::nullopt;
  }
  const std::string_view range = id.substr(open + 1, close - open - 1);
  const std::size_t dots = range.find("..");
  if (dots == std::string_view::npos || dots == 0 || dots + 2 >= range.size()) {
    error = expected;
    return std::nullopt;
  }
  const std::string_view first_text = range.substr(0, dots);
  const std::string_view last_text = range.substr(dots + 2);
  std::size_t first = 0;
  std::size_t last = 0;
  auto parse = [](std::string_view text, std::size_t& out) {
    if (text.size() > 9) {
      return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
  };
  if (!parse(first_text, first) || !parse(last_text, last)) {
    error = expected;
    return std::nullopt;
  }
  if (last < first) {
    error = "a range FIRST..LAST with FIRST <= LAST";
    return std::nullopt;
  }
  if (last - first + 1 > kMaxTemplateCount) {
    error = "a range of at most " + std::to_string(kMaxTemplateCount) + " ids";
    return std::nullopt;
  }
  // "{001..180}" pads to the width of FIRST as written.
  const std::size_t width = first_text.size() > 1 && first_text[0] == '0' ? first_text.size() : 0;
  std::vector<std::string> ids;
  ids.reserve(last - first + 1);
  const std::string prefix(id.substr(0, open));
  const std::string suffix(id.substr(close + 1));
  for (std::size_t n = first; n <= last; ++n) {
    std::string number = std::to_string(n);
    if (number.size() < width) {
      number.insert(0, width - number.size(), '0');
    }
    ids.push_back(prefix + number + suffix);
  }
  return ids;
}

std::vector<std::string> names_in(std::string_view list) {
  std::vector<std::string> names;
  while (!list.empty()) {
    const std::size_t comma = std::min(list.find(','), list.size());
    std::string_view name = list.substr(0, comma);
    list.remove_prefix(std::min(comma + 1, list.size()));
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) {
      name.remove_prefix(1);
    }
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) {
      name.remove_suffix(1);
    }
    if (!name.empty()) {
      names.emplace_back(name);
    }
  }
  return names;
}

bool is_glob(std::string_view pattern) { return pattern.find_first_of("*?") != std::string_view::npos; }

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point for the last '*': linear in practice.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::string summarize_ids(const std::vector<std::string>& declared) {
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t idx = 0; idx < declared.size() && idx < kShown; ++idx) {
    out += (idx == 0 ? "" : ", ") + declared[idx];
  }
  if (declared.size() > kShown) {
    out += ", ... (" + std::to_string(declared.size()) + " declarations)";
  }
  return out;
}

}  // namespace models::scenario
