// analysis/gates.h — a scenario's assertions judged on confidence intervals.
//
// A gate passes when the whole 95% interval of its statistic (or, for a gate
// relative to another variant, of the paired difference) is on the right side
// of the threshold, fails when the whole interval is on the wrong side,
// and is inconclusive otherwise (more replications would tell). An interval
// over one replication is unbounded, so one replication never passes a gate;
// a gate over zero samples never passes either.
#pragma once

#include <string>
#include <vector>

#include "analysis/summary.h"

namespace analysis {

// Fills in `gate.measured`, `verdict`, `passed` and `explanation` from `variant`;
// the other fields of `gate` say what to judge. A relative gate judges the paired
// difference (variant - reference), replication by replication over those both
// measured (common random numbers: replication r of every variant draws the
// same customers); `reference` is the variant `gate.relative` names, null when
// it was not run (the gate then has no samples).
void judge(GateVerdict& gate, const VariantSummary& variant, const VariantSummary* reference = nullptr);

// JUnit XML: one <testsuite> per scenario file, one <testcase> per gate and variant.
struct JunitSuite {
  std::string file;  // the scenario file, the suite's name
  const RunSummary* summary = nullptr;
  std::string error;  // a scenario that could not run: one failing case with this message
};
[[nodiscard]] std::string junit_xml(const std::vector<JunitSuite>& suites);

// Numbers as people read them in a verdict: 4 significant digits.
[[nodiscard]] std::string format_number(double value);

}  // namespace analysis
