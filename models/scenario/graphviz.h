// models/scenario/graphviz.h — the expanded network of a scenario as a Graphviz graph.
//
// Nodes are coloured by kind, edges labelled with what they carry, their mode
// and interval; written with Boost.Graph's write_graphviz.
#pragma once

#include <ostream>

#include "models/scenario/spec.h"

namespace models::scenario {

void write_dot(const ScenarioSpec& spec, std::ostream& out);

}  // namespace models::scenario
