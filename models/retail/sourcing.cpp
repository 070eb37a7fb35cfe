// models/retail/sourcing.cpp — the sourcing policies and the factory that names them.
//
// Every policy sees a node's units net of what the same decision already gave
// to earlier lines (UnitsTaken): the OMS commits line by line, so two lines of
// one SKU must not both count on the same units. Ties between candidates
// always go to the lower slot, whatever order the candidates come in, so a
// decision does not depend on how the OMS happened to list its nodes.
#include "models/retail/sourcing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "models/registry.h"
#include "models/scenario/diagnostics.h"

#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

// Units already given to earlier lines of the decision, per (slot, SKU). An order has
// a few lines, so a short list searched in turn beats any map.
class UnitsTaken {
 public:
  [[nodiscard]] std::int64_t of(std::size_t slot, std::uint32_t sku) const {
    for (const Taken& t : taken_) {
      if (t.slot == slot && t.sku == sku) {
        return t.units;
      }
    }
    return 0;
  }
  void take(std::size_t slot, std::uint32_t sku, std::int64_t units) {
    for (Taken& t : taken_) {
      if (t.slot == slot && t.sku == sku) {
        t.units += units;
        return;
      }
    }
    taken_.push_back({slot, sku, units});
  }
  void clear() { taken_.clear(); }
  [[nodiscard]] bool empty() const { return taken_.empty(); }

 private:
  struct Taken {
    std::size_t slot;
    std::uint32_t sku;
    std::int64_t units;
  };
  std::vector<Taken> taken_;
};

// A candidate that shows enough units for the line being sourced.
struct Covering {
  const SourcingCandidate* node = nullptr;
  std::int64_t units = 0;  // shown for the line's SKU, net of earlier lines
};

// The candidates covering one line, visited in candidate order as they are found: no
// list is made (sourcing scans every node for every line of every order).
class LineScan {
 public:
  LineScan(const ShownUnits& shown, const std::vector<SourcingCandidate>& candidates, std::size_t line_idx,
           const SourcingLine& line, const UnitsTaken& taken)
      : shown_(shown), candidates_(candidates), line_idx_(line_idx), line_(line), taken_(taken),
        last_(candidates.size()) {}
  // The same scan over candidates [first, last) only.
  [[nodiscard]] LineScan part(std::size_t first, std::size_t last) const {
    LineScan out = *this;
    out.first_ = std::min(first, candidates_.size());
    out.last_ = std::min(last, candidates_.size());
    return out;
  }
  template <class Visit>
  void for_each(Visit visit) const {
    if (taken_.empty()) {  // the first line of an order, most lines: nothing to net off
      for (std::size_t cand_idx = first_; cand_idx < last_; ++cand_idx) {
        const std::int64_t units = shown_.at(cand_idx, line_idx_);
        if (units >= line_.units) {
          visit(Covering{&candidates_[cand_idx], units});
        }
      }
      return;
    }
    for (std::size_t cand_idx = first_; cand_idx < last_; ++cand_idx) {
      const SourcingCandidate& node = candidates_[cand_idx];
      const std::int64_t units = shown_.at(cand_idx, line_idx_) - taken_.of(node.slot, line_.sku);
      if (units >= line_.units) {
        visit(Covering{&node, units});
      }
    }
  }
  template <class Pred>
  [[nodiscard]] bool any_of(Pred pred) const {
    bool found = false;
    for_each([&](const Covering& c) { found = found || pred(c); });
    return found;
  }

 private:
  const ShownUnits& shown_;
  const std::vector<SourcingCandidate>& candidates_;
  std::size_t line_idx_;
  const SourcingLine& line_;
  const UnitsTaken& taken_;
  std::size_t first_ = 0;
  std::size_t last_;
};

