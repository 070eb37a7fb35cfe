#include "sim/pending_event_set.h"

namespace sim {

std::string_view to_string(EventSetKind kind) {
  switch (kind) {
    case EventSetKind::Heap:
      return "heap";
    case EventSetKind::Ladder:
      return "ladder";
  }
  return "heap";
}

std::optional<EventSetKind> event_set_from_string(std::string_view name) {
  if (name == "heap") {
    return EventSetKind::Heap;
  }
  if (name == "ladder") {
    return EventSetKind::Ladder;
  }
  return std::nullopt;
}

}  // namespace sim
