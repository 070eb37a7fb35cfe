// analysis/record_log.h — one LP's probe records, as compact as they can be kept.
//
// RetailRecorder keeps a RecordLog per LP while a run lasts, and reads each once
// after it (drain), freeing it as it goes.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sim/probe.h"
#include "sim/time.h"

namespace analysis {

// One probe as an LP emitted it.
struct ProbeRecord {
  sim::Time when;
  sim::ProbeId probe;
  double value;
  std::int64_t label;
};

// A record in 24 bytes: the time and the probe share a word (times below 2^47 us,
// 4.4 years, past any horizon; of() checks).
struct PackedRecord {
  std::uint64_t when_probe;  // time in us << 16 | probe
  double value;
  std::int64_t label;
  // Throws std::out_of_range for a time outside [0, 2^47) us.
  [[nodiscard]] static PackedRecord of(const ProbeRecord& r);
  [[nodiscard]] ProbeRecord unpack() const {
    return ProbeRecord{sim::Time::from_us(static_cast<std::int64_t>(when_probe >> 16)),
                       static_cast<sim::ProbeId>(when_probe & 0xFFFF), value, label};
  }
};

// One LP's records in the order it made them, in chunks of 64-bit words that are
// never moved once written (no copy as the log grows, no doubling's slack). A record
// takes 3 words (a PackedRecord), or 2 when its label fits 32 bits and its value is a whole
// number that fits 32 (levels, queue moves, availability: most of a large day).
// Chunks grow from 768 words to 48 K, so the thousands of LPs that record little
// hold little.
class RecordLog {
 public:
  void push(const ProbeRecord& r);  // throws std::out_of_range as PackedRecord::of
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t bytes() const {  // held in chunks
    std::size_t words = 0;
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
      words += capacity(c);
    }
    return words * sizeof(std::uint64_t);
  }
  // Calls f(record) for each record in order, freeing each chunk once read. The log is
  // empty from the start of the call, whatever f throws.
  template <class F>
  void drain(F f) {
    RecordLog taken;
    std::swap(taken.chunks_, chunks_);
    std::swap(taken.used_, used_);
    std::swap(taken.size_, size_);
    for (std::size_t c = 0; c < taken.chunks_.size(); ++c) {
      taken.read_chunk(c, f);
      taken.chunks_[c].reset();
    }
  }
  template <class F>
  void for_each(F f) const {
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
      read_chunk(c, f);
    }
  }

 private:
  static constexpr std::uint64_t kShort = std::uint64_t{1} << 63;  // in the first word: a 2-word record
  static constexpr std::size_t kFirst = 768;                       // words
  static constexpr std::size_t kChunk = 3 * (std::size_t{1} << 14);  // 384 KB
  [[nodiscard]] static std::size_t capacity(std::size_t chunk) { return chunk >= 6 ? kChunk : kFirst << chunk; }
  template <class F>
  void read_chunk(std::size_t c, F& f) const {
    const std::uint64_t* w = chunks_[c].get();
    const std::uint64_t* const end = w + used_[c];
    while (w < end) {
      const std::uint64_t head = w[0];
      const auto when = sim::Time::from_us(static_cast<std::int64_t>((head & ~kShort) >> 16));
      const auto probe = static_cast<sim::ProbeId>(head & 0xFFFF);
      if ((head & kShort) != 0) {
        const auto value = static_cast<std::int32_t>(static_cast<std::uint32_t>(w[1] >> 32));
        f(ProbeRecord{when, probe, static_cast<double>(value), static_cast<std::int64_t>(w[1] & 0xFFFF'FFFF)});
        w += 2;
      } else {
        f(ProbeRecord{when, probe, std::bit_cast<double>(w[1]), static_cast<std::int64_t>(w[2])});
        w += 3;
      }
    }
  }
  std::vector<std::unique_ptr<std::uint64_t[]>> chunks_;
  std::vector<std::uint32_t> used_;  // words written in each chunk
  std::size_t size_ = 0;             // records held
};

}  // namespace analysis
