#include "models/scenario/param_table.h"

#include <cmath>

#include "models/scenario/opening_hours.h"

namespace models::scenario {
namespace {

std::string type_name(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::Integer:
      return "integer";
    case ParamType::Number:
      return "number";
    case ParamType::Probability:
      return "probability";
    case ParamType::Boolean:
      return "boolean";
    case ParamType::Duration:
      return "duration";
    case ParamType::Distribution:
      return "distribution";
    case ParamType::TimeOfDay:
      return "time of day";
    case ParamType::Choice:
      return "one of";
    case ParamType::Text:
      return "string";
    case ParamType::PerChannel:
      return "object by demand channel name";
    case ParamType::WeeklyHours:
      return "opening hours";
  }
  return "value";
}

std::string range_text(const ParamSpec& spec) {
  auto num = [](double v) {
    nlohmann::json j = v;
    if (std::floor(v) == v && std::abs(v) < 1e15) {
      j = static_cast<std::int64_t>(v);
    }
    return j.dump();
  };
  if (spec.minimum && spec.maximum) {
    return "from " + num(*spec.minimum) + " to " + num(*spec.maximum);
  }
  if (spec.minimum) {
    return (spec.exclusive_minimum ? "greater than " : "at least ") + num(*spec.minimum);
  }
  if (spec.maximum) {
    return "at most " + num(*spec.maximum);
  }
  return {};
}

bool valid_time_of_day(const std::string& text) { return minutes_of_day(text).has_value(); }

bool in_range(const ParamSpec& spec, double v) {
  if (spec.minimum && (v < *spec.minimum || (spec.exclusive_minimum && v == *spec.minimum))) {
    return false;
  }
  return !(spec.maximum && v > *spec.maximum);
}

// "an integer from 0 to 10", "a number greater than 0", "a number".
std::string with_range(const std::string& what, const ParamSpec& spec) {
  const std::string range = range_text(spec);
  return what + (range.empty() ? "" : " " + range);
}

// Reports that `value` is not `expected`; the null that check_param returns for it.
nlohmann::json refuse(const std::string& pointer, std::string_view expected, const nlohmann::json& value,
                      Diagnostics& diags) {
  diags.expected(pointer, expected, value);
  return nullptr;
}

nlohmann::json check_integer(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                             Diagnostics& diags) {
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) ||
      !in_range(spec, value.get<double>())) {
    return refuse(pointer, with_range("an integer", spec), value, diags);
  }
  return value;
}

nlohmann::json check_duration_param(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                                    Diagnostics& diags) {
  auto d = check_duration(value, pointer, diags);
  if (!d) {
    return nullptr;
  }
  if (spec.minimum && (d->to_seconds() < *spec.minimum || (spec.exclusive_minimum && d->to_seconds() == *spec.minimum))) {
    diags.add(pointer, "expected a duration " + std::string(spec.exclusive_minimum ? "longer than " : "of at least ") +
                           sim::format_duration(sim::Duration::micros(static_cast<std::int64_t>(*spec.minimum * 1e6))) +
                           ", found " + describe(value));
    return nullptr;
  }
  return value;
}

nlohmann::json check_distribution_param(const nlohmann::json& value, const std::string& pointer, Diagnostics& diags,
                                        std::optional<DurationDistribution>* distribution) {
  auto dist = check_distribution(value, pointer, diags);
  if (!dist) {
    return nullptr;
  }
  if (distribution != nullptr) {
    *distribution = *dist;
  }
  return value;
}

nlohmann::json check_choice(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                            Diagnostics& diags) {
  if (!value.is_string()) {
    return refuse(pointer, "a string", value, diags);
  }
  const std::string text = value.get<std::string>();
  if (std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
    std::string list;
    for (const std::string& c : spec.choices) {
      list += (list.empty() ? "" : ", ") + c;
    }
    diags.add(pointer, "expected one of " + list + ", found " + describe(value) + did_you_mean(text, spec.choices));
    return nullptr;
  }
  return value;
}

