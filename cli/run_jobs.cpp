#include "cli/run_jobs.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "cli/merge.h"
#include "cli/progress.h"
#include "cli/retail_run.h"

namespace peaksim {

namespace scn = models::scenario;
using analysis::ReplicationResult;

namespace {

// What the progress line counts while runs go side by side: runs done, events
// committed (by finished runs, and so far by those in flight), how far each
// thread's current run is, and the clock of the run that reported last.
// Every thread reports under one mutex.
class RunTally {
 public:
  RunTally(Progress& progress, std::uint64_t total, unsigned threads)
      : progress_(progress), total_(total), in_flight_(static_cast<std::size_t>(std::max(1u, threads)) + 1, 0.0) {}

  // The calling arena thread's slot for its run in flight.
  [[nodiscard]] std::size_t slot() const {
    const int index = std::max(0, tbb::this_task_arena::current_thread_index());
    return std::min(in_flight_.size() - 1, static_cast<std::size_t>(index));
  }

  // The run in `slot` is at `now` of `horizon` and has committed `committed`
  // events; `reported` is what it had committed at its previous report.
  void advance(std::size_t slot, sim::Time now, sim::Duration horizon, std::uint64_t committed,
               std::uint64_t& reported) {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_[slot] = std::min(1.0, now.to_seconds() / horizon.to_seconds());
    clock_ = now;
    live_events_ += committed - reported;
    reported = committed;
    show();
  }

  // The run in `slot` finished with `events`, of which it had reported `reported`.
  void finish(std::size_t slot, std::uint64_t events, std::uint64_t reported) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_ += events;
    live_events_ -= reported;
    in_flight_[slot] = 0.0;
    ++done_;
    show();
  }

 private:
  void show() {
    double running = 0;
    for (const double fraction : in_flight_) {
      running += fraction;
    }
    progress_.update_runs(done_, total_, events_ + live_events_, running, clock_);
  }

  Progress& progress_;
  const std::uint64_t total_;
  std::mutex mutex_;
  std::uint64_t done_ = 0, events_ = 0, live_events_ = 0;
  std::vector<double> in_flight_;       // per arena thread, the share of its current run done
  sim::Time clock_ = sim::Time::zero();  // of the run that reported last
};

ReplicationResult to_result(const scn::ScenarioSpec& spec, std::uint32_t replication, RetailRun run) {
  if (!run.metrics.units.conserved()) {
    const auto& u = run.metrics.units;
    throw std::runtime_error("units not conserved in variant \"" + spec.variant + "\", replication " +
                             std::to_string(replication) + ": received " + std::to_string(u.received) +
                             " != on hand " + std::to_string(u.on_hand) + " + reserved " + std::to_string(u.reserved) +
                             " + shipped " + std::to_string(u.shipped) + " + sold " + std::to_string(u.sold) +
                             " + damaged " + std::to_string(u.damaged) + " + transferred out " +
                             std::to_string(u.transferred_out));
  }
  if (!run.metrics.units.moved_conserved()) {
    const auto& u = run.metrics.units;
    throw std::runtime_error("units moved between nodes not conserved in variant \"" + spec.variant + "\", replication " +
                             std::to_string(replication) + ": from vendors " + std::to_string(u.from_vendors) +
                             " + transferred out " + std::to_string(u.transferred_out) + " != put away " +
                             std::to_string(u.put_away) + " + inbound " + std::to_string(u.inbound) +
                             " + lost in transit " + std::to_string(u.lost_in_transit) + " + in transit " +
                             std::to_string(u.in_transit));
  }
  ReplicationResult out;
  out.variant = spec.variant;
  out.replication = replication;
  out.observations = analysis::observations(run.metrics, run.stats.events);
  out.series = std::move(run.metrics.series);
  out.events = run.stats.events;
  out.wall_seconds = run.stats.wall_seconds;
  return out;
}

// What --engine auto did with one run, in words (notes are printed unless --quiet).
std::string engine_note(const sim::RunStats& stats, unsigned threads) {
  char balance[32] = "";
  if (stats.balance > 0) {
    std::snprintf(balance, sizeof balance, ", measured balance %.2f", stats.balance);
  }
  std::string note = "engine auto: ";
  if (stats.partitions > 1) {
    note += "the parallel engine, " + std::to_string(stats.partitions) + " partitions on " + std::to_string(threads) +
            " threads";
  } else if (stats.partitioned_events > 0) {
    note += "the parallel engine for " + std::to_string(stats.partitioned_events) + " of " +
            std::to_string(stats.events) + " events, then one partition (partitions did not pay)";
  } else {
    note += "one partition (partitions would not pay)";
  }
  return note + balance;
}

// One job on the calling arena thread, reporting to `tally` as it goes.
ReplicationResult run_job(const scn::ScenarioSpec& spec, std::uint32_t replication, const ExperimentOptions& o,
                          bool parallel, RunTally& tally, std::vector<std::string>& notes) {
  RunSettings settings;
  settings.parallel = parallel;
  settings.threads = parallel ? o.threads : 1;
  settings.fall_back = parallel && o.engine == EngineChoice::Auto;
  std::uint64_t reported = 0;
  const std::size_t slot = tally.slot();
  settings.progress = [&, slot](sim::Time now, std::uint64_t committed) {
    tally.advance(slot, now, spec.horizon, committed, reported);
  };
  RetailRun run = run_retail(spec, replication, settings);
  notes = run.notes;
  if (settings.fall_back) {
    notes.push_back(engine_note(run.stats, o.threads));
  }
  ReplicationResult result = to_result(spec, replication, std::move(run));
  tally.finish(slot, result.events, reported);
  return result;
}

}  // namespace

std::vector<ReplicationResult> run_jobs(const Plan& plan, const std::vector<Job>& jobs, const ExperimentOptions& o,
                                        Progress& progress, std::vector<std::string>& notes) {
  std::vector<std::optional<ReplicationResult>> results(jobs.size());
  std::vector<std::vector<std::string>> job_notes(jobs.size());
  RunTally tally(progress, jobs.size(), o.threads);
  // The parallel engine spreads one run over the threads, so its runs go one
  // after another; the sequential engine's runs go side by side.
  const bool parallel = uses_parallel_engine(o, jobs.size());
  tbb::task_arena arena(parallel ? 1 : static_cast<int>(std::max(1u, o.threads)));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t j) {
      results[j] = run_job(*plan.specs[jobs[j].variant], jobs[j].replication, o, parallel, tally, job_notes[j]);
    });
  });
  std::vector<ReplicationResult> out;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    out.push_back(std::move(*results[j]));
    merge_notes(notes, job_notes[j]);
  }
  return out;
}

}  // namespace peaksim
