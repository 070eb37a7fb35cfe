#include <set>

#include "models/scenario/builder.h"
#include "models/scenario/demand_plan.h"

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
           {"nodes", "orders_per_hour", "trace", "order_log", "profile", "promotions", "basket", "units_per_line", "zipf", "regions",
            "bopis_share", "bopis_promise", "promise", "returns", "cancellation_cost", "split_tender_share",
            "tender_mismatch", "chargeback_cost"});
  if (!r.ok()) {
    return;
  }
  ChannelSpec c;
  c.name = name;
  c.nodes = capture_nodes(r, name);
  const bool replays = r.has("trace") || r.has("order_log");
  c.orders_per_hour = r.number("orders_per_hour", replays ? Need::Optional : Need::Required, 0.0).value_or(0.0);
  c.regions = r.weights("regions", Need::Optional).value_or(std::map<std::string, double>{});
  if (r.has("trace") && r.has("order_log")) {
    diags_.add(at, R"(expected either "trace" or "order_log" (customers listed in the file, or read from a CSV file), found both)");
  } else if (r.has("trace")) {
    trace(r.at("trace"), ptr(at, "trace"), c);
    check_trace_regions(c, ptr(at, "trace"));
  } else if (r.has("order_log")) {
    order_log(r.at("order_log"), ptr(at, "order_log"), c);
  }
  if (r.has("profile")) {
    profile(r.at("profile"), ptr(at, "profile"), c);
  }
  if (r.has("basket")) {
    basket(r.at("basket"), ptr(at, "basket"), c);
  }
  if (r.has("units_per_line")) {
    units_per_line(r.at("units_per_line"), ptr(at, "units_per_line"), c);
  }
  c.zipf = r.number("zipf", Need::Optional, 0.0, 10.0);
  if (r.has("promotions")) {
    promotions(r.at("promotions"), ptr(at, "promotions"), c);  // after zipf: "top" ranks by this channel's mix
  }
  promises(r, at, c);
  c.cancellation_cost = r.number("cancellation_cost", Need::Optional, 0.0).value_or(0.0);
  c.split_tender_share = r.probability("split_tender_share", Need::Optional).value_or(0.0);
  c.tender_mismatch = r.probability("tender_mismatch", Need::Optional).value_or(0.0);
  c.chargeback_cost = r.number("chargeback_cost", Need::Optional, 0.0).value_or(0.0);
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
  if (value.size() > kMaxPromotions) {
    diags_.add(at, "expected at most " + std::to_string(kMaxPromotions) + " promotions in a channel, found " +
                       std::to_string(value.size()));
    return;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    Reader promo(value[idx], ptr(at, idx), diags_, "promotion",
                 {"name", "start", "duration", "multiplier", "skus", "sku_range", "top"});
    Promotion p;
    p.name = promo.identifier("name", Need::Required).value_or("");
    p.start = promo.duration("start", Need::Required).value_or(sim::Duration::zero());
    p.duration = promo.duration("duration", Need::Required).value_or(sim::Duration::zero());
    p.multiplier = promo.number("multiplier", Need::Required, 0.0).value_or(1.0);
    promotion_skus(promo, c, p);
    c.promotions.push_back(p);
  }
}

