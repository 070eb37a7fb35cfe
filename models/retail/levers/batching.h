// models/retail/levers/batching.h — the batching lever: how each link's sender batches.
//
// A link batches as its own mode, interval and max_batch say, unless the
// batching policy makes its traffic stream or scales its interval. One file per
// option in batching/, one line each in models/registry.cpp.
#pragma once

#include "models/vocabulary.h"

namespace models::retail {

class BatchingPolicy {
 public:
  virtual ~BatchingPolicy() = default;
  // Whether links carrying `traffic` send every message at once, whatever their mode.
  [[nodiscard]] virtual bool streams(Traffic traffic) const = 0;
  // Multiplier on every batch and file interval.
  [[nodiscard]] virtual double interval_factor() const = 0;
};

}  // namespace models::retail
