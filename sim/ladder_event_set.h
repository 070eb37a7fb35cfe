// sim/ladder_event_set.h — a ladder queue of events (Tang, Goh & Thng 2005, simplified).
//
// Same contract as HeapEventSet: events pop in strict key_less order, `replace_top(e)`
// == `pop(); push(e);`, and any key may be pushed at any time, even one earlier than
// the last popped. Three tiers, from far to near:
//
//   top     unsorted; every event later than top_floor_ (the end of rung 0);
//   rungs   rung 0 spreads what was in top over 2^shift-wide buckets; a bucket too big
//           to sort when its turn comes is spread again as a finer rung below it;
//   bottom  the nearest events, sorted descending: top() is back(), pop() is pop_back().
//
// Cost: top O(1); push O(1) (compare with a floor or two, append to a bucket); pop
// amortised O(1): an event is appended to a bucket a small, distribution-dependent
// number of times (top, rung 0, now and then a finer rung) and sorted once within a
// bucket of at most kSortMax events. Memory ~40 bytes an event (chunks partly
// filled) plus 8 a bucket: 1M pending events peak at ~44 MB resident.
// Degrades (still correct) when thousands of events share one time: they must sit in
// bottom together, and each push among them is a binary search plus a memmove.
//
// What is smart about it:
//  * Times are mapped to unsigned 64-bit (sign bit flipped), bucket widths are powers
//    of two, so a bucket index is a subtract and a shift — no division, no overflow,
//    even for spans of 2^63 µs or Time::infinity().
//  * A rung is sized from the actual min and max of the events it spreads, not from
//    its parent's bucket, so a huge spread or an outlier costs one extra rung, not
//    a ladder of empty ones. Every split puts min and max in different buckets, so
//    each finer rung holds strictly fewer events: the ladder always terminates.
//  * Buckets are chains of 16-event chunks from one pool: an empty bucket costs 8
//    bytes, an append is one store into the bucket's head chunk, and the chunks a
//    consumed bucket frees are reused LIFO by the next appends while still in cache:
//    no allocation in steady state. Retired rungs keep their bucket arrays for the
//    next rung at that depth.
//  * Routing is by floors only: an event goes to the coarsest tier whose unconsumed
//    range starts at or below it, and anything below every floor goes into bottom.
//    That is what makes pushes into the past correct without a special case.
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/event.h"

namespace sim {

class LadderEventSet {
 public:
  void push(const Event& e) {
    route(e);
    ++size_;
    if (bottom_.empty()) {
      refill();
    }
  }

  [[nodiscard]] const Event& top() const {
    assert(!bottom_.empty() && "top() on an empty LadderEventSet");
    return bottom_.back();
  }

  void pop() {
    assert(!bottom_.empty() && "pop() on an empty LadderEventSet");
    bottom_.pop_back();
    --size_;
    if (bottom_.empty()) {
      refill();
    }
  }

  // Equivalent to pop() followed by push(e); refills bottom at most once.
  void replace_top(const Event& e) {
    assert(!bottom_.empty() && "replace_top() on an empty LadderEventSet");
    bottom_.pop_back();
    route(e);
    if (bottom_.empty()) {
      refill();
    }
  }

  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }

  void reserve(std::size_t n) {
    const std::size_t chunks = n / kChunkEvents + n / (4 * kChunkEvents) + 1;
    blocks_.reserve(chunks / kBlockChunks + 1);
    while ((blocks_.size() << kBlockShift) < chunks) {
      blocks_.emplace_back(kBlockChunks);
    }
    bottom_.reserve(kBottomLimit + 1);
  }

 private:
  static constexpr std::uint32_t kChunkEvents = 16;    // power of two: fill is a mask
  static constexpr std::uint32_t kBlockShift = 12;     // 4096 chunks (~2 MiB) a block
  static constexpr std::uint32_t kBlockChunks = 1u << kBlockShift;
  static constexpr std::uint32_t kNil = 0xFFFF'FFFFu;
  static constexpr std::size_t kTargetPerBucket = 32;  // mean bucket size a rung aims at
  static constexpr std::size_t kSortMax = 64;          // larger buckets become a rung
  static constexpr std::size_t kBottomLimit = 256;     // bottom spills into a rung beyond
  static constexpr std::size_t kMaxBuckets = std::size_t{1} << 22;