// Which SKUs a promotion targets: named, a range of catalog ids, or the channel's top N by popularity.
void Builder::promotion_skus(Reader& promo, const ChannelSpec& c, Promotion& p) {
  const int given = static_cast<int>(promo.has("skus")) + static_cast<int>(promo.has("sku_range")) +
                    static_cast<int>(promo.has("top"));
  if (given > 1) {
    diags_.add(promo.pointer(), R"(expected at most one of "skus", "sku_range" and "top", found )" +
                                    std::to_string(given));
    return;
  }
  std::set<std::uint32_t> chosen;
  if (promo.has("skus")) {
    const auto& skus = promo.at("skus");
    if (!skus.is_array() || skus.empty()) {
      diags_.expected(promo.at_ptr("skus"), "a non-empty array of SKU ids", skus);
      return;
    }
    for (std::size_t idx = 0; idx < skus.size(); ++idx) {
      if (const auto sku = find_sku(skus[idx], ptr(promo.at_ptr("skus"), idx))) {
        chosen.insert(*sku);
      }
    }
  } else if (promo.has("sku_range")) {
    const auto& range = promo.at("sku_range");
    const std::string range_at = promo.at_ptr("sku_range");
    if (!range.is_array() || range.size() != 2) {
      diags_.expected(range_at, R"(["first SKU id", "last SKU id"] (catalog order, both included))", range);
      return;
    }
    const auto first = find_sku(range[0], ptr(range_at, std::size_t{0}));
    const auto last = find_sku(range[1], ptr(range_at, std::size_t{1}));
    if (first && last && *last < *first) {
      diags_.add(range_at, "expected the first SKU before the last in catalog order, found \"" +
                               range[0].get<std::string>() + "\" after \"" + range[1].get<std::string>() + "\"");
      return;
    }
    for (std::uint32_t sku = first.value_or(1); first && last && sku <= *last; ++sku) {
      chosen.insert(sku);
    }
  } else if (promo.has("top")) {
    const auto top = promo.integer("top", Need::Required, 1, static_cast<std::int64_t>(std::max<std::size_t>(1, spec_.skus.size())));
    if (!top) {
      return;
    }
    // The channel's N most popular SKUs (ties: catalog order).
    const std::vector<double> mix = sku_mix(c, spec_.skus);
    std::vector<std::uint32_t> order(mix.size());
    for (std::uint32_t sku = 0; sku < order.size(); ++sku) {
      order[sku] = sku;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return mix[a] > mix[b]; });
    chosen.insert(order.begin(), order.begin() + *top);
  }
  p.skus.assign(chosen.begin(), chosen.end());
}

std::optional<std::uint32_t> Builder::find_sku(const nlohmann::json& id, const std::string& at) {
  if (!id.is_string()) {
    diags_.expected(at, "a SKU id", id);
    return std::nullopt;
  }
  const std::string text = id.get<std::string>();
  if (catalog_failed_) {
    return std::nullopt;  // the catalog's own error says why no SKU is known
  }
  const auto index = sku_of(text);
  if (!index) {
    std::vector<std::string> ids;
    for (const SkuSpec& sku : spec_.skus) {
      ids.push_back(sku.id);
    }
    diags_.add(at, "unknown SKU \"" + text + "\"" + did_you_mean(text, ids));
  }
  return index;
}

std::optional<std::uint32_t> Builder::sku_of(std::string_view id) {
  if (sku_index_.empty()) {
    for (std::size_t idx = 0; idx < spec_.skus.size(); ++idx) {
      sku_index_.emplace(spec_.skus[idx].id, static_cast<std::uint32_t>(idx));
    }
  }
  const auto it = sku_index_.find(std::string(id));
  return it == sku_index_.end() ? std::nullopt : std::optional(it->second);
}

std::vector<std::string> Builder::known_regions(const ChannelSpec& c) const {
  std::set<std::string> names;
  for (const NodeSpec& n : spec_.nodes) {
    if (!n.region.empty()) {
      names.insert(n.region);
    }
  }
  for (const auto& [name, weight] : c.regions) {
    names.insert(name);
  }
  return {names.begin(), names.end()};
}

void Builder::check_trace_regions(const ChannelSpec& c, const std::string& at) {
  const std::vector<std::string> known = known_regions(c);
  for (std::size_t idx = 0; idx < c.trace.size(); ++idx) {
    const std::string& region = c.trace[idx].region;
    if (!region.empty() && !std::binary_search(known.begin(), known.end(), region)) {
      diags_.add(ptr(ptr(at, idx), "region"), "no node or channel region \"" + region + "\"" + did_you_mean(region, known));
    }
  }
}

