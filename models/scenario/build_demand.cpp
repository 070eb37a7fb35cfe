#include "models/scenario/builder.h"

namespace models::scenario::detail {

void Builder::demand(const nlohmann::json& value) {
  if (!value.is_object()) {
    diags_.expected("/demand", "an object of channel name: channel", value);
    return;
  }
  for (const auto& [name, channel_value] : value.items()) {
    channel(name, channel_value, ptr("/demand", name));
  }
}

void Builder::channel(const std::string& name, const nlohmann::json& value, const std::string& at) {
  Reader r(value, at, diags_, "channel",
           {"nodes", "orders_per_hour", "trace", "profile", "promotions", "basket", "zipf", "regions", "bopis_share", "bopis_promise", "promise",
            "returns", "cancellation_cost"});
  if (!r.ok()) {
    return;
  }
  ChannelSpec c;
  c.name = name;
  c.nodes = capture_nodes(r, name);
  c.orders_per_hour = r.number("orders_per_hour", r.has("trace") ? Need::Optional : Need::Required, 0.0).value_or(0.0);
  if (r.has("trace")) {
    trace(r.at("trace"), ptr(at, "trace"), c);
  }
  if (r.has("profile")) {
    profile(r.at("profile"), ptr(at, "profile"), c);
  }
  if (r.has("promotions")) {
    promotions(r.at("promotions"), ptr(at, "promotions"), c);
  }
  if (r.has("basket")) {
    basket(r.at("basket"), ptr(at, "basket"), c);
  }
  c.zipf = r.number("zipf", Need::Optional, 0.0, 10.0);
  c.regions = r.weights("regions", Need::Optional).value_or(std::map<std::string, double>{});
  promises(r, at, c);
  c.cancellation_cost = r.number("cancellation_cost", Need::Optional, 0.0).value_or(0.0);
  if (r.has("returns")) {
    returns(r.at("returns"), ptr(at, "returns"), c);
  }
  spec_.channels.push_back(std::move(c));
}

std::vector<std::size_t> Builder::capture_nodes(Reader& r, const std::string& name) {
  std::vector<std::size_t> nodes = endpoint(r, "nodes");
  for (std::size_t idx : nodes) {
    const auto [it, fresh] = capture_channel_.emplace(idx, name);
    if (!fresh) {
      diags_.add(r.at_ptr("nodes"), "node \"" + spec_.nodes[idx].id + "\" already captures channel \"" + it->second +
                                        "\"; a node captures one channel");
      break;
    }
  }
  for (std::size_t idx : nodes) {
    const NodeKindInfo& kind = node_kind(spec_.nodes[idx].kind);
    if (!kind.takes_demand) {
      diags_.add(r.at_ptr("nodes"), "expected nodes that capture orders (storefront, marketplace or store), found \"" +
                                        spec_.nodes[idx].id + "\" (a " + kind.name + ")");
      break;
    }
  }
  return nodes;
}

void Builder::profile(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
  if (!value.is_array() || value.empty()) {
    diags_.expected(at, R"(a non-empty array of {"at": duration, "multiplier": number})", value);
    return;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    Reader point(value[idx], ptr(at, idx), diags_, "profile point", {"at", "multiplier"});
    ProfilePoint pp;
    pp.at = point.duration("at", Need::Required).value_or(sim::Duration::zero());
    pp.multiplier = point.number("multiplier", Need::Required, 0.0).value_or(1.0);
    if (!c.profile.empty() && pp.at <= c.profile.back().at) {
      diags_.add(ptr(ptr(at, idx), "at"), "expected profile points in increasing time order, found " +
                                              sim::format_duration(pp.at) + " after " +
                                              sim::format_duration(c.profile.back().at));
    }
    c.profile.push_back(pp);
  }
}

void Builder::promotions(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
  if (!value.is_array()) {
    diags_.expected(at, "an array of promotions", value);
    return;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    Reader promo(value[idx], ptr(at, idx), diags_, "promotion", {"name", "start", "duration", "multiplier"});
    Promotion p;
    p.name = promo.string("name", Need::Required).value_or("");
    p.start = promo.duration("start", Need::Required).value_or(sim::Duration::zero());
    p.duration = promo.duration("duration", Need::Required).value_or(sim::Duration::zero());
    p.multiplier = promo.number("multiplier", Need::Required, 0.0).value_or(1.0);
    c.promotions.push_back(p);
  }
}

void Builder::basket(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
  Reader r(value, at, diags_, "basket", {"mean", "max"});
  c.basket_mean = r.number("mean", Need::Required, 1.0).value_or(1.0);
  c.basket_max = r.integer("max", Need::Optional, 1, 1000).value_or(std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(c.basket_mean * 4))));
  if (static_cast<double>(c.basket_max) < c.basket_mean) {
    diags_.add(at, "expected max >= mean");
  }
}