  struct Chunk {
    Event events[kChunkEvents];
    std::uint32_t next = kNil;
  };

  // Chunks chained newest first; all but the head chunk are full.
  struct Bucket {
    std::uint32_t head = kNil;
    std::uint32_t count = 0;
  };

  struct Rung {
    std::uint64_t start = 0;  // ord of bucket 0's first instant
    std::uint64_t floor = 0;  // ord of the first unconsumed instant
    std::uint32_t shift = 0;  // bucket width is 2^shift µs
    std::size_t cur = 0;      // next bucket to consume; == buckets.size() once exhausted
    std::vector<Bucket> buckets;
  };

  // Orders bottom_ descending, so its minimum is at the back.
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return key_less(b.key, a.key); }
  };

  // Time as unsigned with the same order: spans and indices never overflow.
  static std::uint64_t ord(const Event& e) {
    return static_cast<std::uint64_t>(e.key.when.count_us()) ^ (std::uint64_t{1} << 63);
  }

  static std::size_t bucket_of(const Rung& r, std::uint64_t u) {
    // The last bucket also takes everything up to the next coarser floor.
    return static_cast<std::size_t>(
        std::min<std::uint64_t>((u - r.start) >> r.shift, r.buckets.size() - 1));
  }

  void route(const Event& e) {
    const std::uint64_t u = ord(e);
    if (u > top_floor_) {
      append(top_, e);
      top_min_ = std::min(top_min_, u);
      top_max_ = std::max(top_max_, u);
      return;
    }
    for (std::size_t i = 0; i < depth_; ++i) {
      Rung& r = rungs_[i];
      if (u >= r.floor && r.cur < r.buckets.size()) {
        append(r.buckets[bucket_of(r, u)], e);
        return;
      }
    }
    insert_bottom(e);
  }

  void insert_bottom(const Event& e) {
    bottom_.insert(std::upper_bound(bottom_.begin(), bottom_.end(), e, Later{}), e);
    if (bottom_.size() > bottom_limit_ && ord(bottom_.front()) != ord(bottom_.back())) {
      spill_bottom();
    }
  }

  // Too many pushes landed below every floor: spread bottom as the finest rung.
  void spill_bottom() {
    Rung& r = push_rung(ord(bottom_.back()), ord(bottom_.front()), bottom_.size());
    for (const Event& e : bottom_) {
      append(r.buckets[bucket_of(r, ord(e))], e);
    }
    bottom_.clear();
    refill();
  }

  // Moves the next nonempty bucket (splitting big ones) into bottom_, sorted.
  void refill() {
    while (bottom_.empty()) {
      if (depth_ == 0) {
        if (top_.count == 0) {
          return;  // the set is empty
        }
        const Bucket all = top_;
        const std::uint64_t lo = top_min_;
        const std::uint64_t hi = top_max_;
        top_ = Bucket{};
        top_min_ = std::numeric_limits<std::uint64_t>::max();
        top_max_ = 0;
        top_floor_ = hi;
        take(all, lo, hi);
        continue;
      }
      Rung& r = rungs_[depth_ - 1];
      while (r.cur < r.buckets.size() && r.buckets[r.cur].count == 0) {
        ++r.cur;
      }
      if (r.cur == r.buckets.size()) {
        --depth_;
        continue;
      }
      const Bucket b = r.buckets[r.cur];
      r.buckets[r.cur] = Bucket{};
      ++r.cur;
      r.floor = r.start + (static_cast<std::uint64_t>(r.cur) << r.shift);  // unused once exhausted
      if (b.count <= kSortMax) {
        drain_to_bottom(b);
      } else {
        std::uint64_t lo = std::numeric_limits<std::uint64_t>::max();
        std::uint64_t hi = 0;
        for_each_in(b, [&](const Event& e) {
          lo = std::min(lo, ord(e));
          hi = std::max(hi, ord(e));
        });
        take(b, lo, hi);  // may push a rung: `r` is not used after this
      }
    }
    std::sort(bottom_.begin(), bottom_.end(), Later{});
    // Hysteresis: a bottom of many equal times must not spill on every push.
    bottom_limit_ = std::max(kBottomLimit, 2 * bottom_.size());
  }

  // Sorts a small or single-instant bucket, spreads any other as a finer rung.
  void take(const Bucket& b, std::uint64_t lo, std::uint64_t hi) {
    if (b.count <= kSortMax || lo == hi) {
      drain_to_bottom(b);
      return;
    }
    Rung& r = push_rung(lo, hi, b.count);
    drain(b, [&](const Event& e) { append(r.buckets[bucket_of(r, ord(e))], e); });
  }

  // A rung over [lo, hi] (lo < hi) with about count / kTargetPerBucket buckets.
  Rung& push_rung(std::uint64_t lo, std::uint64_t hi, std::size_t count) {
    assert(lo < hi);
    if (depth_ == rungs_.size()) {
      rungs_.emplace_back();
    }
    Rung& r = rungs_[depth_++];
    const std::uint64_t want = std::clamp<std::uint64_t>(count / kTargetPerBucket, 2, kMaxBuckets);
    // Widest power of two <= ceil(span / want): never as wide as the span, so lo and
    // hi land in different buckets.
    r.shift = static_cast<std::uint32_t>(std::bit_width((hi - lo) / want + 1) - 1);
    r.start = lo;
    r.floor = lo;
    r.cur = 0;
    r.buckets.assign(static_cast<std::size_t>(((hi - lo) >> r.shift) + 1), Bucket{});
    return r;
  }

  void drain_to_bottom(const Bucket& b) {
    drain(b, [&](const Event& e) { bottom_.push_back(e); });
  }

  // --- the chunk pool -----------------------------------------------------------

  Chunk& chunk(std::uint32_t i) { return blocks_[i >> kBlockShift][i & (kBlockChunks - 1)]; }

  std::uint32_t alloc_chunk() {
    if (free_ != kNil) {
      const std::uint32_t c = free_;
      free_ = chunk(c).next;
      return c;
    }
    if (fresh_ == (blocks_.size() << kBlockShift)) {
      blocks_.emplace_back(kBlockChunks);
    }
    return static_cast<std::uint32_t>(fresh_++);
  }

  void append(Bucket& b, const Event& e) {
    assert(b.count < 0xFFFF'FFFFu);
    const std::uint32_t slot = b.count & (kChunkEvents - 1);
    if (slot == 0) {
      const std::uint32_t c = alloc_chunk();
      chunk(c).next = b.head;
      b.head = c;
    }
    chunk(b.head).events[slot] = e;
    ++b.count;
  }

  template <class F>
  void for_each_in(const Bucket& b, F&& f) {
    std::uint32_t n = b.count & (kChunkEvents - 1);
    for (std::uint32_t c = b.head; c != kNil; c = chunk(c).next) {
      const Chunk& ch = chunk(c);
      for (std::uint32_t i = 0; i < (n == 0 ? kChunkEvents : n); ++i) {
        f(ch.events[i]);
      }
      n = kChunkEvents;
    }
  }

  // Visits every event of `b` and returns its chunks to the pool. `f` may append to
  // other buckets: a chunk is freed only after it has been read, and blocks never move.
  template <class F>
  void drain(const Bucket& b, F&& f) {
    std::uint32_t n = b.count & (kChunkEvents - 1);
    std::uint32_t c = b.head;
    while (c != kNil) {
      const Chunk& ch = chunk(c);
      for (std::uint32_t i = 0; i < (n == 0 ? kChunkEvents : n); ++i) {
        f(ch.events[i]);
      }
      n = kChunkEvents;
      const std::uint32_t next = ch.next;
      chunk(c).next = free_;
      free_ = c;
      c = next;
    }
  }

  std::vector<Event> bottom_;
  std::size_t bottom_limit_ = kBottomLimit;
  std::vector<Rung> rungs_;  // [0, depth_) in use, coarsest first; the rest keep capacity
  std::size_t depth_ = 0;
  Bucket top_;
  std::uint64_t top_min_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t top_max_ = 0;
  std::uint64_t top_floor_ = 0;  // ord of the latest instant not in top_
  std::size_t size_ = 0;

  std::vector<std::vector<Chunk>> blocks_;  // inner vectors never resize: chunks stay put
  std::size_t fresh_ = 0;                   // chunks ever handed out from blocks_
  std::uint32_t free_ = kNil;
};

}  // namespace sim
