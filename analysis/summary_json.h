// analysis/summary_json.h — summary.json, schema "peaksim.summary/1" (documented in
// analysis/SUMMARY.md). Everything but the "invocation" object (command line,
// threads, clock and speed) is bit-identical between runs with the same inputs.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "analysis/summary.h"

namespace analysis {

inline constexpr const char* kSummarySchema = "peaksim.summary/1";

[[nodiscard]] nlohmann::ordered_json to_json(const RunSummary& summary);

// summary.json as written: to_json indented by two, but every array of numbers
// (a metric's per-replication "values", an interval) on one line. The same JSON
// in less than half the bytes when replications are many (the reference with 200
// replications: about 22 MB rather than 47, most of it the values).
[[nodiscard]] std::string summary_text(const RunSummary& summary);

// `text` (JSON as nlohmann's dump(indent) writes it) with each array whose
// elements are all numbers or null on one line, elements separated by ",".
[[nodiscard]] std::string inline_number_arrays(const std::string& text);

// summary.json read back, for `peaksim diff`: the run record, every variant's
// metrics with their per-replication values, and of each gate what it judges
// (variant, metric, labels, statistic, comparison, threshold). The invocation,
// the verdicts and the engine figures are not read. A gate record without those
// fields, or with a comparison other than <, <=, >, >=, is skipped, and unknown
// fields are ignored anywhere: a newer peaksim may add them. Throws
// std::runtime_error naming what is wrong with a document that is not a summary.
[[nodiscard]] RunSummary summary_from_json(const nlohmann::json& json);

}  // namespace analysis
