// models/retail/ids.h — "no node", named once.
//
// A node is its index in the scenario's node list (LP id == node index); an
// OMS candidate is its index in the OMS's candidate list (a slot). Where either
// may be absent — no OMS in the scenario, no candidate can take a line, no
// candidate to exclude — the value is kNoNode, and no other spelling (-1, npos).
#pragma once

#include <cstddef>
#include <limits>

namespace models::retail {

inline constexpr std::size_t kNoNode = std::numeric_limits<std::size_t>::max();

}  // namespace models::retail
