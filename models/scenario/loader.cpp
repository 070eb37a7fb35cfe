#include "models/scenario/loader.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "models/scenario/build_spec.h"
#include "models/scenario/builder.h"
#include "models/scenario/json_text.h"
#include "models/scenario/reader.h"
#include "models/scenario/schema.h"

namespace models::scenario {
namespace {

constexpr std::size_t kMaxFileBytes = 64u << 20;

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

// The reference tokens of a JSON pointer, unescaped; nullopt if malformed.
std::optional<std::vector<std::string>> pointer_tokens(const std::string& pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) {
    return tokens;
  }
  if (pointer.front() != '/') {
    return std::nullopt;
  }
  std::string token;
  for (std::size_t pos = 1; pos <= pointer.size(); ++pos) {
    if (pos == pointer.size() || pointer[pos] == '/') {
      tokens.push_back(token);
      token.clear();
    } else if (pointer[pos] == '~') {
      if (pos + 1 >= pointer.size() || (pointer[pos + 1] != '0' && pointer[pos + 1] != '1')) {
        return std::nullopt;  // "~" must be "~0" or "~1"
      }
      token += pointer[++pos] == '1' ? '/' : '~';
    } else {
      token += pointer[pos];
    }
  }
  return tokens;
}

// An array index token: "0" or digits without a leading zero, below `size`.
std::optional<std::size_t> array_index(const std::string& token, std::size_t size) {
  if (token.empty() || token.size() > 9 || token.find_first_not_of("0123456789") != std::string::npos ||
      (token.size() > 1 && token.front() == '0')) {
    return std::nullopt;
  }
  const std::size_t index = std::stoul(token);
  return index < size ? std::optional(index) : std::nullopt;
}

// "\"" + text + "\"" written so that GCC 12 raises no false -Wrestrict (bug 105329).
std::string quoted(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

std::string join_tokens(const std::vector<std::string>& tokens, std::size_t count) {
  std::string out;
  for (std::size_t idx = 0; idx < count; ++idx) {
    out = ptr(out, tokens[idx]);
  }
  return out;
}

}  // namespace

bool apply_override(nlohmann::json& document, const std::string& path, const nlohmann::json& value,
                    const std::string& where, Diagnostics& diags) {
  const auto tokens = pointer_tokens(to_pointer(path));
  if (!tokens) {
    diags.add(where, "expected a JSON pointer such as \"/links/0/mode\" or a dotted path such as \"links.0.mode\", found \"" +
                         path + "\"");
    return false;
  }
  if (tokens->empty()) {
    diags.add(where, "an override must name a field, found the whole document \"" + path + "\"");
    return false;
  }
  // Walk to the parent by hand: every step says where it stopped.
  nlohmann::json* node = &document;
  for (std::size_t idx = 0; idx + 1 < tokens->size(); ++idx) {
    const std::string& key = (*tokens)[idx];
    const std::string walked = idx == 0 ? std::string("the document") : quoted(join_tokens(*tokens, idx));
    if (node->is_object()) {
      if (!node->contains(key)) {
        diags.add(where, "override path \"" + path + "\" points at nothing: " + walked + " has no key \"" + key + "\"");
        return false;
      }
      node = &(*node)[key];
    } else if (node->is_array()) {
      const auto index = array_index(key, node->size());
      if (!index) {
        diags.add(where, "override path \"" + path + "\" points at nothing: " + walked + " has " +
                             std::to_string(node->size()) + " entries, no \"" + key + "\"");
        return false;
      }
      node = &(*node)[*index];
    } else {
      diags.add(where, "override path \"" + path + "\" points at nothing: " + walked + " is " + describe(*node) +
                           ", not an object or array");
      return false;
    }
  }
  const std::string& last = tokens->back();
  const std::string parent = quoted(join_tokens(*tokens, tokens->size() - 1));
  if (node->is_array()) {
    const auto index = array_index(last, node->size());
    if (!index) {
      diags.add(where, "override path \"" + path + "\" points at nothing: " + parent + " has " +
                           std::to_string(node->size()) + " entries, no \"" + last + "\"");
      return false;
    }
    if (value.is_null()) {
      node->erase(*index);
    } else {
      (*node)[*index] = value;
    }
    return true;
  }
  if (!node->is_object()) {
    diags.add(where, "override path \"" + path + "\" points at nothing: " + parent + " is " + describe(*node));
    return false;
  }
  if (value.is_null()) {  // null removes a field: {"path": "/links/0/interval", "value": null}
    if (!node->contains(last)) {
      diags.add(where, "override path \"" + path + "\" removes nothing: " + parent + " has no key \"" + last + "\"");
      return false;
    }
    node->erase(last);
    return true;
  }
  (*node)[last] = value;  // a new key is checked like any key of the file
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

namespace {

// The document, or nullopt (reported) if the text is not JSON or not an object.
std::optional<nlohmann::json> parse_document(std::string_view text, Diagnostics& diags) {
  std::optional<nlohmann::json> document = parse_json_text(text, diags);
  if (document && !document->is_object()) {
    diags.expected("", "a scenario object { \"name\": ..., \"nodes\": [...] }", *document);
    return std::nullopt;
  }
  return document;
}

bool is_json_schema(const nlohmann::json& document) {
  return document.contains("$schema") && document.at("$schema").is_string() &&
         document.at("$schema").get<std::string>().rfind("http://json-schema.org/", 0) == 0;
}

// The command line's `--set PATH=VALUE` overrides, in order.
void apply_sets(nlohmann::json& document, const std::vector<std::string>& sets, Diagnostics& diags) {
  for (const std::string& set : sets) {
    const std::size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      diags.add("", "--set expected PATH=VALUE (e.g. /replications=5 or links.0.mode=stream), found \"" + set + "\"");
      continue;
    }
    const std::string value_text = set.substr(eq + 1);
    Diagnostics value_diags;
    std::optional<nlohmann::json> parsed = parse_json_text(value_text, value_diags);
    const bool syntax = !parsed && value_diags.items().front().pointer.empty();
    if (!parsed && !syntax) {  // JSON, but nested too deep, a key twice, or a number overflowing
      diags.append(value_diags, to_pointer(set.substr(0, eq)), "--set " + set + ": ");
      continue;
    }
    // A bare word is a string: --set policies.reservation.name=hard
    const nlohmann::json value = parsed ? std::move(*parsed) : nlohmann::json(value_text);
    Diagnostics set_diags;
    apply_override(document, set.substr(0, eq), value, "", set_diags);
    diags.append(set_diags, "", "--set " + set + ": ");
  }
}

// More nodes, links or experiments than a scenario may hold (the semantic pass says so).
bool beyond_limits(const nlohmann::json& document) {
  const auto count = [&](const char* key) {
    return document.contains(key) && document.at(key).is_array() ? document.at(key).size() : 0;
  };
  return count("nodes") > detail::kMaxNodes || count("links") > detail::kMaxLinks ||
         count("experiments") > detail::kMaxVariants;
}

// The semantic pass over the document, then the schema for what it alone caught.
ScenarioSpec check_baseline(const nlohmann::json& document, DataFiles& data, Diagnostics& diags) {
  Diagnostics semantic;
  ScenarioSpec baseline = build_spec(document, semantic, data);
  Diagnostics schema;
  if (!beyond_limits(document)) {  // the schema would report each of a million entries, slowly
    check_against_schema(document, schema);
  }
  diags.append(semantic);
  // The semantic pass says it better; the schema adds what it alone caught.
  for (const Diagnostic& d : schema.items()) {
    if (!semantic.has_at_or_below(d.pointer) && !semantic.has_at_or_above(d.pointer)) {
      diags.add(d.pointer, d.message);
    }
  }
  return baseline;
}

// The document without "experiments" (`base`), with one experiment's overrides
// applied; an override that is malformed or points at nothing is reported in `diags`.
nlohmann::json variant_document(const nlohmann::json& base, const nlohmann::json& overrides, const std::string& at,
                                Diagnostics& diags) {
  nlohmann::json variant_doc = base;
  Diagnostics override_diags;
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
  return variant_doc;
}

// Each experiment of the document, built and checked as a scenario of its own.
// One copy of each node's stock where a variant draws the same as the baseline.
void share_stock(ScenarioSpec& variant, const ScenarioSpec& baseline) {
  for (std::size_t node = 0; node < variant.nodes.size() && node < baseline.nodes.size(); ++node) {
    variant.nodes[node].inventory.share_with(baseline.nodes[node].inventory);
  }
}

// One axis of a sweep experiment: a field (`path`) and the values it takes.
struct SweepAxis {
  std::string name;
  std::string path;
  std::string at;  // the axis's pointer
  std::vector<nlohmann::json> values;
  std::vector<SweepPoint> points;  // per value: its label and, if numeric, its number
};

// The label a value gets in its variant's name: a string or number as written,
// an object by its "name" (a policy), or the axis's "labels".
std::optional<std::string> value_label(const nlohmann::json& value) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number() || value.is_boolean()) {
    return value.dump();
  }
  if (value.is_object() && value.contains("name") && value.at("name").is_string()) {
    return value.at("name").get<std::string>();
  }
  return std::nullopt;
}

