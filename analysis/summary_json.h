// analysis/summary_json.h — summary.json, schema "peaksim.summary/1" (documented in
// analysis/SUMMARY.md). Everything but the "invocation" object (command line,
// threads, clock and speed) is bit-identical between runs with the same inputs.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/summary.h"

namespace analysis {

inline constexpr const char* kSummarySchema = "peaksim.summary/1";

[[nodiscard]] nlohmann::ordered_json to_json(const RunSummary& summary);

// summary.json read back, for `peaksim diff`: the run record, every variant's
// metrics with their per-replication values, and of each gate what it judges
// (variant, metric, labels, statistic, comparison, threshold). The invocation,
// the verdicts and the engine figures are not read. A gate record without those
// fields, or with a comparison other than <, <=, >, >=, is skipped, and unknown
// fields are ignored anywhere: a newer peaksim may add them. Throws
// std::runtime_error naming what is wrong with a document that is not a summary.
[[nodiscard]] RunSummary summary_from_json(const nlohmann::json& json);

}  // namespace analysis
