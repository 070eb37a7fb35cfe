// sim/logical_process.h — a node of the network that handles events.
//
// The lifecycle is OMNeT++'s and ROSS's: on_start schedules first events,
// on_event handles one event without blocking, on_finish flushes what the LP
// still holds. An LP acts only through the Context it is handed — there is no
// global simulator — and its state is touched by that LP alone, so engines may
// run different LPs on different threads without locks.
#pragma once

#include <cstdint>

#include "sim/event.h"

namespace sim {

class Context;

class LogicalProcess {
 public:
  virtual ~LogicalProcess() = default;
  virtual void on_start(Context& /*ctx*/) {}
  virtual void on_event(const Event& ev, Context& ctx) = 0;
  virtual void on_finish(Context& /*ctx*/) {}
  // A digest of the LP's final state, folded into the run checksum that the
  // determinism tests compare across engines. Default: nothing beyond events.
  [[nodiscard]] virtual std::uint64_t state_digest() const { return 0; }
};

}  // namespace sim
