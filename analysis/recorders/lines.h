// analysis/recorders/lines.h — what became of each captured line, shared by
// the outcomes and fulfilment recorders.
//
// Phase 1 (index) records each line's capture and whether it is for pickup;
// phase 2 (join) marks lines an oversell outcome names and the first time each
// shipped. Both throw std::logic_error for a line that was never captured.
#pragma once

#include <cstddef>
#include <cstdint>
#include "analysis/recorders/common.h"
#include "analysis/retail_metrics.h"
#include "sim/flat_hash.h"

namespace analysis::recorders {

struct Line {  // 32 bytes: a large day keeps millions
  sim::Time captured;
  sim::Time released = sim::Time::infinity();  // the first release, in LP order (join)
  sim::Time shipped = sim::Time::infinity();   // the first shipment (join)
  std::uint32_t channel = 0;
  bool oversold = false;
  bool bopis = false;
};

class LineBook {
 public:
  // Before the index phase, every record once: the table is then made at its size.
  void expect(const ProbeRecord& r) { expected_ += r.probe == models::retail::probes::kLineCaptured ? 1 : 0; }
  void reserve() { lines_.reserve(expected_); }
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
  [[nodiscard]] const sim::FlatHashMap<std::int64_t, Line>& all() const { return lines_; }

 private:
  sim::FlatHashMap<std::int64_t, Line> lines_;  // line id -> what happened to it
  std::size_t expected_ = 0;
};

}  // namespace analysis::recorders
