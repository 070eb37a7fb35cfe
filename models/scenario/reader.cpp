#include "models/scenario/reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "models/scenario/distribution.h"

namespace models::scenario {

Reader::Reader(const nlohmann::json& value, std::string pointer, Diagnostics& diags, std::string what,
               const std::vector<std::string>& allowed)
    : value_(value), pointer_(std::move(pointer)), diags_(diags), what_(std::move(what)) {
  is_object_ = value.is_object();
  if (!is_object_) {
    diags_.expected(pointer_, "an object (" + what_ + ")", value);
    return;
  }
  for (const auto& [key, item] : value.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string hint = did_you_mean(key, allowed);
      if (hint.empty()) {
        std::string list;
        for (const std::string& a : allowed) {
          list += (list.empty() ? "" : ", ") + a;
        }
        hint = " (" + what_ + " keys: " + list + ")";
      }
      diags_.add(ptr(pointer_, key), "unknown " + what_ + " key \"" + key + "\"" + hint);
    }
  }
}

bool Reader::present(const std::string& key, Need need) {
  if (!is_object_) {
    return false;
  }
  if (value_.contains(key)) {
    return true;
  }
  if (need == Need::Required) {
    diags_.add(pointer_, "missing required " + what_ + " key \"" + key + "\"");
  }
  return false;
}

std::optional<std::string> Reader::string(const std::string& key, Need need) {
  if (!present(key, need)) {
    return std::nullopt;
  }
  const auto& v = value_.at(key);
  if (!v.is_string()) {
    diags_.expected(ptr(pointer_, key), "a string", v);
    return std::nullopt;
  }
  return v.get<std::string>();
}

std::optional<std::string> Reader::identifier(const std::string& key, Need need) {
  auto text = string(key, need);
  if (text && !check_identifier(*text, ptr(pointer_, key), "a " + what_ + " " + key, diags_)) {
    return std::nullopt;
  }
  return text;
}

namespace {

// The first characters of a long text, for a message.
std::string shortened(const std::string& text) {
  constexpr std::size_t kShown = 40;
  // Appended piece by piece: GCC 12 warns falsely on "\"" + text (-Wrestrict, bug 105329).
  std::string out;
  out += '"';
  out.append(text, 0, std::min(text.size(), kShown));
  if (text.size() > kShown) {
    out += "...\" (";
    out += std::to_string(text.size());
    out += " characters)";
  } else {
    out += '"';
  }
  return out;
}

}  // namespace

bool check_identifier(const std::string& text, const std::string& pointer, std::string_view what, Diagnostics& diags) {
  if (text.empty() || text.size() > kMaxIdentifier) {
    diags.add(pointer, "expected " + std::string(what) + " of 1 to " + std::to_string(kMaxIdentifier) +
                           " characters, found " + shortened(text));
    return false;
  }
  const auto control = std::find_if(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (control != text.end()) {
    diags.add(pointer, "expected " + std::string(what) + " without control characters, found one at character " +
                           std::to_string(control - text.begin() + 1));
    return false;
  }
  return true;
}

bool check_file_name(const std::string& text, const std::string& pointer, Diagnostics& diags) {
  const bool allowed = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  });
  if (text.empty() || text.size() > kMaxIdentifier || !allowed || text == "." || text == "..") {
    diags.add(pointer, "expected a name of 1 to " + std::to_string(kMaxIdentifier) +
                           " letters, digits, '.', '_' or '-' (not \".\" or \"..\"; it names the output folder "
                           "out/NAME), found " + shortened(text));
    return false;
  }
  return true;
}

std::optional<double> Reader::number(const std::string& key, Need need, std::optional<double> min,
                                     std::optional<double> max, bool exclusive_min) {
  if (!present(key, need)) {
    return std::nullopt;
  }
  const auto& v = value_.at(key);
  const bool below = v.is_number() && min && (v.get<double>() < *min || (exclusive_min && v.get<double>() == *min));
  const bool above = v.is_number() && max && v.get<double>() > *max;
  if (!v.is_number() || below || above) {
    std::string expected = "a number";
    auto num = [](double x) {
      return std::floor(x) == x && std::abs(x) < 1e15 ? std::to_string(static_cast<std::int64_t>(x))
                                                      : nlohmann::json(x).dump();
    };
    if (min && max) {
      expected += " from " + num(*min) + " to " + num(*max);
    } else if (min) {
      expected += exclusive_min ? " greater than " + num(*min) : " of at least " + num(*min);
    }
    diags_.expected(ptr(pointer_, key), expected, v);
    return std::nullopt;
  }
  return v.get<double>();
}

std::optional<std::int64_t> Reader::integer(const std::string& key, Need need, std::int64_t min, std::int64_t max) {
  if (!present(key, need)) {
    return std::nullopt;
  }
  const auto& v = value_.at(key);
  const bool fits = v.is_number_unsigned() ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
                                           : v.is_number_integer();
  if (!fits || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
    diags_.expected(ptr(pointer_, key),
                    "an integer from " + std::to_string(min) + " to " + std::to_string(max), v);
    return std::nullopt;
  }
  return v.get<std::int64_t>();
}

std::optional<bool> Reader::boolean(const std::string& key, Need need) {
  if (!present(key, need)) {
    return std::nullopt;
  }
  const auto& v = value_.at(key);
  if (!v.is_boolean()) {
    diags_.expected(ptr(pointer_, key), "true or false", v);
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<sim::Duration> Reader::duration(const std::string& key, Need need) {
  if (!present(key, need)) {
    return std::nullopt;
  }
  return check_duration(value_.at(key), ptr(pointer_, key), diags_);
}

std::optional<std::string> Reader::choice(const std::string& key, Need need, const std::vector<std::string>& choices,
                                          const std::string& what) {
  auto text = string(key, need);
  if (!text) {
    return std::nullopt;
  }
  if (std::find(choices.begin(), choices.end(), *text) == choices.end()) {
    std::string list;
    for (const std::string& c : choices) {
      list += (list.empty() ? "" : ", ") + c;
    }
    diags_.add(ptr(pointer_, key),
               "unknown " + what + " \"" + *text + "\"" + did_you_mean(*text, choices) + " (expected one of " + list + ")");
    return std::nullopt;
  }
  return text;
}

std::optional<std::map<std::string, double>> Reader::weights(const std::string& key, Need need) {
  if (!present(key, need)) {
    return std::nullopt;
  }
  const auto& v = value_.at(key);
  const std::string at = ptr(pointer_, key);
  if (!v.is_object() || v.empty()) {
    diags_.expected(at, R"(a non-empty object of name: weight, such as {"north": 0.6, "south": 0.4})", v);
    return std::nullopt;
  }
  std::map<std::string, double> out;
  double total = 0.0;
  bool ok = true;
  for (const auto& [name, weight] : v.items()) {
    if (!weight.is_number() || weight.get<double>() < 0.0) {
      diags_.expected(ptr(at, name), "a weight (a number of at least 0)", weight);
      ok = false;
      continue;
    }
    out[name] = weight.get<double>();
    total += weight.get<double>();
  }
  if (ok && total <= 0.0) {
    diags_.add(at, "expected weights that do not all equal 0, found only zeros");
    ok = false;
  }
  return ok ? std::optional(out) : std::nullopt;
}

}  // namespace models::scenario
