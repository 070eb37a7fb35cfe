// analysis/recorders/accuracy.h — each system's view of stock against the shelves:
// inventory accuracy, ATP error and update latency.
//
// Positions. The OMS and the ERP keep a view per node and SKU (kViewTracks says
// which nodes, kViewApplied each delta applied); the physical count of a
// position is its units on the shelf: unreserved on hand (kPhysicalLevel) plus
// hard-reserved units (kShelfReserved). Every system starts in sync with the
// shelves (the first level a node reports of a SKU at time 0 is its initial
// stock), so a position's view equals its count while their difference, moved
// by each physical change and each applied delta, is 0.
//
// A capture node shows one availability per SKU (kShownAvailability); it is
// compared with the network's physical available units: unreserved on hand
// summed over every store and warehouse.
//
// Figures over the measured window [warm-up, horizon):
//   accuracy  the time-weighted share of positions whose view equals the
//             physical figure; a capture node: of SKUs whose in-stock state
//             (shown > 0) matches the shelf's (physical available > 0);
//   ATP error a capture node's |shown - physical available|, time-weighted over
//             SKUs: mean, p50/p95/p99 (nearest rank on time) and max;
//   latency   per position, from the physical change that made the view differ
//             (a capture node: its in-stock state) to the instant it agrees again: one
//             sample per episode begun after the warm-up; an episode still open
//             at the horizon is censored.
// Memory: the changes themselves (one record each), plus per system flat arrays
// of positions while it is swept; no map is keyed per event.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/observe.h"

namespace analysis::recorders {

class Accuracy {
 public:
  Accuracy(const Context& context, RetailMetrics& out) : context_(context), out_(out) {}
  void index(sim::LpId lp, const ProbeRecord& r);
  void finish();

 private:
  // 24 bytes: one per physical level record (a change of one node x SKU's units fits 32 bits).
  struct PhysicalChange {
    std::int64_t when;
    std::uint32_t node, sku;
    std::int32_t count;       // change of units on the shelf
    std::int32_t unreserved : 31;  // change of unreserved units on hand
    std::uint32_t initial : 1;     // the node's initial stock: the views start with it
  };
  struct ViewChange {
    std::int64_t when;
    std::uint32_t node, sku;  // a capture node: node 0
    std::int64_t units;       // a delta applied; a capture node: the availability now shown
  };
  struct System {
    sim::LpId lp;
    bool per_node;
    std::int64_t skus = 0;
    std::vector<std::uint32_t> nodes;  // tracked nodes (per_node)
    std::vector<ViewChange> changes;
  };
  System& system_of(sim::LpId lp, bool per_node);
  void note_level(sim::LpId lp, const ProbeRecord& r, bool reserved);
  [[nodiscard]] ViewMetrics sweep_positions(const System& system) const;
  [[nodiscard]] ViewMetrics sweep_shown(const System& system) const;

  const Context& context_;
  RetailMetrics& out_;
  std::vector<PhysicalChange> physical_;  // sorted by time in finish()
  std::vector<System> systems_;           // in LP order
  // The LP whose records are being indexed, and its last level per SKU (records
  // arrive LP by LP, so one flat array serves them all in turn).
  sim::LpId level_lp_ = sim::kNoLp;
  std::vector<std::int64_t> level_;
  std::vector<std::uint8_t> level_seen_;
};

void observe_accuracy(const RetailMetrics& metrics, ObservationWriter& emit);

}  // namespace analysis::recorders
