#include "models/synthetic/phold.h"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include <memory>
#include <string>

#include "sim/context.h"
#include "sim/errors.h"
#include "sim/logical_process.h"

namespace models {
namespace {

constexpr sim::EventKind kPholdEvent = 1;

class PholdLp final : public sim::LogicalProcess {
 public:
  explicit PholdLp(const PholdParams& params)
      : lps_(params.lps),
        events_per_lp_(params.events_per_lp),
        remote_(params.remote),
        mean_us_(static_cast<double>(params.mean.count_us())),
        lookahead_(params.lookahead) {}

  void on_start(sim::Context& ctx) override {
    for (std::uint32_t idx = 0; idx < events_per_lp_; ++idx) {
      ctx.schedule_self(delay(ctx), kPholdEvent);
    }
  }

  void on_event(const sim::Event& /*ev*/, sim::Context& ctx) override {
    ++count_;
    const sim::Duration d = delay(ctx);
    const bool go_remote = remote_ >= 1.0 || (remote_ > 0.0 && ctx.rng().uniform01() < remote_);
    if (!go_remote) {
      ctx.schedule_self(d, kPholdEvent);
      return;
    }
    const std::uint32_t dest = boost::random::uniform_int_distribution<std::uint32_t>(0, lps_ - 1)(ctx.rng());
    if (dest == ctx.self()) {
      ctx.schedule_self(d, kPholdEvent);
    } else {
      ctx.send_mesh(dest, d, kPholdEvent);
    }
  }

  [[nodiscard]] std::uint64_t state_digest() const override { return count_; }
  [[nodiscard]] std::uint64_t count() const { return count_; }

 private:
  sim::Duration delay(sim::Context& ctx) const {
    const double x = boost::random::exponential_distribution<double>(1.0)(ctx.rng());
    return lookahead_ + sim::Duration::micros(static_cast<std::int64_t>(x * mean_us_));
  }

  const std::uint32_t lps_;
  const std::uint32_t events_per_lp_;
  const double remote_;
  const double mean_us_;
  const sim::Duration lookahead_;
  std::uint64_t count_ = 0;
};

}  // namespace

sim::Network build_phold(const PholdParams& params) {
  if (params.lps == 0) {
    throw sim::ConfigError("phold: --lps must be at least 1");
  }
  if (!(params.remote >= 0.0 && params.remote <= 1.0)) {
    throw sim::ConfigError("phold: --remote must be a probability in [0, 1], found " + std::to_string(params.remote));
  }
  if (params.mean < sim::Duration::zero()) {
    throw sim::ConfigError("phold: --mean must not be negative");
  }
  if (params.lookahead <= sim::Duration::zero()) {
    throw sim::ConfigError("phold: --lookahead must be positive (it is the minimum delay of every event)");
  }
  sim::Network network;
  for (std::uint32_t lp = 0; lp < params.lps; ++lp) {
    network.add_lp(std::make_unique<PholdLp>(params), "phold-" + std::to_string(lp), 1.0);
  }
  network.set_mesh(params.lookahead);
  return network;
}

std::uint64_t phold_total_count(const sim::Network& network) {
  std::uint64_t total = 0;
  for (sim::LpId id = 0; id < network.lp_count(); ++id) {
    total += static_cast<const PholdLp&>(network.lp(id)).count();
  }
  return total;
}

}  // namespace models
