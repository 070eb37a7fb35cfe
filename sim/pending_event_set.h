// sim/pending_event_set.h — the future event set, as a concept.
//
// Engines are templates over the set type, so the per-event push/pop is inlined
// rather than a virtual call; `EventSetKind` selects one at run time. Every
// implementation pops events in strict EventKey order (tests/sim/
// pending_event_set_test.cpp runs the same cases over each), and
// `replace_top(e)` == `pop(); push(e);` — the engine's hot path, since most
// events schedule exactly one successor.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sim/event.h"

namespace sim {

template <class S>
concept PendingEventSet = requires(S set, const S cset, const Event& e) {
  { set.push(e) };
  { cset.top() } -> std::same_as<const Event&>;
  { set.pop() };
  { set.replace_top(e) };
  { cset.empty() } -> std::convertible_to<bool>;
  { cset.size() } -> std::convertible_to<std::size_t>;
  { set.reserve(std::size_t{}) };
};

enum class EventSetKind { Heap, Ladder };

// The default, chosen by bench/event_set_bench.cpp (figures in README.md).
inline constexpr EventSetKind kDefaultEventSet = EventSetKind::Ladder;

[[nodiscard]] std::string_view to_string(EventSetKind kind);
[[nodiscard]] std::optional<EventSetKind> event_set_from_string(std::string_view name);

}  // namespace sim
