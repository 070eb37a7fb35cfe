// analysis/recorders/accuracy.h — each system's view of stock against the shelves:
// inventory accuracy, ATP error and update latency.
//
// Positions. The OMS and the ERP keep a view per node and SKU (kViewTracks says
// which nodes, kViewApplied each delta applied); the physical count of a
// position is its units on the shelf: unreserved on hand (kPhysicalLevel) plus
// hard-reserved units (kShelfReserved). Every system starts in sync with the
// shelves (a node reports its initial stock at the start as one array of
// kPhysicalLevel, sim::ProbeSink::record_array; a level it reports later is a change), so a position's view equals its count while their difference, moved
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
  // Before the index phase, every record once, then reserve(): the physical changes
  // are held in one block of the right size.
  void expect(const ProbeRecord& r) {
    expected_ += r.probe == models::retail::probes::kPhysicalLevel || r.probe == models::retail::probes::kShelfReserved;
  }
  void reserve() { physical_.reserve(expected_); }
  // A node's levels of every SKU at once: its initial stock, which every view starts with.
  void index_array(sim::LpId lp, sim::Time when, sim::ProbeId probe, const std::vector<std::int64_t>& values);
  void finish();

 private:
  // 24 bytes: one per physical level record after the initial stock (a change of one
  // node x SKU's units fits 32 bits).
  struct PhysicalChange {
    std::int64_t when;
    std::uint32_t node, sku;
    std::int32_t count;       // change of units on the shelf
    std::int32_t unreserved;  // change of unreserved units on hand
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
  std::size_t expected_ = 0;              // physical changes to come (expect)
  std::vector<std::int64_t> initial_available_;  // [sku]: initial stock summed over the nodes
  std::vector<System> systems_;           // in LP order
  LpLevels level_;
};

void observe_accuracy(const RetailMetrics& metrics, ObservationWriter& emit);

}  // namespace analysis::recorders
