// models/synthetic/relay.h — a relay network with heterogeneous link latencies.
//
// The second model of the kernel's determinism tests: unlike PHOLD's uniform
// mesh, its links have latencies of 0, 1 ms, 50 ms and 2 s, and LPs come in
// blocks of `block` joined both ways by zero-latency links, which the
// partitioner must keep together. Tokens hop from LP to LP over a randomly
// chosen outgoing link (delay = the link's minimum + a random extra); at each
// hop an LP may also schedule itself a zero-delay "tick" and emit probes, so
// same-time events, self-events and probes are all exercised.
#pragma once

#include <cstdint>

#include "sim/network.h"
#include "sim/probe.h"

namespace models {

struct RelayParams {
  std::uint32_t lps = 64;
  std::uint32_t block = 4;          // LPs per zero-latency block (1 = no zero-latency links)
  std::uint32_t tokens_per_lp = 3;
  std::uint64_t topology_seed = 7;  // the long links; fixed so every engine sees one network
};

namespace relay_probes {
inline constexpr sim::ProbeId kHop = 1;    // value: the token's hop count
inline constexpr sim::ProbeId kTick = 2;   // value: 1
}  // namespace relay_probes

[[nodiscard]] sim::Network build_relay(const RelayParams& params);

}  // namespace models
