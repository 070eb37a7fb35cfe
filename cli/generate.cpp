#include "cli/generate.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

#include "cli/commands.h"
#include "models/vocabulary.h"
#include "models/scenario/demand_plan.h"
#include "sim/time.h"

namespace peaksim {
namespace {

constexpr std::int64_t kReferenceStores = 180;
constexpr std::int64_t kMaxStores = 20000;      // store ids and the loader's node cap
constexpr std::int64_t kMaxSkus = 1'000'000;
constexpr std::int64_t kMaxDays = 31;  // a promotion within the day repeats daily: at most 64 per channel
constexpr double kDayHours = 24.0;
constexpr double kSecond = 1.0 / 3600.0;  // in hours

double hours_of(const nlohmann::json& duration) {
  return sim::parse_duration(duration.get<std::string>()).to_seconds() / 3600.0;
}

// The mean over [0h, 24h] of a piecewise-linear profile, clamped outside its points (1 with none).
double daily_mean(const nlohmann::json& channel) {
  if (!channel.contains("profile")) {
    return 1.0;
  }
  const nlohmann::json& points = channel.at("profile");
  double area = 0.0;
  double prev_t = 0.0;
  double prev_m = points.front().at("multiplier").get<double>();
  for (const auto& point : points) {
    const double t = std::clamp(hours_of(point.at("at")), 0.0, 24.0);
    const double m = point.at("multiplier").get<double>();
    area += (t - prev_t) * (prev_m + m) / 2.0;
    prev_t = t;
    prev_m = m;
  }
  area += (24.0 - prev_t) * prev_m;
  return area / 24.0;
}

// Customers a day at one capture node of the channel.
double orders_per_day_per_node(const nlohmann::json& channel) {
  return channel.at("orders_per_hour").get<double>() * daily_mean(channel) * 24.0;
}

bool is_store_channel(const nlohmann::json& channel) { return channel.at("nodes").get<std::string>() == "store-*"; }

// "store-{001..180}"; with a region, its `count` of the `stores`: "store-north-{0001..0250}"
// (numbered as wide as the whole chain's ids).
std::string store_template(std::int64_t stores, const std::string& region = {}, std::int64_t count = 0) {
  const std::size_t width = std::max<std::size_t>(3, std::to_string(stores).size());
  const auto padded = [width](std::int64_t n) {
    std::string digits = std::to_string(n);
    return std::string(width - std::min(width, digits.size()), '0') + digits;
  };
  return "store-" + (region.empty() ? "" : region + "-") + "{" + padded(1) + ".." +
         (region.empty() ? std::to_string(stores) : padded(count)) + "}";
}

// Customers a day in the reference at `stores` stores, online channels as they are.
double orders_per_day_at(const nlohmann::json& reference, std::int64_t stores) {
  double total = 0.0;
  for (const auto& [name, channel] : reference.at("demand").items()) {
    total += orders_per_day_per_node(channel) * (is_store_channel(channel) ? static_cast<double>(stores) : 1.0);
  }
  return total;
}

sim::Duration hours(double h) { return sim::Duration::micros(std::llround(h * 3600e6)); }

// A profile's multiplier at `t` hours, as the model reads it (scenario::profile_multiplier).
double profile_at(const nlohmann::json& points, double t) {
  std::vector<models::scenario::ProfilePoint> profile;
  for (const auto& p : points) {
    profile.push_back({sim::parse_duration(p.at("at").get<std::string>()), p.at("multiplier").get<double>()});
  }
  return models::scenario::profile_multiplier(profile, hours(t));
}

nlohmann::json point(double at_hours, double multiplier) {
  return {{"at", sim::format_duration(hours(at_hours))}, {"multiplier", multiplier}};
}

// The day's profile over [0h, 24h] (clamped there), `days` times end to end. Each
// day starts at its 0h value; when the day ends at another (the reference's web
// day ends at 0.7 and starts at 0.4), the day's last second ramps to the next day's start.
nlohmann::json repeat_profile(const nlohmann::json& points, std::int64_t days) {
  const double start = profile_at(points, 0.0);
  const double end = profile_at(points, kDayHours);
  nlohmann::json out = nlohmann::json::array();
  const double last = hours_of(points.back().at("at"));
  const bool last_second_taken = last >= kDayHours - kSecond && last < kDayHours;  // the day has its own
  for (std::int64_t day = 0; day < days; ++day) {
    const double offset = kDayHours * static_cast<double>(day);
    out.push_back(point(offset, start));
    for (const auto& p : points) {
      const double t = hours_of(p.at("at"));
      if (t > 0.0 && t < kDayHours) {
        out.push_back(point(offset + t, p.at("multiplier").get<double>()));
      }
    }
    if (day + 1 == days) {
      out.push_back(point(offset + kDayHours, end));
    } else if (end != start && !last_second_taken) {
      out.push_back(point(offset + kDayHours - kSecond, profile_at(points, kDayHours - kSecond)));
    }
  }
  return out;
}

// A day's promotions, `days` times: one over the whole day covers the horizon;
// any other repeats each day, named "<name> (day N)" from the second day on, cut at
// the day's end as the one-day horizon cut it (one starting after it never ran).
nlohmann::json repeat_promotions(const nlohmann::json& promotions, std::int64_t days) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& promotion : promotions) {
    const double start = hours_of(promotion.at("start"));
    const double length = std::min(hours_of(promotion.at("duration")), kDayHours - start);
    if (start >= kDayHours) {
      continue;
    }
    if (start <= 0.0 && start + length >= kDayHours) {
      nlohmann::json whole = promotion;
      whole["duration"] = sim::format_duration(hours(start + length + kDayHours * static_cast<double>(days - 1) - start));
      out.push_back(std::move(whole));
      continue;
    }
    for (std::int64_t day = 0; day < days; ++day) {
      nlohmann::json copy = promotion;
      copy["start"] = sim::format_duration(hours(start + kDayHours * static_cast<double>(day)));
      copy["duration"] = sim::format_duration(hours(length));
      if (day > 0) {
        copy["name"] = promotion.at("name").get<std::string>() + " (day " + std::to_string(day + 1) + ")";
      }
      out.push_back(std::move(copy));
    }
  }
  return out;
}

