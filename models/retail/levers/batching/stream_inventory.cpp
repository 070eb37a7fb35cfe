// batching `stream_inventory`: inventory and availability links stream every event.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class StreamInventory final : public BatchingPolicy {
 public:
  [[nodiscard]] bool streams(Traffic traffic) const override {
    return traffic == Traffic::Inventory || traffic == Traffic::Availability;
  }
  [[nodiscard]] double interval_factor() const override { return 1.0; }
};

}  // namespace

std::unique_ptr<BatchingPolicy> make_batching_stream_inventory(const scenario::ParamValues&) {
  return std::make_unique<StreamInventory>();
}

}  // namespace models::retail
