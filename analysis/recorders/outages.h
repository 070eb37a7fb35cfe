// analysis/recorders/outages.h — what system outages did, and whether every message
// is accounted for.
//
//   system_downtime          hours each system was down within the horizon
//   messages_held            messages an outage (of a link or a system) held for replay
//   outage_drain             an outage's end to the arrival of the last message it held
//                            (per link and window: how long its backlog took to drain)
//   orders_refused_*         per channel: customers who found the site down, or
//                            checkout closed because their OMS shard was down; their
//                            lines' revenue is lost revenue (recorders/money.h)
//   lines_captured_oms_down  per channel: lines promised while their OMS shard was down
//   lines_lost               per channel: promised lines whose message was lost on its way
//                            to the OMS (at most once): never released, the order is gone
//   pos_units_offline        units sold at a till while its store's POS was offline
//   messages_dead_lettered   messages a consumer rejected, kept in its dead-letter queue
//   messages_redriven        dead letters re-driven (automatically, or by the exception team)
//   dead_letter_depth        dead letters held, time-weighted (mean, max)
//   dead_letter_time         dead-lettered to re-driven
//   exception_utilisation    the exception teams' busy people / their staff, time-weighted
//   lines_dead_lettered      per channel: promised lines whose message was dead-lettered
//   messages_in_dead_letter  dead letters still held at the end (whole run)
//   duplicate_orders_*       per channel: re-sent order lines dropped by an idempotent OMS,
//                            taken for new orders, and shipped (the customer gets them twice)
//   confirmation_lag         a node confirming a line's pick (its shipment confirmation) to the
//                            OMS hearing of it; shipments_unconfirmed: confirmed, the OMS unaware
//                            at the end
//   status_regressions       statuses customer service showed that were older than one it
//                            had shown for the line already (arrived out of order)
//   messages_sent, _delivered, _in_flight, _unaccounted
//                            the whole run: every message handed to a link was delivered,
//                            lost on the way, dead-lettered, or is in flight at the end;
//                            unaccounted is |sent - delivered - lost - dead-lettered - in
//                            flight|, 0 unless a message vanished
//
// Fills RetailMetrics::outages and the channels' refusal counts; observed only
// when some node or link has an outage (Context::outages), so a scenario without
// one reports what it always did.
#pragma once

#include "analysis/recorders/common.h"
#include "analysis/recorders/lines.h"
#include "analysis/recorders/observe.h"
#include "sim/flat_hash.h"

namespace analysis::recorders {

class Outages {
 public:
  Outages(const Context& context, RetailMetrics& out);
  void index(sim::LpId lp, const ProbeRecord& r);
  // A lost line joins its capture (its channel, and whether it was captured after the warm-up).
  void join(const ProbeRecord& r, const LineBook& lines);
  [[nodiscard]] static constexpr bool joins(sim::ProbeId probe) {
    return probe == models::retail::probes::kOrderLineLost || probe == models::retail::probes::kOrderLineDeadLettered ||
           probe == models::retail::probes::kLineFulfilled || probe == models::retail::probes::kDuplicateOrderShipped;
  }
  void finish(const LineBook& lines);
  [[nodiscard]] std::vector<Series> take_series() { return std::move(series_); }

 private:
  void index_order_fault(sim::LpId lp, const ProbeRecord& r, bool counted);

  const Context& context_;
  RetailMetrics& out_;
  LevelChanges depth_;   // dead letters held
  LevelChanges busy_;    // people of the exception teams at work
  double staff_ = 0.0;   // summed over the teams that had work
  sim::FlatHashMap<std::int64_t, sim::Time> confirming_;  // line id -> when its node sent the confirmation
  sim::FlatHashMap<std::int64_t, double> shown_;               // line id -> latest status customer service showed
  sim::LpId shown_at_ = 0;                                     // ... the customer service LP shown_ is for
  sim::FlatHashMap<std::int64_t, bool> copies_;                // a re-sent copy's id -> applied after the warm-up
  std::vector<std::int64_t> lost_;                             // lines whose message was lost (some, perhaps, twice)
  std::vector<Series> series_;
};

// Per channel (after the channel's other figures), then network-wide.
void observe_outage_channel(const RetailMetrics& metrics, const ChannelMetrics& c, const Labels& labels,
                            ObservationWriter& emit);
void observe_outages(const RetailMetrics& metrics, ObservationWriter& emit);

}  // namespace analysis::recorders
