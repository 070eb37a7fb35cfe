// allocation `shared_pool`: one pool, every channel shown all of it.
#include <algorithm>

#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class SharedPool final : public AllocationPolicy {
 public:
  void split(std::int64_t network, std::span<const std::int64_t>, std::span<std::int64_t> shown) const override {
    std::fill(shown.begin(), shown.end(), network);
  }
  [[nodiscard]] bool same_figure(std::size_t, std::size_t) const override { return true; }
};

}  // namespace

std::unique_ptr<AllocationPolicy> make_allocation_shared_pool(const ParamValues&, const std::vector<std::string>&) {
  return std::make_unique<SharedPool>();
}

}  // namespace models::retail
