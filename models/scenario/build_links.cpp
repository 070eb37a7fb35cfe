#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <set>

#include "models/scenario/builder.h"

namespace models::scenario::detail {

// Node indices an endpoint names; reports a glob or id that matches nothing.
std::vector<std::size_t> Builder::endpoint(Reader& r, const std::string& key) {
  const auto text = r.string(key, Need::Required);
  std::vector<std::size_t> out;
  if (!text || spec_.nodes.empty()) {
    return out;
  }
  // A refused declaration may be the one meant: its own error says it better.
  const auto names_failed_node = [&] {
    return anonymous_failure_ || std::any_of(failed_ids_.begin(), failed_ids_.end(),
                                             [&](const std::string& id) { return glob_match(*text, id); });
  };
  if (is_glob(*text)) {
    for (std::size_t idx = 0; idx < spec_.nodes.size(); ++idx) {
      if (glob_match(*text, spec_.nodes[idx].id)) {
        out.push_back(idx);
      }
    }
    if (out.empty() && !names_failed_node()) {
      diags_.add(r.at_ptr(key), "\"" + *text + "\" matches no node (nodes are " + summarize_ids(declared_) + ")");
    }
    return out;
  }
  if (auto it = index_.find(*text); it != index_.end()) {
    out.push_back(it->second);
  } else if (!names_failed_node()) {
    std::vector<std::string> ids;
    for (const NodeSpec& n : spec_.nodes) {
      ids.push_back(n.id);
    }
    diags_.add(r.at_ptr(key), "no node \"" + *text + "\"" + did_you_mean(*text, ids) + " (nodes are " +
                                  summarize_ids(declared_) + ")");
  }
  return out;
}

void Builder::links(const nlohmann::json& value) {
  if (!value.is_array()) {
    diags_.expected("/links", "an array of links", value);
    return;
  }
  if (value.size() > kMaxLinks) {  // refused before reading a million entries one by one
    diags_.add("/links", "expected at most " + std::to_string(kMaxLinks) + " links, found " + std::to_string(value.size()));
    return;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    link(value[idx], ptr("/links", idx));
  }
}

void Builder::link(const nlohmann::json& value, const std::string& at) {
  Reader r(value, at, diags_, "link",
           {"name", "from", "to", "carries", "mode", "latency", "interval", "max_batch", "capacity_per_s",
            "burst", "low_stock_threshold", "timeout", "faults", "schema"});
  if (!r.ok()) {
    return;
  }
  const std::size_t before = diags_.size();
  LinkSpec link;
  link.source_pointer = at;
  const auto from = endpoint(r, "from");
  const auto to = endpoint(r, "to");
  const auto carries = r.choice("carries", Need::Required, link_carries(), "link traffic");
  const auto mode = r.choice("mode", Need::Required, link_modes(), "link mode");
  link.carries = carries ? *parse<Traffic>(*carries) : Traffic::Inventory;
  link.mode = mode ? *parse<LinkMode>(*mode) : LinkMode::Stream;
  if (r.has("latency")) {
    if (auto latency = check_distribution(r.at("latency"), ptr(at, "latency"), diags_)) {
      link.latency = *latency;
    }
  }
  link.interval = r.duration("interval", Need::Optional);
  if (link.interval && *link.interval <= sim::Duration::zero()) {
    diags_.add(ptr(at, "interval"), "expected a positive duration, found " + describe(r.at("interval")));
  }
  link.max_batch = r.integer("max_batch", Need::Optional, 1, 1'000'000'000);
  link.capacity_per_s = r.number("capacity_per_s", Need::Optional, 0.0, std::nullopt, true);
  link.burst = r.integer("burst", Need::Optional, 1, 1'000'000'000).value_or(1);
  if (r.has("burst") && !r.has("capacity_per_s")) {
    diags_.add(ptr(at, "burst"), R"(expected a "capacity_per_s" beside "burst" (the API gateway's rate it sizes), found none)");
  }
  link.low_stock_threshold = r.integer("low_stock_threshold", Need::Optional, 0, 1'000'000'000).value_or(0);
  if (mode && link.mode == LinkMode::Batch && !r.has("interval") && !r.has("max_batch")) {
    diags_.add(at, R"(a batch link needs "interval", "max_batch" or both)");
  }
  if (mode && link.mode == LinkMode::File && !r.has("interval")) {
    diags_.add(at, R"(a file link needs an "interval" (how often the file is dropped))");
  }
  link.timeout = r.duration("timeout", Need::Optional);
  if (link.timeout && *link.timeout <= sim::Duration::zero()) {
    diags_.add(ptr(at, "timeout"), "expected a positive duration, found " + describe(r.at("timeout")));
  }
  if (mode && link.mode != LinkMode::Sync && r.has("timeout")) {
    diags_.add(ptr(at, "timeout"), "\"timeout\" applies to sync links (a call's caller waits at most this), not to a " +
                                       *mode + " link");
  }
  if (mode && (link.mode == LinkMode::Stream || link.mode == LinkMode::Sync) && (r.has("interval") || r.has("max_batch"))) {
    diags_.add(at, "\"interval\" and \"max_batch\" apply to batch and file links, not to a " + *mode + " link");
  }
  if (r.has("faults")) {
    link.faults = faults(r.at("faults"), ptr(at, "faults"));
    if (carries) {
      copying_faults(link, from, *carries, r.at("faults"), ptr(at, "faults"));
    }
  }
  if (r.has("schema")) {
    Reader sr(r.at("schema"), ptr(at, "schema"), diags_, "schema change", {"switch_at", "accepts_at"});
    const auto switch_at = sr.duration("switch_at", Need::Required);
    const auto accepts_at = sr.duration("accepts_at", Need::Optional);
    if (switch_at && accepts_at && *accepts_at < *switch_at) {
      diags_.add(ptr(ptr(at, "schema"), "accepts_at"), "expected a time at or after switch_at (" +
                                                            sim::format_duration(*switch_at) + "), found " +
                                                            describe(sr.at("accepts_at")));
    } else if (switch_at) {
      link.schema = SchemaChange{*switch_at, accepts_at};
    }
  }
  if (diags_.size() != before || from.empty() || to.empty()) {
    return;  // an endpoint's error (or its node's) is already reported
  }
  if (from.size() * to.size() > kMaxLinks - std::min(kMaxLinks, spec_.links.size())) {
    diags_.add(at, "expected at most " + std::to_string(kMaxLinks) + " links in a scenario once globs expand, found " +
                       std::to_string(spec_.links.size() + from.size() * to.size()) + " by this link");
    return;
  }
  std::size_t made = 0;
  for (std::size_t f : from) {
    for (std::size_t t : to) {
      if (f == t) {
        continue;
      }
      link.from = f;
      link.to = t;
      spec_.links.push_back(link);
      ++made;
    }
  }
  if (made == 0) {
    diags_.add(at, "connects no pair of distinct nodes");
  }
}

// Only captured order lines on their way to the OMS and inventory deltas are copied (a
// copied availability figure, status or shipment says nothing new; the OMS's releases are
// not copied): a copying fault anywhere else would do nothing, so it is refused.
void Builder::copying_faults(const LinkSpec& link, const std::vector<std::size_t>& from, const std::string& carries,
                             const nlohmann::json& faults, const std::string& at) {
  if (!faults.is_object()) {
    return;
  }
  const bool from_oms =
      std::any_of(from.begin(), from.end(), [&](std::size_t n) { return spec_.nodes[n].kind == NodeKind::Oms; });
  for (const char* copying : {"duplicate", "resend"}) {
    if (!faults.contains(copying)) {
      continue;
    }
    if (link.carries != Traffic::Inventory && link.carries != Traffic::Orders) {
      diags_.add(ptr(at, copying), std::string("\"") + copying +
                                       "\" copies order lines and inventory deltas: expected a link carrying " +
                                       "\"orders\" or \"inventory\", found one carrying \"" + carries + "\"");
    } else if (link.carries == Traffic::Orders && from_oms) {
      diags_.add(ptr(at, copying), std::string("\"") + copying +
                                       "\" copies captured order lines on their way to the OMS: expected " +
                                       "an orders link into the OMS, found one from it (its releases are not copied)");
    }
  }
}

FaultSpec Builder::faults(const nlohmann::json& value, const std::string& at) {
  FaultSpec out;
  Reader r(value, at, diags_, "faults", {"outages", "duplicate", "reorder", "loss", "malformed", "resend"});
  if (!r.ok()) {
    return out;
  }
  out.duplicate = r.probability("duplicate", Need::Optional).value_or(0.0);
  out.reorder = r.probability("reorder", Need::Optional).value_or(0.0);
  out.loss = r.probability("loss", Need::Optional).value_or(0.0);
  out.malformed = r.probability("malformed", Need::Optional).value_or(0.0);
  out.resend = r.probability("resend", Need::Optional).value_or(0.0);
  if (!r.has("outages")) {
    return out;
  }
  const auto& outages = r.at("outages");
  if (!outages.is_array()) {
    diags_.expected(ptr(at, "outages"), "an array of outage windows", outages);
    return out;
  }
  for (std::size_t idx = 0; idx < outages.size(); ++idx) {
    const std::string o_at = ptr(ptr(at, "outages"), idx);
    Reader o(outages[idx], o_at, diags_, "outage", {"start", "duration", "on_recover"});
    FaultSpec::Outage outage;
    outage.start = o.duration("start", Need::Required).value_or(sim::Duration::zero());
    outage.duration = o.duration("duration", Need::Required).value_or(sim::Duration::zero());
    outage.replay = o.choice("on_recover", Need::Optional, {"replay", "lose"}, "recovery").value_or("replay") == "replay";
    if (o.has("duration") && outage.duration <= sim::Duration::zero() && o.at("duration").is_string()) {
      diags_.add(ptr(o_at, "duration"), "expected a positive duration, found " + describe(o.at("duration")));
    }
    out.outages.push_back(outage);
  }
  return out;
}

std::vector<DownWindow> Builder::down_windows(const nlohmann::json& value, const std::string& at) {
  std::vector<DownWindow> out;
  if (!value.is_array()) {
    diags_.expected(at, "an array of outage windows ({\"start\", \"duration\"})", value);
    return out;
  }
  for (std::size_t idx = 0; idx < value.size(); ++idx) {
    const std::string w_at = ptr(at, idx);
    Reader w(value[idx], w_at, diags_, "outage", {"start", "duration"});
    const auto start = w.duration("start", Need::Required);
    const auto duration = w.duration("duration", Need::Required);
    if (!start || !duration) {
      continue;
    }
    if (*duration <= sim::Duration::zero() || *duration > sim::Duration::days(1)) {
      // (A line waiting for a system carries its capture minute in 11 bits: 34 hours.)
      diags_.add(ptr(w_at, "duration"), "expected a positive duration of at most 1d, found " + describe(w.at("duration")));
      continue;
    }
    if (!out.empty() && *start < out.back().end()) {
      diags_.add(ptr(w_at, "start"), "expected a window that starts at or after the one before it ends (" +
                                          sim::format_duration(out.back().end()) + "), found " +
                                          describe(w.at("start")));
      continue;
    }
    out.push_back(DownWindow{*start, *duration});
  }
  return out;
}

// A cycle of links with no minimum latency would let events chase each other
// forever at one instant, and gives the parallel engine no lookahead.
void Builder::zero_latency_cycles() {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph g(spec_.nodes.size());
  std::vector<const LinkSpec*> zero;
  for (const LinkSpec& link : spec_.links) {
    if (link.mode != LinkMode::Sync && link.latency.min_value() == sim::Duration::zero()) {
      boost::add_edge(link.from, link.to, g);
      zero.push_back(&link);
    }
  }
  if (zero.empty()) {
    return;
  }
  std::vector<int> component(spec_.nodes.size());
  boost::strong_components(g, component.data());
  std::map<int, std::size_t> sizes;
  for (int c : component) {
    ++sizes[c];
  }
  std::set<int> reported;
  for (const LinkSpec* link : zero) {
    const int c = component[link->from];
    if (component[link->to] == c && sizes[c] > 1 && reported.insert(c).second) {
      std::string members;
      for (std::size_t idx = 0; idx < component.size(); ++idx) {
        if (component[idx] == c) {
          members += (members.empty() ? "" : ", ") + spec_.nodes[idx].id;
        }
      }
      diags_.add(ptr(link->source_pointer, "latency"),
                 "links with zero minimum latency form a cycle through " + members +
                     "; give at least one of them a latency above 0 (e.g. \"1ms\")");
    }
  }
}

}  // namespace models::scenario::detail
