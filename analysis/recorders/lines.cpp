#include "analysis/recorders/lines.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/retail/probes.h"

namespace analysis::recorders {

namespace probes = models::retail::probes;

void LineBook::index(const ProbeRecord& r) {
  if (r.probe == probes::kLineCaptured) {
    if (r.value < 0 || r.value > static_cast<double>(std::numeric_limits<std::uint32_t>::max())) {
      throw std::logic_error("a line captured for channel " + std::to_string(r.value) + " (line id " +
                             std::to_string(r.label) + ")");
    }
    lines_.emplace(r.label, Line{.captured = r.when, .channel = static_cast<std::uint32_t>(r.value)});
  } else if (r.probe == probes::kLineBopis) {
    if (const auto at = lines_.find(r.label); at != lines_.end()) {
      at->second.bopis = true;
    }
  }
}

void LineBook::join(const ProbeRecord& r) {
  if (!joins(r.probe)) {  // what RetailRecorder keeps for this phase
    return;
  }
  switch (r.probe) {
    case probes::kLineFulfilled:
    case probes::kOversellResourced:
    case probes::kOversellBackordered:
    case probes::kOversellCanceled: {
      const auto at = lines_.find(r.label);
      if (at == lines_.end()) {
        throw std::logic_error("an outcome for a line never captured (line id " + std::to_string(r.label) + ")");
      }
      at->second.oversold = at->second.oversold || r.probe != probes::kLineFulfilled;
      break;
    }
    case probes::kLineReleased:
    case probes::kLineShipped: {
      const auto at = lines_.find(r.label);
      if (at == lines_.end()) {
        throw std::logic_error("a line was released or shipped without being captured (line id " +
                               std::to_string(r.label) + ")");
      }
      if (r.probe == probes::kLineShipped) {
        at->second.shipped = std::min(at->second.shipped, r.when);
      } else if (at->second.released == sim::Time::infinity()) {
        at->second.released = r.when;
      }
      break;
    }
    default:
      break;
  }
}

const Line* LineBook::find(std::int64_t id) const {
  const auto at = lines_.find(id);
  return at == lines_.end() ? nullptr : &at->second;
}

}  // namespace analysis::recorders
