#include "sim/parallel_engine.h"

#include <tbb/info.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>
#include <functional>
#include <memory>

#include "sim/engine_core.h"
#include "sim/partition.h"
#include "sim/window_crew.h"

namespace sim {
namespace {

// A remaining budget this many times the largest window so far is "close".
constexpr std::uint64_t kTailSafetyFactor = 8;
// Cost checks at 2^16 committed events, then every time the count quadruples.
constexpr std::uint64_t kFirstCheck = 1u << 16;
constexpr std::uint64_t kCheckGrowth = 4;
// A measured partitioning replaces the current one when its busiest partition
// costs this much less.
constexpr double kRebalanceGain = 0.95;
// With fall_back, keep partitions only while the measured balance (cost of
// all LPs / cost of the busiest partition) reaches kMinBalance and the
// windows achieve kMinSpeedup (cost committed / wall time) once balanced.
constexpr double kMinBalance = 1.25;
constexpr double kMinSpeedup = 1.1;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

template <PendingEventSet Set>
struct alignas(64) PartitionState {
  Set pending;
  std::vector<Event> out;  // the Context's send buffer
  // outbox[parity][dest]: events for another partition, written in windows of
  // that parity and read by `dest` at the start of the next window.
  std::array<std::vector<std::vector<Event>>, 2> outbox;
  std::array<std::vector<Time>, 2> outbox_min;
  std::uint64_t events = 0;
  std::uint64_t window_events = 0;
  Time last_event_time;
  std::unique_ptr<Context> ctx;
  // Nanoseconds spent committing each LP's events (by LpId) on this
  // partition's thread, while the engine measures.
  std::vector<std::int64_t> cost;
};

template <PendingEventSet Set>
class Run {
 public:
  Run(Network& network, const EngineOptions& options)
      : network_(network),
        options_(options),
        split_(partition_network(network, std::max(1u, options.partitions != 0 ? options.partitions : options.threads))),
        lps_(detail::make_runtimes(network, options)) {
    const std::uint32_t count = split_.count;
    parts_.reserve(count);
    for (std::uint32_t p = 0; p < count; ++p) {
      auto state = std::make_unique<PartitionState<Set>>();
      state->out.reserve(64);
      state->ctx = std::make_unique<Context>(network_, options_.probes, state->out, options_.seed, options_.replication);
      for (auto& per_dest : state->outbox) {
        per_dest.resize(count);
      }
      for (auto& mins : state->outbox_min) {
        mins.assign(count, Time::infinity());
      }
      if (count > 1) {
        state->cost.assign(network_.lp_count(), 0);
      }
      parts_.push_back(std::move(state));
    }
    requested_ = count;
    if (count > 1) {
      measuring_ = true;
      mode_ = Mode::Parallel;
      if (options_.fall_back) {
        mode_ = Mode::Probing;
        split_ = one_partition(network_.lp_count());
      }
    }
  }

  RunStats run() {
    std::vector<Event> start_out;
    Context start_ctx(network_, options_.probes, start_out, options_.seed, options_.replication);
    std::uint64_t initial = 0;
    detail::start_all(network_, lps_, start_ctx, start_out, [&](const Event& ev) {
      parts_[split_.partition_of[ev.target]]->pending.push(ev);
      ++initial;
    });
    largest_window_ = initial;
    peak_ = initial;

    RunStats stats;
    const auto wall_start = std::chrono::steady_clock::now();
    last_check_ns_ = now_ns();
    // More threads than cores only adds spinning; partitions still follow
    // options_.threads, and results never depend on either.
    const auto cores = static_cast<unsigned>(std::max(1, tbb::info::default_concurrency()));
    WindowCrew crew(std::clamp(options_.threads, 1u, cores));
    // One partition runs on this thread alone, with no helper spinning beside it.
    WindowCrew alone(1);
    do {
      switched_ = false;
      if (split_.count == 1) {
        run_windows(alone, stats);
      } else {
        crew.run([&] { run_windows(crew, stats); });
      }
    } while (switched_);
    stats.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    stats.partitions = split_.count;

    stats.events = total_;
    for (const auto& part : parts_) {
      stats.last_event_time = std::max(stats.last_event_time, part->last_event_time);
      stats.pending_at_end += part->pending.size();
      for (const auto& per_parity : part->outbox) {
        for (const auto& box : per_parity) {
          stats.pending_at_end += box.size();
        }
      }
    }
    stats.peak_pending = peak_;
    stats.end_time = options_.end == Time::infinity() || total_ >= options_.max_events ? stats.last_event_time
                                                                                        : options_.end;
    std::vector<Event> finish_out;
    Context finish_ctx(network_, options_.probes, finish_out, options_.seed, options_.replication);
    detail::finish_all(network_, lps_, finish_ctx, finish_out, stats.end_time);
    stats.checksum = detail::run_checksum(network_, lps_, total_);
    return stats;
  }

