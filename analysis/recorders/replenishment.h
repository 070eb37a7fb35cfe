// analysis/recorders/replenishment.h — stock that moves: replenishment orders, units
// put away, short shipments, losses in transit, the receiving docks' waits, and the
// network's balance with what suppliers shipped and what is still on the way.
//
// Fills RetailMetrics::replenishment; observed only when the model replenishes
// (Context::replenishment), so a scenario without it reports what it always did.
#pragma once

#include "analysis/recorders/common.h"
#include "analysis/recorders/observe.h"

namespace analysis::recorders {

class Replenishment {
 public:
  Replenishment(const Context& context, RetailMetrics& out);
  void index(const ProbeRecord& r);

 private:
  const Context& context_;
  RetailMetrics& out_;
};

void observe_replenishment(const RetailMetrics& metrics, ObservationWriter& emit);

}  // namespace analysis::recorders
