// models/retail/levers/safety_stock.h — units held back from availability, per node and SKU.
//
// Chosen by a reservation policy's `safety_stock` parameter (none, fixed,
// dynamic); the OMS subtracts the units from what it shows available at that
// node. One file per option in safety_stock/, one line each in the registry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "models/scenario/spec.h"

namespace models::retail {

class BatchingPolicy;

struct SafetyStockInputs {
  const scenario::ScenarioSpec& spec;
  std::size_t node = 0;                  // a store or warehouse
  std::optional<std::size_t> channel;    // the demand channel captured at the node (walk-ins), if any
  const BatchingPolicy& batching;        // how fast the node's stock feed runs
};

class SafetyStockPolicy {
 public:
  virtual ~SafetyStockPolicy() = default;
  // Units held back per SKU (catalog order) at inputs.node.
  [[nodiscard]] virtual std::vector<std::int64_t> units(const SafetyStockInputs& inputs) const = 0;
};

}  // namespace models::retail
