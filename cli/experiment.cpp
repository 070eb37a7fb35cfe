#include "cli/experiment.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "cli/commands.h"
#include "cli/merge.h"
#include "cli/progress.h"
#include "cli/run_jobs.h"

namespace peaksim {

namespace scn = models::scenario;
using analysis::ReplicationResult;

namespace {

// Replications every gated metric needs for its half-width to be within
// `precision` of its mean; 0 when all are there already.
std::uint32_t replications_needed(const std::vector<const scn::ScenarioSpec*>& specs,
                                  const std::vector<analysis::VariantSummary>& summaries, std::uint32_t have,
                                  double precision) {
  double needed = 0;
  for (std::size_t v = 0; v < specs.size(); ++v) {
    for (const scn::GateSpec& gate : specs[v]->gates) {
      if (!gate.judges(specs[v]->variant)) {
        continue;
      }
      const analysis::MetricSummary* m = summaries[v].find(gate.metric, gate.labels, gate.statistic);
      if (m == nullptr || m->value.n == 0) {
        continue;  // nothing to measure: more replications will not help
      }
      const double target = precision * std::abs(m->value.mean);
      const double hw = m->value.half_width();
      if (m->value.n < 2 || !(hw <= target)) {
        // Half-widths shrink as 1/sqrt(n); aim a little past the estimate, and
        // always add some (replications without samples do not count in n).
        const double ratio = (std::isfinite(hw) && target > 0) ? hw / target : 2.0;
        needed = std::max(needed, std::ceil(static_cast<double>(have) * ratio * ratio * 1.1));
        needed = std::max(needed, static_cast<double>(have) + 2.0);
      }
    }
  }
  return static_cast<std::uint32_t>(std::min(needed, 1e6));
}

}  // namespace

Experiment run_experiment(const ExperimentOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<Plan> plan = plan_experiment(o);
  if (!plan) {
    Experiment invalid;
    invalid.status = kExitUsage;
    return invalid;
  }
  return run_experiment(std::move(*plan), o, started);
}

Experiment run_experiment(Plan plan, const ExperimentOptions& o, std::chrono::steady_clock::time_point started) {
  Progress progress(plan.record.scenario, sim::Time::infinity(),
                    o.quiet ? Progress::Mode::Quiet : Progress::Mode::Auto);
  std::vector<ReplicationResult> results;
  std::vector<std::string> notes;
  std::uint32_t have = 0;
  while (true) {
    // Replications [have, target) of every variant. Each is seeded by (seed,
    // replication) alone, so results do not depend on the thread count or on
    // how the replications were batched.
    for (ReplicationResult& r : run_jobs(plan, jobs_between(plan, have, plan.replications), o, progress, notes)) {
      results.push_back(std::move(r));
    }
    have = plan.replications;
    if (!o.until_precision) {
      break;
    }
    const Experiment so_far = finish_experiment(plan, results, {});
    const std::uint32_t needed = replications_needed(plan.specs, so_far.summary.variants, have, *o.until_precision);
    if (needed <= have) {
      break;
    }
    if (have >= o.max_replications) {
      notes.push_back("--until-precision stopped at --max-replications " + std::to_string(o.max_replications) +
                      " before every gated interval was within " + std::to_string(*o.until_precision * 100) +
                      "% of its mean (about " + std::to_string(needed) + " would do)");
      break;
    }
    plan.replications = std::min(needed, o.max_replications);
  }
  progress.finish();
  Experiment ex = finish_experiment(plan, std::move(results), std::move(notes));
  ex.summary.record.wall_seconds = seconds_since(started);
  return ex;
}

}  // namespace peaksim
