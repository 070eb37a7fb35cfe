// sim/event.h — a scheduled happening and the one total order of events.
//
// The order of events is written here and nowhere else. EventKey holds no
// insertion counter: insertion order across threads is not reproducible, so two
// events are ordered by time, then by the LP that created them, then by that
// LP's own sequence number. (origin, origin_seq) is unique, so the order is
// total and every engine, thread count and partitioning commits the same events
// in the same per-LP order.
#pragma once

#include <bit>
#include <compare>
#include <cstdint>
#include <type_traits>

#include "sim/time.h"

namespace sim {

using LpId = std::uint32_t;
using LinkId = std::uint32_t;
using EventKind = std::uint16_t;

inline constexpr LpId kNoLp = 0xFFFF'FFFFu;

struct EventKey {
  Time when;
  LpId origin = kNoLp;         // the LP that created the event
  std::uint32_t origin_seq = 0;  // that LP's own counter (the engine refuses to wrap it)
  friend constexpr auto operator<=>(const EventKey&, const EventKey&) = default;  // member order
};

// Eight bytes of data carried inside the event; anything larger travels as
// engine-owned message data (models/), never as a pointer into another LP.
struct Payload {
  std::uint64_t bits = 0;

  static constexpr Payload of_u64(std::uint64_t v) { return Payload{v}; }
  static constexpr Payload of_i64(std::int64_t v) { return Payload{static_cast<std::uint64_t>(v)}; }
  static constexpr Payload of_double(double v) { return Payload{std::bit_cast<std::uint64_t>(v)}; }
  static constexpr Payload of_pair(std::uint32_t hi, std::uint32_t lo) {
    return Payload{(static_cast<std::uint64_t>(hi) << 32) | lo};
  }
  [[nodiscard]] constexpr std::uint64_t as_u64() const { return bits; }
  [[nodiscard]] constexpr std::int64_t as_i64() const { return static_cast<std::int64_t>(bits); }
  [[nodiscard]] constexpr double as_double() const { return std::bit_cast<double>(bits); }
  [[nodiscard]] constexpr std::uint32_t hi() const { return static_cast<std::uint32_t>(bits >> 32); }
  [[nodiscard]] constexpr std::uint32_t lo() const { return static_cast<std::uint32_t>(bits); }
  friend constexpr bool operator==(const Payload&, const Payload&) = default;
};

struct Event {
  EventKey key;
  LpId target = kNoLp;
  EventKind kind = 0;
  std::uint16_t port = 0;  // model-defined: e.g. which of an LP's links it arrived on
  Payload payload;

  [[nodiscard]] constexpr Time when() const { return key.when; }
};

// Events are copied into heaps, buckets and outboxes by value, millions a second.
static_assert(std::is_trivially_copyable_v<Event>, "Event must stay trivially copyable");
static_assert(sizeof(Event) <= 32, "Event must stay within 32 bytes (half a cache line)");
static_assert(sizeof(EventKey) == 16);

// The ordering predicate every pending-event set uses: the same order as
// EventKey's operator<=>, written as two integer compares for the hot path
// (tests/sim/event_test.cpp checks that the two agree).
[[nodiscard]] constexpr bool key_less(const EventKey& a, const EventKey& b) {
  if (a.when != b.when) {
    return a.when < b.when;
  }
  const std::uint64_t a_tie = (static_cast<std::uint64_t>(a.origin) << 32) | a.origin_seq;
  const std::uint64_t b_tie = (static_cast<std::uint64_t>(b.origin) << 32) | b.origin_seq;
  return a_tie < b_tie;
}

struct EarlierKey {
  constexpr bool operator()(const Event& a, const Event& b) const { return key_less(a.key, b.key); }
};

}  // namespace sim