 private:
  // Windows until the end, the budget, or a switch between one partition and
  // several (which returns, so that the caller starts or leaves the crew).
  void run_windows(WindowCrew& crew, RunStats& stats) {
    std::function<void(std::uint32_t)> step;  // one partition's share of the current window
    for (;;) {
      const unsigned read_parity = write_parity_ ^ 1u;
      Time earliest = Time::infinity();
      Time window_end = Time::infinity();
      for (std::uint32_t p = 0; p < split_.count; ++p) {
        const Time next = next_time(p, read_parity);
        earliest = std::min(earliest, next);
        if (split_.lookahead[p] != Duration::max()) {
          window_end = std::min(window_end, next + split_.lookahead[p]);
        }
      }
      if (earliest >= options_.end || earliest == Time::infinity() || total_ >= options_.max_events) {
        return;
      }
      if (options_.max_events - total_ <= kTailSafetyFactor * std::max<std::uint64_t>(largest_window_, 1)) {
        total_ += finish_in_key_order(read_parity, options_.max_events - total_);
        return;
      }
      window_end = std::min(window_end, options_.end);
      std::uint64_t budget = options_.max_events - total_;
      if (split_.count == 1) {
        // One partition's window would run to the end: stop it at the next
        // cost check and the next progress report.
        budget = std::min(budget, kProgressEvents - total_ % kProgressEvents);
        if (measuring_) {
          budget = std::min(budget, next_check_ - total_);
        }
      }
      step = [&, read_parity, window_end, budget](std::uint32_t p) {
        ingest(p, read_parity);
        process_window(p, window_end, write_parity_, budget);
      };
      crew.for_each(split_.count, step);
      std::uint64_t in_window = 0;
      std::size_t pending = 0;
      for (const auto& part : parts_) {
        in_window += part->window_events;
        part->window_events = 0;
        pending += part->pending.size();
        for (const auto& box : part->outbox[write_parity_]) {
          pending += box.size();
        }
      }
      total_ += in_window;
      if (split_.count > 1) {
        stats.partitioned_events += in_window;
      }
      if (options_.progress && total_ / kProgressEvents != (total_ - in_window) / kProgressEvents) {
        options_.progress(split_.count == 1 ? parts_[0]->last_event_time : window_end, total_);
      }
      largest_window_ = std::max(largest_window_, in_window);
      peak_ = std::max(peak_, pending);
      ++stats.windows;
      write_parity_ ^= 1u;
      if (measuring_ && total_ >= next_check_) {
        check_cost(stats);
        if (switched_) {
          return;
        }
      }
    }
  }

  // At a barrier: re-partition on the cost measured per LP when that balances
  // better, or (fall_back) go to one partition when partitions do not pay.
  // Results never depend on the partitioning, so neither do they on this.
  void check_cost(RunStats& stats) {
    const std::size_t n = network_.lp_count();
    std::vector<double> cost(n, 0.0);
    for (const auto& part : parts_) {
      for (std::size_t lp = 0; lp < n; ++lp) {
        cost[lp] += static_cast<double>(part->cost[lp]);
      }
    }
    double total = 0.0;
    for (const double c : cost) {
      total += c;
    }
    const std::int64_t now = now_ns();
    const double wall = static_cast<double>(now - last_check_ns_);
    const double achieved = wall > 0 ? (total - total_at_check_) / wall : 0.0;
    last_check_ns_ = now;
    total_at_check_ = total;
    while (next_check_ <= total_) {
      next_check_ *= kCheckGrowth;
    }
    if (total <= 0.0) {
      return;
    }
    Partitioning candidate = partition_network(network_, requested_, cost);
    const double candidate_max = busiest(candidate, cost);
    stats.balance = total / candidate_max;
    if (mode_ == Mode::Probing) {
      if (stats.balance >= kMinBalance) {
        repartition(std::move(candidate));
        mode_ = Mode::Parallel;
        switched_ = true;
        next_check_ = total_ + kFirstCheck;  // a short trial: a busy machine costs little
      }
    } else if (options_.fall_back && (stats.balance < kMinBalance || achieved < kMinSpeedup)) {
      repartition(one_partition(n));
      mode_ = Mode::Sequential;
      measuring_ = false;
      switched_ = true;
    } else if (candidate_max < kRebalanceGain * busiest(split_, cost)) {
      repartition(std::move(candidate));
      ++stats.rebalances;
    }
  }

  static Partitioning one_partition(std::size_t lps) {
    Partitioning one;
    one.partition_of.assign(lps, 0);
    one.lookahead.assign(1, Duration::max());
    one.load.assign(1, 0.0);
    return one;
  }

  double busiest(const Partitioning& split, const std::vector<double>& cost) const {
    std::vector<double> load(split.count, 0.0);
    for (std::size_t lp = 0; lp < cost.size(); ++lp) {
      load[split.partition_of[lp]] += cost[lp];
    }
    return *std::max_element(load.begin(), load.end());
  }

