#include "analysis/recorders/replenishment.h"

#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

Replenishment::Replenishment(const Context& context, RetailMetrics& out) : context_(context), out_(out) {
  out.replenishment.present = context.replenishment;
  out.replenishment.receiving_wait.resize(context.groups.size());
  out.replenishment.receiving_groups = context.receiving_groups;
}

void Replenishment::index(const ProbeRecord& r) {
  ReplenishmentMetrics& m = out_.replenishment;
  const bool counted = r.when >= context_.warmup;
  const auto units = static_cast<std::int64_t>(r.value);
  switch (r.probe) {
    case probes::kReplenishOrdered:
      m.orders += counted ? 1 : 0;
      m.units_ordered += counted ? units : 0;
      break;
    case probes::kReplenishPutAway: m.units_put_away += counted ? units : 0; break;
    case probes::kTransferAsked: m.transfers += counted ? 1 : 0; break;
    case probes::kReplenishShort: m.units_short += counted ? units : 0; break;
    case probes::kTransitLost: m.units_lost += counted ? units : 0; break;
    case probes::kReceivingWait:
      if (counted) {
        m.receiving_wait.at(checked_index(r.label, m.receiving_wait.size(), "fulfilment group")).add(r.value);
      }
      break;
    // The balance at the end, whole run.
    case probes::kUnitsFromVendor: out_.units.from_vendors += units; break;
    case probes::kUnitsPutAway: out_.units.put_away += units; break;
    case probes::kUnitsTransferredOut: out_.units.transferred_out += units; break;
    case probes::kUnitsInbound: out_.units.inbound += units; break;
    case probes::kUnitsLostInTransit: out_.units.lost_in_transit += units; break;
    case probes::kUnitsInTransit: out_.units.in_transit += units; break;
    default:
      break;
  }
}

void observe_replenishment(const RetailMetrics& metrics, ObservationWriter& emit) {
  const ReplenishmentMetrics& m = metrics.replenishment;
  if (!m.present) {
    return;
  }
  emit.count("replenishment_orders", {}, "orders", m.orders);
  emit.count("units_ordered", {}, "units", static_cast<std::uint64_t>(m.units_ordered));
  emit.count("units_replenished", {}, "units", static_cast<std::uint64_t>(m.units_put_away));
  emit.count("replenishment_short_units", {}, "units", static_cast<std::uint64_t>(m.units_short));
  emit.count("units_lost_in_transit", {}, "units", static_cast<std::uint64_t>(m.units_lost));
  emit.count("store_transfers", {}, "lines", m.transfers);
  for (std::size_t g = 0; g < m.receiving_wait.size() && g < metrics.groups.size(); ++g) {
    if (m.receiving_groups.size() > g && m.receiving_groups[g]) {
      emit.latency("receiving_wait", {{"node", metrics.groups[g].name}}, m.receiving_wait[g]);
    }
  }
  emit.ratio("units_in_transit", {}, "units", static_cast<double>(metrics.units.in_transit + metrics.units.inbound));
}

}  // namespace analysis::recorders
