#include "analysis/probe_totals.h"

#include <stdexcept>
#include <string>

namespace analysis {

void ProbeTotals::record(sim::LpId lp, sim::Time /*when*/, sim::ProbeId probe, double value) {
  if (lp >= per_lp_.size()) {
    throw std::out_of_range("ProbeTotals: LP #" + std::to_string(lp) + " beyond the " +
                            std::to_string(per_lp_.size()) + " LPs it was sized for");
  }
  ProbeTotal& total = per_lp_[lp][probe];
  ++total.count;
  total.sum += value;
}

ProbeTotal ProbeTotals::merged(sim::ProbeId probe) const {
  ProbeTotal out;
  for (const auto& lp : per_lp_) {  // LP-id order: the merge order is fixed
    if (auto it = lp.find(probe); it != lp.end()) {
      out.count += it->second.count;
      out.sum += it->second.sum;
    }
  }
  return out;
}

ProbeTotal ProbeTotals::of_lp(sim::LpId lp, sim::ProbeId probe) const {
  if (lp >= per_lp_.size()) {
    return {};
  }
  auto it = per_lp_[lp].find(probe);
  return it == per_lp_[lp].end() ? ProbeTotal{} : it->second;
}

}  // namespace analysis
