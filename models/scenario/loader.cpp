#include "models/scenario/loader.h"

#include <fstream>
#include <set>
#include <sstream>

#include "models/scenario/build_spec.h"
#include "models/scenario/schema.h"

namespace models::scenario {
namespace {

constexpr std::size_t kMaxFileBytes = 64u << 20;

// nlohmann reports a byte offset; users want a line and a column.
std::string position_of(std::string_view text, std::size_t byte) {
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

// "/links/0/mode" stays; "links.0.mode" becomes "/links/0/mode".
std::string to_pointer(const std::string& path) {
  if (path.empty() || path.front() == '/') {
    return path;
  }
  std::string out;
  std::stringstream parts(path);
  std::string part;
  while (std::getline(parts, part, '.')) {
    out = ptr(out, part);
  }
  return out;
}

// Where a pointer stops resolving, for "points at nothing" messages.
std::string resolve_failure(const nlohmann::json& document, const nlohmann::json::json_pointer& pointer) {
  const nlohmann::json* node = &document;
  std::string walked;
  std::string rest = pointer.to_string();
  std::stringstream tokens(rest.empty() ? "" : rest.substr(1));
  std::string token;
  std::vector<std::string> parts;
  while (std::getline(tokens, token, '/')) {
    parts.push_back(token);
  }
  for (std::size_t idx = 0; idx + 1 < parts.size(); ++idx) {
    std::string key;  // unescape ~1 and ~0
    for (std::size_t pos = 0; pos < parts[idx].size(); ++pos) {
      const char c = parts[idx][pos];
      if (c == '~' && pos + 1 < parts[idx].size() && (parts[idx][pos + 1] == '0' || parts[idx][pos + 1] == '1')) {
        key += parts[idx][++pos] == '1' ? '/' : '~';
      } else {
        key += c;
      }
    }
    if (node->is_object() && node->contains(key)) {
      node = &node->at(key);
    } else if (node->is_array() && !key.empty() && key.find_first_not_of("0123456789") == std::string::npos &&
               key.size() < 10 && std::stoul(key) < node->size()) {
      node = &(*node)[std::stoul(key)];
    } else {
      const std::string where = walked.empty() ? "the document" : "\"" + walked + "\"";
      if (node->is_array()) {
        return where + " has " + std::to_string(node->size()) + " entries, no \"" + key + "\"";
      }
      if (node->is_object()) {
        return where + " has no key \"" + key + "\"";
      }
      return where + " is " + describe(*node) + ", not an object or array";
    }
    walked += "/" + parts[idx];
  }
  return walked.empty() ? "the document" : "\"" + walked + "\" cannot take it";
}

}  // namespace

bool apply_override(nlohmann::json& document, const std::string& path, const nlohmann::json& value,
                    const std::string& where, Diagnostics& diags) {
  const std::string pointer_text = to_pointer(path);
  nlohmann::json::json_pointer pointer;
  try {
    pointer = nlohmann::json::json_pointer(pointer_text);
  } catch (const nlohmann::json::exception&) {
    diags.add(where, "expected a JSON pointer such as \"/links/0/mode\" or a dotted path such as \"links.0.mode\", found \"" +
                         path + "\"");
    return false;
  }
  if (pointer.empty()) {
    diags.add(where, "an override must name a field, found the whole document \"" + path + "\"");
    return false;
  }
  const nlohmann::json::json_pointer parent = pointer.parent_pointer();
  const std::string last = pointer.back();
  const bool parent_exists = document.contains(parent) || parent.empty();
  if (!parent_exists) {
    diags.add(where, "override path \"" + path + "\" points at nothing: " + resolve_failure(document, pointer));
    return false;
  }
  nlohmann::json& container = parent.empty() ? document : document.at(parent);
  if (container.is_array()) {
    const bool index = !last.empty() && last.find_first_not_of("0123456789") == std::string::npos && last.size() < 10;
    if (!index || std::stoul(last) >= container.size()) {
      diags.add(where, "override path \"" + path + "\" points at nothing: \"" + parent.to_string() + "\" has " +
                           std::to_string(container.size()) + " entries");
      return false;
    }
    if (value.is_null()) {
      container.erase(std::stoul(last));
    } else {
      container[std::stoul(last)] = value;
    }
    return true;
  }
  if (!container.is_object()) {
    diags.add(where, "override path \"" + path + "\" points at nothing: \"" + parent.to_string() + "\" is " +
                         describe(container));
    return false;
  }
  if (value.is_null()) {  // null removes a field: {"path": "/links/0/interval", "value": null}
    if (!container.contains(last)) {
      diags.add(where, "override path \"" + path + "\" removes nothing: \"" + parent.to_string() + "\" has no key \"" +
                           last + "\"");
      return false;
    }
    container.erase(last);
    return true;
  }
  container[last] = value;  // a new key is checked like any key of the file
  return true;
}

LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& sets) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult r;
    r.path = path;
    r.diags.add("", "cannot open the file");
    return r;
  }
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) {
      LoadResult r;
      r.path = path;
      r.diags.add("", "expected a scenario file of at most 64 MiB, found a larger one");
      return r;
    }
  }
  return load_scenario_text(text, path, sets);
}

