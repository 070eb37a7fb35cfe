// analysis/histogram.h — latency histograms: log-bucketed, mergeable, exact to 1%.
//
// Boost.Histogram with a log-transformed regular axis from 1 µs to 10^7 s whose
// bucket edges are 2% apart. A percentile is the nearest-rank sample, read by
// interpolating inside its bucket: the k-th of the bucket's n samples reads at
// (k - 1/2) / n of the bucket's width on the log axis (the bucket narrowed to
// [min, max] where they fall inside it; the first and last ranks read the
// exact min and max),
// so it is within 2% of the true sample, within 1% when the bucket holds one
// sample, and it moves with the rank: replications whose percentiles fall in
// one bucket still differ, and their interval is honest. Memory is fixed
// (1,514 counters) however many samples are added. Values below 1 µs (that is, 0: time
// is integer microseconds) fall in the underflow bucket and read as 0. The
// exact minimum, maximum, sum and count are kept beside the buckets. Adding two
// histograms is exact (integer counts), so replications and partial results
// merge in any grouping with the same outcome.
#pragma once

#include <cstdint>
#include <vector>

namespace analysis {

class LatencyHistogram {
 public:
  LatencyHistogram();
  void add(double seconds);
  LatencyHistogram& operator+=(const LatencyHistogram& other);

  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] double mean() const;  // NaN when empty
  [[nodiscard]] double min() const;   // NaN when empty
  [[nodiscard]] double max() const;   // NaN when empty
  // q in [0, 1]; NaN when empty. p(0) = min, p(1) = max exactly.
  [[nodiscard]] double percentile(double q) const;

  // The bucket counts, for serialising a partial result (issue: shard/merge)
  // and drawing; index 0 is the underflow bucket.
  [[nodiscard]] std::vector<std::uint64_t> bucket_counts() const;
  [[nodiscard]] double bucket_lower(std::size_t index) const;  // seconds; 0 for the underflow bucket

  friend bool operator==(const LatencyHistogram& a, const LatencyHistogram& b);

 private:
  std::vector<std::uint64_t> buckets_;  // [0]: underflow; indexed by the Boost.Histogram axis
  std::uint64_t count_ = 0;
  // The sum in whole microseconds (sim time's unit): integer addition is
  // associative, so merging in any grouping gives a bit-identical mean, which
  // a double sum would not.
  std::uint64_t sum_us_ = 0;
  double min_ = 0.0, max_ = 0.0;
};

}  // namespace analysis
