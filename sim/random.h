// sim/random.h — every LP's own counter-based random stream.
//
// A stream is Philox2x64-10 (Random123) keyed by the run's seed, with the
// counter's high word holding (replication, LP id) and its low word counting
// draws. Nothing about it depends on which thread runs the LP, how the network
// is partitioned or in which order LPs are stepped: the n-th number an LP draws
// is a pure function of (seed, replication, LP id, n). That is what makes runs
// replayable and engines interchangeable (DESIGN.md, determinism contract).
//
// LpRandom is a UniformRandomBitGenerator of 64-bit words; draw variates from it
// with Boost.Random distributions, never std:: ones (whose algorithms differ
// between standard libraries):
//   boost::random::exponential_distribution<double> exp(1.0);
//   double x = exp(ctx.rng());
#pragma once

#include <Random123/philox.h>

#include <cstdint>
#include <limits>

#include "sim/hash.h"

namespace sim {

class LpRandom {
 public:
  using result_type = std::uint64_t;

  LpRandom() = default;
  LpRandom(std::uint64_t seed, std::uint32_t replication, std::uint32_t stream_id) {
    key_ = {{seed}};
    ctr_ = {{0, (static_cast<std::uint64_t>(replication) << 32) | stream_id}};
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (buffered_ == 0) {
      block_ = r123::Philox2x64{}(ctr_, key_);
      ++ctr_.v[0];
      buffered_ = 2;
    }
    return block_.v[--buffered_];
  }

  // A double in [0, 1) with 53 random bits; for hand-written variates in models.
  double uniform01() { return unit_interval((*this)()); }

  // How many 128-bit blocks this stream has used (part of an LP's state digest).
  [[nodiscard]] std::uint64_t blocks_used() const { return ctr_.v[0]; }

 private:
  r123::Philox2x64::ctr_type ctr_ = {{0, 0}};
  r123::Philox2x64::key_type key_ = {{0}};
  r123::Philox2x64::ctr_type block_ = {{0, 0}};
  unsigned buffered_ = 0;
};

}  // namespace sim
