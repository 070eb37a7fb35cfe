// Hard reservation at the OMS: a capture node's request goes to the first
// candidate that shows the units; a refusal moves on to the next, until one
// reserves (the customer is promised) or none is left (turned away).
#include "models/retail/oms.h"

#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"

namespace models::retail {

void Oms::on_reserve(const OrderLine& line, sim::Context& ctx) {
  Attempt& attempt = reserving_[line.id()];
  attempt.line = line;
  // A pickup order reserves at a pickup store, else (shipped home) at a node that
  // ships; any other order at a node that ships.
  const bool bopis = is_bopis(topology(), line);
  auto first_with_stock = [&](bool pickup) {
    for (std::size_t candidate = 0; candidate < config_.candidates.size(); ++candidate) {
      const auto& c = config_.candidates[candidate];
      if ((pickup ? c.bopis : c.ships) && !attempt.tried.contains(candidate) &&
          node_available(candidate, line.sku) >= line.qty) {
        return candidate;
      }
    }
    return kNoNode;
  };
  std::size_t slot = first_with_stock(bopis);
  if (bopis && slot == kNoNode) {
    slot = first_with_stock(false);
    if (slot != kNoNode && shipping_home_.insert(line.id()).second) {
      ctx.emit(probes::kBopisShipped, channel_of(line), static_cast<std::int64_t>(line.id()));
    }
  }
  if (slot == kNoNode) {
    reserving_.erase(line.id());
    const ReserveReply refusal{kNoNode, line, /*refused=*/true, /*to_capture=*/true};
    send_toward(ctx, Traffic::Availability, line.capture_node, refusal.encode(), /*now=*/true);
    return;
  }
  attempt.tried.insert(slot);
  const std::size_t node = config_.candidates[slot].node;
  send_toward(ctx, Traffic::Orders, node, ReserveRequest{node, line}.encode(), /*now=*/true);
}

void Oms::on_reserve_reply(const ReserveReply& reply, sim::Context& ctx) {
  const OrderLine& line = reply.line;
  const auto slot = slot_of_node_.find(reply.node);
  if (slot == slot_of_node_.end() || !reserving_.contains(line.id())) {
    throw sim::ModelError("a reservation reply the OMS did not ask for (node #" + std::to_string(reply.node) + ")");
  }
  if (reply.refused) {
    on_reserve(line, ctx);  // the next candidate, or a refusal to the customer
    return;
  }
  reserving_.erase(line.id());
  reserved_[line.id()] = slot->second;
  state_[line.id()] = LineState::Promised;  // reserved at the node: the customer is promised
  commit(ctx, slot->second, line.sku, line.qty);
  const ReserveReply reserved{kNoNode, line, /*refused=*/false, /*to_capture=*/true};
  send_toward(ctx, Traffic::Availability, line.capture_node, reserved.encode(), /*now=*/true);
}

}  // namespace models::retail
