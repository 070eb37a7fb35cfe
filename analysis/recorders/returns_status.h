// analysis/recorders/returns_status.h — what happens after delivery and what
// customer service sees: returns by reason, resellable units, refunds at the
// channel and reconciled, mismatched reason codes, and how stale the order
// status shown to customer service is.
//
// Returns are joined by their id, statuses by (line id, status): phase 1
// indexes receipts, phase 2 reads what happened after; a status is judged in
// finish() against the line's true release and shipment (LineBook, which knows
// them once joined). Fills ChannelMetrics' returns and status fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/observe.h"
#include "sim/flat_hash.h"
#include "sim/hash.h"

namespace analysis::recorders {

class ReturnsStatus {
 public:
  // Every channel counts every reason code, 0 when none came back with it.
  ReturnsStatus(const Context& context, RetailMetrics& out) : context_(context), out_(out) {
    for (ChannelMetrics& c : out.channels) {
      for (const std::string& reason : context.reasons) {
        c.returns_by_reason[reason] = 0;
      }
    }
  }
  void index(const ProbeRecord& r);
  void join(const ProbeRecord& r);
  // The probes join reads: the only records RetailRecorder keeps for the join phase.
  [[nodiscard]] static constexpr bool joins(sim::ProbeId probe) {
    return one_of<models::retail::probes::kReturnResellable, models::retail::probes::kRefundAtChannel,
                  models::retail::probes::kRefundMismatched, models::retail::probes::kRefundReconciled,
                  models::retail::probes::kStatusSent, models::retail::probes::kStatusShown>(probe);
  }
  // The truth a status is judged against is each line's first release and shipment (LineBook).
  void finish(const LineBook& lines);

 private:
  void received(const ProbeRecord& r);
  void disposed(const ProbeRecord& r);  // resellable, refunded or reconciled

  struct Return {
    sim::Time received;
    std::size_t channel = 0;
    bool reconciled = false;
  };
  struct Sent {
    std::int64_t line;
    std::uint16_t status;
    sim::Time when;
  };
  const Context& context_;
  RetailMetrics& out_;
  sim::FlatHashMap<std::int64_t, Return> returns_;
  std::vector<Sent> sent_;                                          // statuses the OMS sent, in LP order
  struct LineStatusHash {
    std::size_t operator()(const std::pair<std::int64_t, std::uint16_t>& key) const {
      return static_cast<std::size_t>(sim::splitmix64(static_cast<std::uint64_t>(key.first) ^ sim::weyl(key.second)));
    }
  };
  // First shown, by (line, status); only looked up, so in no order.
  sim::FlatHashMap<std::pair<std::int64_t, std::uint16_t>, sim::Time, LineStatusHash> shown_;
};

// The returns and status observations of one channel, in the summary's order.
void observe_returns_status(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit);

}  // namespace analysis::recorders
