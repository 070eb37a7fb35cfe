// analysis/retail_metrics.h — per-channel outcomes of one retail run, from its probes.
//
// RetailRecorder keeps each LP's probe records in that LP's order; the metrics
// are computed after the run by one recorder per concern (analysis/recorders/:
// outcomes, fulfilment, middleware, inventory, returns and status), fed LP by
// LP, so they are identical on every engine.
//
//   analysis::RetailRecorder recorder(network.lp_count());
//   options.probes = &recorder;
//   ...run...
//   analysis::RetailMetrics metrics = recorder.compute(context);  // once: it frees the records
//   std::vector<analysis::Observation> obs = analysis::observations(metrics, stats.events);
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/histogram.h"
#include "analysis/record_log.h"
#include "analysis/summary.h"
#include "models/retail/probes.h"
#include "sim/probe.h"

namespace analysis {

struct ChannelMetrics {
  std::string name;
  std::uint64_t orders = 0;              // customers who came to buy
  std::uint64_t lines_promised = 0;
  std::uint64_t lines_turned_away = 0;   // "out of stock" shown to the customer
  std::uint64_t lost_sales = 0;          // turned away while stock existed somewhere
  std::uint64_t lines_fulfilled = 0;
  std::uint64_t oversells = 0;           // promised lines not fulfillable from the stock meant for them
  std::uint64_t oversold_units = 0;
  std::uint64_t resourced = 0;
  std::uint64_t backordered = 0;
  std::uint64_t canceled = 0;
  // Canceled or backordered while free stock of the SKU was on a shelf somewhere:
  // a phantom shortage, not an oversell (recorders/outcomes.h).
  std::uint64_t false_cancellations = 0;
  // Money (recorders/money.h), in the catalog's currency.
  double revenue = 0.0;            // price x units of lines shipped and walk-in sales
  double cost_of_goods = 0.0;      // unit_cost x the same units
  double lost_revenue = 0.0;       // price x units of lost sales
  double cancellation_cost = 0.0;  // the channel's cancellation_cost x lines canceled after their promise
  std::uint64_t canceled_after_promise = 0;  // the lines cancellation_cost charges
  std::uint64_t chargebacks = 0;        // a marketplace's chargeback cases: canceled after promise, SLA misses
  double chargeback_cost = 0.0;         // the channel's chargeback_cost x chargebacks (recorders/finance.h)
  std::uint64_t pos_sales = 0;           // walk-in lines sold at the till
  std::uint64_t pos_stockouts = 0;       // walk-in lines with nothing on the shelf
  // Short picks and backorders (recorders/backorders.h).
  std::uint64_t short_picks = 0;         // lines whose units were not on the shelf at pick start
  std::uint64_t backorders = 0;          // lines backordered (once each)
  std::uint64_t backorders_fulfilled = 0;  // ... later fulfilled
  std::uint64_t backorders_canceled = 0;   // ... canceled after backorder_max_wait
  LatencyHistogram backorder_wait;       // seconds, backordered to released again
  LatencyHistogram release_latency;      // seconds, capture to release to a node
  LatencyHistogram cycle_time;           // seconds, capture to shipped
  std::uint64_t sla_due = 0;             // promised lines whose promise fell due within the horizon (not oversold)
  std::uint64_t sla_misses = 0;          // ... and were not shipped by then
  std::uint64_t sla_censored = 0;        // promised lines (not oversold) whose promise fell due after the horizon
  std::uint64_t release_censored = 0;    // ... not released by the horizon (no release_latency sample)
  std::uint64_t cycle_censored = 0;      // ... not shipped by the horizon (no cycle_time sample)
  std::uint64_t bopis_lines = 0;         // promised lines for pickup in a store
  std::uint64_t bopis_shipped = 0;       // ... that no pickup store could fill, shipped home instead
  std::uint64_t split_orders = 0;        // orders whose lines left from more than one node
  // Returns received after the warm-up, and what became of them (recorders/returns_status.h).
  std::uint64_t returns = 0;
  std::uint64_t returns_resellable = 0;                 // restocked after inspection
  std::map<std::string, std::uint64_t> returns_by_reason;
  LatencyHistogram return_to_refund;                    // seconds, received to the refund at the channel's system
  LatencyHistogram refund_lag;                          // seconds, received to reconciled
  std::uint64_t refunds_mismatched = 0;                 // reason code foreign to the channel's code set
  std::uint64_t refunds_unreconciled = 0;               // not reconciled by the horizon (no refund_lag sample)
  // Statuses the OMS sent after the warm-up: |shown - true event| (release at the
  // OMS, shipment at the node); censored when not shown, or the shipment had not
  // happened, by the horizon (no sample).
  LatencyHistogram status_staleness;
  std::uint64_t statuses_censored = 0;
  // System outages (recorders/outages.h): customers who could not order, lines promised while the OMS was down.
  std::uint64_t orders_site_down = 0;
  std::uint64_t orders_checkout_closed = 0;
  std::uint64_t lines_captured_oms_down = 0;
  std::uint64_t lines_lost = 0;  // promised, their message lost on the way to the OMS
  std::uint64_t lines_dead_lettered = 0;  // promised, their message dead-lettered on the way (delayed by it)
  // Re-sent order lines (faults.resend) at the OMS: dropped (idempotent), taken for new orders, and those shipped.
  std::uint64_t duplicate_orders_suppressed = 0, duplicate_orders_applied = 0, duplicate_orders_shipped = 0;

