// models/retail/levers/allocation.h — how a network's availability is split between channels.
//
// The OMS publishes to each availability link its channel's share of what it
// sees as available (rounded down per SKU), and each capture node starts from
// that share. One file per option in allocation/.
#pragma once

#include <memory>

#include "models/vocabulary.h"
#include "models/scenario/param_table.h"

namespace models::retail {

class AllocationPolicy {
 public:
  virtual ~AllocationPolicy() = default;
  // The share of availability a capture node of this kind is shown (1: all of it).
  [[nodiscard]] virtual double share(NodeKind capture_kind) const = 0;
};

// Every channel sees the whole pool (allocation/shared_pool.cpp).
[[nodiscard]] std::unique_ptr<AllocationPolicy> make_shared_pool();
// Each channel sees its share: web_share for storefronts, marketplace_share for marketplaces.
[[nodiscard]] std::unique_ptr<AllocationPolicy> make_channel_share(const scenario::ParamValues& params);

}  // namespace models::retail