// The covering node whose key is least; equal keys go to the lower slot. nullptr when
// no candidate covers the line.
template <class Key>
const SourcingCandidate* best_by(const LineScan& scan, Key key) {
  const SourcingCandidate* best = nullptr;
  std::invoke_result_t<Key, const Covering&> best_key{};
  scan.for_each([&](const Covering& c) {
    auto k = key(c);
    if (best == nullptr || std::pair{k, c.node->slot} < std::pair{best_key, best->slot}) {
      best = c.node;
      best_key = std::move(k);
    }
  });
  return best;
}

bool in_region(const SourcingCandidate& node, std::uint16_t customer_region) {
  return customer_region != 0 && node.region == customer_region;
}

// Hours to clear the node's queue; 0 when its pick rate is unknown.
double backlog_hours(const SourcingCandidate& node) {
  return node.picks_per_hour > 0.0 ? static_cast<double>(node.queue) / node.picks_per_hour : 0.0;
}

// The OMS's rule (Oms::choose): in the customer's region first, then the most
// units shown, so one store is not emptied before its neighbours.
auto nearest_key(std::uint16_t customer_region) {
  return [customer_region](const Covering& c) { return std::tuple{!in_region(*c.node, customer_region), -c.units}; };
}

// Sources each line on its own, in order. The score is the sum over sourced
// lines of the parts a policy reports for its choice (one number per part name).
class LinePolicy : public SourcingPolicy {
 public:
  [[nodiscard]] SourcingDecision decide(const SourcingRequest& request, const std::vector<SourcingCandidate>& candidates,
                                        const ShownUnits& shown) const final {
    SourcingDecision decision;
    decision.slot_of_line.assign(request.lines.size(), kNoNode);
    std::vector<double> totals(part_names_.size(), 0.0);
    UnitsTaken taken;
    for (std::size_t line_idx = 0; line_idx < request.lines.size(); ++line_idx) {
      const SourcingLine& line = request.lines[line_idx];
      const SourcingCandidate* node = pick(request, LineScan(shown, candidates, line_idx, line, taken));
      if (node == nullptr) {
        continue;
      }
      decision.slot_of_line[line_idx] = node->slot;
      taken.take(node->slot, line.sku, line.units);
      add_parts(request, *node, totals);
    }
    for (std::size_t part_idx = 0; part_idx < totals.size(); ++part_idx) {
      decision.components.emplace_back(part_names_[part_idx], totals[part_idx]);
      decision.score += totals[part_idx];
    }
    return decision;
  }

 protected:
  explicit LinePolicy(std::vector<std::string_view> part_names) : part_names_(std::move(part_names)) {}
  // One of the nodes covering the line `scan` visits; nullptr when none does.
  [[nodiscard]] virtual const SourcingCandidate* pick(const SourcingRequest& request, const LineScan& scan) const = 0;
  // Adds the parts of shipping a line from `node` to `totals`, in part-name order.
  virtual void add_parts(const SourcingRequest& request, const SourcingCandidate& node,
                         std::span<double> totals) const = 0;

 private:
  std::vector<std::string_view> part_names_;  // string literals
};

// nearest, dc_first, store_first: the OMS's nearest rule, optionally within a
// preferred kind of node first. Score: transit hours summed over lines.
class Nearest final : public LinePolicy {
 public:
  enum class Prefer { Any, Dcs, Stores };
  Nearest(Prefer prefer, const char* name) : LinePolicy({"distance_hours"}), prefer_(prefer), name_(name) {}
  [[nodiscard]] const char* name() const override { return name_; }