// A number as itself; a string that is a duration in seconds; NaN otherwise (a categorical axis).
SweepPoint numeric_point(const nlohmann::json& value) {
  SweepPoint point;
  point.value = std::numeric_limits<double>::quiet_NaN();
  if (value.is_number()) {
    point.value = value.get<double>();
  } else if (value.is_string()) {
    try {
      point.value = sim::parse_duration(value.get<std::string>()).to_seconds();
      point.unit = "s";
    } catch (const std::exception&) {
      // not a duration: categorical
    }
  }
  return point;
}

// An experiment's "axes", checked; nullopt (with its errors in `diags`) when malformed.
std::optional<std::vector<SweepAxis>> sweep_axes(const nlohmann::json& axes, const std::string& name,
                                                 const std::string& at, Diagnostics& diags) {
  if (!axes.is_array() || axes.empty()) {
    diags.expected(at, R"(a non-empty array of axes [{"name": ..., "path": ..., "values": [...]}])", axes);
    return std::nullopt;
  }
  std::vector<SweepAxis> out;
  bool ok = true;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const std::string a_at = ptr(at, a);
    Reader r(axes[a], a_at, diags, "sweep axis", {"name", "path", "values", "labels"});
    if (!r.ok()) {
      ok = false;
      continue;
    }
    SweepAxis axis;
    axis.at = a_at;
    axis.name = r.identifier("name", Need::Required).value_or("");
    axis.path = r.string("path", Need::Required).value_or("");
    if (!r.has("values") || !r.at("values").is_array() || r.at("values").empty()) {
      diags.expected(ptr(a_at, "values"), "a non-empty array of the values the field takes",
                     r.has("values") ? r.at("values") : nlohmann::json());
      ok = false;
      continue;
    }
    const nlohmann::json& values = r.at("values");
    const bool labelled = r.has("labels");
    if (labelled && (!r.at("labels").is_array() || r.at("labels").size() != values.size())) {
      diags.expected(ptr(a_at, "labels"), "an array of " + std::to_string(values.size()) + " labels, one per value",
                     r.at("labels"));
      ok = false;
      continue;
    }
    for (std::size_t k = 0; k < values.size(); ++k) {
      const std::string l_at = labelled ? ptr(ptr(a_at, "labels"), k) : ptr(ptr(a_at, "values"), k);
      const nlohmann::json& given = labelled ? r.at("labels")[k] : values[k];
      const std::optional<std::string> label =
          labelled ? (given.is_string() ? std::optional(given.get<std::string>()) : std::nullopt) : value_label(given);
      if (!label || !detail::valid_id(*label)) {
        diags.add(l_at, labelled ? "expected a label of letters, digits, '-', '_' or '.', found " + given.dump()
                                 : "expected a value whose spelling can name a variant (letters, digits, '-', '_', "
                                   "'.'; an object by its \"name\"), found " + given.dump() +
                                       ": give the axis \"labels\"");
        ok = false;
        continue;
      }
      SweepPoint point = numeric_point(values[k]);
      point.sweep = name;
      point.axis = axis.name;
      point.label = *label;
      axis.values.push_back(values[k]);
      axis.points.push_back(std::move(point));
    }
    if (std::any_of(out.begin(), out.end(), [&](const SweepAxis& o) { return o.name == axis.name; })) {
      diags.add(ptr(a_at, "name"), "expected each axis name once, found \"" + axis.name + "\" again");
      ok = false;
    }
    out.push_back(std::move(axis));
  }
  if (!ok || !diags.empty()) {
    return std::nullopt;
  }
  return out;
}

