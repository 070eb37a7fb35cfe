#include "sim/window_crew.h"

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PEAKSIM_CPU_RELAX() _mm_pause()
#else
#define PEAKSIM_CPU_RELAX() ((void)0)
#endif

namespace sim {
namespace {
constexpr std::uint64_t kItemMask = 0xFFFF'FFFFULL;
constexpr int kSpinsBeforeYield = 256;
}  // namespace

void WindowCrew::run(const std::function<void()>& main_loop) {
  stop_.store(false, std::memory_order_relaxed);
  if (threads_ == 1) {
    main_loop();
    return;
  }
  tbb::task_arena arena(static_cast<int>(threads_));
  arena.execute([&] {
    tbb::task_group helpers;
    for (unsigned idx = 1; idx < threads_; ++idx) {
      helpers.run([this] { helper_loop(); });
    }
    try {
      main_loop();
    } catch (...) {
      stop_.store(true, std::memory_order_release);
      helpers.wait();
      throw;
    }
    stop_.store(true, std::memory_order_release);
    helpers.wait();
  });
}

void WindowCrew::for_each(std::uint32_t items, const std::function<void(std::uint32_t)>& body) {
  if (threads_ == 1) {
    for (std::uint32_t idx = 0; idx < items; ++idx) {
      body(idx);
    }
    return;
  }
  error_ = nullptr;
  body_.store(&body, std::memory_order_relaxed);
  items_.store(items, std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  const std::uint64_t generation = ++generation_;
  state_.store(generation << 32, std::memory_order_release);  // publishes body_, items_, done_
  work(generation);
  int spins = 0;
  while (done_.load(std::memory_order_acquire) < items) {
    if (++spins < kSpinsBeforeYield) {
      PEAKSIM_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
  if (error_) {
    std::rethrow_exception(error_);
  }
}

void WindowCrew::work(std::uint64_t generation) {
  std::uint64_t state = state_.load(std::memory_order_acquire);
  for (;;) {
    if ((state >> 32) != generation) {
      return;
    }
    const auto item = static_cast<std::uint32_t>(state & kItemMask);
    if (item >= items_.load(std::memory_order_relaxed)) {
      return;
    }
    // Succeeds only while the word still names this generation: a late
    // helper cannot claim an item of another window.
    if (state_.compare_exchange_weak(state, state + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
      try {
        (*body_.load(std::memory_order_relaxed))(item);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (!error_) {
          error_ = std::current_exception();
        }
      }
      done_.fetch_add(1, std::memory_order_acq_rel);
      state = state_.load(std::memory_order_acquire);
    }
  }
}

void WindowCrew::helper_loop() {
  std::uint64_t finished_generation = 0;
  int spins = 0;
  while (!stop_.load(std::memory_order_acquire)) {
    const std::uint64_t generation = state_.load(std::memory_order_acquire) >> 32;
    if (generation != finished_generation) {
      work(generation);
      finished_generation = generation;
      spins = 0;
      continue;
    }
    if (++spins < kSpinsBeforeYield) {
      PEAKSIM_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
}

}  // namespace sim
