// sim/heap_event_set.h — a 4-ary implicit min-heap of events.
//
// Cost: push O(log4 n), pop O(4 log4 n) compares, top O(1); one contiguous vector.
// What is smart about it: four children of a node share one 128-byte span, so a
// sift-down step touches two cache lines instead of the binary heap's one line
// per level but half the levels; and `replace_top` sifts once where pop+push
// sifts twice — the engine uses it for the (common) event that schedules one
// successor. Moves use a "hole" rather than swaps.
#pragma once

#include <cassert>
#include <cstddef>
#include <vector>

#include "sim/event.h"

namespace sim {

class HeapEventSet {
 public:
  static constexpr std::size_t kArity = 4;

  void push(const Event& e) {
    heap_.push_back(e);
    sift_up(heap_.size() - 1, e);
  }

  [[nodiscard]] const Event& top() const {
    assert(!heap_.empty() && "top() on an empty HeapEventSet");
    return heap_.front();
  }

  void pop() {
    assert(!heap_.empty() && "pop() on an empty HeapEventSet");
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      sift_down(0, last);
    }
  }

  // Equivalent to pop() followed by push(e), in one sift.
  void replace_top(const Event& e) {
    assert(!heap_.empty() && "replace_top() on an empty HeapEventSet");
    sift_down(0, e);
  }

  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  void reserve(std::size_t n) { heap_.reserve(n); }

 private:
  void sift_up(std::size_t hole, const Event& e) {
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!key_less(e.key, heap_[parent].key)) {
        break;
      }
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }

  void sift_down(std::size_t hole, const Event& e) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first_child = hole * kArity + 1;
      if (first_child >= n) {
        break;
      }
      std::size_t best = first_child;
      const std::size_t last_child = first_child + kArity < n ? first_child + kArity : n;
      for (std::size_t child = first_child + 1; child < last_child; ++child) {
        if (key_less(heap_[child].key, heap_[best].key)) {
          best = child;
        }
      }
      if (!key_less(heap_[best].key, e.key)) {
        break;
      }
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = e;
  }

  std::vector<Event> heap_;
};

}  // namespace sim
