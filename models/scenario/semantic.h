// models/scenario/semantic.h — the one semantic pass: what the model cannot run, found before it runs.
//
// The loader calls check_model on the baseline and on every variant after their
// fields are checked one by one; `peaksim validate` and `peaksim run` print the
// same errors because both load through it, and the model builder then only
// asserts what this pass has established (one OMS, orders that can reach it...).
// Odd but runnable setups (stock the OMS can never source) are notes of the
// builder, not errors.
#pragma once

#include "models/scenario/diagnostics.h"
#include "models/scenario/spec.h"

namespace models::scenario {

void check_model(const ScenarioSpec& spec, Diagnostics& diags);

}  // namespace models::scenario
