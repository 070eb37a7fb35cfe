#include "analysis/record_log.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace analysis {

PackedRecord PackedRecord::of(const ProbeRecord& r) {
  const std::int64_t us = r.when.count_us();
  if (us < 0 || us >= (std::int64_t{1} << 47)) {
    throw std::out_of_range("RetailRecorder: a record at " + std::to_string(us) +
                            " us, outside the 0 to 2^47 us (4.4 years) a record can hold");
  }
  return PackedRecord{(static_cast<std::uint64_t>(us) << 16) | r.probe, r.value, r.label};
}

void RecordLog::push(const ProbeRecord& r) {
  const std::uint64_t head = PackedRecord::of(r).when_probe;
  // Short: a whole value in 32 bits (not -0.0, whose sign a sum can see) and a label in 32.
  const bool whole = r.value >= -2147483648.0 && r.value <= 2147483647.0 && r.value == std::trunc(r.value) &&
                     !(r.value == 0.0 && std::signbit(r.value));
  const bool is_short = whole && r.label >= 0 && r.label <= 0xFFFF'FFFF;
  const std::size_t words = is_short ? 2 : 3;
  if (chunks_.empty() || used_.back() + words > capacity(chunks_.size() - 1)) {
    chunks_.push_back(std::make_unique_for_overwrite<std::uint64_t[]>(capacity(chunks_.size())));
    used_.push_back(0);
  }
  std::uint64_t* w = chunks_.back().get() + used_.back();
  if (is_short) {
    w[0] = head | kShort;
    w[1] = static_cast<std::uint64_t>(r.label) |
           (static_cast<std::uint64_t>(static_cast<std::uint32_t>(static_cast<std::int32_t>(r.value))) << 32);
  } else {
    w[0] = head;
    w[1] = std::bit_cast<std::uint64_t>(r.value);
    w[2] = static_cast<std::uint64_t>(r.label);
  }
  used_.back() += static_cast<std::uint32_t>(words);
  ++size_;
}

}  // namespace analysis
