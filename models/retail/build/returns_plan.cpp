// Build step 4: the returns plan — per store and warehouse, the channels'
// returns it takes back (returns.h), and the reason codes they use, into
// model.reasons (sorted, so codes do not depend on channel order).
#include <cmath>
#include <map>
#include <set>

#include "models/retail/build/context.h"

namespace models::retail {
namespace {

constexpr double kDefaultInStoreShare = 0.3;  // storefront channels: returns taken back in a store
using CodeSet = std::map<std::string, double>;  // reason code -> weight

class ReturnsPlanner {
 public:
  ReturnsPlanner(const scenario::ScenarioSpec& spec, const std::vector<std::size_t>& channel_of_node)
      : spec_(spec), channel_of_node_(channel_of_node), out_(spec.nodes.size()) {
    for (std::size_t node = 0; node < spec.nodes.size(); ++node) {
      if (spec.nodes[node].kind == NodeKind::Store) {
        stores_.push_back(node);
      } else if (spec.nodes[node].kind == NodeKind::Warehouse) {
        warehouses_.push_back(node);
      }
    }
    collect_reason_names();
  }

  std::vector<std::string> reasons() const { return {names_.begin(), names_.end()}; }

  std::vector<std::vector<ReturnSource>> plan() {
    for (std::size_t c = 0; c < spec_.channels.size(); ++c) {
      const auto& channel = spec_.channels[c];
      if (channel.return_rate > 0 && channel.orders_per_hour > 0 && !channel.nodes.empty()) {
        spread(c);
      }
    }
    return std::move(out_);
  }

 private:
  // A channel's own code set; "UNSPECIFIED" for a channel that names none.
  CodeSet code_set(std::size_t channel) const {
    CodeSet set = spec_.channels[channel].return_reasons;
    if (set.empty()) {
      set.emplace("UNSPECIFIED", 1.0);
    }
    return set;
  }
  // The codes a store takes returns under: its own channel's (online returns taken back there too).
  CodeSet store_codes(std::size_t store) const {
    const std::size_t channel = channel_of_node_[store];
    return channel != kNoNode ? code_set(channel) : CodeSet{{"UNSPECIFIED", 1.0}};
  }

  void collect_reason_names() {
    for (std::size_t c = 0; c < spec_.channels.size(); ++c) {
      if (spec_.channels[c].return_rate > 0 && spec_.channels[c].orders_per_hour > 0) {
        for (const auto& [name, weight] : code_set(c)) {
          names_.insert(name);
        }
      }
    }
    for (std::size_t node : stores_) {
      for (const auto& [name, weight] : store_codes(node)) {
        names_.insert(name);
      }
    }
  }

  std::uint32_t code_of(const std::string& name) const {
    return static_cast<std::uint32_t>(std::distance(names_.begin(), names_.find(name)));
  }

  ReturnSource source(std::size_t c, double per_hour, bool till, const CodeSet& codes) const {
    const auto& channel = spec_.channels[c];
    const CodeSet own = code_set(c);
    ReturnSource s;
    s.channel = static_cast<std::uint32_t>(c);
    s.per_hour = per_hour;
    s.refunded_at_till = till;
    s.resellable = channel.return_resellable;
    s.skus = skus_;
    for (const auto& [name, weight] : codes) {
      s.codes.push_back(code_of(name));
      s.code_weights.push_back(weight);
      s.foreign.push_back(!own.contains(name));
    }
    return s;
  }

  // A store channel's returns come back to its own stores, refunded at the till;
  // an online channel's `in_store` share evenly to all stores, the rest by mail to the warehouses.
  void spread(std::size_t c) {
    const auto& channel = spec_.channels[c];
    std::vector<double> weights;
    for (std::size_t rank = 0; rank < spec_.skus.size(); ++rank) {
      weights.push_back(channel.zipf ? 1.0 / std::pow(static_cast<double>(rank + 1), *channel.zipf)
                                     : spec_.skus[rank].popularity);
    }
    skus_ = std::make_shared<const boost::random::discrete_distribution<std::uint32_t, double>>(weights.begin(),
                                                                                                 weights.end());
    const double per_node = channel.return_rate * channel.orders_per_hour;  // steady state: see returns.h
    const NodeKind capture = spec_.nodes[channel.nodes.front()].kind;
    if (capture == NodeKind::Store) {
      for (std::size_t node : channel.nodes) {
        out_[node].push_back(source(c, per_node, true, code_set(c)));
      }
      return;
    }
    const double total = per_node * static_cast<double>(channel.nodes.size());
    double in_store = channel.return_in_store.value_or(capture == NodeKind::Storefront ? kDefaultInStoreShare : 0.0);
    if (warehouses_.empty()) {
      in_store = 1.0;  // nowhere to mail them: all come back to stores
    } else if (stores_.empty()) {
      in_store = 0.0;
    }
    for (std::size_t node : stores_) {
      if (in_store > 0) {
        out_[node].push_back(source(c, total * in_store / static_cast<double>(stores_.size()), false, store_codes(node)));
      }
    }
    for (std::size_t node : warehouses_) {
      if (in_store < 1) {
        out_[node].push_back(
            source(c, total * (1.0 - in_store) / static_cast<double>(warehouses_.size()), false, code_set(c)));
      }
    }
  }

  const scenario::ScenarioSpec& spec_;
  const std::vector<std::size_t>& channel_of_node_;
  std::vector<std::vector<ReturnSource>> out_;
  std::vector<std::size_t> stores_;
  std::vector<std::size_t> warehouses_;
  std::set<std::string> names_;
  std::shared_ptr<const boost::random::discrete_distribution<std::uint32_t, double>> skus_;  // of the channel spread
};

}  // namespace

std::vector<std::vector<ReturnSource>> plan_returns(const scenario::ScenarioSpec& spec,
                                                    const std::vector<std::size_t>& channel_of_node,
                                                    RetailModel& model) {
  ReturnsPlanner planner(spec, channel_of_node);
  model.reasons = planner.reasons();
  return planner.plan();
}

}  // namespace models::retail