// What one experiment turns into: one variant, or one per combination of its axes' values.
struct VariantPlan {
  std::string name;
  std::vector<std::pair<std::size_t, std::size_t>> picks;  // (axis, value) per axis
};

std::vector<VariantPlan> expand_sweep(const std::string& name, const std::vector<SweepAxis>& axes) {
  std::vector<VariantPlan> plans;
  std::vector<std::size_t> odometer(axes.size(), 0);  // the first axis varies slowest
  while (true) {
    VariantPlan plan{name, {}};
    for (std::size_t a = 0; a < axes.size(); ++a) {
      plan.name += '-';
      plan.name += axes[a].points[odometer[a]].label;
      plan.picks.emplace_back(a, odometer[a]);
    }
    plans.push_back(std::move(plan));
    std::size_t a = axes.size();
    while (a > 0 && ++odometer[a - 1] == axes[a - 1].values.size()) {
      odometer[--a] = 0;
    }
    if (a == 0) {
      return plans;
    }
  }
}

// One variant: `base` with the experiment's overrides, then the plan's value on
// each axis; nullopt when an override is malformed or dangles (in `diags`). The
// variant's own errors are appended to `diags` naming it.
std::optional<ScenarioSpec> build_variant(const nlohmann::json& base, const nlohmann::json& overrides,
                                          const std::vector<SweepAxis>& axes, const VariantPlan& plan,
                                          const std::string& at, const ScenarioSpec& baseline, DataFiles& data,
                                          Diagnostics& diags) {
  nlohmann::json variant_doc = variant_document(base, overrides, at, diags);
  std::vector<SweepPoint> points;
  for (const auto& [a, k] : plan.picks) {
    apply_override(variant_doc, axes[a].path, axes[a].values[k], ptr(axes[a].at, "path"), diags);
    points.push_back(axes[a].points[k]);
  }
  if (!diags.empty()) {
    return std::nullopt;
  }
  Diagnostics variant_diags;
  ScenarioSpec spec = build_spec(variant_doc, variant_diags, data);
  spec.variant = plan.name;
  spec.sweep = std::move(points);
  share_stock(spec, baseline);
  // A variant's errors point into the baseline document; say which variant.
  diags.append(variant_diags, "", "with the overrides of variant \"" + plan.name + "\" (" + at + "): ");
  return spec;
}