// The reference's day, `days` times: horizon, profiles and promotions, the
// channels' own and those the experiments set.
void repeat_days(nlohmann::json& s, std::int64_t days) {
  if (days == 1) {
    return;
  }
  s["horizon"] = std::to_string(days) + "d";
  for (auto& [name, channel] : s.at("demand").items()) {
    if (channel.contains("profile")) {
      channel["profile"] = repeat_profile(channel.at("profile"), days);
    }
    if (channel.contains("promotions")) {
      channel["promotions"] = repeat_promotions(channel.at("promotions"), days);
    }
  }
  for (auto& experiment : s.at("experiments")) {
    if (!experiment.contains("overrides")) {
      continue;
    }
    for (auto& override : experiment.at("overrides")) {
      const std::string path = override.at("path").get<std::string>();
      if (path.ends_with("/promotions")) {
        override["value"] = repeat_promotions(override.at("value"), days);
      } else if (path.ends_with("/profile")) {
        override["value"] = repeat_profile(override.at("value"), days);
      }
    }
  }
}


// The OMS as `shards` shards, oms-1 ... oms-N: the regions (the stores', the other
// stock holders', the channels'), the busiest online first, each to the shard with the
// fewest online customers so far;
// the first takes the OMS's place (experiments name nodes by index), the others come
// last; every link from or to the OMS becomes one from or to each shard.
std::vector<std::vector<std::string>> shard_oms(nlohmann::json& s, std::int64_t shards) {
  std::vector<std::string> regions;
  const auto add = [&](const std::string& region) {
    if (std::find(regions.begin(), regions.end(), region) == regions.end()) {
      regions.push_back(region);
    }
  };
  for (const auto& node : s.at("nodes")) {
    const std::string declared = node.at("kind").get<std::string>();  // the file's JSON, before loading
    if (node.contains("region") && (declared == "store" || declared == "warehouse" || declared == "vendor")) {
      const nlohmann::json named = node["region"].is_array() ? node["region"] : nlohmann::json::array({node["region"]});
      for (const auto& region : named) {
        add(region.get<std::string>());
      }
    }
  }
  // Each region's online customers an hour (what its shard sources), for the dealing below.
  std::map<std::string, double> demand;
  for (const auto& [name, channel] : s.at("demand").items()) {
    const nlohmann::json weights = channel.value("regions", nlohmann::json::object());
    double sum = 0.0;
    for (const auto& [region, weight] : weights.items()) {
      sum += weight.get<double>();
      add(region);
    }
    for (const auto& [region, weight] : weights.items()) {
      demand[region] += channel.at("orders_per_hour").get<double>() * weight.get<double>() / sum;
    }
  }
  if (shards > static_cast<std::int64_t>(regions.size())) {
    throw std::invalid_argument("--oms-shards: expected at most " + std::to_string(regions.size()) +
                                " (one region a shard at least), found " + std::to_string(shards));
  }
  std::vector<std::size_t> order(regions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Largest first to the least-loaded shard (ties: the first region, the first shard).
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return demand[regions[a]] > demand[regions[b]]; });
  std::vector<std::vector<std::string>> owned(static_cast<std::size_t>(shards));
  std::vector<double> load(owned.size(), 0.0);
  for (const std::size_t r : order) {
    const auto shard = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[shard] += demand[regions[r]];
    owned[shard].push_back(regions[r]);
  }
  nlohmann::json& nodes = s.at("nodes");
  const auto oms = std::find_if(nodes.begin(), nodes.end(), [](const nlohmann::json& n) { return n.at("kind") == "oms"; });
  const std::string id = oms->at("id").get<std::string>();
  nlohmann::json shard = *oms;
  for (std::int64_t i = 0; i < shards; ++i) {
    shard["id"] = id + "-" + std::to_string(i + 1);
    std::string list;
    for (const std::string& region : owned[static_cast<std::size_t>(i)]) {
      list += (list.empty() ? "" : ", ") + region;
    }
    shard["params"]["regions"] = list;
    if (i == 0) {
      *oms = shard;
    } else {
      nodes.push_back(shard);
    }
  }
  for (auto& link : s.at("links")) {
    for (const char* end : {"from", "to"}) {
      if (link.at(end) == id) {
        link[end] = id + "-*";
      }
    }
  }
  return owned;
}

