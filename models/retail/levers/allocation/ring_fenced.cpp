// allocation `ring_fenced`: per SKU, each listed channel owns units of the pool
// (ring_fence(), allocation.h); a channel is shown what it owns and has not
// consumed, plus — if it may fall back — what is left of the shared pool.
//
// The pool is the network figure plus every channel's consumption: consumed
// units are already out of the network figure (committed at a node, or waiting
// for release), and counting them back keeps a channel's own sales from
// shrinking the others' allocations. Consumption beyond what a channel owns
// (fallback, or a stale view) is taken from the shared pool.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

// Gives `left` units, one each, to the indices in order of remainder (largest
// first, ties to the lower index) among those `eligible` says; no allocation.
template <class Remainder, class Eligible>
void by_largest_remainder(std::int64_t left, std::span<std::int64_t> out, Remainder remainder, Eligible eligible) {
  std::int64_t prev_rem = -1;
  std::size_t prev_idx = 0;
  for (; left > 0; --left) {
    std::size_t best = out.size();
    std::int64_t best_rem = -1;
    for (std::size_t c = 0; c < out.size(); ++c) {
      if (!eligible(c)) {
        continue;
      }
      const std::int64_t rem = remainder(c);
      const bool after_prev = prev_rem < 0 || rem < prev_rem || (rem == prev_rem && c > prev_idx);
      if (after_prev && rem > best_rem) {
        best = c;
        best_rem = rem;
      }
    }
    if (best == out.size()) {
      return;
    }
    out[best] += 1;
    prev_rem = best_rem;
    prev_idx = best;
  }
}

// out[c] = floor(total × w[c] / Σ w) plus the units lost to flooring by largest remainder.
void scale_down(std::int64_t total, std::span<std::int64_t> w_and_out) {
  const std::int64_t weight = std::accumulate(w_and_out.begin(), w_and_out.end(), std::int64_t{0});
  if (weight <= 0) {
    std::fill(w_and_out.begin(), w_and_out.end(), 0);
    return;
  }
  std::vector<std::int64_t> rem(w_and_out.size());  // only when the pool is short: off the usual path
  std::int64_t given = 0;
  for (std::size_t c = 0; c < w_and_out.size(); ++c) {
    const __int128 product = static_cast<__int128>(w_and_out[c]) * total;
    w_and_out[c] = static_cast<std::int64_t>(product / weight);
    rem[c] = static_cast<std::int64_t>(product % weight);
    given += w_and_out[c];
  }
  by_largest_remainder(total - given, w_and_out, [&](std::size_t c) { return rem[c]; },
                       [](std::size_t) { return true; });
}

class RingFenced final : public AllocationPolicy {
 public:
  RingFenced(std::vector<ChannelFence> fences, Leftover leftover) : fences_(std::move(fences)), leftover_(leftover) {}

  void split(std::int64_t network, std::span<const std::int64_t> consumed, std::span<std::int64_t> shown) const override {
    const std::int64_t pool = network + std::accumulate(consumed.begin(), consumed.end(), std::int64_t{0});
    const std::int64_t shared = ring_fence(pool, fences_, leftover_, shown);  // shown holds what each owns
    std::int64_t overflow = 0;
    for (std::size_t c = 0; c < shown.size(); ++c) {
      overflow += std::max<std::int64_t>(0, consumed[c] - shown[c]);
    }
    const std::int64_t shared_left = std::max<std::int64_t>(0, shared - overflow);
    for (std::size_t c = 0; c < shown.size(); ++c) {
      const std::int64_t own_left = std::max<std::int64_t>(0, shown[c] - consumed[c]);
      shown[c] = std::min(network, own_left + (fences_[c].fallback_to_shared ? shared_left : 0));
    }
  }
  [[nodiscard]] bool same_figure(std::size_t a, std::size_t b) const override { return a == b; }
  [[nodiscard]] bool reads_consumption() const override { return true; }

 private:
  std::vector<ChannelFence> fences_;  // per channel; an unlisted channel owns nothing and falls back
  Leftover leftover_;
};

}  // namespace

std::int64_t ring_fence(std::int64_t pool, std::span<const ChannelFence> fences, Leftover leftover,
                        std::span<std::int64_t> owned) {
  pool = std::max<std::int64_t>(0, pool);
  std::int64_t fixed = 0;
  for (const ChannelFence& fence : fences) {
    fixed += fence.fixed;
  }
  if (fixed > pool) {
    for (std::size_t c = 0; c < fences.size(); ++c) {
      owned[c] = fences[c].fixed;
    }
    scale_down(pool, owned);
    return 0;
  }
  // The share stage first, into `owned`; the fixed units are added after it.
  const std::int64_t rest = pool - fixed;
  auto floor_of = [&](std::size_t c) { return fences[c].share_ppm * rest / kPpm; };
  std::int64_t stage = 0;
  std::int64_t share_ppm = 0;
  for (std::size_t c = 0; c < fences.size(); ++c) {
    owned[c] = std::max(fences[c].min, floor_of(c));
    stage += owned[c];
    share_ppm += fences[c].share_ppm;
  }
  if (stage > rest) {
    scale_down(rest, owned);
  } else if (leftover == Leftover::LargestRemainder) {
    // The units flooring lost, up to floor(Σ share × rest), that the minimums did
    // not absorb. Shares within a millionth per channel of 1 (thirds) count as 1.
    const auto channels = static_cast<std::int64_t>(fences.size());
    const std::int64_t whole = share_ppm >= kPpm - channels ? kPpm : share_ppm;
    by_largest_remainder(
        whole * rest / kPpm - stage, owned, [&](std::size_t c) { return fences[c].share_ppm * rest % kPpm; },
        [&](std::size_t c) { return fences[c].share_ppm > 0 && owned[c] == floor_of(c); });
  }
  std::int64_t total = 0;
  for (std::size_t c = 0; c < fences.size(); ++c) {
    owned[c] += fences[c].fixed;
    total += owned[c];
  }
  return pool - total;
}

std::unique_ptr<AllocationPolicy> make_allocation_ring_fenced(const ParamValues& params,
                                                              const std::vector<std::string>& channels) {
  const nlohmann::json& listed = params.json("channels");
  std::vector<ChannelFence> fences(channels.size());
  for (std::size_t c = 0; c < channels.size(); ++c) {
    if (!listed.contains(channels[c])) {
      continue;
    }
    const nlohmann::json& entry = listed.at(channels[c]);
    fences[c].fixed = entry.at("fixed").get<std::int64_t>();
    fences[c].min = entry.at("min").get<std::int64_t>();
    fences[c].share_ppm = std::llround(entry.at("share").get<double>() * static_cast<double>(kPpm));
    fences[c].fallback_to_shared = entry.at("fallback_to_shared").get<bool>();
  }
  const Leftover leftover = params.text("leftover") == "largest_remainder" ? Leftover::LargestRemainder : Leftover::Shared;
  return std::make_unique<RingFenced>(std::move(fences), leftover);
}

}  // namespace models::retail
