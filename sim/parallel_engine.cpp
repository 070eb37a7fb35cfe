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
      parts_.push_back(std::move(state));
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
    std::uint64_t largest_window = initial;

    RunStats stats;
    stats.partitions = split_.count;
    std::size_t peak = initial;
    std::uint64_t total = 0;
    unsigned write_parity = 0;
    const auto wall_start = std::chrono::steady_clock::now();
    // More threads than cores only adds spinning; partitions still follow
    // options_.threads, and results never depend on either.
    const auto cores = static_cast<unsigned>(std::max(1, tbb::info::default_concurrency()));
    WindowCrew crew(std::clamp(options_.threads, 1u, cores));
    std::function<void(std::uint32_t)> step;  // one partition's share of the current window
    crew.run([&] {
      for (;;) {
        const unsigned read_parity = write_parity ^ 1u;
        Time earliest = Time::infinity();
        Time window_end = Time::infinity();
        for (std::uint32_t p = 0; p < split_.count; ++p) {
          const Time next = next_time(p, read_parity);
          earliest = std::min(earliest, next);
          if (split_.lookahead[p] != Duration::max()) {
            window_end = std::min(window_end, next + split_.lookahead[p]);
          }
        }
        if (earliest >= options_.end || earliest == Time::infinity() || total >= options_.max_events) {
          break;
        }
        if (options_.max_events - total <= kTailSafetyFactor * std::max<std::uint64_t>(largest_window, 1)) {
          total += finish_in_key_order(read_parity, options_.max_events - total);
          break;
        }
        window_end = std::min(window_end, options_.end);
        step = [&, read_parity, window_end](std::uint32_t p) {
          ingest(p, read_parity);
          process_window(p, window_end, write_parity, options_.max_events - total);
        };
        crew.for_each(split_.count, step);
        std::uint64_t in_window = 0;
        std::size_t pending = 0;
        for (const auto& part : parts_) {
          in_window += part->window_events;
          pending += part->pending.size();
          for (const auto& box : part->outbox[write_parity]) {
            pending += box.size();
          }
        }
        total += in_window;
        if (options_.progress && total / kProgressEvents != (total - in_window) / kProgressEvents) {
          options_.progress(window_end, total);
        }
        largest_window = std::max(largest_window, in_window);
        peak = std::max(peak, pending);
        ++stats.windows;
        write_parity ^= 1u;
      }
    });
    stats.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

    stats.events = total;
    for (const auto& part : parts_) {
      stats.last_event_time = std::max(stats.last_event_time, part->last_event_time);
      stats.pending_at_end += part->pending.size();
      for (const auto& per_parity : part->outbox) {
        for (const auto& box : per_parity) {
          stats.pending_at_end += box.size();
        }
      }
    }
    stats.peak_pending = peak;
    stats.end_time = options_.end == Time::infinity() || total >= options_.max_events ? stats.last_event_time
                                                                                       : options_.end;
    std::vector<Event> finish_out;
    Context finish_ctx(network_, options_.probes, finish_out, options_.seed, options_.replication);
    detail::finish_all(network_, lps_, finish_ctx, finish_out, stats.end_time);
    stats.checksum = detail::run_checksum(network_, lps_, total);
    return stats;
  }

 private:
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
    while (!self.pending.empty() && events < budget) {
      const Event ev = self.pending.top();
      if (ev.key.when >= window_end) {
        break;
      }
      detail::commit(network_, lps_, ctx, ev);
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
};

}  // namespace

RunStats ParallelEngine::run(Network& network) {
  return detail::with_event_set(options_.event_set, [&]<class Set>() { return Run<Set>(network, options_).run(); });
}

}  // namespace sim
