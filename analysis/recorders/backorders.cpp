#include "analysis/recorders/backorders.h"

#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

void Backorders::join(const ProbeRecord& r, const LineBook& lines) {
  if (!joins(r.probe)) {
    return;
  }
  const Line* line = lines.find(r.label);
  if (line == nullptr || line->captured < context_.warmup) {
    return;
  }
  ChannelMetrics& c = channel_at(out_, line->channel);
  switch (r.probe) {
    case probes::kShortPick:
      c.short_picks += 1;
      break;
    case probes::kBackordered:
      c.backorders += backordered_.insert(r.label).second ? 1 : 0;  // once, however often it waits
      break;
    case probes::kBackorderReleased:
      c.backorder_wait.add(r.value);
      break;
    case probes::kBackorderCanceled:
      c.backorders_canceled += 1;
      break;
    default:  // kLineFulfilled
      c.backorders_fulfilled += backordered_.contains(r.label) ? 1 : 0;
      break;
  }
}

void observe_backorders(const ChannelMetrics& c, const Labels& labels, ObservationWriter& emit) {
  emit.count("short_picks", labels, "lines", c.short_picks);
  emit.count("backorders", labels, "lines", c.backorders);
  emit.count("backorders_fulfilled", labels, "lines", c.backorders_fulfilled);
  emit.count("backorders_canceled", labels, "lines", c.backorders_canceled);
  emit.latency("backorder_wait", labels, c.backorder_wait);
}

}  // namespace analysis::recorders
