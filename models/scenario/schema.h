// models/scenario/schema.h — the JSON Schema (Draft 7) of scenario files.
//
// Generated from the registry's parameter tables, so it cannot drift from the
// loader; scenarios/schema.json is this function's output (`peaksim schema`),
// and a test fails when the committed copy is stale.
#pragma once

#include <nlohmann/json.hpp>

#include "models/scenario/diagnostics.h"

namespace models::scenario {

[[nodiscard]] const nlohmann::json& scenario_schema();

// Validates `document` against the schema with valijson, adding one diagnostic
// per violation (with its JSON pointer).
void check_against_schema(const nlohmann::json& document, Diagnostics& diags);

}  // namespace models::scenario
