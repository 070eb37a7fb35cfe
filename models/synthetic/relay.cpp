#include "models/synthetic/relay.h"

#include <boost/random/uniform_int_distribution.hpp>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "sim/context.h"
#include "sim/errors.h"
#include "sim/hash.h"
#include "sim/logical_process.h"

namespace models {
namespace {

constexpr sim::EventKind kToken = 1;
constexpr sim::EventKind kTick = 2;
constexpr std::uint32_t kTickOneIn = 5;

class RelayLp final : public sim::LogicalProcess {
 public:
  explicit RelayLp(std::uint32_t tokens) : tokens_(tokens) {}

  void add_out_link(sim::LinkId link, sim::Duration min_latency) { out_.push_back({link, min_latency}); }

  void on_start(sim::Context& ctx) override {
    for (std::uint32_t idx = 0; idx < tokens_; ++idx) {
      forward(0, ctx);
    }
  }

  void on_event(const sim::Event& ev, sim::Context& ctx) override {
    if (ev.kind == kTick) {
      ++ticks_;
      ctx.emit(relay_probes::kTick, 1.0);
      return;
    }
    const std::uint64_t hops = ev.payload.as_u64() + 1;
    ++tokens_seen_;
    hop_sum_ += hops;
    last_time_ = ev.when().count_us();
    ctx.emit(relay_probes::kHop, static_cast<double>(hops));
    if (boost::random::uniform_int_distribution<std::uint32_t>(0, kTickOneIn - 1)(ctx.rng()) == 0) {
      ctx.schedule_self(sim::Duration::zero(), kTick);
    }
    forward(hops, ctx);
  }

  [[nodiscard]] std::uint64_t state_digest() const override {
    return sim::weyl(tokens_seen_) ^ hop_sum_ * 31 ^ ticks_ << 17 ^ static_cast<std::uint64_t>(last_time_);
  }

 private:
  struct OutLink {
    sim::LinkId id;
    sim::Duration min_latency;
  };

  void forward(std::uint64_t hops, sim::Context& ctx) {
    const auto pick = boost::random::uniform_int_distribution<std::size_t>(0, out_.size() - 1)(ctx.rng());
    const OutLink& link = out_[pick];
    const auto extra_us = boost::random::uniform_int_distribution<std::int64_t>(0, 10'000)(ctx.rng());
    ctx.send(link.id, link.min_latency + sim::Duration::micros(extra_us), kToken, sim::Payload::of_u64(hops));
  }

  const std::uint32_t tokens_;
  std::vector<OutLink> out_;
  std::uint64_t tokens_seen_ = 0;
  std::uint64_t hop_sum_ = 0;
  std::uint64_t ticks_ = 0;
  std::int64_t last_time_ = 0;
};

constexpr std::array<sim::Duration, 3> kRingLatencies = {
    sim::Duration::millis(1), sim::Duration::millis(50), sim::Duration::seconds(2)};

}  // namespace

sim::Network build_relay(const RelayParams& params) {
  if (params.lps < 2 || params.block == 0 || params.tokens_per_lp == 0) {
    throw sim::ConfigError("relay: needs at least 2 LPs, a block of at least 1 and at least 1 token per LP");
  }
  sim::Network network;
  std::vector<RelayLp*> lps;
  for (std::uint32_t idx = 0; idx < params.lps; ++idx) {
    auto lp = std::make_unique<RelayLp>(params.tokens_per_lp);
    lps.push_back(lp.get());
    network.add_lp(std::move(lp), "relay-" + std::to_string(idx), 1.0 + (idx % 3));
  }
  auto connect = [&](std::uint32_t from, std::uint32_t to, sim::Duration latency) {
    const sim::LinkId id = network.add_link(from, to, latency);
    lps[from]->add_out_link(id, latency);
  };
  // Zero-latency pairs inside each block, both ways.
  for (std::uint32_t idx = 0; idx + 1 < params.lps; ++idx) {
    if (params.block > 1 && (idx + 1) % params.block != 0) {
      connect(idx, idx + 1, sim::Duration::zero());
      connect(idx + 1, idx, sim::Duration::zero());
    }
  }
  // A ring of positive latencies, so every LP can reach every other.
  for (std::uint32_t idx = 0; idx < params.lps; ++idx) {
    connect(idx, (idx + 1) % params.lps, kRingLatencies[idx % kRingLatencies.size()]);
  }
  // Long links from a fixed topology stream.
  sim::LpRandom topology(params.topology_seed, 0, 0);
  for (std::uint32_t idx = 0; idx < params.lps; ++idx) {
    const auto to = boost::random::uniform_int_distribution<std::uint32_t>(0, params.lps - 1)(topology);
    if (to != idx) {
      connect(idx, to, kRingLatencies[(idx + to) % kRingLatencies.size()]);
    }
  }
  return network;
}

}  // namespace models