LoadResult load_scenario_text(std::string_view text, const std::string& path, const std::vector<std::string>& sets) {
  LoadResult result;
  result.path = path;
  Diagnostics& diags = result.diags;
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." -> the reason
    const std::size_t colon = what.find(": ", what.find("parse error"));
    const std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    diags.add("", "invalid JSON at " + position_of(text, e.byte == 0 ? 0 : e.byte - 1) + ": " + reason);
    return result;
  }
  if (!document.is_object()) {
    diags.expected("", "a scenario object { \"name\": ..., \"nodes\": [...] }", document);
    return result;
  }
  // `peaksim validate scenarios/*.json` meets scenarios/schema.json on its way.
  if (document.contains("$schema") && document.at("$schema").is_string() &&
      document.at("$schema").get<std::string>().rfind("http://json-schema.org/", 0) == 0) {
    result.is_json_schema = true;
    return result;
  }
  for (const std::string& set : sets) {
    const std::size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      diags.add("", "--set expected PATH=VALUE (e.g. /replications=5 or links.0.mode=stream), found \"" + set + "\"");
      continue;
    }
    const std::string value_text = set.substr(eq + 1);
    nlohmann::json value = nlohmann::json::parse(value_text, nullptr, false);
    if (value.is_discarded()) {
      value = value_text;  // a bare word is a string: --set policies.reservation.name=hard
    }
    Diagnostics set_diags;
    apply_override(document, set.substr(0, eq), value, "", set_diags);
    diags.append(set_diags, "", "--set " + set + ": ");
  }
  if (!diags.empty()) {
    return result;
  }

  Diagnostics semantic;
  ScenarioSpec baseline = build_spec(document, semantic);
  Diagnostics schema;
  check_against_schema(document, schema);
  diags.append(semantic);
  // The semantic pass says it better; the schema adds what it alone caught.
  for (const Diagnostic& d : schema.items()) {
    bool covered = false;
    for (const Diagnostic& s : semantic.items()) {
      if (s.pointer.rfind(d.pointer, 0) == 0 || d.pointer.rfind(s.pointer, 0) == 0) {
        covered = true;
        break;
      }
    }
    if (!covered) {
      diags.add(d.pointer, d.message);
    }
  }

  std::vector<ScenarioSpec> variants;
  if (document.contains("experiments") && document.at("experiments").is_array()) {
    std::set<std::string> names = {"baseline"};
    const auto& experiments = document.at("experiments");
    for (std::size_t idx = 0; idx < experiments.size(); ++idx) {
      const auto& experiment = experiments[idx];
      const std::string at = ptr("/experiments", idx);
      if (!experiment.is_object() || !experiment.contains("name") || !experiment.at("name").is_string() ||
          !experiment.contains("overrides") || !experiment.at("overrides").is_array()) {
        if (!diags.has_at_or_below(at)) {
          diags.expected(at, R"(an experiment {"name": ..., "overrides": [{"path": ..., "value": ...}]})", experiment);
        }
        continue;
      }
      const std::string name = experiment.at("name").get<std::string>();
      if (!names.insert(name).second) {
        diags.add(ptr(at, "name"), "expected a variant name not used before (and not \"baseline\"), found \"" + name + "\"");
        continue;
      }
      nlohmann::json variant_doc = document;
      variant_doc.erase("experiments");
      Diagnostics override_diags;
      const auto& overrides = experiment.at("overrides");
      for (std::size_t o = 0; o < overrides.size(); ++o) {
        const std::string o_at = ptr(ptr(at, "overrides"), o);
        const auto& item = overrides[o];
        if (!item.is_object() || !item.contains("path") || !item.at("path").is_string() || !item.contains("value")) {
          if (!diags.has_at_or_below(o_at)) {
            override_diags.expected(o_at, R"({"path": JSON pointer, "value": ...})", item);
          }
          continue;
        }
        apply_override(variant_doc, item.at("path").get<std::string>(), item.at("value"), ptr(o_at, "path"),
                       override_diags);
      }
      diags.append(override_diags);
      if (!override_diags.empty() || !diags.empty()) {
        continue;  // the baseline's errors would repeat in every variant
      }
      Diagnostics variant_diags;
      ScenarioSpec spec = build_spec(variant_doc, variant_diags);
      spec.variant = name;
      // A variant's errors point into the baseline document; say which variant.
      diags.append(variant_diags, "", "with the overrides of variant \"" + name + "\" (" + at + "): ");
      variants.push_back(std::move(spec));
    }
  }
  if (!diags.empty()) {
    return result;
  }
  result.scenario = Scenario{path, std::move(document), std::move(baseline), std::move(variants)};
  return result;
}

}  // namespace models::scenario
