// sim/sequential_engine.h — the reference engine: one pending-event set, one thread.
//
// Short and obvious on purpose: it defines what every other engine must
// reproduce bit for bit. Events are committed in global EventKey order.
//
//   sim::SequentialEngine engine(options);
//   sim::RunStats stats = engine.run(network);
#pragma once

#include "sim/engine.h"
#include "sim/network.h"

namespace sim {

class SequentialEngine {
 public:
  explicit SequentialEngine(EngineOptions options) : options_(options) {}
  // Runs `network` once: on_start, events until `end` or `max_events`, on_finish.
  RunStats run(Network& network);

 private:
  EngineOptions options_;
};

}  // namespace sim