 private:
  [[nodiscard]] const SourcingCandidate* pick(const SourcingRequest& request, const LineScan& scan) const override {
    // Any kind: a node in the region outranks every other, so when the request says the
    // first candidates are the region's and one of them covers the line, the rest need
    // not be looked at.
    if (prefer_ == Prefer::Any && request.near_first > 0 && request.customer_region != 0) {
      if (const SourcingCandidate* near = best_of(request, scan.part(0, request.near_first))) {
        return near;
      }
      return best_of(request, scan.part(request.near_first, std::numeric_limits<std::size_t>::max()));
    }
    return best_of(request, scan);
  }
  // The best node `scan` visits. The rule's order, (outside the preferred kind, outside
  // the region, fewer units, higher slot) least first, is packed into one integer that is
  // greatest for the best node: bit 62 in the preferred kind, bit 61 in the region, bits
  // 21-52 the units, bits 0-20 the slot complemented. It compares exactly as the rule does while units < 2^32 and slots < 2^21
  // (always, in the OMS: its units are 32-bit); past either it falls back to best_by. One
  // comparison without branches a node: this runs for every node of every line.
  [[nodiscard]] const SourcingCandidate* best_of(const SourcingRequest& request, const LineScan& scan) const {
    constexpr std::uint64_t kSlotBits = 21;
    constexpr std::uint64_t kUnitLimit = std::uint64_t{1} << 32;
    const std::uint16_t region = request.customer_region;
    const bool any_kind = prefer_ == Prefer::Any;  // hoisted: the kind test is one comparison a node
    const bool want_stores = prefer_ == Prefer::Stores;
    const SourcingCandidate* best = nullptr;
    std::uint64_t best_rank = 0;  // rank + 1 of `best`: any covering node beats none
    bool packable = true;
    scan.for_each([&](const Covering& c) {
      const SourcingCandidate& node = *c.node;
      const auto units = static_cast<std::uint64_t>(c.units);  // a negative count wraps past the limit
      packable = packable && units < kUnitLimit && node.slot < (std::size_t{1} << kSlotBits);
      const bool preferred = any_kind || node.is_store == want_stores;
      const bool near = region != 0 && node.region == region;
      const std::uint64_t rank = ((std::uint64_t{preferred} << 62) | (std::uint64_t{near} << 61) |
                                  (units << kSlotBits) |
                                  (((std::uint64_t{1} << kSlotBits) - 1) & ~static_cast<std::uint64_t>(node.slot))) +
                                 1;
      const bool better = rank > best_rank;
      best = better ? &node : best;
      best_rank = better ? rank : best_rank;
    });
    if (packable) {
      return best;
    }
    const auto nearest = nearest_key(region);
    return best_by(scan, [&](const Covering& c) { return std::pair{outside_preferred(*c.node), nearest(c)}; });
  }
  void add_parts(const SourcingRequest&, const SourcingCandidate& node, std::span<double> totals) const override {
    totals[0] += node.distance;
  }
  [[nodiscard]] bool outside_preferred(const SourcingCandidate& node) const {
    return (prefer_ == Prefer::Dcs && node.is_store) || (prefer_ == Prefer::Stores && !node.is_store);
  }

  Prefer prefer_;
  const char* name_;
};

// capacity_aware: skips nodes with more than max_queue orders waiting and ranks
// the rest by backlog hours + transit hours. A node of unknown pick rate counts
// as having no backlog. When every covering node is over max_queue the line
// still ships, from the least backlogged (then nearest in hours) of them.
class CapacityAware final : public LinePolicy {
 public:
  explicit CapacityAware(std::int64_t max_queue)
      : LinePolicy({"backlog_hours", "distance_hours"}), max_queue_(max_queue) {}
  [[nodiscard]] const char* name() const override { return "capacity_aware"; }

 private:
  [[nodiscard]] const SourcingCandidate* pick(const SourcingRequest&, const LineScan& scan) const override {
    if (scan.any_of([&](const Covering& c) { return c.node->queue <= max_queue_; })) {
      return best_by(scan, [&](const Covering& c) {
        return std::pair{c.node->queue > max_queue_, backlog_hours(*c.node) + c.node->distance};
      });
    }
    return best_by(scan, [](const Covering& c) { return std::pair{backlog_hours(*c.node), c.node->distance}; });
  }
  void add_parts(const SourcingRequest&, const SourcingCandidate& node, std::span<double> totals) const override {
    totals[0] += backlog_hours(node);
    totals[1] += node.distance;
  }

  std::int64_t max_queue_;
};

