// sim/window_crew.h — a fixed crew of TBB threads that runs each window's partitions.
//
// A conservative window holds ~50-100 µs of work per partition; handing it to
// tbb::parallel_for costs a worker wake-up per window, and the calling thread
// often finishes every partition before a sleeping worker arrives (measured:
// 2 threads no faster than 1). The crew instead keeps its helpers — tasks in
// the engine's own task_arena — spinning between windows (pause, then yield),
// and lets any thread claim any partition of the current window.
//
// What is smart about it: a claim is one CAS on a 64-bit word holding
// (window generation, next partition), so a helper that wakes up late can
// never claim a partition of a window other than the one it read, and the
// calling thread alone can finish every window: no deadlock when TBB gives the
// arena fewer threads than asked for.
//
//   WindowCrew crew(threads);
//   crew.run([&] { while (...) crew.for_each(partitions, [&](std::uint32_t p) { ... }); });
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>

namespace sim {

class WindowCrew {
 public:
  explicit WindowCrew(unsigned threads) : threads_(threads == 0 ? 1 : threads) {}

  // Runs `main_loop` on the calling thread, inside an arena of `threads`
  // threads whose helpers serve the for_each calls it makes.
  void run(const std::function<void()>& main_loop);

  // Calls body(item) once for each item in [0, items), on any crew thread, and
  // returns when all are done. Rethrows the first exception a body threw.
  void for_each(std::uint32_t items, const std::function<void(std::uint32_t)>& body);

 private:
  void work(std::uint64_t generation);
  void helper_loop();

  const unsigned threads_;
  std::atomic<std::uint64_t> state_{0};  // (generation << 32) | next unclaimed item
  std::atomic<std::uint32_t> items_{0};
  std::atomic<std::uint32_t> done_{0};
  std::atomic<const std::function<void(std::uint32_t)>*> body_{nullptr};
  std::atomic<bool> stop_{false};
  std::uint64_t generation_ = 0;
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace sim