nlohmann::json check_per_channel(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                                 Diagnostics& diags) {
  if (!value.is_object()) {
    return refuse(pointer, "an object keyed by demand channel name", value, diags);
  }
  const ParamTable entry(spec.name + " entry", spec.fields);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [channel, given] : value.items()) {
    const std::size_t before = diags.size();
    ParamValues checked = entry.check(given.is_null() ? nlohmann::json::object() : given, ptr(pointer, channel), diags);
    if (diags.size() == before) {
      out[channel] = nlohmann::json::object();
      for (const ParamSpec& field : spec.fields) {
        out[channel][field.name] = checked.json(field.name);
      }
    }
  }
  return out;
}

}  // namespace

nlohmann::json check_param(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                           Diagnostics& diags, std::optional<DurationDistribution>* distribution) {
  switch (spec.type) {
    case ParamType::Integer:
      return check_integer(spec, value, pointer, diags);
    case ParamType::Number:
      if (!value.is_number() || !in_range(spec, value.get<double>())) {
        return refuse(pointer, with_range("a number", spec), value, diags);
      }
      return value.get<double>();
    case ParamType::Probability:
      if (!value.is_number() || value.get<double>() < 0.0 || value.get<double>() > 1.0) {
        return refuse(pointer, "a probability from 0 to 1", value, diags);
      }
      return value.get<double>();
    case ParamType::Boolean:
      return value.is_boolean() ? value : refuse(pointer, "true or false", value, diags);
    case ParamType::Duration:
      return check_duration_param(spec, value, pointer, diags);
    case ParamType::Distribution:
      return check_distribution_param(value, pointer, diags, distribution);
    case ParamType::TimeOfDay:
      if (!value.is_string() || !valid_time_of_day(value.get<std::string>())) {
        return refuse(pointer, R"(a time of day "HH:MM" such as "16:00")", value, diags);
      }
      return value;
    case ParamType::Choice:
      return check_choice(spec, value, pointer, diags);
    case ParamType::Text:
      return value.is_string() ? value : refuse(pointer, "a string", value, diags);
    case ParamType::PerChannel:
      return check_per_channel(spec, value, pointer, diags);
    case ParamType::WeeklyHours:
      return read_weekly_hours(value, pointer, diags) ? value : nlohmann::json();
  }
  return nullptr;
}

ParamValues ParamTable::check(const nlohmann::json& params, const std::string& pointer, Diagnostics& diags) const {
  ParamValues out;
  if (!params.is_null() && !params.is_object()) {
    diags.expected(pointer, "an object of " + owner_ + " parameters", params);
    return out;
  }
  const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json& given = params.is_null() ? empty : params;
  const std::vector<std::string> known = names();
  for (const auto& [key, value] : given.items()) {
    if (find(key) == nullptr) {
      std::string hint = did_you_mean(key, known);
      if (hint.empty()) {
        std::string list;
        for (const std::string& n : known) {
          list += (list.empty() ? "" : ", ") + n;
        }
        hint = known.empty() ? " (" + owner_ + " takes no parameters)" : " (" + owner_ + " parameters: " + list + ")";
      }
      diags.add(ptr(pointer, key), "unknown " + owner_ + " parameter \"" + key + "\"" + hint);
    }
  }
  for (const ParamSpec& spec : specs_) {
    const bool present = given.contains(spec.name);
    if (!present && spec.default_value.is_null()) {
      diags.add(pointer, "missing required " + owner_ + " parameter \"" + spec.name + "\" (" + spec.help + ")");
      continue;
    }
    const nlohmann::json& value = present ? given.at(spec.name) : spec.default_value;
    std::optional<DurationDistribution> dist;
    nlohmann::json checked = check_param(spec, value, ptr(pointer, spec.name), diags, &dist);
    if (!checked.is_null()) {
      out.values_[spec.name] = checked;
      if (dist) {
        out.distributions_[spec.name] = *dist;
      }
    }
  }
  return out;
}

sim::Duration ParamValues::duration(const std::string& name) const {
  return sim::parse_duration(values_.at(name).get<std::string>());
}

std::vector<std::string> ParamTable::names() const {
  std::vector<std::string> out;
  for (const ParamSpec& spec : specs_) {
    out.push_back(spec.name);
  }
  return out;
}

