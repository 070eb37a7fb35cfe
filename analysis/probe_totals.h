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
  void record(sim::LpId lp, sim::Time when, sim::ProbeId probe, double value) override;

  [[nodiscard]] ProbeTotal merged(sim::ProbeId probe) const;
  [[nodiscard]] ProbeTotal of_lp(sim::LpId lp, sim::ProbeId probe) const;

 private:
  std::vector<std::map<sim::ProbeId, ProbeTotal>> per_lp_;
};

}  // namespace analysis
