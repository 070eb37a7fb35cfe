// allocation: each channel shown a share of the pool (the `allocation` reservation's
// web_share and marketplace_share). The shares scale one shared pool; they do not
// ring-fence units (issue 13 builds the ring-fenced allocation).
#include "models/retail/levers/allocation.h"

namespace models::retail {
namespace {

class ChannelShare final : public AllocationPolicy {
 public:
  ChannelShare(double web, double marketplace) : web_(web), marketplace_(marketplace) {}
  [[nodiscard]] double share(NodeKind capture_kind) const override {
    return capture_kind == NodeKind::Marketplace ? marketplace_ : web_;
  }

 private:
  double web_;
  double marketplace_;
};

}  // namespace

std::unique_ptr<AllocationPolicy> make_channel_share(const scenario::ParamValues& params) {
  return std::make_unique<ChannelShare>(params.number("web_share"), params.number("marketplace_share"));
}

}  // namespace models::retail
