// analysis/recorders/outcomes.h — what customers got, per channel: orders
// captured, lines promised and turned away, till sales and empty shelves,
// fulfilled and oversold lines, and lost sales.
//
// Lost sales are judged here, not in the models: a customer turned away at
// time t for a SKU is a lost sale if, at t, physical stock of that SKU (on
// hand, not reserved) existed somewhere in the network — a fact no single
// system in the model could see. So are false cancellations: a promised line
// canceled or backordered at time t is a false cancellation (a phantom
// shortage) if, at t, some node held free units of its SKU — on its shelf,
// neither reserved nor spoken for by a line the OMS had sent it and no picker
// had taken yet (probes::kUnitsPromisedAtNode) — at least the line's units;
// otherwise it is an oversell. A line re-sourced after a short pick is an
// oversell (its node's stock was truly gone). Fills ChannelMetrics' outcome
// and money fields (money.h) and the per-minute series orders, oversells (true
// oversells, when found) and turned_away per channel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/observe.h"

namespace analysis::recorders {

class Outcomes {
 public:
  Outcomes(const Context& context, RetailMetrics& out);
  void index(sim::LpId lp, std::size_t idx, const ProbeRecord& r);
  // Before the index phase, every record once: each SKU's changes are then held in
  // one block of the right size (no regrowth: its copies and its slack).
  // Only SKUs with a turn-away or a dropped line are judged, so only theirs are kept.
  void expect(const ProbeRecord& r) {
    namespace probes = models::retail::probes;
    if (r.probe == probes::kPhysicalLevel || r.probe == probes::kUnitsPromisedAtNode) {
      const auto sku = static_cast<std::uint32_t>(r.label & 0xFFFF'FFFF);
      if (sku >= expected_.size()) {
        expected_.resize(std::size_t{sku} + 1, 0);
      }
      ++expected_[sku];
    } else if (r.probe == probes::kLineTurnedAway) {
      judge_sku(static_cast<std::uint32_t>(r.label & 0xFFFF'FFFF));
    } else if (r.probe == probes::kOversellBackordered || r.probe == probes::kOversellCanceled) {
      judge_sku(probes::sku_of_line(r.label));
    }
  }
  // After expect() has seen every record: from then on index() keeps the level changes
  // of judged SKUs only (without it, every SKU's).
  void reserve();
  // A node's levels of every SKU at once (its initial stock): kept by reference, the
  // recorder's owner holds the array.
  void index_array(sim::LpId lp, sim::ProbeId probe, const std::vector<std::int64_t>& values);
  void join(const ProbeRecord& r, const LineBook& lines);
  // The probes join reads: the only records RetailRecorder keeps for the join phase.
  [[nodiscard]] static constexpr bool joins(sim::ProbeId probe) {
    return one_of<models::retail::probes::kLineFulfilled, models::retail::probes::kOversellResourced,
                  models::retail::probes::kOversellBackordered, models::retail::probes::kOversellCanceled>(probe);
  }
  // Lost sales and false cancellations: sweeps each SKU's physical levels in
  // time order against its turn-aways and its canceled or backordered lines;
  // books the revenue of the picked lines that shipped within the horizon.
  void finish(const LineBook& lines);
  [[nodiscard]] std::vector<Series> take_series() { return std::move(series_); }

 private:
  enum class Count : std::size_t { Orders = 0, Oversells = 1, TurnedAway = 2 };
  void count_minute(std::size_t channel, Count which, sim::Time when);
  void turned_away(const ProbeRecord& r);

  struct TurnAway {
    sim::Time when;
    std::size_t channel;
    std::int64_t units;
  };
  // A promised line canceled or backordered (an oversell outcome found at the OMS).
  struct Drop {
    sim::Time when;
    std::size_t channel;
    std::int64_t line;
    std::int64_t units;
    bool canceled;         // else backordered
    bool counted = false;  // captured after the warm-up (join)
    std::uint8_t shard = 0;  // the OMS shard that dropped it (Context::shards)
  };
  // A change at a node, ordered by (time, emitting LP, order within the LP): 24 bytes, one per
  // physical level record, so that a catalogue of 50,000 SKUs x 1,000 stores stays affordable.
  // Kind 0: the node's physical level (absolute; the node is the LP that reports it);
  // 1: units spoken for at a node (a delta).
  class LevelChange {
   public:
    static LevelChange level(sim::Time when, sim::LpId lp, std::uint32_t order, std::int64_t units) {
      return {when, lp, order, kOwnLevel, units32(units)};
    }
    static LevelChange promised(sim::Time when, sim::LpId lp, std::uint32_t order, std::uint32_t node,
                                std::int64_t units) {
      if (node == kOwnLevel) {
        throw std::out_of_range("Outcomes: node id " + std::to_string(node) + " is reserved");
      }
      return {when, lp, order, node, units32(units)};
    }
    [[nodiscard]] sim::Time when() const { return when_; }
    [[nodiscard]] sim::LpId lp() const { return lp_; }
    [[nodiscard]] bool is_level() const { return node_ == kOwnLevel; }
    [[nodiscard]] std::uint32_t node() const { return is_level() ? lp_ : node_; }
    [[nodiscard]] std::int64_t value() const { return value_; }
    bool operator<(const LevelChange& o) const {
      return std::tie(when_, lp_, order_) < std::tie(o.when_, o.lp_, o.order_);
    }

   private:
    static constexpr std::uint32_t kOwnLevel = 0xFFFF'FFFF;  // in node_: a level, at lp_
    LevelChange(sim::Time when, sim::LpId lp, std::uint32_t order, std::uint32_t node, std::int32_t value)
        : when_(when), lp_(lp), order_(order), node_(node), value_(value) {}
    static std::int32_t units32(std::int64_t units) {  // the models bound a position's units at 2^31 - 1
      if (units < std::numeric_limits<std::int32_t>::min() || units > std::numeric_limits<std::int32_t>::max()) {
        throw std::out_of_range("Outcomes: a level change of " + std::to_string(units) + " units, past 32 bits");
      }
      return static_cast<std::int32_t>(units);
    }
    sim::Time when_;
    sim::LpId lp_;
    std::uint32_t order_;
    std::uint32_t node_;
    std::int32_t value_;
  };
  static_assert(sizeof(LevelChange) == 24);
  void judge_drops(std::uint32_t sku, std::vector<Drop>& drops, const std::vector<LevelChange>& changes);
  void judge_shard_drops(std::uint32_t sku, std::uint8_t shard, const std::vector<Drop>& drops,
                         const std::vector<LevelChange>& changes);
  // A node's initial level of a SKU (0 when it reported none).
  [[nodiscard]] std::int64_t initial_level(std::size_t lp, std::uint32_t sku) const {
    const std::vector<std::int64_t>* levels = lp < initial_.size() ? initial_[lp] : nullptr;
    return levels != nullptr && sku < levels->size() ? (*levels)[sku] : 0;
  }
  void judge_turn_aways(std::uint32_t sku, std::vector<TurnAway>& aways, const std::vector<LevelChange>& changes);

  const Context& context_;
  RetailMetrics& out_;
  std::size_t minutes_;
  std::vector<Series> series_;  // per channel: orders, oversells, turned_away
  std::vector<const std::vector<std::int64_t>*> initial_;  // [lp]: its initial levels (null: none)
  std::vector<std::int64_t> initial_total_;                 // [sku]: summed over the nodes
  std::vector<std::vector<LevelChange>> levels_;  // [sku]: changes after the initial levels (a record each: no map)
  std::vector<std::uint32_t> expected_;           // [sku]: how many (expect), until reserve()
  // [sku]: a turn-away or a dropped line names it (expect), so finish() judges it. Most
  // SKUs of a large catalogue have neither, and their levels are not kept.
  std::vector<bool> judged_;
  bool only_judged_ = false;  // set by reserve()
  void judge_sku(std::uint32_t sku) {
    if (sku >= judged_.size()) {
      judged_.resize(std::size_t{sku} + 1, false);
    }
    judged_[sku] = true;
  }
  [[nodiscard]] bool keeps_levels(std::uint32_t sku) const {
    return !only_judged_ || (sku < judged_.size() && judged_[sku]);
  }
  std::vector<LevelChange>& levels_of(std::uint32_t sku) {
    if (sku >= levels_.size()) {
      levels_.resize(std::size_t{sku} + 1);
    }
    return levels_[sku];
  }
  std::map<std::uint32_t, std::vector<TurnAway>> turned_away_;  // by SKU
  std::map<std::uint32_t, std::vector<Drop>> drops_;             // by SKU
  std::map<std::int64_t, std::pair<std::uint32_t, std::size_t>> drop_of_line_;  // line -> (SKU, index)
  // Lines picked (captured after the warm-up), in join order: their revenue is booked
  // in finish() if they shipped, as lines_fulfilled counts them.
  struct Picked {
    std::int64_t line;
    std::size_t channel;
    std::uint64_t units;
  };
  std::vector<Picked> picked_;
};

// The outcome observations of one channel, in the summary's order.
void observe_outcomes(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit);

}  // namespace analysis::recorders
