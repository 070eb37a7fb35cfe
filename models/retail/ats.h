// models/retail/ats.h — available to sell (ATS), stated once.
//
// Every figure a system shows a customer derives from these two functions
// (README, "Available to sell"):
//   per node and SKU   node()    = max(0, on hand − hard reservations − unexpired soft
//                                  reservations − committed − safety stock), in whole units;
//   per network        network() = max(0, Σ node() − network reservations − network safety),
//                                  each node clamped at 0 first, so one node's shortfall
//                                  never hides another node's stock;
//   per channel        the allocation lever's split of the network figure
//                      (levers/allocation.h), less any channel safety stock.
// The OMS (oms.cpp) and the build (capture nodes' first view) both call them.
//
//   const std::int64_t here = ats::node({.on_hand = 7, .committed = 2, .safety = 1});  // 4
#pragma once

#include <algorithm>
#include <cstdint>

namespace models::retail::ats {

// One node's position in one SKU, as a system sees it.
struct NodePosition {
  std::int64_t on_hand = 0;        // the system's view of physical stock
  std::int64_t hard_reserved = 0;  // hard reservations held at this node
  std::int64_t soft_reserved = 0;  // unexpired soft (cart, checkout) reservations at this node
  std::int64_t committed = 0;      // units of lines sourced to this node, not yet shipped
  std::int64_t safety = 0;         // safety stock held back at this node
};

[[nodiscard]] constexpr std::int64_t node(const NodePosition& p) {
  return std::max<std::int64_t>(0, p.on_hand - p.hard_reserved - p.soft_reserved - p.committed - p.safety);
}

// `node_sum`: Σ node() over the nodes; `reserved`: units held against the network
// as a whole (lines captured, not yet sourced to a node); `safety`: network-level
// safety stock.
[[nodiscard]] constexpr std::int64_t network(std::int64_t node_sum, std::int64_t reserved, std::int64_t safety = 0) {
  return std::max<std::int64_t>(0, node_sum - reserved - safety);
}

}  // namespace models::retail::ats
