// analysis/recorders/lines.h — what became of each captured line, shared by
// the outcomes and fulfilment recorders.
//
// Phase 1 (index) records each line's capture and whether it is for pickup;
// phase 2 (join) marks lines an oversell outcome names and the first time each
// shipped. Both throw std::logic_error for a line that was never captured.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "analysis/recorders/common.h"
#include "analysis/retail_metrics.h"

namespace analysis::recorders {

struct Line {
  sim::Time captured;
  std::size_t channel = 0;
  sim::Time released = sim::Time::infinity();  // the first release, in LP order (join)
  sim::Time shipped = sim::Time::infinity();   // the first shipment (join)
  bool oversold = false;
  bool bopis = false;
};

class LineBook {
 public:
  void index(const ProbeRecord& r);
  void join(const ProbeRecord& r);
  // The probes join reads: the only records RetailRecorder keeps for the join phase.
  [[nodiscard]] static constexpr bool joins(sim::ProbeId probe) {
    return one_of<models::retail::probes::kLineFulfilled, models::retail::probes::kOversellResourced,
                  models::retail::probes::kOversellBackordered, models::retail::probes::kOversellCanceled,
                  models::retail::probes::kLineReleased, models::retail::probes::kLineShipped>(probe);
  }

  // nullptr: not captured (in phase 1: not captured yet, in LP order).
  [[nodiscard]] const Line* find(std::int64_t id) const;
  // Iteration order is unspecified: for counts only.
  [[nodiscard]] const std::unordered_map<std::int64_t, Line>& all() const { return lines_; }

 private:
  std::unordered_map<std::int64_t, Line> lines_;  // line id -> what happened to it
};

}  // namespace analysis::recorders
