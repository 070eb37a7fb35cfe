// tests/models/policy_params.h — a lever option's parameters as a scenario would give
// them: the registry's table, defaults filled in, no diagnostics allowed.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "models/registry.h"

inline models::scenario::ParamValues policy_params(models::Lever lever, const std::string& name,
                                                   const nlohmann::json& given = nullptr) {
  const models::PolicyOption* option = models::find_policy(lever, name);
  REQUIRE(option != nullptr);
  models::scenario::Diagnostics diags;
  models::scenario::ParamValues values = option->params.check(given, "/policies", diags);
  INFO(diags.format(std::string(models::to_string(lever)) + " " + name));
  REQUIRE(diags.empty());
  return values;
}