// cost: the cheapest line, by shipping plus handling, every figure a parameter:
//   shipping = shipping_within_region when the node is in the customer's region,
//              else shipping_across_regions (also when either has no region);
//   handling = store_handling_cost at a store, warehouse_handling_cost at a warehouse.
// Ties: the lower slot. Each line pays its own shipping and handling: lines are
// not consolidated into shipments (min_split does that).
class Cost final : public LinePolicy {
 public:
  struct Tariffs {
    double store_handling = 0.0;
    double warehouse_handling = 0.0;
    double within_region = 0.0;
    double across_regions = 0.0;
  };
  explicit Cost(Tariffs tariffs) : LinePolicy({"shipping", "handling"}), tariffs_(tariffs) {}
  [[nodiscard]] const char* name() const override { return "cost"; }

 private:
  [[nodiscard]] const SourcingCandidate* pick(const SourcingRequest& request, const LineScan& scan) const override {
    return best_by(scan, [&](const Covering& c) {
      const auto [shipping, handling] = cost_of(request, *c.node);
      return shipping + handling;
    });
  }
  void add_parts(const SourcingRequest& request, const SourcingCandidate& node, std::span<double> totals) const override {
    const auto [shipping, handling] = cost_of(request, node);
    totals[0] += shipping;
    totals[1] += handling;
  }
  [[nodiscard]] std::pair<double, double> cost_of(const SourcingRequest& request, const SourcingCandidate& node) const {
    const double handling = node.is_store ? tariffs_.store_handling : tariffs_.warehouse_handling;
    const double shipping = in_region(node, request.customer_region) ? tariffs_.within_region : tariffs_.across_regions;
    return {shipping, handling};
  }

  Tariffs tariffs_;
};

// sla_risk: each line goes to its nearest covering node (the OMS's rule) unless
// that node is likely to miss the promise. For a node:
//   backlog  = queue / picks_per_hour (0 when the pick rate is unknown)
//   wait     = 24 h if backlog > hours_to_cutoff (today's pickup is missed), else 0
//   estimate = backlog + wait + distance
//   risk     = 1 / (1 + exp(-(estimate - hours_to_promise) / 1 h))
// so risk is 1/2 when the estimate equals the promise and moves from ~0.12 to
// ~0.88 over the two hours around it. Above `threshold` the line moves to the
// covering node of least risk, if that is strictly less (ties: lower slot).
// Score: the risk of the order's riskiest line, since the order misses its
// promise if any line does; the components are that line's.
class SlaRisk final : public SourcingPolicy {
 public:
  explicit SlaRisk(double threshold) : threshold_(threshold) {}
  [[nodiscard]] const char* name() const override { return "sla_risk"; }

  [[nodiscard]] SourcingDecision decide(const SourcingRequest& request, const std::vector<SourcingCandidate>& candidates,
                                        const ShownUnits& shown) const override {
    SourcingDecision decision;
    decision.slot_of_line.assign(request.lines.size(), kNoNode);
    std::optional<Assessment> worst;  // of the sourced lines
    UnitsTaken taken;
    for (std::size_t line_idx = 0; line_idx < request.lines.size(); ++line_idx) {
      const SourcingLine& line = request.lines[line_idx];
      const LineScan scan(shown, candidates, line_idx, line, taken);
      const SourcingCandidate* node = best_by(scan, nearest_key(request.customer_region));
      if (node == nullptr) {
        continue;
      }
      Assessment chosen = assess(request, *node);
      if (chosen.risk > threshold_) {
        const SourcingCandidate* safest =
            best_by(scan, [&](const Covering& c) { return assess(request, *c.node).risk; });
        if (const Assessment safer = assess(request, *safest); safer.risk < chosen.risk) {
          node = safest;
          chosen = safer;
        }
      }
      decision.slot_of_line[line_idx] = node->slot;
      taken.take(node->slot, line.sku, line.units);
      if (!worst || chosen.risk > worst->risk) {
        worst = chosen;
      }
    }
    const Assessment reported = worst.value_or(Assessment{});  // all zero when no line could be sourced
    decision.score = reported.risk;
    decision.components = {{"backlog_hours", reported.backlog_hours},
                           {"cutoff_wait_hours", reported.cutoff_wait_hours},
                           {"distance_hours", reported.distance_hours},
                           {"hours_to_promise", request.hours_to_promise},
                           {"risk", reported.risk}};
    return decision;
  }

