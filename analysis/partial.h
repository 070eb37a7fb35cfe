// analysis/partial.h — replications run elsewhere: a shard's results as JSON
// (schema "peaksim.partial/1"), and back.
//
// `peaksim run --shard I/N` and each MPI rank produce one; `peaksim merge` and
// rank 0 read them. Numbers are written in the shortest form that reads back
// to the same double, and NaN as null, so a merged summary is byte-identical
// to one computed in a single process.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/summary.h"

namespace analysis {

inline constexpr const char* kPartialSchema = "peaksim.partial/1";

struct Partial {
  // What must agree between the partials of one experiment.
  nlohmann::ordered_json identity;  // scenario, file hash, seed, replications, sets, variants, version, commit
  std::string scenario_text;        // the scenario file itself, so a merge needs nothing else
  std::uint32_t shard = 0, shards = 1;
  std::vector<ReplicationResult> runs;
  std::vector<std::string> notes;           // from the model builder
  std::vector<std::string> not_simulated;   // what the file says that the models do not act on yet
};

[[nodiscard]] nlohmann::ordered_json to_json(const Partial& partial);
// Throws std::runtime_error naming what is wrong with a malformed partial.
[[nodiscard]] Partial partial_from_json(const nlohmann::json& json);

}  // namespace analysis
