#include "analysis/recorders/accuracy.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kUsPerSecond = 1'000'000;

// The part of [from, to) inside the measured window [lo, hi).
std::int64_t overlap(std::int64_t from, std::int64_t to, std::int64_t lo, std::int64_t hi) {
  return std::max<std::int64_t>(0, std::min(to, hi) - std::max(from, lo));
}

// Time spent at each absolute error (units), for a capture node's ATP error.
// Errors are whole units, so the time is kept per value, exactly (integer µs).
class ErrorTime {
 public:
  void add(std::int64_t error, std::int64_t us) {
    if (us <= 0) {
      return;
    }
    const auto at = static_cast<std::size_t>(std::min<std::int64_t>(error, kCap));
    if (at >= us_.size()) {
      us_.resize(at + 1, 0);
    }
    us_[at] += static_cast<std::uint64_t>(us);
  }
  [[nodiscard]] std::uint64_t total() const {
    std::uint64_t sum = 0;
    for (const std::uint64_t us : us_) {
      sum += us;
    }
    return sum;
  }
  [[nodiscard]] double mean() const {
    double weighted = 0.0;
    for (std::size_t e = 0; e < us_.size(); ++e) {
      weighted += static_cast<double>(e) * static_cast<double>(us_[e]);
    }
    return weighted / static_cast<double>(total());
  }
  // The smallest error e whose time at or below e reaches q of the total.
  [[nodiscard]] double quantile(double q) const {
    const double want = q * static_cast<double>(total());
    std::uint64_t seen = 0;
    for (std::size_t e = 0; e < us_.size(); ++e) {
      seen += us_[e];
      if (us_[e] > 0 && static_cast<double>(seen) >= want) {
        return static_cast<double>(e);
      }
    }
    return max();
  }
  [[nodiscard]] double max() const {
    for (std::size_t e = us_.size(); e > 0; --e) {
      if (us_[e - 1] > 0) {
        return static_cast<double>(e - 1);
      }
    }
    return 0.0;
  }

 private:
  static constexpr std::int64_t kCap = 1 << 22;  // errors beyond ~4 M units count as 4 M
  std::vector<std::uint64_t> us_;
};

// Episodes of a position whose view differs from the physical figure.
struct Episodes {
  std::int64_t warmup, end;
  LatencyHistogram* latency;
  std::uint64_t censored = 0;
  // Episodes begun at the start instant, while the systems load their initial
  // stock and views, are not sampled.
  [[nodiscard]] bool sampled(std::int64_t since) const { return since > 0 && since >= warmup && since < end; }
  void closed(std::int64_t since, std::int64_t now) const {
    if (sampled(since)) {
      latency->add(static_cast<double>(now - since) / kUsPerSecond);
    }
  }
  void left_open(std::int64_t since) { censored += sampled(since) ? 1 : 0; }
};

}  // namespace

Accuracy::System& Accuracy::system_of(sim::LpId lp, bool per_node) {
  if (systems_.empty() || systems_.back().lp != lp) {  // records arrive LP by LP
    systems_.push_back(System{lp, per_node, 0, {}, {}});
  }
  return systems_.back();
}

// The initial stock is where every view starts: no change, only the levels later
// changes are measured from, and the network's available units a capture node starts from.
void Accuracy::index_array(sim::LpId lp, sim::Time, sim::ProbeId probe, const std::vector<std::int64_t>& values) {
  if (probe != probes::kPhysicalLevel || values.empty()) {
    return;
  }
  if (initial_available_.size() < values.size()) {
    initial_available_.resize(values.size(), 0);
  }
  for (std::size_t sku = 0; sku < values.size(); ++sku) {
    level_.at(lp, sku) = values[sku];
    initial_available_[sku] += values[sku];
  }
}

void Accuracy::note_level(sim::LpId lp, const ProbeRecord& r, bool reserved) {
  const auto sku = static_cast<std::uint32_t>(r.label);
  std::int64_t& level = level_.at(lp, sku);
  const auto value = static_cast<std::int64_t>(r.value);
  if (reserved) {  // units moved off the unreserved level, still on the shelf (or picked: gone)
    physical_.push_back(PhysicalChange{r.when.count_us(), lp, sku, static_cast<std::int32_t>(value), 0});
    return;
  }
  const std::int64_t delta = value - level;
  level = value;
  // A level lowered by a hard reservation leaves the shelf unchanged: kShelfReserved follows
  // and adds the units back to the count.
  physical_.push_back(PhysicalChange{r.when.count_us(), lp, sku, static_cast<std::int32_t>(delta),
                                     static_cast<std::int32_t>(delta)});
}

