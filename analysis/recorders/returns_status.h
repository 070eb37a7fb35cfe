// analysis/recorders/returns_status.h — what happens after delivery and what
// customer service sees: returns by reason, resellable units, refunds at the
// channel and reconciled, mismatched reason codes, and how stale the order
// status shown to customer service is.
//
// Returns are joined by their id, statuses by (line id, status): phase 1
// indexes receipts and the lines' true release and shipment times, phase 2
// reads what happened after. Fills ChannelMetrics' returns and status fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/observe.h"

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
  void finish();

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
  std::unordered_map<std::int64_t, Return> returns_;
  std::unordered_map<std::int64_t, std::size_t> channel_of_line_;
  std::unordered_map<std::int64_t, sim::Time> released_, shipped_;  // the truth, by line
  std::vector<Sent> sent_;                                          // statuses the OMS sent, in LP order
  std::map<std::pair<std::int64_t, std::uint16_t>, sim::Time> shown_;  // first shown, by (line, status)
};

// The returns and status observations of one channel, in the summary's order.
void observe_returns_status(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit);

}  // namespace analysis::recorders