 private:
  static constexpr double kNextPickupHours = 24.0;  // a missed cutoff waits for the next day's carrier
  static constexpr double kRiskScaleHours = 1.0;    // how sharply risk rises past the promise

  struct Assessment {
    double backlog_hours = 0.0;
    double cutoff_wait_hours = 0.0;
    double distance_hours = 0.0;
    double risk = 0.0;
  };
  [[nodiscard]] static Assessment assess(const SourcingRequest& request, const SourcingCandidate& node) {
    Assessment a;
    a.backlog_hours = backlog_hours(node);
    a.cutoff_wait_hours = a.backlog_hours > node.hours_to_cutoff ? kNextPickupHours : 0.0;
    a.distance_hours = node.distance;
    const double estimate = a.backlog_hours + a.cutoff_wait_hours + a.distance_hours;
    a.risk = 1.0 / (1.0 + std::exp(-(estimate - request.hours_to_promise) / kRiskScaleHours));
    return a;
  }

  double threshold_;
};

// min_split: fewest shipments (distinct nodes) for the whole order, then least
// transit hours. A greedy set cover, not an exact one (that is NP-hard): take
// the node covering the most remaining lines (ties: nearer, then lower slot),
// give it those lines, repeat. It can use more nodes than the optimum when an
// early greedy choice splits lines a later pair would have covered together.
// Lines no node covers get kNoNode. Score: the number of shipments.
class MinSplit final : public SourcingPolicy {
 public:
  [[nodiscard]] const char* name() const override { return "min_split"; }

  [[nodiscard]] SourcingDecision decide(const SourcingRequest& request, const std::vector<SourcingCandidate>& candidates,
                                        const ShownUnits& shown) const override {
    SourcingDecision decision;
    decision.slot_of_line.assign(request.lines.size(), kNoNode);
    std::vector<bool> used(candidates.size(), false);
    double distance_hours = 0.0;
    std::size_t shipments = 0;
    std::vector<std::size_t> lines, best_lines;  // reused for every candidate: no allocation per node
    UnitsTaken taken;
    std::size_t unsourced = request.lines.size();
    while (unsourced > 0) {
      std::size_t best = kNoNode;
      best_lines.clear();
      for (std::size_t cand_idx = 0; cand_idx < candidates.size(); ++cand_idx) {
        if (used[cand_idx]) {
          continue;
        }
        coverable(request, shown, cand_idx, candidates[cand_idx], decision.slot_of_line, taken, lines);
        if (!lines.empty() && (best == kNoNode || better(candidates[cand_idx], lines.size(), candidates[best],
                                                         best_lines.size()))) {
          best = cand_idx;
          best_lines.swap(lines);
        }
      }
      if (best == kNoNode) {
        break;
      }
      used[best] = true;
      for (std::size_t line_idx : best_lines) {
        decision.slot_of_line[line_idx] = candidates[best].slot;
      }
      ++shipments;
      distance_hours += candidates[best].distance;
      unsourced -= best_lines.size();
      if (unsourced == 0) {  // another round would find no node covering a line
        break;
      }
    }
    decision.score = static_cast<double>(shipments);
    decision.components = {{"shipments", static_cast<double>(shipments)}, {"distance_hours", distance_hours}};
    return decision;
  }

