#include "analysis/gates.h"

#include <algorithm>
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

namespace {

// The paired difference (variant - reference) over the replications both measured.
Interval paired_difference(const MetricSummary& m, const MetricSummary& ref) {
  std::vector<double> differences;
  const std::size_t n = std::min(m.per_replication.size(), ref.per_replication.size());
  for (std::size_t r = 0; r < n; ++r) {
    if (std::isfinite(m.per_replication[r]) && std::isfinite(ref.per_replication[r])) {
      differences.push_back(m.per_replication[r] - ref.per_replication[r]);
    }
  }
  return interval_of(differences);
}

void no_samples(GateVerdict& gate, std::string explanation) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  gate.measured = Interval{nan, nan, nan, nan, 0};
  gate.verdict = Verdict::NoSamples;
  gate.passed = false;
  gate.explanation = std::move(explanation);
}

}  // namespace

void judge(GateVerdict& gate, const VariantSummary& variant, const VariantSummary* reference) {
  gate.variant = variant.name;
  const std::string what = metric_name(gate.metric, gate.labels, gate.statistic);
  const MetricSummary* m = variant.find(gate.metric, gate.labels, gate.statistic);
  if (m == nullptr || m->value.n == 0) {
    no_samples(gate, "no replication measured " + what);
    return;
  }
  std::string measured = "95% CI";
  if (!gate.relative.empty()) {
    if (reference == nullptr) {
      no_samples(gate, "variant \"" + gate.relative + "\", which this gate compares with, was not run");
      return;
    }
    const MetricSummary* ref = reference->find(gate.metric, gate.labels, gate.statistic);
    if (ref == nullptr || ref->value.n == 0) {
      no_samples(gate, "no replication of \"" + gate.relative + "\" measured " + what);
      return;
    }
    gate.measured = paired_difference(*m, *ref);
    if (gate.measured.n == 0) {
      no_samples(gate, "no replication measured " + what + " in both this variant and \"" + gate.relative + "\"");
      return;
    }
    measured = "difference vs " + gate.relative + ": 95% CI";
  } else {
    gate.measured = m->value;
  }
  const Interval& ci = gate.measured;
  // The interval is closed: both ends must satisfy the comparison to pass,
  // neither to fail.
  const bool low_ok = holds(ci.low, gate.comparison, gate.threshold);
  const bool high_ok = holds(ci.high, gate.comparison, gate.threshold);
  const std::string interval = measured + " [" + format_number(ci.low) + ", " + format_number(ci.high) + "] (mean " +
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
