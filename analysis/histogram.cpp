#include "analysis/histogram.h"

#include <boost/histogram/axis/regular.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>

namespace analysis {
namespace {

using LogAxis = boost::histogram::axis::regular<double, boost::histogram::axis::transform::log>;

// ln(1e7 / 1e-6) / ln(1.02) = 1511.4, so 1512 bins put neighbouring edges
// 1.99% apart, and a bucket's geometric middle is within 0.995% of anything in it.
constexpr unsigned kBins = 1512;
constexpr std::size_t kOverflow = kBins + 1;  // [0] is underflow, [1, kBins] the axis' bins

const LogAxis& log_axis() {
  static const LogAxis axis(kBins, 1e-6, 1e7);
  return axis;
}

constexpr double kMaxMicros = 18446744073709551616.0;  // 2^64: the sum is a uint64 of microseconds

std::string describe(double seconds) {
  std::ostringstream out;
  out << seconds;
  return out.str();
}

// The nearest rank, ceil(q * count) and at least 1, with q * count shaved by a
// few ulps first: 0.07 is stored as 0.0700000000000000007, so 0.07 * 100
// computes as 7.000000000000001, whose ceiling would pick the 8th sample where
// everyone means the 7th.
std::uint64_t nearest_rank(double q, std::uint64_t count) {
  const double scaled = q * static_cast<double>(count) * (1.0 - 4 * std::numeric_limits<double>::epsilon());
  const double rank = std::ceil(scaled);
  if (rank < 1.0) {
    return 1;
  }
  if (rank >= static_cast<double>(count)) {
    return count;
  }
  return static_cast<std::uint64_t>(rank);
}

}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kBins + 2, 0) {}

void LatencyHistogram::add(double seconds) {
  if (!(seconds >= 0.0) || std::isinf(seconds)) {  // also refuses NaN
    throw std::invalid_argument("LatencyHistogram: a latency must be finite and non-negative, found " +
                                describe(seconds));
  }
  const double micros = std::round(seconds * 1e6);
  if (micros >= kMaxMicros || static_cast<std::uint64_t>(micros) > UINT64_MAX - sum_us_) {
    throw std::overflow_error("LatencyHistogram: the sum of latencies passes 2^64 µs, adding " + describe(seconds) +
                              " s");
  }
  sum_us_ += static_cast<std::uint64_t>(micros);
  ++buckets_[static_cast<std::size_t>(log_axis().index(seconds) + 1)];  // the axis says -1 for underflow
  min_ = count_ == 0 ? seconds : std::min(min_, seconds);
  max_ = count_ == 0 ? seconds : std::max(max_, seconds);
  ++count_;
}

LatencyHistogram& LatencyHistogram::operator+=(const LatencyHistogram& other) {
  if (other.sum_us_ > UINT64_MAX - sum_us_) {
    throw std::overflow_error("LatencyHistogram: merging passes 2^64 µs of summed latency");
  }
  if (other.count_ == 0) {
    return *this;
  }
  for (std::size_t index = 0; index < buckets_.size(); ++index) {
    buckets_[index] += other.buckets_[index];
  }
  sum_us_ += other.sum_us_;
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  return *this;
}

double LatencyHistogram::mean() const {
  if (count_ == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return static_cast<double>(sum_us_) / static_cast<double>(count_) / 1e6;
}

double LatencyHistogram::min() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : min_; }

double LatencyHistogram::max() const { return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : max_; }

double LatencyHistogram::percentile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("LatencyHistogram: a percentile must be in [0, 1], found " + describe(q));
  }
  if (count_ == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (q == 0.0) {
    return min_;
  }
  if (q == 1.0) {
    return max_;
  }
  const std::uint64_t rank = nearest_rank(q, count_);
  if (rank == count_) {
    return max_;  // the largest sample, known exactly (so is the smallest)
  }
  if (rank == 1) {
    return min_;
  }
  std::size_t index = 0;
  std::uint64_t before = 0;  // samples in the buckets below `index`
  while (before + buckets_[index] < rank) {  // ends by the last bucket, where the total is count_ >= rank
    before += buckets_[index++];
  }
  double reading = max_;  // the overflow bucket has no upper edge: its best reading is the maximum
  if (index == 0) {
    reading = 0.0;
  } else if (index < kOverflow) {
    // The rank's place among the bucket's n samples, spread evenly on the log
    // axis: the k-th of n reads at (k - 1/2) / n of the bucket's width. A bucket
    // centre would give every replication whose rank falls in one bucket the
    // same reading (an interval of width 0); this moves with the rank.
    // The bucket's span is narrowed to [min, max] where they fall inside it
    // (the top bucket of a distribution that ends at its maximum).
    const double within = (static_cast<double>(rank - before) - 0.5) / static_cast<double>(buckets_[index]);
    const double low = std::max(log_axis().value(static_cast<double>(index - 1)), min_);
    const double high = std::min(log_axis().value(static_cast<double>(index)), max_);
    reading = low > 0.0 && high > low ? low * std::pow(high / low, within) : low;
  }
  // The sample is in [min, max] as well as in its bucket, so clamping only moves towards it.
  return std::clamp(reading, min_, max_);
}

std::vector<std::uint64_t> LatencyHistogram::bucket_counts() const { return buckets_; }

double LatencyHistogram::bucket_lower(std::size_t index) const {
  if (index > kOverflow) {
    throw std::out_of_range("LatencyHistogram: bucket " + std::to_string(index) + " beyond the last, " +
                            std::to_string(kOverflow));
  }
  return index == 0 ? 0.0 : log_axis().value(static_cast<double>(index - 1));
}

bool operator==(const LatencyHistogram& a, const LatencyHistogram& b) {
  return std::tie(a.count_, a.sum_us_, a.min_, a.max_, a.buckets_) ==
         std::tie(b.count_, b.sum_us_, b.min_, b.max_, b.buckets_);
}

}  // namespace analysis
