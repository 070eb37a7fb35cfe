// cli/progress.h — progress of a long run, on stderr.
//
// On a terminal: one live line, redrawn at most every 100 ms,
//   [#########-----------]  45%  sim 01:15:00 / 02:46:40  12.3 M ev/s  ETA 5s
// (or "runs 12 / 50" in place of the clock when many runs are counted)
// and erased when the run ends. Nothing when stderr is not a terminal (CI logs,
// pipes: a log wants the result, not a status line every few seconds), nor when quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sim/time.h"

namespace peaksim {

class Progress {
 public:
  enum class Mode { Auto, Quiet };
  // `label` names the run; `end` is the simulated time at which it finishes.
  Progress(std::string label, sim::Time end, Mode mode = Mode::Auto);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Called by the engine's progress hook; cheap when nothing is due.
  void update(sim::Time now, std::uint64_t events);
  // For many runs: `done` of `total` runs finished, `events` committed so far;
  // `running` adds the fraction of the runs in flight (0..their count), and
  // `sim_now` the simulated clock of the one that reported last.
  void update_runs(std::uint64_t done, std::uint64_t total, std::uint64_t events, double running = 0.0,
                   sim::Time sim_now = sim::Time::infinity());
  void finish();

  // The bar itself, for tests: fraction in [0, 1], `width` cells.
  [[nodiscard]] static std::string bar(double fraction, int width);

 private:
  std::string line(sim::Time now, std::uint64_t events) const;
  std::string runs_line(std::uint64_t done, std::uint64_t total, std::uint64_t events, double running,
                        sim::Time sim_now) const;
  bool due();
  void show(const std::string& text);

  std::string label_;
  sim::Time end_;
  bool enabled_ = false;
  bool terminal_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace peaksim