 private:
  // The unsourced lines `node` can ship together, in line order, into `out`: units
  // for an SKU are counted once across the lines that share it (`taken`: scratch).
  static void coverable(const SourcingRequest& request, const ShownUnits& shown, std::size_t cand_idx,
                        const SourcingCandidate& node, const std::vector<std::size_t>& slot_of_line, UnitsTaken& taken,
                        std::vector<std::size_t>& out) {
    out.clear();
    taken.clear();
    for (std::size_t line_idx = 0; line_idx < request.lines.size(); ++line_idx) {
      const SourcingLine& line = request.lines[line_idx];
      if (slot_of_line[line_idx] != kNoNode) {
        continue;
      }
      if (shown.at(cand_idx, line_idx) - taken.of(node.slot, line.sku) >= line.units) {
        taken.take(node.slot, line.sku, line.units);
        out.push_back(line_idx);
      }
    }
  }
  [[nodiscard]] static bool better(const SourcingCandidate& a, std::size_t a_lines, const SourcingCandidate& b,
                                   std::size_t b_lines) {
    return std::tuple{-static_cast<std::int64_t>(a_lines), a.distance, a.slot} <
           std::tuple{-static_cast<std::int64_t>(b_lines), b.distance, b.slot};
  }
};

}  // namespace

SourcingDecision SourcingPolicy::choose(const SourcingRequest& request,
                                        const std::vector<SourcingCandidate>& candidates) const {
  const std::size_t lines = request.lines.size();
  if (request.shown.size() == candidates.size() * lines) {
    return decide(request, candidates, ShownUnits(request.shown, lines));
  }
  if (!request.shown.empty()) {
    throw std::invalid_argument("sourcing request: expected " + std::to_string(candidates.size() * lines) +
                                " shown figures (candidates x lines), found " + std::to_string(request.shown.size()));
  }
  if (!request.available) {
    throw std::invalid_argument("sourcing request: neither shown figures nor a way to ask for them");
  }
  std::vector<std::int64_t> shown(candidates.size() * lines);
  for (std::size_t cand_idx = 0; cand_idx < candidates.size(); ++cand_idx) {
    for (std::size_t line_idx = 0; line_idx < lines; ++line_idx) {
      shown[cand_idx * lines + line_idx] = request.available(candidates[cand_idx].slot, request.lines[line_idx].sku);
    }
  }
  return decide(request, candidates, ShownUnits(shown, lines));
}

std::unique_ptr<SourcingPolicy> make_sourcing_nearest(const ParamValues&, const SourcingSetup&) {
  return std::make_unique<Nearest>(Nearest::Prefer::Any, "nearest");
}
std::unique_ptr<SourcingPolicy> make_sourcing_dc_first(const ParamValues&, const SourcingSetup&) {
  return std::make_unique<Nearest>(Nearest::Prefer::Dcs, "dc_first");
}
std::unique_ptr<SourcingPolicy> make_sourcing_store_first(const ParamValues&, const SourcingSetup&) {
  return std::make_unique<Nearest>(Nearest::Prefer::Stores, "store_first");
}
std::unique_ptr<SourcingPolicy> make_sourcing_min_split(const ParamValues&, const SourcingSetup&) {
  return std::make_unique<MinSplit>();
}
std::unique_ptr<SourcingPolicy> make_sourcing_capacity_aware(const ParamValues& params, const SourcingSetup&) {
  return std::make_unique<CapacityAware>(params.integer("max_queue"));
}
std::unique_ptr<SourcingPolicy> make_sourcing_cost(const ParamValues& params, const SourcingSetup&) {
  return std::make_unique<Cost>(Cost::Tariffs{params.number("store_handling_cost"), params.number("warehouse_handling_cost"),
                                              params.number("shipping_within_region"),
                                              params.number("shipping_across_regions")});
}
std::unique_ptr<SourcingPolicy> make_sourcing_sla_risk(const ParamValues& params, const SourcingSetup&) {
  return std::make_unique<SlaRisk>(params.number("threshold"));
}

std::unique_ptr<SourcingPolicy> make_sourcing_policy(const std::string& name, const scenario::ParamValues& params) {
  const PolicyOption* option = find_policy(Lever::Sourcing, name);
  if (option == nullptr) {
    throw std::invalid_argument("unknown sourcing policy \"" + name + "\"" +
                                scenario::did_you_mean(name, policy_names(Lever::Sourcing)));
  }
  return option->make.sourcing(params, SourcingSetup{});
}

}  // namespace models::retail
