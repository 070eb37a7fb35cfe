// analysis/recorders/middleware.h — what the integrations did to messages:
// broker backlogs and message age, messages replayed after an outage, lost,
// retried and reordered, calls an API gateway throttled, and duplicate
// inventory deltas applied or suppressed.
//
// Fills RetailMetrics::brokers, the messages_* and duplicates_* counts,
// calls_throttled, calls_timed_out (sync links), reservation_timeouts (hard
// reservations) and throttle_delay; the series broker_backlog per broker.
#pragma once

#include <vector>

#include "analysis/recorders/common.h"
#include "analysis/recorders/observe.h"

namespace analysis::recorders {

class Middleware {
 public:
  Middleware(const Context& context, RetailMetrics& out);
  void index(const ProbeRecord& r);
  void finish();
  [[nodiscard]] std::vector<Series> take_series() { return std::move(series_); }

 private:
  const Context& context_;
  RetailMetrics& out_;
  std::vector<LevelChanges> queued_;  // per broker
  std::vector<Series> series_;
};

// Per broker, then the message counts, in the summary's order.
void observe_middleware(const RetailMetrics& metrics, ObservationWriter& emit);
// A throttled call's wait (no call throttled: NaN, no figure rather than a zero wait).
void observe_throttling(const RetailMetrics& metrics, ObservationWriter& emit);

}  // namespace analysis::recorders
