// analysis/probe_totals.h — the simplest recorder: count and sum per probe.
//
// Each LP writes only its own slot, so the parallel engine needs no lock; the
// totals are merged in LP-id order, so floating-point sums are bit-identical
// whatever the engine, thread count or partitioning.
//
//   analysis::ProbeTotals totals(network.lp_count());
//   options.probes = &totals;
//   ...run...
//   analysis::ProbeTotal hops = totals.merged(probes::kHop);
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/probe.h"

namespace analysis {

struct ProbeTotal {
  std::uint64_t count = 0;
  double sum = 0.0;
  friend bool operator==(const ProbeTotal&, const ProbeTotal&) = default;
};

class ProbeTotals final : public sim::ProbeSink {
 public:
  explicit ProbeTotals(std::size_t lp_count) : per_lp_(lp_count) {}
  void record(sim::LpId lp, sim::Time when, sim::ProbeId probe, double value, std::int64_t label) override;

  // Over every label of the probe, or one label.
  [[nodiscard]] ProbeTotal merged(sim::ProbeId probe) const;
  [[nodiscard]] ProbeTotal merged(sim::ProbeId probe, std::int64_t label) const;
  [[nodiscard]] ProbeTotal of_lp(sim::LpId lp, sim::ProbeId probe) const;

 private:
  using Key = std::pair<sim::ProbeId, std::int64_t>;
  std::vector<std::map<Key, ProbeTotal>> per_lp_;
};

}  // namespace analysis
