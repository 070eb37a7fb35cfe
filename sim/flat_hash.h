// sim/flat_hash.h — hash tables for ids looked up on every message.
//
// Abseil's open-addressing tables: one probe into a flat array, no heap node per
// entry (std::unordered_map allocates one per insert and chases a pointer per
// lookup; a large day keeps millions of line ids). Two differences from
// std::unordered_* that callers must respect:
//   - an insert may move every element: hold no reference or iterator across one;
//   - the iteration order differs from run to run (Abseil salts each table), so
//     iterate one only where the order cannot matter (counting), never to emit,
//     sum floating point or choose.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

namespace sim {

// Abseil's own defaults for the hash and equality unless a caller names its own.
template <class Key, class Value, class... Options>
using FlatHashMap = absl::flat_hash_map<Key, Value, Options...>;

template <class Key, class... Options>
using FlatHashSet = absl::flat_hash_set<Key, Options...>;

}  // namespace sim