// Pickup in a store, and what each order is promised.
void Builder::promises(Reader& r, const std::string& at, ChannelSpec& c) {
  c.bopis_share = r.probability("bopis_share", Need::Optional).value_or(0.0);
  c.bopis_promise = r.duration("bopis_promise", Need::Optional).value_or(sim::Duration::hours(2));
  if (c.bopis_promise <= sim::Duration::zero()) {
    diags_.add(ptr(at, "bopis_promise"), "expected a positive duration (capture to ready for pickup), found " +
                                             describe(r.at("bopis_promise")));
  }
  c.promise = r.duration("promise", Need::Optional).value_or(sim::Duration::hours(48));
  if (c.promise <= sim::Duration::zero()) {
    diags_.add(ptr(at, "promise"), "expected a positive duration (capture to shipped)");
  }
}

void Builder::returns(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
  Reader r(value, at, diags_, "returns", {"rate", "reasons", "in_store", "resellable"});
  c.return_rate = r.probability("rate", Need::Required).value_or(0.0);
  c.return_reasons = r.weights("reasons", Need::Optional).value_or(std::map<std::string, double>{});
  c.return_in_store = r.probability("in_store", Need::Optional);
  c.return_resellable = r.probability("resellable", Need::Optional).value_or(0.7);
}

// A deterministic list of single-line customers: {"at": "4m", "sku": "MUG", "units": 1}.
void Builder::trace(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
  if (!value.is_array() || value.empty()) {
    diags_.expected(at, R"(a non-empty array of {"at": duration, "sku": id, "units": n})", value);
    return;
  }
  std::vector<std::string> sku_ids;
  for (const SkuSpec& sku : spec_.skus) {
    sku_ids.push_back(sku.id);
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    const std::string e_at = ptr(at, idx);
    Reader e(value[idx], e_at, diags_, "trace entry", {"at", "sku", "units"});
    TraceEntry entry;
    entry.at = e.duration("at", Need::Required).value_or(sim::Duration::zero());
    entry.units = e.integer("units", Need::Optional, 1, 63).value_or(1);
    if (const auto sku = e.string("sku", Need::Required)) {
      const auto it = std::find(sku_ids.begin(), sku_ids.end(), *sku);
      if (it == sku_ids.end()) {
        diags_.add(ptr(e_at, "sku"), "unknown SKU \"" + *sku + "\"" + did_you_mean(*sku, sku_ids));
      } else {
        entry.sku = static_cast<std::uint32_t>(it - sku_ids.begin());
      }
    }
    if (!c.trace.empty() && entry.at < c.trace.back().at) {
      diags_.add(ptr(e_at, "at"), "expected trace entries in time order, found " + sim::format_duration(entry.at) +
                                      " after " + sim::format_duration(c.trace.back().at));
    }
    if (spec_.horizon > sim::Duration::zero() && entry.at >= spec_.horizon) {
      diags_.add(ptr(e_at, "at"), "expected a time within the horizon (" + sim::format_duration(spec_.horizon) +
                                      "), found " + sim::format_duration(entry.at));
    }
    c.trace.push_back(entry);
  }
}

}  // namespace models::scenario::detail