// Units on each line: {"empirical": [{"value": 1, "weight": 0.8}, {"value": 2, "weight": 0.2}]}.
void Builder::units_per_line(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
  Reader r(value, at, diags_, "units per line", {"empirical"});
  if (!r.ok()) {
    return;
  }
  if (!r.has("empirical")) {
    diags_.add(at, R"(missing required key "empirical" (an array of {"value": units, "weight": w}))");
    return;
  }
  const auto& points = r.at("empirical");
  const std::string points_at = r.at_ptr("empirical");
  if (!points.is_array() || points.empty()) {
    diags_.expected(points_at, R"(a non-empty array of {"value": units, "weight": w})", points);
    return;
  }
  double total = 0.0;
  for (std::size_t idx = 0; idx < points.size(); ++idx) {
    Reader point(points[idx], ptr(points_at, idx), diags_, "units point", {"value", "weight"});
    UnitsPoint up;
    up.value = point.integer("value", Need::Required, 1, kMaxLineUnits).value_or(1);
    up.weight = point.number("weight", Need::Required, 0.0).value_or(0.0);
    total += up.weight;
    c.units_per_line.push_back(up);
  }
  if (total <= 0.0) {
    diags_.add(points_at, "expected some positive weight, found all weights 0");
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

// A deterministic list of customers: {"at": "4m", "sku": "MUG", "units": 1} for
// one line, or {"at": "4m", "lines": [{"sku": "MUG", "units": 2}, ...]}.
void Builder::trace(const nlohmann::json& value, const std::string& at, ChannelSpec& c) {
  if (!value.is_array() || value.empty()) {
    diags_.expected(at, R"(a non-empty array of {"at": duration, "sku": id, "units": n} or {"at": duration, "lines": [...]})", value);
    return;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    const std::string e_at = ptr(at, idx);
    Reader e(value[idx], e_at, diags_, "trace entry", {"at", "sku", "units", "lines", "region"});
    TraceEntry entry;
    entry.at = e.duration("at", Need::Required).value_or(sim::Duration::zero());
    entry.region = e.identifier("region", Need::Optional).value_or("");
    if (e.has("lines") == e.has("sku")) {
      if (e.ok()) {
        diags_.add(e_at, R"(expected either "sku" (one line) or "lines" (an order of several), found )" +
                             std::string(e.has("sku") ? "both" : "neither"));
      }
    } else if (e.has("sku")) {
      if (const auto line = trace_line(e)) {
        entry.lines.push_back(*line);
      }
    } else {
      if (e.has("units")) {
        diags_.add(e.at_ptr("units"), R"(expected "units" on each of "lines", found it beside them)");
      }
      trace_lines(e.at("lines"), e.at_ptr("lines"), entry);
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

std::optional<TraceLine> Builder::trace_line(Reader& line) {
  TraceLine out;
  out.units = line.integer("units", Need::Optional, 1, kMaxLineUnits).value_or(1);
  const bool has_sku = line.has("sku");
  const auto sku = has_sku ? find_sku(line.at("sku"), line.at_ptr("sku")) : std::nullopt;
  if (!has_sku) {
    diags_.add(line.pointer(), R"(missing required key "sku")");
  }
  if (!sku) {
    return std::nullopt;
  }
  out.sku = *sku;
  return out;
}

void Builder::trace_lines(const nlohmann::json& value, const std::string& at, TraceEntry& entry) {
  if (!value.is_array() || value.empty()) {
    diags_.expected(at, R"(a non-empty array of {"sku": id, "units": n})", value);
    return;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    Reader line(value[idx], ptr(at, idx), diags_, "order line", {"sku", "units"});
    if (!line.ok()) {
      continue;
    }
    const auto parsed = trace_line(line);
    if (!parsed) {
      continue;
    }
    if (std::any_of(entry.lines.begin(), entry.lines.end(), [&](const TraceLine& l) { return l.sku == parsed->sku; })) {
      diags_.add(ptr(ptr(at, idx), "sku"), "expected distinct SKUs on an order's lines, found \"" +
                                               spec_.skus[parsed->sku].id + "\" twice");
      continue;
    }
    entry.lines.push_back(*parsed);
  }
}

}  // namespace models::scenario::detail
