// sim/parallel_engine.h — a conservative, window-synchronous parallel engine on TBB.
//
// The network is split into partitions (sim/partition.h). Each round, every
// partition p knows the time of its earliest pending event, next_p, and the
// minimum latency of links leaving it, la_p; nothing can reach any partition
// before  W = min_p(next_p + la_p),  so all partitions commit their events in
// [T, W) in parallel, buffering cross-partition events in outboxes. At the
// barrier each partition takes in the events addressed to it; because every
// pending-event set orders by EventKey — a total order with no insertion
// counter — the order in which outboxes are read cannot change what is
// committed. Each LP therefore sees exactly the event sequence of the
// SequentialEngine, and the checksum is bit-identical for any thread count and
// any partitioning.
//
// Partitions are first balanced on the LPs' declared expected loads, which can
// be far off: on the retail model the OMS hub's events cost ~40 times a
// store's. So the engine measures what each LP's events cost (a clock read per
// event), and at checks after 2^16 events and every time the count quadruples,
// re-partitions on that cost when the busiest partition gets 5 % lighter
// (events move between partitions at the barrier). With `fall_back`
// (`--engine auto`), it starts on one partition (the sequential order, on the
// calling thread), goes to several at the first check only when the measured
// balance — all LPs' cost over the busiest partition's — is at least 1.25,
// and goes back to one for good when the balance drops below that or a check
// (the first 2^16 events after the switch, then as above) finds the windows
// achieved less than 1.1x (cost committed over wall time).
// None of this can change a result: results never depend on the partitioning.
//
// A run stopped by `max_events` commits the first max_events events in
// EventKey order, as the sequential engine does: when the remaining budget is
// within eight times the largest window seen so far, the engine finishes on one
// thread in global key order across the partitions. Limitation: a window that
// suddenly holds more than eight times any earlier one can overshoot the budget
// (nothing can be un-committed), and the run then differs from the sequential
// one. Time-bounded runs (`end`) have no such caveat; scenarios use them.
#pragma once

#include "sim/engine.h"
#include "sim/network.h"

namespace sim {

class ParallelEngine {
 public:
  explicit ParallelEngine(EngineOptions options) : options_(options) {}
  RunStats run(Network& network);

 private:
  EngineOptions options_;
};

}  // namespace sim
