// allocation: one shared pool, every channel shown all of it.
#include "models/retail/levers/allocation.h"

namespace models::retail {
namespace {

class SharedPool final : public AllocationPolicy {
 public:
  [[nodiscard]] double share(NodeKind) const override { return 1.0; }
};

}  // namespace

std::unique_ptr<AllocationPolicy> make_shared_pool() { return std::make_unique<SharedPool>(); }

}  // namespace models::retail
