// analysis/report/headline.h — the figures the verdict decides on (internal
// to analysis/report/): per variant, the oversell rate of all channels and of
// each, lost sales and lost revenue of all channels, and the release latency
// p99 of each channel; and, per figure, which variant is lowest and whether it
// is significantly lower than the runner-up.
//
// "All channels" is computed replication by replication from the per-channel
// counts (oversell rate: Σ oversells / Σ lines promised), then summarised
// across replications like any metric, so it has an honest interval.
#pragma once

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/report/words.h"
#include "analysis/summary.h"

namespace analysis::report {

// One variant's figure: its interval and the values it came from (for pairing).
struct Figure {
  Interval value{NAN, NAN, NAN, NAN, 0};  // mean NaN: not measured
  std::vector<double> per_replication;     // empty when the summary has none
  bool censored = false;                   // the horizon cut off more lines than were judged
};

struct Headline {
  std::string id;       // "oversell_rate-web", for chart ids and tests
  std::string metric;   // "oversell_rate"
  std::string caption;  // "Oversell rate (all channels), % of promised lines"
  std::string help;     // what it counts, for a tooltip
  UnitScale scale;
  std::vector<Figure> figures;  // one per variant, in summary order
};

// The headline figures this run has, in the order the verdict lists them; a
// figure no variant measured is left out.
[[nodiscard]] std::vector<Headline> headlines(const RunSummary& summary, const Vocabulary& words);

// The lowest figure and how sure we are of it. `tied` variants had the same
// value as the best in every replication; the runner-up is the lowest of the
// rest. `difference` is best − runner-up, paired by replication (common random
// numbers); without per-replication values it is empty and `significant` says
// whether the two 95% intervals are apart.
struct Ranking {
  std::size_t best = 0;
  std::vector<std::size_t> tied;
  std::optional<std::size_t> runner_up;
  std::optional<Interval> difference;
  bool significant = false;
  std::size_t left_out = 0;  // variants not ranked: unmeasured or censored
};
[[nodiscard]] std::optional<Ranking> rank(const Headline& headline);

}  // namespace analysis::report