  // Moves every pending event (and those waiting in outboxes for the next
  // window) to its LP's partition under `split`. Called between windows.
  void repartition(Partitioning split) {
    const unsigned read_parity = write_parity_ ^ 1u;
    std::vector<Event> events;
    for (auto& part : parts_) {
      while (!part->pending.empty()) {
        events.push_back(part->pending.top());
        part->pending.pop();
      }
      for (auto& box : part->outbox[read_parity]) {
        events.insert(events.end(), box.begin(), box.end());
        box.clear();
      }
      std::fill(part->outbox_min[read_parity].begin(), part->outbox_min[read_parity].end(), Time::infinity());
    }
    split_ = std::move(split);
    for (const Event& ev : events) {
      parts_[split_.partition_of[ev.target]]->pending.push(ev);
    }
  }

  // Earliest event partition p holds or has waiting in other partitions' outboxes.
  Time next_time(std::uint32_t p, unsigned read_parity) const {
    Time next = parts_[p]->pending.empty() ? Time::infinity() : parts_[p]->pending.top().key.when;
    for (const auto& source : parts_) {
      next = std::min(next, source->outbox_min[read_parity][p]);
    }
    return next;
  }

  void ingest(std::uint32_t p, unsigned read_parity) {
    PartitionState<Set>& self = *parts_[p];
    for (auto& source : parts_) {
      std::vector<Event>& box = source->outbox[read_parity][p];
      for (const Event& ev : box) {
        self.pending.push(ev);
      }
      box.clear();
      source->outbox_min[read_parity][p] = Time::infinity();
    }
  }

  // `budget` bounds what one partition may commit (exact when there is one
  // partition, whose window is unbounded when no link leaves it).
  void process_window(std::uint32_t p, Time window_end, unsigned write_parity, std::uint64_t budget) {
    PartitionState<Set>& self = *parts_[p];
    Context& ctx = *self.ctx;
    std::uint64_t events = 0;
    const bool measure = measuring_;
    std::int64_t started = measure ? now_ns() : 0;
    while (!self.pending.empty() && events < budget) {
      const Event ev = self.pending.top();
      if (ev.key.when >= window_end) {
        break;
      }
      detail::commit(network_, lps_, ctx, ev);
      if (measure) {
        const std::int64_t done = now_ns();
        self.cost[ev.target] += done - started;
        started = done;
      }
      ++events;
      self.last_event_time = ev.key.when;
      bool replaced = false;
      for (const Event& sent : self.out) {
        const std::uint32_t dest = split_.partition_of[sent.target];
        if (dest == p) {
          if (replaced) {
            self.pending.push(sent);
          } else {
            self.pending.replace_top(sent);
            replaced = true;
          }
        } else {
          // Guaranteed by Context's latency checks and the partition lookahead.
          assert(sent.key.when >= window_end && "cross-partition event inside the window");
          self.outbox[write_parity][dest].push_back(sent);
          Time& earliest = self.outbox_min[write_parity][dest];
          earliest = std::min(earliest, sent.key.when);
        }
      }
      self.out.clear();
      if (!replaced) {
        self.pending.pop();
      }
    }
    self.events += events;
    self.window_events = events;
  }

  // Commits up to `budget` events in global EventKey order on this thread,
  // delivering cross-partition events directly: the sequential engine's order.
  std::uint64_t finish_in_key_order(unsigned read_parity, std::uint64_t budget) {
    for (std::uint32_t p = 0; p < split_.count; ++p) {
      ingest(p, read_parity);
    }
    std::uint64_t done = 0;
    while (done < budget) {
      PartitionState<Set>* next = nullptr;
      for (auto& part : parts_) {
        if (!part->pending.empty() &&
            (next == nullptr || key_less(part->pending.top().key, next->pending.top().key))) {
          next = part.get();
        }
      }
      if (next == nullptr || next->pending.top().key.when >= options_.end) {
        break;
      }
      const Event ev = next->pending.top();
      next->pending.pop();
      detail::commit(network_, lps_, *next->ctx, ev);
      ++done;
      ++next->events;
      next->last_event_time = ev.key.when;
      for (const Event& sent : next->out) {
        parts_[split_.partition_of[sent.target]]->pending.push(sent);
      }
      next->out.clear();
    }
    return done;
  }

  Network& network_;
  const EngineOptions& options_;
  Partitioning split_;
  std::vector<detail::LpRuntime> lps_;
  std::vector<std::unique_ptr<PartitionState<Set>>> parts_;
  std::uint64_t total_ = 0;  // committed events
  std::uint64_t largest_window_ = 0;
  std::size_t peak_ = 0;
  unsigned write_parity_ = 0;
  // Probing: one partition, measuring whether several would pay (fall_back);
  // Parallel: several partitions, re-balanced on measured cost; Sequential:
  // one partition to the end.
  enum class Mode { Probing, Parallel, Sequential };
  Mode mode_ = Mode::Sequential;
  std::uint32_t requested_ = 1;
  bool measuring_ = false;  // cost per LP, and checks at next_check_
  bool switched_ = false;   // the partition count changed at the last check
  std::uint64_t next_check_ = kFirstCheck;
  std::int64_t last_check_ns_ = 0;
  double total_at_check_ = 0.0;
};

}  // namespace

RunStats ParallelEngine::run(Network& network) {
  return detail::with_event_set(options_.event_set, [&]<class Set>() { return Run<Set>(network, options_).run(); });
}

}  // namespace sim