void Accuracy::index(sim::LpId lp, const ProbeRecord& r) {
  switch (r.probe) {
    case probes::kPhysicalLevel:
      note_level(lp, r, false);
      break;
    case probes::kShelfReserved:
      note_level(lp, r, true);
      break;
    case probes::kViewTracks: {
      System& s = system_of(lp, true);
      s.nodes.push_back(static_cast<std::uint32_t>(r.label));
      s.skus = std::max(s.skus, static_cast<std::int64_t>(r.value));
      break;
    }
    case probes::kViewApplied:
      system_of(lp, true).changes.push_back(ViewChange{r.when.count_us(), static_cast<std::uint32_t>(r.label >> 32),
                                                       static_cast<std::uint32_t>(r.label & 0xFFFF'FFFF),
                                                       static_cast<std::int64_t>(r.value)});
      break;
    case probes::kShownSkus:
      system_of(lp, false).skus = static_cast<std::int64_t>(r.value);
      break;
    case probes::kShownAvailability:
      system_of(lp, false).changes.push_back(
          ViewChange{r.when.count_us(), 0, static_cast<std::uint32_t>(r.label), static_cast<std::int64_t>(r.value)});
      break;
    default:
      break;
  }
}

// Walks the physical changes and one system's changes in time order (the shelf
// first at equal times; an instant has no duration, so ties change no figure),
// handing each to `on_physical` or `on_view`, with the time, to the end.
template <class OnPhysical, class OnView>
void merge_by_time(const auto& physical, const auto& views, OnPhysical on_physical, OnView on_view) {
  std::size_t p = 0, v = 0;
  while (p < physical.size() || v < views.size()) {
    if (v == views.size() || (p < physical.size() && physical[p].when <= views[v].when)) {
      on_physical(physical[p++]);
    } else {
      on_view(views[v++]);
    }
  }
}

ViewMetrics Accuracy::sweep_positions(const System& system) const {
  const std::int64_t warmup = context_.warmup.count_us(), end = context_.end.count_us();
  ViewMetrics m;
  m.per_node = true;
  const auto skus = static_cast<std::size_t>(system.skus);
  std::vector<std::int64_t> slot_of_node;  // node -> index among the tracked nodes, -1: not tracked
  for (const std::uint32_t node : system.nodes) {
    if (node >= slot_of_node.size()) {
      slot_of_node.resize(node + 1, -1);
    }
    if (slot_of_node[node] < 0) {
      slot_of_node[node] = static_cast<std::int64_t>(m.positions / std::max<std::size_t>(skus, 1));
      m.positions += skus;
    }
  }
  const auto position = [&](std::uint32_t node, std::uint32_t sku) -> std::int64_t {
    if (node >= slot_of_node.size() || slot_of_node[node] < 0 || sku >= skus) {
      return -1;
    }
    return slot_of_node[node] * static_cast<std::int64_t>(skus) + sku;
  };
  // View - physical count: 32 bits (both are; a difference past them is refused below).
  std::vector<std::int32_t> diff(m.positions, 0);
  std::vector<std::int64_t> since(m.positions, 0); // when a position's current difference began
  std::int64_t differing = 0, last = 0;
  double area_us = 0.0;  // differing positions x time, over the window
  Episodes episodes{warmup, end, &m.update_latency};
  const auto change = [&](std::int64_t when, std::int64_t pos, std::int64_t by) {
    if (pos < 0 || by == 0) {
      return;
    }
    area_us += static_cast<double>(differing) * static_cast<double>(overlap(last, when, warmup, end));
    last = when;
    const std::int64_t before = diff[pos];
    const std::int64_t after = before + by;
    if (after < std::numeric_limits<std::int32_t>::min() || after > std::numeric_limits<std::int32_t>::max()) {
      throw std::out_of_range("inventory accuracy: " + std::to_string(after) + " units between a view and the shelf (" +
                              "node x SKU position #" + std::to_string(pos) + "), past the 2^31 a difference can hold");
    }
    diff[pos] = static_cast<std::int32_t>(after);
    if (before == 0) {
      ++differing;
      since[pos] = when;
    } else if (diff[pos] == 0) {
      --differing;
      episodes.closed(since[pos], when);
    }
  };
  merge_by_time(
      physical_,
      system.changes,
      [&](const PhysicalChange& c) { change(c.when, position(c.node, c.sku), -c.count); },
      [&](const ViewChange& c) { change(c.when, position(c.node, c.sku), c.units); });
  area_us += static_cast<double>(differing) * static_cast<double>(overlap(last, end, warmup, end));
  for (std::size_t pos = 0; pos < diff.size(); ++pos) {
    if (diff[pos] != 0) {
      episodes.left_open(since[pos]);
    }
  }
  m.update_censored = episodes.censored;
  const double window = static_cast<double>(end - warmup) * static_cast<double>(m.positions);
  m.accuracy = window > 0 ? 1.0 - area_us / window : kNaN;
  return m;
}

// A capture node's view is judged on what a shopper sees: a SKU is right while its
// in-stock state (shown > 0) matches the shelf's (unreserved units on hand > 0 somewhere
// in the network); `atp_error` keeps the gap in units.
ViewMetrics Accuracy::sweep_shown(const System& system) const {
  const std::int64_t warmup = context_.warmup.count_us(), end = context_.end.count_us();
  ViewMetrics m;
  m.per_node = false;
  const auto skus = static_cast<std::size_t>(system.skus);
  m.positions = skus;
  std::vector<std::int64_t> shown(skus, 0), physical(skus, 0), last(skus, 0), since(skus, 0);
  std::copy_n(initial_available_.begin(), std::min(skus, initial_available_.size()), physical.begin());
  ErrorTime error_time;
  std::uint64_t state_wrong_us = 0;
  Episodes episodes{warmup, end, &m.update_latency};
  const auto state_differs = [](std::int64_t shown_units, std::int64_t physical_units) {
    return (shown_units > 0) != (physical_units > 0);
  };
  const auto update = [&](std::int64_t when, std::uint32_t sku, std::int64_t shown_now, std::int64_t physical_now) {
    const std::int64_t span = overlap(last[sku], when, warmup, end);
    error_time.add(std::abs(shown[sku] - physical[sku]), span);
    const bool before = state_differs(shown[sku], physical[sku]);
    state_wrong_us += before ? static_cast<std::uint64_t>(span) : 0;
    last[sku] = when;
    shown[sku] = shown_now;
    physical[sku] = physical_now;
    const bool after = state_differs(shown_now, physical_now);
    if (!before && after) {
      since[sku] = when;
    } else if (before && !after) {
      episodes.closed(since[sku], when);
    }
  };
  merge_by_time(
      physical_,
      system.changes,
      [&](const PhysicalChange& c) {
        if (c.sku < skus && c.unreserved != 0) {
          update(c.when, c.sku, shown[c.sku], physical[c.sku] + c.unreserved);
        }
      },
      [&](const ViewChange& c) {
        if (c.sku < skus) {
          update(c.when, c.sku, c.units, physical[c.sku]);
        }
      });
  for (std::uint32_t sku = 0; sku < skus; ++sku) {
    const std::int64_t span = overlap(last[sku], end, warmup, end);
    error_time.add(std::abs(shown[sku] - physical[sku]), span);
    const bool wrong = state_differs(shown[sku], physical[sku]);
    state_wrong_us += wrong ? static_cast<std::uint64_t>(span) : 0;
    if (wrong) {
      episodes.left_open(since[sku]);
    }
  }
  m.update_censored = episodes.censored;
  if (error_time.total() == 0) {
    m.accuracy = m.error_mean = m.error_p50 = m.error_p95 = m.error_p99 = m.error_max = kNaN;
    return m;
  }
  const auto total = static_cast<double>(error_time.total());
  m.accuracy = 1.0 - static_cast<double>(state_wrong_us) / total;
  m.error_mean = error_time.mean();
  m.error_p50 = error_time.quantile(0.50);
  m.error_p95 = error_time.quantile(0.95);
  m.error_p99 = error_time.quantile(0.99);
  m.error_max = error_time.max();
  return m;
}

void Accuracy::finish() {
  // Stable: equal times keep LP order, then each LP's own order (deterministic).
  std::stable_sort(physical_.begin(), physical_.end(),
                   [](const PhysicalChange& a, const PhysicalChange& b) { return a.when < b.when; });
  for (const System& system : systems_) {
    ViewMetrics m = system.per_node ? sweep_positions(system) : sweep_shown(system);
    m.name = system.lp < context_.nodes.size() ? context_.nodes[system.lp] : "lp#" + std::to_string(system.lp);
    out_.views.push_back(std::move(m));
  }
}

void observe_accuracy(const RetailMetrics& metrics, ObservationWriter& emit) {
  for (const ViewMetrics& v : metrics.views) {
    const Labels labels{{"system", v.name}};
    emit.ratio("inventory_accuracy", labels, "ratio", v.accuracy);
    if (!v.per_node) {
      emit.distribution("atp_error", labels, "units", {v.error_mean, v.error_p50, v.error_p95, v.error_p99, v.error_max});
    }
    emit.latency("inventory_update_latency", labels, v.update_latency);
    emit.count("inventory_update_censored", labels, "positions", v.update_censored);
  }
}

}  // namespace analysis::recorders