const ParamSpec* ParamTable::find(const std::string& name) const {
  for (const ParamSpec& spec : specs_) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

nlohmann::json ParamTable::schema() const {
  nlohmann::json properties = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (const ParamSpec& spec : specs_) {
    nlohmann::json p;
    switch (spec.type) {
      case ParamType::Integer:
        p["type"] = "integer";
        break;
      case ParamType::Number:
        p["type"] = "number";
        break;
      case ParamType::Probability:
        p = {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
        break;
      case ParamType::Boolean:
        p["type"] = "boolean";
        break;
      case ParamType::Duration:
        p["$ref"] = "#/definitions/duration";
        break;
      case ParamType::Distribution:
        p["$ref"] = "#/definitions/distribution";
        break;
      case ParamType::TimeOfDay:
        p = {{"type", "string"}, {"pattern", "^([01][0-9]|2[0-3]):[0-5][0-9]$"}};
        break;
      case ParamType::Choice:
        p = {{"type", "string"}, {"enum", spec.choices}};
        break;
      case ParamType::Text:
        p["type"] = "string";
        break;
      case ParamType::PerChannel:
        p = {{"type", "object"}, {"additionalProperties", ParamTable(spec.name, spec.fields).schema()}};
        break;
      case ParamType::WeeklyHours: {
        const nlohmann::json hours = {
            {"type", "object"},
            {"propertyNames",
             {{"pattern", "^(daily|(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?|[0-9]{4}-[0-9]{2}-[0-9]{2})$"}}},
            {"additionalProperties",
             {{"type", "string"},
              {"pattern", "^(closed|([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00))$"}}}};
        p["oneOf"] = nlohmann::json::array({nlohmann::json{{"const", "always"}}, hours});
        break;
      }
    }
    if (spec.type == ParamType::Integer || spec.type == ParamType::Number) {
      if (spec.minimum) {
        p[spec.exclusive_minimum ? "exclusiveMinimum" : "minimum"] = *spec.minimum;
      }
      if (spec.maximum) {
        p["maximum"] = *spec.maximum;
      }
    }
    std::string description = spec.help;
    if (!spec.unit.empty()) {
      description += " [" + spec.unit + "]";
    }
    p["description"] = description;
    if (!spec.default_value.is_null()) {
      p["default"] = spec.default_value;
    } else {
      required.push_back(spec.name);
    }
    properties[spec.name] = p;
  }
  nlohmann::json schema = {{"type", "object"}, {"additionalProperties", false}, {"properties", properties}};
  if (!required.empty()) {
    schema["required"] = required;
  }
  return schema;
}

std::string ParamTable::markdown() const {
  if (specs_.empty()) {
    return "_no parameters_\n";
  }
  std::string out = "| parameter | type | default | meaning |\n| --- | --- | --- | --- |\n";
  for (const ParamSpec& spec : specs_) {
    std::string type = type_name(spec);
    if (spec.type == ParamType::Choice) {
      std::string list;
      for (const std::string& c : spec.choices) {
        list += (list.empty() ? "" : " \\| ") + ("`" + c + "`");
      }
      type = list;
    }
    const std::string range = range_text(spec);
    if (!range.empty()) {
      type += ", " + range;
    }
    if (!spec.unit.empty()) {
      type += " (" + spec.unit + ")";
    }
    std::string def = "required";
    if (!spec.default_value.is_null()) {
      def = "`";
      def += spec.default_value.dump();
      def += "`";
    }
    out += "| `";
    out += spec.name;
    out += "` | ";
    out += type;
    out += " | ";
    out += def;
    out += " | ";
    out += spec.help;
    out += " |\n";
    if (spec.type == ParamType::PerChannel) {  // each entry's fields, as rows of their own
      const std::string rows = ParamTable(spec.name, spec.fields).markdown();
      std::size_t at = rows.find('\n', rows.find('\n') + 1) + 1;  // past the header rows
      for (std::size_t end; (end = rows.find('\n', at)) != std::string::npos; at = end + 1) {
        out += "| `" + spec.name + ".NAME." + rows.substr(at + 3, end - at - 3) + "\n";
      }
    }
  }
  return out;
}

}  // namespace models::scenario
