// allocation `ats_share`: each channel shown floor(share × the network figure) of
// one shared pool. Nothing is owned: two channels with shares 0.5 both see half of
// the same units and may both sell them. A channel not listed sees all of it.
#include <cmath>

#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class AtsShare final : public AllocationPolicy {
 public:
  explicit AtsShare(std::vector<double> share) : share_(std::move(share)) {}
  void split(std::int64_t network, std::span<const std::int64_t>, std::span<std::int64_t> shown) const override {
    for (std::size_t c = 0; c < shown.size(); ++c) {
      const double share = c < share_.size() ? share_[c] : 1.0;
      shown[c] = static_cast<std::int64_t>(std::floor(static_cast<double>(network) * share));
    }
  }
  [[nodiscard]] bool same_figure(std::size_t a, std::size_t b) const override { return share_.at(a) == share_.at(b); }

 private:
  std::vector<double> share_;  // per channel
};

}  // namespace

std::unique_ptr<AllocationPolicy> make_allocation_ats_share(const ParamValues& params,
                                                            const std::vector<std::string>& channels) {
  const nlohmann::json& listed = params.json("channels");
  std::vector<double> share(channels.size(), 1.0);
  for (std::size_t c = 0; c < channels.size(); ++c) {
    if (listed.contains(channels[c])) {
      share[c] = listed.at(channels[c]).at("share").get<double>();
    }
  }
  return std::make_unique<AtsShare>(std::move(share));
}

}  // namespace models::retail