std::vector<ScenarioSpec> build_variants(const nlohmann::json& document, const ScenarioSpec& baseline,
                                         DataFiles& data, Diagnostics& diags) {
  std::vector<ScenarioSpec> variants;
  if (!document.contains("experiments") || !document.at("experiments").is_array()) {
    return variants;
  }
  std::set<std::string> names = {"baseline"};
  const auto& experiments = document.at("experiments");
  if (experiments.size() > detail::kMaxVariants) {
    diags.add("/experiments", "expected at most " + std::to_string(detail::kMaxVariants) + " experiments, found " +
                                  std::to_string(experiments.size()));
    return variants;
  }
  nlohmann::json base = document;  // copied once, not once per variant with every other variant in it
  base.erase("experiments");
  std::size_t planned = 0;
  for (std::size_t idx = 0; idx < experiments.size() && diags.empty(); ++idx) {
    const auto& experiment = experiments[idx];
    const std::string at = ptr("/experiments", idx);
    const bool sweep = experiment.is_object() && experiment.contains("axes");
    if (!experiment.is_object() || !experiment.contains("name") || !experiment.at("name").is_string() ||
        (experiment.contains("overrides") ? !experiment.at("overrides").is_array() : !sweep)) {
      if (!diags.has_at_or_below(at)) {
        diags.expected(at, R"(an experiment {"name": ..., "overrides": [{"path": ..., "value": ...}]} (a sweep: )"
                           R"("axes" and optional "overrides"))", experiment);
      }
      continue;
    }
    const std::string name = experiment.at("name").get<std::string>();
    if (!check_identifier(name, ptr(at, "name"), "a variant name", diags)) {
      continue;
    }
    std::vector<SweepAxis> axes;
    if (sweep) {
      std::optional<std::vector<SweepAxis>> read = sweep_axes(experiment.at("axes"), name, ptr(at, "axes"), diags);
      if (!read) {
        continue;
      }
      axes = std::move(*read);
    }
    std::size_t count = 1;
    for (const SweepAxis& axis : axes) {
      count = std::min(count * axis.values.size(), detail::kMaxVariants + 1);
    }
    planned += count;
    if (planned > detail::kMaxVariants) {
      diags.add(sweep ? ptr(at, "axes") : at, "expected at most " + std::to_string(detail::kMaxVariants) +
                                                  " variants in all, found more (a sweep makes one per combination of "
                                                  "its axes' values)");
      break;
    }
    static const nlohmann::json kNoOverrides = nlohmann::json::array();
    const nlohmann::json& overrides = experiment.contains("overrides") ? experiment.at("overrides") : kNoOverrides;
    const std::vector<VariantPlan> plans = expand_sweep(name, axes);  // no axes: the one variant NAME
    // Room for this experiment's variants and one for each experiment after it: the
    // vector grows once per sweep at most, not by doubling through every spec (each
    // holds a scenario's nodes).
    variants.reserve(variants.size() + plans.size() + (experiments.size() - idx - 1));
    for (const VariantPlan& plan : plans) {
      if (!check_identifier(plan.name, ptr(at, "name"), "a variant name", diags)) {
        break;
      }
      if (!names.insert(plan.name).second) {
        diags.add(ptr(at, "name"),
                  "expected a variant name not used before (and not \"baseline\"), found \"" + plan.name + "\"");
        break;
      }
      std::optional<ScenarioSpec> spec = build_variant(base, overrides, axes, plan, at, baseline, data, diags);
      if (!spec) {
        break;  // the baseline's (or these overrides') errors would repeat in every variant
      }
      variants.push_back(std::move(*spec));
    }
  }
  return variants;
}

