// models/scenario/build_spec.h — from a parsed document to a checked ScenarioSpec.
//
// The semantic pass: everything the JSON Schema cannot say (durations that
// parse, templates and globs, links between existing nodes, zero-latency
// cycles, profiles in time order, gates on known metrics) plus precise
// messages for what it can. Reports every problem it finds into `diags`.
#pragma once

#include <nlohmann/json.hpp>

#include "models/scenario/data/data_files.h"
#include "models/scenario/diagnostics.h"
#include "models/scenario/spec.h"

namespace models::scenario {

// `data` resolves and caches the CSV files the document references.
[[nodiscard]] ScenarioSpec build_spec(const nlohmann::json& document, Diagnostics& diags, DataFiles& data);

}  // namespace models::scenario