// A sharded OMS's integration, region by region: the stores become one declaration per
// region ("store-north-{0001..0250}": the reference deals the regions to its stores in
// turn, so the same stores in the same regions, each with the same share of the online
// demand its days of cover count), and the broker between the OMS and the stores (the
// ESB) one per shard (esb_per_shard). The first of each takes the original's place in
// the file (experiments name nodes and links by index).
void stores_by_region(nlohmann::json& s, std::int64_t stores) {
  nlohmann::json& nodes = s.at("nodes");
  const auto chain = std::find_if(nodes.begin(), nodes.end(), [](const nlohmann::json& n) { return n.at("kind") == "store"; });
  const nlohmann::json dealt = chain->at("region");
  const auto regions = static_cast<std::int64_t>(dealt.size());
  std::vector<nlohmann::json> regional;
  for (std::int64_t r = 0; r < regions; ++r) {
    const std::int64_t in_region = stores / regions + (r < stores % regions ? 1 : 0);
    if (in_region == 0) {
      continue;
    }
    nlohmann::json node = *chain;
    node["id"] = store_template(stores, dealt[r].get<std::string>(), in_region);
    node["region"] = dealt[r];
    // A declaration spreads its days of cover's online share over its instances.
    if (node.contains("inventory") && node["inventory"].contains("days_of_cover") &&
        node["inventory"]["days_of_cover"].contains("online_share")) {
      auto& share = node["inventory"]["days_of_cover"]["online_share"];
      share = share.get<double>() * static_cast<double>(in_region) / static_cast<double>(stores);
    }
    regional.push_back(node);
  }
  *chain = regional.front();
  for (std::size_t r = 1; r < regional.size(); ++r) {
    nodes.push_back(regional[r]);
  }
}

