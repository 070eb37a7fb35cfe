// sim/errors.h — the kernel's exception types.
//
// Three kinds of failure, three mechanisms (STYLE.md §5): bad user input is a
// typed error carrying where it was found (DurationError here, ScenarioError in
// models/); an impossible state during a run is a ModelError, to which the engine
// appends the LP, the simulated time and the event number; our own bugs are
// asserts.
#pragma once

#include <stdexcept>
#include <string>

namespace sim {

// A duration string that does not follow the grammar of parse_duration.
class DurationError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Something a model did that the kernel cannot allow (a send below a link's
// minimum latency, an event scheduled into the past, an impossible state).
// Model code states what went wrong; the engine rethrows it with context.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A network or engine configuration that cannot run (e.g. a zero-latency mesh
// split over partitions).
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace sim