// A gate's "variants" and "relative" name variants of this file; a gate that
// would judge none of them is a mistake, not a gate that silently passes.
void check_gate_scopes(const ScenarioSpec& baseline, const std::vector<ScenarioSpec>& variants, Diagnostics& diags) {
  std::vector<std::string> names{baseline.variant};
  for (const ScenarioSpec& v : variants) {
    names.push_back(v.variant);
  }
  const auto known = [&](const std::string& name, const std::string& at) {
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return true;
    }
    diags.add(at, "no variant \"" + name + "\"" + did_you_mean(name, names) + " (variants: baseline and the " +
                      "names in \"experiments\")");
    return false;
  };
  for (const GateSpec& gate : baseline.gates) {
    bool all_known = gate.relative.empty() || known(gate.relative, ptr(gate.pointer, "relative"));
    for (std::size_t idx = 0; idx < gate.variants.size(); ++idx) {
      all_known = known(gate.variants[idx], ptr(ptr(gate.pointer, "variants"), idx)) && all_known;
    }
    if (all_known && std::none_of(names.begin(), names.end(), [&](const std::string& n) { return gate.judges(n); })) {
      diags.add(gate.pointer, "the gate judges no variant: a relative gate never judges the variant it compares "
                              "with (\"" + gate.relative + "\"), and \"variants\" names no other");
    }
  }
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& path, const std::vector<std::string>& sets) {
  LoadResult result;
  result.path = path;
  std::optional<nlohmann::json> document = parse_document(text, result.diags);
  if (!document) {
    return result;
  }
  // `peaksim validate scenarios/*.json` meets scenarios/schema.json on its way.
  if (is_json_schema(*document)) {
    result.is_json_schema = true;
    return result;
  }
  apply_sets(*document, sets, result.diags);
  if (!result.diags.empty()) {
    return result;
  }
  DataFiles data(path);  // CSV files are found beside the scenario, and read once for all variants
  ScenarioSpec baseline = check_baseline(*document, data, result.diags);
  std::vector<ScenarioSpec> variants = build_variants(*document, baseline, data, result.diags);
  if (result.diags.empty()) {
    check_gate_scopes(baseline, variants, result.diags);
  }
  if (!result.diags.empty()) {
    return result;
  }
  result.scenario = Scenario{path, std::move(*document), std::move(baseline), std::move(variants), data.files()};
  return result;
}

}  // namespace models::scenario
