// models/retail/levers/allocation.h — the allocation lever: how the network's
// available to sell (ats.h) is split between the scenario's demand channels.
//
// Three options, one file each in allocation/ (scenarios/README.md, "Allocation",
// has a worked example):
//   shared_pool  every channel is shown the whole network figure;
//   ats_share    each channel is shown floor(share × the network figure): one shared
//                pool seen through a per-channel lens, nothing is owned;
//   ring_fenced  per SKU, each listed channel owns its fixed units, then
//                max(min, floor(share × rest)); leftover units go by largest
//                remainder or stay in the shared pool; a channel is shown what it
//                owns and has not consumed, plus the shared pool if it may fall back.
// The OMS calls split() every time it publishes a SKU (every change of its view,
// commitments or captured lines), so allocations are recomputed on every update.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/scenario/param_table.h"

namespace models::retail {

class AllocationPolicy {
 public:
  virtual ~AllocationPolicy() = default;
  // Each channel's figure of one SKU, shown[c] for demand channel c, from the
  // network figure and each channel's consumption (units of its lines the OMS
  // holds: captured, not yet shipped nor dropped). shown.size() == consumed.size().
  virtual void split(std::int64_t network, std::span<const std::int64_t> consumed,
                     std::span<std::int64_t> shown) const = 0;
  // Whether channels a and b are always shown the same figure: then one
  // availability message serves both (a link feeding several channels).
  [[nodiscard]] virtual bool same_figure(std::size_t a, std::size_t b) const = 0;
  // Whether split() reads consumption (the OMS keeps it only then).
  [[nodiscard]] virtual bool reads_consumption() const { return false; }
};

// ring_fenced's arithmetic, pure, for the policy and its tests.
struct ChannelFence {
  std::int64_t fixed = 0;           // units owned first
  std::int64_t min = 0;             // the share stage gives at least this
  std::int64_t share_ppm = 0;       // share of the rest, in millionths (exact integer arithmetic)
  bool fallback_to_shared = true;   // may sell from the shared pool once its own units are consumed
};
enum class Leftover { LargestRemainder, Shared };
inline constexpr std::int64_t kPpm = 1'000'000;

// The units each channel owns of `pool` (owned[c]); returns the shared pool,
// pool − Σ owned. Fixed units first (scaled down in proportion when the pool is
// short); then max(min, floor(share × rest)) (scaled down likewise when those
// exceed the rest); with LargestRemainder the units lost to flooring the shares
// (up to floor(Σ share × rest); shares within a millionth per channel of 1 count
// as 1) go one each to the largest fractional parts.
// Scaling down is floor(total × w / Σ w) plus largest remainder; ties go to the
// lower channel index.
std::int64_t ring_fence(std::int64_t pool, std::span<const ChannelFence> fences, Leftover leftover,
                        std::span<std::int64_t> owned);

}  // namespace models::retail
