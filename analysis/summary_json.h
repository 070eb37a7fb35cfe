// analysis/summary_json.h — summary.json, schema "peaksim.summary/1" (documented in
// analysis/SUMMARY.md). Everything but the "invocation" object (command line,
// threads, clock and speed) is bit-identical between runs with the same inputs.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/summary.h"

namespace analysis {

inline constexpr const char* kSummarySchema = "peaksim.summary/1";

[[nodiscard]] nlohmann::ordered_json to_json(const RunSummary& summary);

}  // namespace analysis
