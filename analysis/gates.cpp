#include "analysis/gates.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace analysis {

std::string format_number(double value) {
  if (std::isnan(value)) {
    return "n/a";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+inf" : "-inf";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", value);
  return buf;
}

namespace {

// Whether `x` satisfies `x <op> threshold`.
bool holds(double x, const std::string& op, double threshold) {
  if (op == "<") return x < threshold;
  if (op == "<=") return x <= threshold;
  if (op == ">") return x > threshold;
  return x >= threshold;  // ">="; the loader admits nothing else
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 admits no control characters but tab, newline and return.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
          out += '?';
        } else {
          out += ch;
        }
    }
  }
  return out;
}

}  // namespace

void judge(GateVerdict& gate, const VariantSummary& variant) {
  gate.variant = variant.name;
  const MetricSummary* m = variant.find(gate.metric, gate.labels, gate.statistic);
  const std::string what = metric_name(gate.metric, gate.labels, gate.statistic);
  if (m == nullptr || m->value.n == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    gate.measured = m == nullptr ? Interval{nan, nan, nan, nan, 0} : m->value;
    gate.verdict = Verdict::NoSamples;
    gate.passed = false;
    gate.explanation = "no replication measured " + what;
    return;
  }
  gate.measured = m->value;
  const Interval& ci = m->value;
  // The interval is closed: both ends must satisfy the comparison to pass,
  // neither to fail.
  const bool low_ok = holds(ci.low, gate.comparison, gate.threshold);
  const bool high_ok = holds(ci.high, gate.comparison, gate.threshold);
  const std::string interval = "95% CI [" + format_number(ci.low) + ", " + format_number(ci.high) + "] (mean " +
                               format_number(ci.mean) + ", n=" + std::to_string(ci.n) + ")";
  const std::string bound = gate.comparison + " " + format_number(gate.threshold);
  if (low_ok && high_ok) {
    gate.verdict = Verdict::Pass;
    gate.explanation = interval + " is entirely " + bound;
  } else if (!low_ok && !high_ok) {
    gate.verdict = Verdict::Fail;
    gate.explanation = interval + " is entirely outside " + bound;
  } else {
    gate.verdict = Verdict::Inconclusive;
    gate.explanation = interval + " straddles " + format_number(gate.threshold) +
                       (ci.n < 2 ? ": one replication cannot bound an interval" : ": more replications would tell");
  }
  // One replication cannot bound an interval: no gate passes on it, however lenient.
  gate.passed = gate.verdict == Verdict::Pass ||
                (gate.verdict == Verdict::Inconclusive && gate.inconclusive_passes && ci.n >= 2);
  if (gate.verdict == Verdict::Inconclusive) {
    gate.explanation += gate.passed ? " (the gate lets inconclusive pass)" : " (counted as a failure)";
  }
}

std::string junit_xml(const std::vector<JunitSuite>& suites) {
  std::size_t tests = 0, failures = 0, errors = 0;
  std::string body;
  for (const JunitSuite& suite : suites) {
    std::size_t s_tests = 0, s_failures = 0, s_errors = 0;
    std::string cases;
    if (!suite.error.empty() || suite.summary == nullptr) {
      s_tests = s_errors = 1;
      cases += "    <testcase classname=\"" + xml_escape(suite.file) + "\" name=\"run\">\n      <error message=\"" +
               xml_escape(suite.error) + "\"/>\n    </testcase>\n";
    } else {
      for (const GateVerdict& g : suite.summary->gates) {
        ++s_tests;
        cases += "    <testcase classname=\"" + xml_escape(suite.summary->record.scenario + "." + g.variant) +
                 "\" name=\"" + xml_escape(g.gate) + "\">\n";
        if (!g.passed) {
          ++s_failures;
          cases += "      <failure type=\"" + std::string(to_string(g.verdict)) + "\" message=\"" +
                   xml_escape(std::string(to_string(g.verdict)) + ": " + g.explanation) + "\"/>\n";
        } else {
          cases += "      <system-out>" + xml_escape(std::string(to_string(g.verdict)) + ": " + g.explanation) +
                   "</system-out>\n";
        }
        cases += "    </testcase>\n";
      }
    }
    char time[32];
    std::snprintf(time, sizeof time, "%.3f", suite.summary != nullptr ? suite.summary->record.wall_seconds : 0.0);
    body += "  <testsuite name=\"" + xml_escape(suite.file) + "\" tests=\"" + std::to_string(s_tests) +
            "\" failures=\"" + std::to_string(s_failures) + "\" errors=\"" + std::to_string(s_errors) +
            "\" time=\"" + time + "\">\n" + cases + "  </testsuite>\n";
    tests += s_tests;
    failures += s_failures;
    errors += s_errors;
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"peaksim check\" tests=\"" +
         std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
         std::to_string(errors) + "\">\n" + body + "</testsuites>\n";
}

}  // namespace analysis
