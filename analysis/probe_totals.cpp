#include "analysis/probe_totals.h"

#include <climits>
#include <stdexcept>
#include <string>

namespace analysis {

void ProbeTotals::record(sim::LpId lp, sim::Time /*when*/, sim::ProbeId probe, double value, std::int64_t label) {
  if (lp >= per_lp_.size()) {
    throw std::out_of_range("ProbeTotals: LP #" + std::to_string(lp) + " beyond the " +
                            std::to_string(per_lp_.size()) + " LPs it was sized for");
  }
  ProbeTotal& total = per_lp_[lp][Key{probe, label}];
  ++total.count;
  total.sum += value;
}

ProbeTotal ProbeTotals::merged(sim::ProbeId probe) const {
  ProbeTotal out;
  for (const auto& lp : per_lp_) {  // LP-id order, then label order: the merge order is fixed
    for (auto it = lp.lower_bound(Key{probe, INT64_MIN}); it != lp.end() && it->first.first == probe; ++it) {
      out.count += it->second.count;
      out.sum += it->second.sum;
    }
  }
  return out;
}

ProbeTotal ProbeTotals::merged(sim::ProbeId probe, std::int64_t label) const {
  ProbeTotal out;
  for (const auto& lp : per_lp_) {
    if (auto it = lp.find(Key{probe, label}); it != lp.end()) {
      out.count += it->second.count;
      out.sum += it->second.sum;
    }
  }
  return out;
}

ProbeTotal ProbeTotals::of_lp(sim::LpId lp, sim::ProbeId probe) const {
  ProbeTotal out;
  if (lp >= per_lp_.size()) {
    return out;
  }
  for (auto it = per_lp_[lp].lower_bound(Key{probe, INT64_MIN}); it != per_lp_[lp].end() && it->first.first == probe;
       ++it) {
    out.count += it->second.count;
    out.sum += it->second.sum;
  }
  return out;
}

}  // namespace analysis