  [[nodiscard]] double oversell_rate() const {
    return lines_promised == 0 ? 0.0 : static_cast<double>(oversells) / static_cast<double>(lines_promised);
  }
  [[nodiscard]] double lost_sale_rate() const {
    const auto asked = lines_promised + lines_turned_away;
    return asked == 0 ? 0.0 : static_cast<double>(lost_sales) / static_cast<double>(asked);
  }
};

struct UnitBalance {
  std::int64_t received = 0, on_hand = 0, reserved = 0, shipped = 0, sold = 0, damaged = 0;
  std::int64_t returned = 0;  // of received: units customers brought back (inspected by the end)
  std::int64_t put_away = 0;  // of received: units replenished (put away at the node that ordered them)
  std::int64_t transferred_out = 0;  // units nodes shipped to nodes that ordered them
  // Stock that moves (recorders/replenishment.h): units vendors shipped (they enter the
  // network there), units arrived and not yet put away, lost in transit, still travelling.
  std::int64_t from_vendors = 0, inbound = 0, lost_in_transit = 0, in_transit = 0;
  // Every node's balance (received = on hand + reserved + shipped + sold + damaged + transferred out).
  [[nodiscard]] bool conserved() const {
    return received == on_hand + reserved + shipped + sold + damaged + transferred_out;
  }
  // What left a node for another arrived, was lost, or is on its way: from vendors and
  // transferred out = put away + inbound + lost in transit + in transit.
  [[nodiscard]] bool moved_conserved() const {
    return from_vendors + transferred_out == put_away + inbound + lost_in_transit + in_transit;
  }
};

// Replenishment after the warm-up (recorders/replenishment.h).
struct ReplenishmentMetrics {
  bool present = false;  // the model replenishes: the figures are observed
  std::uint64_t orders = 0;
  std::uint64_t transfers = 0;  // pickup lines a store asked transfer_from for
  std::int64_t units_ordered = 0, units_put_away = 0, units_short = 0, units_lost = 0;
  std::vector<LatencyHistogram> receiving_wait;  // by fulfilment group: arrival at the dock to start of receiving
  std::vector<bool> receiving_groups;            // by group: observed (some node of it receives at a dock)
};

// System outages and message conservation (recorders/outages.h).
struct OutageMetrics {
  bool present = false;  // some node or link has an outage, a schema change or malformed records, or the
                         // middleware keeps dead letters: the figures are observed
  std::map<std::string, double> downtime_hours;  // by node: down within the horizon
  std::uint64_t held = 0;                        // after the warm-up
  LatencyHistogram drain;                        // seconds, an outage's end to its last replay's arrival
  std::uint64_t pos_units_offline = 0;
  // Dead letters (after the warm-up, but the level over the measured window).
  std::uint64_t dead_lettered = 0, redriven = 0;
  LatencyHistogram dead_letter_time;            // seconds, dead-lettered to re-driven
  double depth_mean = 0.0, depth_max = 0.0;     // dead letters held, time-weighted
  double utilisation = 0.0;                     // busy people / staff, time-weighted (NaN: no team worked)
  LatencyHistogram confirmation_lag;            // seconds, shipped at the node to the OMS hearing of it
  std::uint64_t unconfirmed = 0;                // shipped, the OMS unaware at the end
  std::uint64_t status_regressions = 0;         // an older status shown after a newer one
  // The whole run: sent = delivered + lost on the way + dead-lettered (held at the end) + in flight.
  std::uint64_t sent = 0, delivered = 0, lost_on_the_way = 0, in_flight = 0, dead_at_end = 0;
};

// The ledger (recorders/finance.h): documents the ERP posts, reconciliation, the
// finance exception team; the measured window (period end: the horizon).
struct FinanceMetrics {
  bool present = false;     // the ERP keeps the ledger (its `ledger` parameter)
  bool chargebacks = false; // some channel has a chargeback_cost
  std::uint64_t documents = 0, posted = 0, unposted = 0;
  LatencyHistogram posting_lag;     // seconds, the event to the posting job's run
  double revenue_unposted = 0.0;    // sales not posted by period end
  std::uint64_t tenders = 0;        // tender settlements
  std::uint64_t exceptions = 0;     // tender settlements that disagreed: finance exception cases
  LatencyHistogram exception_time;  // seconds, the reconciliation run to resolved
  double utilisation = 0.0;         // busy people / staff over the measured window (NaN: no case)
  LatencyHistogram reconcile_lag;   // seconds, a tender's sale to its reconciliation
  std::uint64_t unreconciled = 0;   // tender settlements not reconciled at period end
  double close_effort_hours = 0.0;  // person-hours of the period's exception cases
};

// Fulfilment at a group of stores or warehouses ("store-*", "dc-1").
struct GroupMetrics {
  std::string name;
  std::int64_t pickers = 0;
  LatencyHistogram pick_wait;  // seconds, arrival at the node to start of picking
  double utilisation_mean = 0.0, utilisation_max = 0.0;  // busy pickers / pickers, time-weighted
  double queue_mean = 0.0, queue_max = 0.0;              // lines waiting for a picker
  std::uint64_t waiting_at_end = 0;                      // ... at the horizon: no pick_wait sample
};

// A system's view of stock against the shelves (recorders/accuracy.h), over the
// measured window. The OMS and the ERP keep a view per node and SKU; a capture
// node (storefront, marketplace) shows one availability per SKU.
struct ViewMetrics {
  std::string name;           // the system's node
  bool per_node = true;       // false: a capture node (one figure per SKU)
  std::uint64_t positions = 0;  // node x SKU positions tracked (a capture node: SKUs shown)
  double accuracy = 0.0;      // time-weighted share of positions whose view equals the physical count
  // A capture node only: |shown - physical available| in units, time-weighted over SKUs.
  double error_mean = 0.0, error_p50 = 0.0, error_p95 = 0.0, error_p99 = 0.0, error_max = 0.0;
  LatencyHistogram update_latency;  // seconds, a physical change to the view equal to it again
  std::uint64_t update_censored = 0;  // ... still different at the horizon (no sample)
};

// A broker with a throughput capacity.
struct BrokerMetrics {
  std::string name;
  LatencyHistogram message_age;  // seconds, arrival at the broker to delivery
  double backlog_mean = 0.0, backlog_max = 0.0;  // messages queued or in delivery, time-weighted
  std::uint64_t queued_at_end = 0;               // ... at the horizon: no message_age sample
};

struct RetailMetrics {
  std::vector<ChannelMetrics> channels;
  std::vector<BrokerMetrics> brokers;
  std::vector<GroupMetrics> groups;
  std::vector<ViewMetrics> views;  // in LP order
  UnitBalance units;
  ReplenishmentMetrics replenishment;
  OutageMetrics outages;
  FinanceMetrics finance;
  // Captured lines not yet released, time-weighted over the measured window, and its peak.
  double release_backlog_mean = 0.0;
  double release_backlog_max = 0.0;
  double measured_hours = 0.0;   // horizon less warm-up
  double warmup_hours = 0.0;
  std::uint64_t messages_replayed = 0;  // held by link outages and delivered when they ended
  std::uint64_t messages_lost = 0;      // lost for good: outages that lose, or every retry lost
  std::uint64_t messages_retried = 0;   // delivery attempts lost and sent again after a backoff
  std::uint64_t messages_reordered = 0; // overtook a message sent earlier on the same link
  std::uint64_t calls_throttled = 0;    // held by an API gateway's rate limit
  LatencyHistogram throttle_delay;      // seconds each throttled call waited
  std::uint64_t calls_timed_out = 0;    // sync links' calls whose response missed the link's timeout
  std::uint64_t reservation_timeouts = 0;  // hard reservations whose customer stopped waiting (turned away)
  // Per part of the sourcing policy's score (models/retail/sourcing.h kSourcingParts):
  // the sum over orders sourced after the warm-up, and how many.
  std::array<std::pair<double, std::uint64_t>, models::retail::probes::kSourcingParts.size()> sourcing_parts{};
  std::uint64_t duplicates_applied = 0, duplicates_suppressed = 0;
  std::int64_t duplicated_units_applied = 0;  // the deltas of duplicates applied twice
  std::int64_t oms_view_units = 0;            // what the OMS believed was on hand at the end
  bool has_oms_view = false;
  std::vector<Series> series;    // per minute over the whole horizon, warm-up included
};

// The metrics of one replication as observations (summary.h), in a fixed order:
// per channel, then network-wide. `events` is the engine's count.
[[nodiscard]] std::vector<Observation> observations(const RetailMetrics& metrics, std::uint64_t events);

// The per-minute series a run of a model with these channels, fulfilment groups
// and capacity-limited brokers yields (RetailMetrics::series): 3 per channel, 2 per
// group, 1 per broker and 2 network-wide, and the dead letters held when the outage
// figures are observed (RetailModel::outages). `peaksim run` sizes its results with it.
[[nodiscard]] constexpr std::size_t series_per_run(std::size_t channels, std::size_t groups, std::size_t brokers,
                                                   bool outages) {
  return 3 * channels + 2 * groups + brokers + 2 + (outages ? 1 : 0);
}


// A record that stands for a whole array (sim::ProbeSink::record_array): its
// value is the array's probe, its label the array's index among its LP's arrays.
inline constexpr sim::ProbeId kArrayRecord = 0xFFFF;

class RetailRecorder final : public sim::ProbeSink {
 public:
  explicit RetailRecorder(std::size_t lp_count) : per_lp_(lp_count), arrays_(lp_count) {}
  void record(sim::LpId lp, sim::Time when, sim::ProbeId probe, double value, std::int64_t label) override;
  // Kept as it is, shared: a store's initial stock costs one record, not one per SKU.
  void record_array(sim::LpId lp, sim::Time when, sim::ProbeId probe, const Values& values) override;

