// analysis/recorders/fulfilment.h — how orders moved once promised: the OMS's
// release backlog and latency, pick waits, picker utilisation and queues per
// fulfilment group, cycle time, split shipments, pickup (BOPIS) lines, SLA
// misses, and the parts of the sourcing policy's score.
//
// Fills ChannelMetrics' fulfilment fields, RetailMetrics::groups,
// release_backlog_* and sourcing_parts; series pick_queue and utilisation per
// group, and release_backlog.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/observe.h"
#include "sim/flat_hash.h"

namespace analysis::recorders {

class Fulfilment {
 public:
  Fulfilment(const Context& context, RetailMetrics& out);
  void index(const ProbeRecord& r, const LineBook& lines);
  void join(sim::LpId lp, const ProbeRecord& r, const LineBook& lines);
  // The probes join reads: the only records RetailRecorder keeps for the join phase.
  [[nodiscard]] static constexpr bool joins(sim::ProbeId probe) {
    return one_of<models::retail::probes::kBopisShipped, models::retail::probes::kLineReleased,
                  models::retail::probes::kLineShipped>(probe);
  }
  // After the join, when every line's outcome and first shipment are known.
  void finish(const LineBook& lines);
  [[nodiscard]] std::vector<Series> take_group_series() { return std::move(group_series_); }
  [[nodiscard]] std::vector<Series> take_backlog_series() { return std::move(backlog_series_); }

 private:
  void released(const ProbeRecord& r, const Line& line, ChannelMetrics& c);
  void shipped(sim::LpId lp, const ProbeRecord& r, const Line& line, ChannelMetrics& c);
  void judge_sla(const LineBook& lines);
  [[nodiscard]] std::size_t group(std::int64_t label) const {
    return checked_index(label, out_.groups.size(), "fulfilment group");
  }

  const Context& context_;
  RetailMetrics& out_;
  std::vector<LevelChanges> busy_, queued_;  // per group
  LevelChanges backlog_;                     // +1 captured, -1 released (first time) or dropped
  sim::FlatHashSet<std::int64_t> released_, shipped_home_;  // line ids
  sim::FlatHashMap<std::int64_t, std::pair<sim::LpId, bool>> shipped_from_;  // order -> first node, split
  std::vector<Series> group_series_, backlog_series_;
};

// The fulfilment observations of one channel, in the summary's order.
void observe_fulfilment(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit);
// Per fulfilment group, then the release backlog.
void observe_groups(const RetailMetrics& metrics, ObservationWriter& emit);
// The mean of each part of the sourcing score, for parts some order had.
void observe_sourcing(const RetailMetrics& metrics, ObservationWriter& emit);

}  // namespace analysis::recorders
