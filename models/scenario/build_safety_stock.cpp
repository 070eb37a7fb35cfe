// policies.safety_stock: a list of rules, each with one scope (node, kind,
// network or channel) and a form with the form's parameters.
#include "models/scenario/builder.h"

namespace models::scenario::detail {
namespace {
const std::vector<std::string> kScopes = {"node", "kind", "network", "channel"};
}  // namespace

void Builder::safety_stock(const nlohmann::json& value) {
  const std::string at = "/policies/safety_stock";
  if (!value.is_array()) {
    diags_.expected(at, R"(an array of rules such as {"kind": "store", "form": "fixed", "units": 2})", value);
    return;
  }
  std::map<std::string, std::string> first_at;  // scope and selector -> the rule's pointer: one rule each
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    const std::string rule_at = ptr(at, idx);
    std::optional<SafetyRuleSpec> rule = safety_rule(value[idx], rule_at);
    if (!rule) {
      continue;
    }
    const std::string key = std::to_string(static_cast<int>(rule->scope)) + ":" + rule->selector;
    if (const auto [it, fresh] = first_at.emplace(key, rule_at); !fresh) {
      diags_.add(rule_at, "a second rule for the same scope (the first is " + it->second +
                              "): one rule per node, glob, kind, channel or the network");
      continue;
    }
    spec_.safety_stock.push_back(std::move(*rule));
  }
}

std::optional<SafetyRuleSpec> Builder::safety_rule(const nlohmann::json& value, const std::string& at) {
  if (!value.is_object()) {
    diags_.expected(at, R"(a rule object such as {"network": true, "form": "fixed", "units": 10})", value);
    return std::nullopt;
  }
  std::vector<std::string> given;
  for (const std::string& scope : kScopes) {
    if (value.contains(scope)) {
      given.push_back(scope);
    }
  }
  if (given.size() != 1) {
    diags_.add(at, "expected exactly one scope key (node, kind, network or channel), found " +
                       (given.empty() ? std::string("none") : list(given)));
    return std::nullopt;
  }
  SafetyRuleSpec rule;
  rule.pointer = at;
  const std::vector<std::string> allowed = {given.front(), "form"};
  std::vector<std::string> present;  // the other keys are the form's parameters, checked by its table below
  for (const auto& [key, item] : value.items()) {
    present.push_back(key);
  }
  Reader r(value, at, diags_, "safety stock rule", present);
  bool ok = true;
  if (given.front() == "node") {
    ok = safety_node_scope(r, value, at, rule);
  } else if (given.front() == "kind") {
    ok = safety_kind_scope(r, rule);
  } else if (given.front() == "network") {
    rule.scope = SafetyRuleSpec::Scope::Network;
    if (!value.at("network").is_boolean() || !value.at("network").get<bool>()) {
      diags_.expected(ptr(at, "network"), "true", value.at("network"));
      ok = false;
    }
  } else {
    ok = safety_channel_scope(r, at, rule);
  }
  const auto form = r.choice("form", Need::Required, safety_stock_form_names(), "safety stock form");
  if (!form) {
    return std::nullopt;
  }
  rule.form = find_safety_stock_form(*form);
  nlohmann::json params = value;
  for (const std::string& key : allowed) {
    params.erase(key);
  }
  rule.params = rule.form->params.check(params, at, diags_);
  if (!ok) {
    return std::nullopt;
  }
  return rule;
}

bool Builder::safety_node_scope(Reader& r, const nlohmann::json& value, const std::string& at, SafetyRuleSpec& rule) {
  rule.scope = SafetyRuleSpec::Scope::Node;
  const std::vector<std::size_t> matched = endpoint(r, "node");  // reports a non-string or a name that matches nothing
  rule.selector = value.at("node").is_string() ? value.at("node").get<std::string>() : "";
  rule.specificity = is_glob(rule.selector) ? 2 : 3;
  for (const std::size_t node : matched) {
    if (node_kind(spec_.nodes[node].kind).holds_stock) {
      rule.nodes.push_back(node);
    }
  }
  if (rule.selector.empty() || diags_.has_at_or_below(ptr(at, "node"))) {
    return false;
  }
  if (rule.nodes.empty()) {
    diags_.add(ptr(at, "node"), "\"" + rule.selector + "\" names no store or warehouse (only they hold stock)");
    return false;
  }
  return true;
}

bool Builder::safety_kind_scope(Reader& r, SafetyRuleSpec& rule) {
  rule.scope = SafetyRuleSpec::Scope::Kind;
  rule.specificity = 1;
  std::vector<std::string> stock_kinds;
  for (const NodeKindInfo& kind : node_kinds()) {
    if (kind.holds_stock) {
      stock_kinds.push_back(kind.name);
    }
  }
  const auto kind = r.choice("kind", Need::Required, stock_kinds, "kind of node that holds stock");
  rule.selector = kind.value_or("");
  for (std::size_t node = 0; kind && node < spec_.nodes.size(); ++node) {
    if (to_string(spec_.nodes[node].kind) == rule.selector) {
      rule.nodes.push_back(node);
    }
  }
  return kind.has_value();
}

bool Builder::safety_channel_scope(Reader& r, const std::string& at, SafetyRuleSpec& rule) {
  rule.scope = SafetyRuleSpec::Scope::Channel;
  std::vector<std::string> channels;
  for (const ChannelSpec& c : spec_.channels) {
    channels.push_back(c.name);
  }
  const auto channel = r.choice("channel", Need::Required, channels, "demand channel");
  if (!channel) {
    return false;
  }
  rule.selector = *channel;
  rule.channel = static_cast<std::size_t>(std::find(channels.begin(), channels.end(), *channel) - channels.begin());
  const auto& nodes = spec_.channels[rule.channel].nodes;
  if (std::none_of(nodes.begin(), nodes.end(),
                   [&](std::size_t n) { return node_kind(spec_.nodes[n].kind).captures_online; })) {
    diags_.add(ptr(at, "channel"), "channel \"" + rule.selector +
                                       "\" buys at the till and is shown no availability figure: hold its stock "
                                       "with a node or kind rule");
    return false;
  }
  return true;
}

}  // namespace models::scenario::detail