  // What the model says about its channels and fulfilment groups.
  struct Context {
    std::vector<std::string> channels;
    std::vector<sim::Duration> promises;  // per channel; empty: no SLA figures
    std::vector<std::string> groups;
    std::vector<std::int64_t> group_pickers;
    std::vector<std::string> brokers;
    sim::Time warmup;  // counts of customers and lines before it are left out (latencies: lines captured before it)
    sim::Time end;     // the horizon, for time-weighted levels and series
    std::vector<sim::Duration> bopis_promises;  // per channel: capture to ready for pickup (empty: as promises)
    std::vector<std::string> reasons;  // return reason codes by code (probes::kReturnReason)
    std::vector<std::string> nodes;    // node names by LP id (views' labels; empty: "lp#N")
    // By LP id: the nodes the OMS sources from, whose free units make a canceled or
    // backordered line a false cancellation (empty: every node's).
    std::vector<bool> sources;
    // Money: per SKU (catalog order) and per channel; empty: every amount 0.
    std::vector<double> prices;
    std::vector<double> unit_costs;
    std::vector<double> cancellation_costs;
    bool replenishment = false;  // the model replenishes (RetailModel::replenishment)
    std::vector<bool> receiving_groups;  // by group: some node of it receives at a dock (RetailModel)
    // By LP id, under a sharded OMS: the shard that owns a node, or an OMS shard's own
    // index; a drop is judged against its own shard's nodes only (empty: one OMS).
    std::vector<std::uint8_t> shards;
    bool outages = false;  // the outage and dead-letter figures are observed (RetailModel::outages)
    // The ledger (recorders/finance.h): the ERP's parameters and each channel's tenders
    // and chargebacks; per channel vectors (empty: 0).
    struct Finance {
      bool ledger = false;
      sim::Duration post_every = sim::Duration::minutes(15);
      std::int64_t post_capacity = 0;  // documents a posting run (0: all)
      sim::Duration reconcile_every = sim::Duration::hours(4);
      std::int64_t staff = 1;
      std::function<sim::Duration(std::uint64_t)> handling;  // a case's handling time, drawn by its key
      std::uint64_t salt = 0;  // keys the split-tender and mismatch draws (per seed and replication)
      std::vector<double> split_tender_share;
      std::vector<double> tender_mismatch;
      std::vector<double> chargeback_cost;
      [[nodiscard]] bool chargebacks() const {
        return std::any_of(chargeback_cost.begin(), chargeback_cost.end(), [](double c) { return c > 0.0; });
      }
    };
    Finance finance{};
  };
  // Reads every record in a fixed order (LP by LP) and frees them as it goes: a
  // recorder computes once (a second call throws std::logic_error).
  [[nodiscard]] RetailMetrics compute(const Context& context);
  [[nodiscard]] RetailMetrics compute(const std::vector<std::string>& channels, sim::Time warmup, sim::Time end) {
    return compute(Context{channels, {}, {}, {}, {}, warmup, end, {}, {}, {}, {}, {}, {}, {}, false, {}, {}});
  }

 private:
  std::vector<RecordLog> per_lp_;
  std::vector<std::vector<Values>> arrays_;  // [lp]: the arrays its kArrayRecord records name
  bool computed_ = false;
};

}  // namespace analysis