// The ESB (the broker with an orders link to the stores) as esb-1 ... esb-K, each with
// the ESB's capacity and carrying only its shard's traffic: OMS shard k <-> esb-k <->
// the stores of shard k's regions, and esb-k to and from every other system the ESB served.
void esb_per_shard(nlohmann::json& s, const std::vector<std::vector<std::string>>& owned) {
  const std::string store_glob = "store-*";
  nlohmann::json& nodes = s.at("nodes");
  const auto node_named = [&nodes](const nlohmann::json& id) {
    return std::find_if(nodes.begin(), nodes.end(), [&](const nlohmann::json& n) { return n.at("id") == id; });
  };
  std::string esb;
  for (const auto& link : s.at("links")) {
    const auto from = node_named(link.at("from"));
    if (link.at("to") == store_glob && link.at("carries") == "orders" && from != nodes.end() && from->at("kind") == "broker") {
      esb = link.at("from").get<std::string>();
    }
  }
  if (esb.empty()) {
    return;
  }
  nlohmann::json regional_esb = *node_named(esb);
  for (std::size_t k = 0; k < owned.size(); ++k) {
    regional_esb["id"] = esb + "-" + std::to_string(k + 1);
    if (k == 0) {
      *node_named(esb) = regional_esb;
    } else {
      nodes.push_back(regional_esb);
    }
  }
  nlohmann::json& links = s.at("links");
  std::vector<nlohmann::json> added;
  for (auto& link : links) {
    const bool from_esb = link.at("from") == esb;
    if (!from_esb && link.at("to") != esb) {
      continue;
    }
    const char* self = from_esb ? "from" : "to";
    const char* other = from_esb ? "to" : "from";
    const std::string peer = link.at(other).get<std::string>();
    std::vector<nlohmann::json> copies;
    for (std::size_t k = 0; k < owned.size(); ++k) {
      nlohmann::json copy = link;
      copy[self] = esb + "-" + std::to_string(k + 1);
      if (peer == store_glob) {
        for (const std::string& region : owned[k]) {
          copy[other] = "store-" + region + "-*";
          copies.push_back(copy);
        }
      } else {
        if (peer.ends_with("-*") && peer.rfind("oms", 0) == 0) {
          copy[other] = peer.substr(0, peer.size() - 1) + std::to_string(k + 1);  // oms-k
        }
        copies.push_back(copy);
      }
    }
    link = copies.front();
    added.insert(added.end(), copies.begin() + 1, copies.end());
  }
  for (nlohmann::json& link : added) {
    links.push_back(std::move(link));
  }
}

}  // namespace

double reference_orders_per_day() {
  return orders_per_day_at(nlohmann::json::parse(reference_scenario_text()), kReferenceStores);
}

