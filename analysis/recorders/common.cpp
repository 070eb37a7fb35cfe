#include "analysis/recorders/common.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace analysis::recorders {

namespace {

// The time-weighted mean and the peak of a level over [from, to), from sorted changes.
std::pair<double, double> weighted_level(const LevelChanges& changes, std::int64_t from, std::int64_t to) {
  double value = 0.0, area = 0.0, peak = 0.0;
  std::int64_t at = from;
  bool started = false;
  for (const auto& [when, delta] : changes) {
    if (when >= to) {
      break;
    }
    if (when > from) {
      if (!started) {
        peak = value;
        started = true;
      }
      area += value * static_cast<double>(when - at);
      at = when;
    }
    value += delta;
    if (when >= from) {
      peak = std::max(peak, value);
    }
  }
  if (!started) {
    peak = value;
  }
  area += value * static_cast<double>(to - at);
  return {to > from ? area / static_cast<double>(to - from) : std::numeric_limits<double>::quiet_NaN(), peak};
}

}  // namespace

ChannelMetrics& channel_at(RetailMetrics& out, std::size_t idx) {
  if (idx >= out.channels.size()) {
    throw std::out_of_range("a probe names channel #" + std::to_string(idx) + ", which does not exist");
  }
  return out.channels[idx];
}

std::size_t checked_index(std::int64_t label, std::size_t size, const char* what) {
  if (label < 0 || static_cast<std::size_t>(label) >= size) {
    throw std::out_of_range(std::string("a probe names ") + what + " #" + std::to_string(label) +
                            ", which does not exist");
  }
  return static_cast<std::size_t>(label);
}

std::pair<double, double> settle_level(LevelChanges& changes, const Context& context) {
  std::sort(changes.begin(), changes.end());
  return weighted_level(changes, context.warmup.count_us(), context.end.count_us());
}

double final_level(const LevelChanges& changes) {
  double level = 0.0;
  for (const auto& [when, delta] : changes) {
    level += delta;
  }
  return level;
}

std::size_t minutes_until(sim::Time end) {
  return static_cast<std::size_t>((end.count_us() + kMinuteUs - 1) / kMinuteUs);
}

Series minute_level(const std::string& name, const std::string& unit, const LevelChanges& changes, sim::Time end,
                    Labels labels, double divisor) {
  const std::size_t minutes = minutes_until(end);
  Series s{name, std::move(labels), unit, std::vector<double>(minutes, 0.0)};
  double value = 0.0;
  std::size_t next = 0;
  for (std::size_t m = 0; m < minutes; ++m) {
    const auto minute_end = static_cast<std::int64_t>(m + 1) * kMinuteUs;
    while (next < changes.size() && changes[next].first < minute_end) {
      value += changes[next++].second;
    }
    s.values[m] = value / divisor;
  }
  return s;
}

}  // namespace analysis::recorders
