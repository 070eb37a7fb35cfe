// cli/scenario_overview.h — what the outputs say about a scenario besides its
// numbers: a sketch of its network and the metrics' descriptions for the
// report, and what the file asks for that the models do not simulate yet
// (printed once, as a note on stderr).
#pragma once

#include <string>
#include <vector>

#include "analysis/report_html.h"
#include "analysis/summary.h"
#include "models/scenario/spec.h"

namespace peaksim {

// Groups templated nodes (store-001..store-180 -> "store-*" ×180) and folds their links.
[[nodiscard]] analysis::NetworkSketch sketch_network(const models::scenario::ScenarioSpec& spec);

// The metrics catalog (models/registry.cpp) as the report names metrics from it.
[[nodiscard]] std::vector<analysis::MetricDescription> metric_descriptions();

// Adds to `found`, once each, what `spec` says that the models do not act on yet.
void note_not_yet_simulated(const models::scenario::ScenarioSpec& spec, std::vector<std::string>& found);

}  // namespace peaksim