nlohmann::json generate_scenario(const GenerateOptions& o) {
  if (o.stores < 1 || o.stores > kMaxStores) {
    throw std::invalid_argument("--stores: expected 1 to " + std::to_string(kMaxStores) + ", found " +
                                std::to_string(o.stores));
  }
  if (o.skus < 1 || o.skus > kMaxSkus) {
    throw std::invalid_argument("--skus: expected 1 to " + std::to_string(kMaxSkus) + ", found " + std::to_string(o.skus));
  }
  if (o.days < 1 || o.days > kMaxDays) {
    throw std::invalid_argument("--days: expected 1 to " + std::to_string(kMaxDays) + ", found " + std::to_string(o.days));
  }
  if (o.orders_per_day < 0.0 || !std::isfinite(o.orders_per_day)) {
    throw std::invalid_argument("--orders-per-day: expected a number of customers >= 0 (0: the reference's rate per store)");
  }
  nlohmann::json s = nlohmann::json::parse(reference_scenario_text());
  // A bigger retailer: walk-ins per store as the reference, online demand with the store count.
  const double size = static_cast<double>(o.stores) / static_cast<double>(kReferenceStores);
  const double natural = orders_per_day_at(s, kReferenceStores) * size;
  const double scale = o.orders_per_day > 0.0 ? o.orders_per_day / natural : 1.0;
  for (auto& [name, channel] : s.at("demand").items()) {
    const double per_node = channel.at("orders_per_hour").get<double>() * scale * (is_store_channel(channel) ? 1.0 : size);
    channel["orders_per_hour"] = per_node;
  }
  // Brokers carry every channel's messages: their throughput grows with the load.
  const double load = std::max(1.0, size * scale);
  for (auto& node : s.at("nodes")) {
    if (node.at("kind") == "broker" && node.contains("params") && node["params"].contains("capacity_per_s")) {
      node["params"]["capacity_per_s"] = std::ceil(node["params"]["capacity_per_s"].get<double>() * load);
    }
  }
  for (auto& experiment : s.at("experiments")) {  // the rehearsals' reduced connector capacity, scaled alike
    if (!experiment.contains("overrides")) {
      continue;  // a sweep with axes only
    }
    for (auto& override : experiment.at("overrides")) {
      const std::string path = override.at("path").get<std::string>();
      if (path.ends_with("/params/capacity_per_s") && override.at("value").is_number()) {
        override["value"] = std::ceil(override["value"].get<double>() * load);
      }
    }
  }
  for (auto& node : s.at("nodes")) {
    if (node.at("kind") == "store") {
      node["id"] = store_template(o.stores);
    }
  }
  repeat_days(s, o.days);
  if (o.oms_shards > 1) {
    const auto owned = shard_oms(s, o.oms_shards);
    stores_by_region(s, o.stores);
    esb_per_shard(s, owned);
  }
  s.at("catalog")["skus"] = o.skus;
  s["replications"] = o.replications;
  s["seed"] = o.seed;
  s["name"] = o.name.empty() ? "retailer-" + std::to_string(o.stores) + "-stores-" + std::to_string(o.skus) + "-skus"
                             : o.name;
  s["description"] = "Generated by peaksim generate: the reference retailer scaled to " + std::to_string(o.stores) +
                     " stores and " + std::to_string(o.skus) + " SKUs, about " +
                     std::to_string(std::llround(natural * scale)) + " customers a day" +
                     (o.days > 1 ? ", over " + std::to_string(o.days) + " days (the reference's day repeated, no replenishment)"
                                 : std::string());
  s.erase("$schema");
  return s;
}

void add_generate_command(CLI::App& app, std::function<int()>& action) {
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write a synthetic retailer of a given size as a scenario file: the reference scenario's systems, links, "
      "policies, variants and gates, with N stores, M SKUs and about X customers a day (split over the channels as "
      "the reference splits them). Validate or run the file like any other.");
  auto o = std::make_shared<GenerateOptions>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--stores", o->stores, "Stores (ids store-0001...)")->capture_default_str()->check(CLI::Range(1, 20000));
  cmd->add_option("--skus", o->skus, "SKUs in the catalogue")->capture_default_str()->check(CLI::Range(1, 1000000));
  cmd->add_option("--orders-per-day", o->orders_per_day,
                  "Customers a day over every channel, walk-ins included (0: the reference's rate per store)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--days", o->days,
                  "Days in the horizon: the reference's day repeated, its profiles and promotions every 24h "
                  "(stock is not replenished)")
      ->capture_default_str()
      ->check(CLI::Range(1, 31));
  cmd->add_option("--oms-shards", o->oms_shards,
                  "OMS shards (oms-1...): each owns the stock and customers of some regions, the regions balanced "
                  "by online customers")
      ->capture_default_str()
      ->check(CLI::Range(1, static_cast<int>(models::kMaxOmsShards)));
  cmd->add_option("--replications", o->replications, "Replications the file asks for")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", o->seed, "The file's seed")->capture_default_str();
  cmd->add_option("--name", o->name, "The scenario's name (default: retailer-N-stores-M-skus)");
  cmd->add_option("-o,--output", *out, "Write here (default: standard output)");
  cmd->callback([&action, o, out] {
    action = [o, out]() -> int {
      const nlohmann::json scenario = generate_scenario(*o);
      if (out->empty()) {
        std::cout << scenario.dump(2) << '\n';
        return kExitOk;
      }
      std::ofstream file(*out);
      file << scenario.dump(2) << '\n';
      if (!file) {
        std::cerr << "error: cannot write " << *out << '\n';
        return kExitRuntimeError;
      }
      std::cerr << "wrote " << *out << " (" << o->stores << " stores, " << o->skus << " SKUs)\n";
      return kExitOk;
    };
  });
}

}  // namespace peaksim
