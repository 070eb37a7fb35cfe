// models/scenario/loader.h — reading a scenario file, all the way to checked specs.
//
// The order is fixed: parse (syntax errors with line and column), apply `--set`
// overrides, check against the JSON Schema, build and check the baseline, then
// each experiment variant with its overrides. Every error of the file is
// collected; if there is any, no spec is returned and no run may start.
//
//   LoadResult r = load_scenario_file("scenarios/black_friday.json", {"/replications=3"});
//   if (!r.ok()) { std::cerr << r.diags.format(r.path); return 2; }
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/diagnostics.h"
#include "models/scenario/spec.h"

namespace models::scenario {

struct LoadResult {
  std::string path;
  std::optional<Scenario> scenario;
  Diagnostics diags;
  bool is_json_schema = false;  // the file is a JSON Schema (scenarios/schema.json), not a scenario
  [[nodiscard]] bool ok() const { return scenario.has_value() && diags.empty(); }
};

// `sets` are "PATH=VALUE": PATH a JSON pointer ("/links/0/mode") or dotted
// ("links.0.mode"); VALUE is JSON if it parses as JSON, else a string.
[[nodiscard]] LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& sets = {});
[[nodiscard]] LoadResult load_scenario_text(std::string_view text, const std::string& path,
                                            const std::vector<std::string>& sets = {});

// Applies one override to `document` (a null value removes the field); on
// failure adds a diagnostic at `where`.
bool apply_override(nlohmann::json& document, const std::string& path, const nlohmann::json& value,
                    const std::string& where, Diagnostics& diags);

}  // namespace models::scenario
