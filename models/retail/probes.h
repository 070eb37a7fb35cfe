// models/retail/probes.h — what the retail models emit, for analysis/ to record.
//
// Labels: `channel` is the index of the demand channel in the scenario;
// turned-away customers carry (channel << 32 | SKU) so that lost sales can be
// judged against physical stock afterwards (analysis/retail_metrics.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/probe.h"

namespace models::retail::probes {

inline constexpr sim::ProbeId kOrderCaptured = 100;      // label channel, value 1
inline constexpr sim::ProbeId kLinePromised = 101;       // label channel, value units
inline constexpr sim::ProbeId kLineTurnedAway = 102;     // label channel<<32|sku, value units
// Fulfilled and oversold lines are counted by when they were captured (so a
// ratio's two sides cover the same customers): label = the line's id, value =
// channel_units(channel, units).
inline constexpr sim::ProbeId kLineFulfilled = 103;
inline constexpr sim::ProbeId kOversellResourced = 104;
inline constexpr sim::ProbeId kOversellBackordered = 105;
inline constexpr sim::ProbeId kOversellCanceled = 106;
// A line's path, for latencies: label = the line's id (OrderLine::id()), value = channel.
inline constexpr sim::ProbeId kLineCaptured = 107;       // promised to the customer
inline constexpr sim::ProbeId kLineReleased = 108;       // released by the OMS to a node (first time)
inline constexpr sim::ProbeId kLineShipped = 109;        // collected by the carrier (a pickup: ready at the counter)
inline constexpr sim::ProbeId kLineBopis = 153;          // captured for pickup in a store (after kLineCaptured)
inline constexpr sim::ProbeId kSourcingPart = 155;       // per order sourced by the scenario's policy: label =
                                                         // index in kSourcingParts (below), value = that part
inline constexpr sim::ProbeId kBopisShipped = 154;       // no pickup store could fill it: shipped home instead
inline constexpr sim::ProbeId kLineDropped = 113;        // left the release queue unsourced (oversold at sourcing)
// Short picks and backorders: label = the line's id.
inline constexpr sim::ProbeId kShortPick = 190;          // at the node, value = channel: the units were not on the shelf
inline constexpr sim::ProbeId kBackordered = 191;        // at the OMS, value = channel: the line waits for stock
inline constexpr sim::ProbeId kBackorderReleased = 192;  // value: seconds it waited; sourced again
inline constexpr sim::ProbeId kBackorderCanceled = 193;  // value = channel: canceled after backorder_max_wait
// Fulfilment at stores and warehouses; label = the node's group (RetailModel::groups).
inline constexpr sim::ProbeId kPickWait = 114;     // value: seconds from arrival at the node to the start of picking
inline constexpr sim::ProbeId kPickersBusy = 115;  // value: +1 a picker starts, -1 a picker is done
inline constexpr sim::ProbeId kPickQueue = 116;    // value: +1 a line joins the queue, -1 it leaves it
// Link faults, at the sending LP (label 0; value 1 per message).
inline constexpr sim::ProbeId kMessageHeld = 117;      // sent during an outage that replays
inline constexpr sim::ProbeId kMessageReplayed = 118;  // delivered when the outage ended
inline constexpr sim::ProbeId kMessageLost = 119;      // lost for good: label 0 an outage that loses, 1 every retry lost,
                                                       // 2 reached a down system (at_most_once), 3 a full broker refused it,
                                                       // 4 its consumer rejected it and no dead-letter queue keeps it
inline constexpr sim::ProbeId kMessageRetried = 150;   // a lost attempt, sent again after a backoff
inline constexpr sim::ProbeId kMessageReordered = 151; // arrived before a message sent earlier on its link (overtook it)
inline constexpr sim::ProbeId kCallThrottled = 152;    // value: seconds an API gateway held the call
inline constexpr sim::ProbeId kCallTimedOut = 201;     // a sync link's call whose response missed the link's timeout
// System outages (node `outages`; scenarios/README.md, "System outages"):
inline constexpr sim::ProbeId kSystemDown = 230;   // at its start: label node, value the window's seconds
inline constexpr sim::ProbeId kReplayDrain = 231;  // label 0, value: seconds from the end of an outage to the
                                                   // arrival of the last message it held (per link and window)
inline constexpr sim::ProbeId kOrderRefused = 232; // a customer who could not order: label channel, value
                                                   // kRefusedSiteDown or kRefusedCheckoutClosed
inline constexpr sim::ProbeId kLineRefused = 233;  // ... each line of that basket: label channel<<32|sku, value units
inline constexpr sim::ProbeId kLineCapturedOmsDown = 234;  // promised while its OMS shard was down: label channel, value 1
inline constexpr sim::ProbeId kPosSaleOffline = 235;       // sold at a till while the POS was offline: label 0, value units
inline constexpr sim::ProbeId kOrderLineLost = 239;  // a promised line's message lost on its way to the OMS: label
                                                    // the line's id, value 1 (never released: the order is gone)
inline constexpr double kRefusedSiteDown = 0.0;
inline constexpr double kRefusedCheckoutClosed = 1.0;
// Message conservation, per LP at the end (label 0, value messages): sent onto links
// (each copy of a duplicate), delivered to this LP's system (taken in while up), and
// in flight at the end (held by an outage, waiting for a down system, or arriving
// at or after the horizon). Over the network: sent = delivered + lost + in flight.
inline constexpr sim::ProbeId kMessagesSent = 236;
inline constexpr sim::ProbeId kMessagesDelivered = 237;
inline constexpr sim::ProbeId kMessagesInFlight = 238;
// Dead letters (models/retail/dead_letters.h), at the consumer (label 0 unless said otherwise):
inline constexpr sim::ProbeId kDeadLettered = 240;        // label: Rejection (0 schema, 1 malformed, 2 retries exhausted)
inline constexpr sim::ProbeId kDeadLetterDepth = 241;     // value: +1 dead-lettered, -1 re-driven
inline constexpr sim::ProbeId kRedriven = 242;            // label 0 automatically, 1 by hand; value: seconds dead-lettered
inline constexpr sim::ProbeId kExceptionBusy = 243;       // value: +1 a person takes a case, -1 is done
inline constexpr sim::ProbeId kExceptionStaff = 244;      // at the consumer's first dead letter: value its team's size
inline constexpr sim::ProbeId kOrderLineDeadLettered = 245;  // a promised line's message dead-lettered: label the line's id
inline constexpr sim::ProbeId kMessagesDeadLettered = 246;   // at the end: value dead letters not re-driven
// Order lines a link delivered twice (faults.duplicate, faults.resend), at the OMS:
// label the copy's id (OrderLine::id(), with kResentLineBit), value its channel. A copy a
// non-idempotent OMS takes for a new order is no customer's line, so analysis drops its
// line probes and counts only its shipment, as kDuplicateOrderShipped (label the copy's
// id, value channel).
inline constexpr sim::ProbeId kDuplicateOrderSuppressed = 247;
inline constexpr sim::ProbeId kDuplicateOrderApplied = 248;
inline constexpr sim::ProbeId kDuplicateOrderShipped = 249;
// A node confirms a pick to the OMS (its shipment confirmation, when the picker takes the
// units): label the line's id, value 1; only when the fault figures are observed
// (Topology::fault_figures). Analysis joins it with kLineFulfilled (the OMS hearing of it).
inline constexpr sim::ProbeId kConfirmationSent = 250;
// Hard reservation, at the capture node: a customer stopped waiting for the reply
// (the policy's timeout) and was turned away; label channel, value units.
inline constexpr sim::ProbeId kReserveTimedOut = 200;
// Duplicate inventory deltas at their consumer (label 0): value = the delta, in units.
inline constexpr sim::ProbeId kDuplicateApplied = 130;
inline constexpr sim::ProbeId kDuplicateSuppressed = 131;
// At the end, per OMS candidate node: the units the OMS believes are there (label 0).
inline constexpr sim::ProbeId kOmsViewUnits = 132;
// Brokers with a throughput capacity; label = the broker's index (RetailModel::brokers).
inline constexpr sim::ProbeId kBrokerQueue = 133;  // value: +1 a message arrives, -1 it is delivered
inline constexpr sim::ProbeId kMessageAge = 134;   // value: seconds from arrival to delivery
// Returns and refunds (models/retail/returns.h): label = the return's id
// (ReturnRecord::id()), value = its channel, unless said otherwise.
inline constexpr sim::ProbeId kReturnReceived = 140;    // at the store or warehouse that takes the unit back
inline constexpr sim::ProbeId kReturnReason = 141;      // label = channel<<32 | reason code (RetailModel::reasons), value 1
inline constexpr sim::ProbeId kReturnResellable = 142;  // inspected: back on the shelf
inline constexpr sim::ProbeId kReturnWrittenOff = 143;  // inspected: damaged, written off
inline constexpr sim::ProbeId kRefundAtChannel = 144;   // the refund reaches the channel's system (a store's till: at once)
inline constexpr sim::ProbeId kRefundMismatched = 145;  // ... with a reason code the channel's code set does not map
inline constexpr sim::ProbeId kRefundReconciled = 146;  // both systems hold the same record
// Order status for customer service: label = the line's id, value = status_code(OrderStatus) (messages.h).
inline constexpr sim::ProbeId kStatusSent = 147;   // by the OMS, on its status links
inline constexpr sim::ProbeId kStatusShown = 148;  // by customer service, at a refresh of its view
// Views of stock, for inventory accuracy, ATP error and update latency (analysis/recorders/accuracy.h).
// A system that keeps a per-node view (the OMS, the ERP) says at the start which
// nodes it tracks (label node, value the SKUs it tracks there), then each delta it
// applies (label node<<32 | sku, value the units); a store or warehouse reports its
// hard-reserved units, on the shelf but not in kPhysicalLevel (label sku, value
// +units reserved, -units picked); a capture node says at the start how many SKUs
// it shows (label 0), and then the availability it shows of a SKU (label sku, value
// units), at the start for every SKU it shows above 0 and at every update.
inline constexpr sim::ProbeId kViewTracks = 160;
inline constexpr sim::ProbeId kViewApplied = 161;
inline constexpr sim::ProbeId kShelfReserved = 162;
inline constexpr sim::ProbeId kShownSkus = 163;
inline constexpr sim::ProbeId kShownAvailability = 164;
// kPhysicalLevel: label sku, value: unreserved units on hand at the node. A node's initial
// stock comes at the start as one array of every SKU's units (Context::emit_array).
inline constexpr sim::ProbeId kPhysicalLevel = 110;
inline constexpr sim::ProbeId kPosSale = 111;            // label channel<<32|sku, value units
inline constexpr sim::ProbeId kPosStockout = 112;        // label channel, value units
// Conservation, emitted once per physical node at the end (label 0).
inline constexpr sim::ProbeId kUnitsReceived = 120;
inline constexpr sim::ProbeId kUnitsOnHand = 121;
inline constexpr sim::ProbeId kUnitsReserved = 122;
inline constexpr sim::ProbeId kUnitsShipped = 123;
inline constexpr sim::ProbeId kUnitsSold = 124;
inline constexpr sim::ProbeId kUnitsDamaged = 125;
inline constexpr sim::ProbeId kUnitsReturned = 149;  // returned units inspected (in received; restocked or damaged)
// ... and the replenishment side of the balance (label 0): units put away (in received), shipped to
// nodes that ordered them, arrived and not yet on the shelf, lost in transit to this node; a supplier's
// consignments still travelling; a vendor's units shipped (vendors make stock: it enters here).
inline constexpr sim::ProbeId kUnitsPutAway = 214;
inline constexpr sim::ProbeId kUnitsTransferredOut = 215;
inline constexpr sim::ProbeId kUnitsInbound = 216;
inline constexpr sim::ProbeId kUnitsLostInTransit = 217;
inline constexpr sim::ProbeId kUnitsInTransit = 218;
inline constexpr sim::ProbeId kUnitsFromVendor = 219;
// Replenishment as it happens. Label = the ordering or receiving node's group (RetailModel::groups):
inline constexpr sim::ProbeId kReplenishOrdered = 210;  // value: units ordered (one order)
inline constexpr sim::ProbeId kReceivingWait = 213;     // value: seconds from arrival at the dock to the start of receiving
inline constexpr sim::ProbeId kReplenishPutAway = 220;  // value: units put away (one consignment)
inline constexpr sim::ProbeId kTransferAsked = 221;     // value: units a store asked transfer_from for (one pickup line)
// ... label 0: units a supplier did not ship against an order (out of stock, a vendor's partial
// delivery), units lost in transit (found at receipt, posted as an adjustment).
inline constexpr sim::ProbeId kReplenishShort = 211;
inline constexpr sim::ProbeId kTransitLost = 212;
// Units spoken for at a node and still on its shelf: label node<<32|sku. The OMS
// adds a line's units when it sends the line to the node (not for a line whose
// units a hard reservation already took off the shelf); the node takes them off
// when a picker takes the units off the shelf, or finds them gone (a short pick).
// Analysis subtracts them from kPhysicalLevel to judge a cancellation (false or not).
inline constexpr sim::ProbeId kUnitsPromisedAtNode = 170;

// Every name a sourcing policy (sourcing.h) gives a part of its score, in a fixed order: the OMS
// reports each decision's parts by their index here (kSourcingPart), so
// that a run can say why its policy chose as it did.
inline constexpr std::array<std::string_view, 8> kSourcingParts = {
    "distance_hours", "backlog_hours", "shipping", "handling", "cutoff_wait_hours", "hours_to_promise", "risk", "shipments"};
[[nodiscard]] constexpr std::size_t sourcing_part_index(std::string_view name) {
  for (std::size_t idx = 0; idx < kSourcingParts.size(); ++idx) {
    if (kSourcingParts[idx] == name) {
      return idx;
    }
  }
  return kSourcingParts.size();
}

// Probes whose label is a line's id (OrderLine::id()).
[[nodiscard]] constexpr bool labels_a_line(sim::ProbeId probe) {
  return probe == kLineFulfilled || probe == kOversellResourced || probe == kOversellBackordered ||
         probe == kOversellCanceled || probe == kLineCaptured || probe == kLineReleased || probe == kLineShipped ||
         probe == kLineBopis || probe == kBopisShipped || probe == kLineDropped || probe == kShortPick ||
         probe == kBackordered || probe == kBackorderReleased || probe == kBackorderCanceled || probe == kStatusSent ||
         probe == kStatusShown || probe == kOrderLineLost || probe == kOrderLineDeadLettered ||
         probe == kConfirmationSent;
}

[[nodiscard]] constexpr double channel_units(std::size_t channel, std::uint32_t units) {
  return static_cast<double>(channel * 64 + units);  // units < 64 (OrderLine's quantity field)
}
[[nodiscard]] constexpr std::size_t channel_of_value(double value) { return static_cast<std::size_t>(value) / 64; }
[[nodiscard]] constexpr std::uint32_t units_of_value(double value) { return static_cast<std::uint32_t>(value) % 64; }

// The SKU of a line from its id (OrderLine::id(): capture node | order | SKU, the SKU in the low 20 bits).
[[nodiscard]] constexpr std::uint32_t sku_of_line(std::int64_t line_id) {
  return static_cast<std::uint32_t>(line_id & 0xFFFFF);
}
[[nodiscard]] constexpr std::int64_t node_sku(std::size_t node, std::uint32_t sku) {
  return (static_cast<std::int64_t>(node) << 32) | sku;
}

[[nodiscard]] constexpr std::int64_t channel_sku(std::uint32_t channel, std::uint32_t sku) {
  return (static_cast<std::int64_t>(channel) << 32) | sku;
}
// kViewApplied's label: node_sku (above), the same packing, a node in place of the channel.

}  // namespace models::retail::probes
