// batching `as_configured`: every link as its mode, interval and max_batch say.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class AsConfigured final : public BatchingPolicy {
 public:
  [[nodiscard]] bool streams(Traffic) const override { return false; }
  [[nodiscard]] double interval_factor() const override { return 1.0; }
};

}  // namespace

std::unique_ptr<BatchingPolicy> make_batching_as_configured(const scenario::ParamValues&) {
  return std::make_unique<AsConfigured>();
}

}  // namespace models::retail
