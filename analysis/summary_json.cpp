#include "analysis/summary_json.h"

#include "analysis/json_values.h"

#include <cmath>

namespace analysis {

namespace {

using json = nlohmann::ordered_json;

json interval_json(const Interval& i) {
  json out;
  out["mean"] = json_values::number(i.mean);
  out["sd"] = json_values::number(i.sd);
  out["ci95"] = json::array({json_values::number(i.low), json_values::number(i.high)});
  out["n"] = i.n;
  return out;
}

json record_json(const RunRecord& r) {
  json record;
  record["scenario"] = r.scenario;
  record["file"] = r.file;
  record["file_sha256"] = r.file_sha256;
  record["seed"] = r.seed;
  record["replications"] = r.replications;
  record["horizon"] = r.horizon;
  record["warmup"] = r.warmup;
  record["sets"] = r.sets;
  record["peaksim_version"] = r.version;
  record["git_commit"] = r.git_commit;
  return record;
}

json metric_json(const MetricSummary& m) {
  json metric;
  metric["name"] = m.metric;
  metric["labels"] = json_values::labels(m.labels);
  metric["statistic"] = m.statistic;
  metric["unit"] = m.unit;
  const json stats = interval_json(m.value);
  for (const auto& [key, value] : stats.items()) {
    metric[key] = value;
  }
  json values = json::array();
  for (const double x : m.per_replication) {
    values.push_back(json_values::number(x));
  }
  metric["values"] = values;
  if (m.vs_baseline) {
    metric["vs_baseline"] = interval_json(*m.vs_baseline);
  }
  return metric;
}

json gate_json(const GateVerdict& g) {
  json gate;
  gate["name"] = g.gate;
  gate["variant"] = g.variant;
  gate["metric"] = g.metric;
  gate["labels"] = json_values::labels(g.labels);
  gate["statistic"] = g.statistic;
  gate["comparison"] = g.comparison;
  gate["threshold"] = json_values::number(g.threshold);
  gate["relative"] = g.relative.empty() ? json(nullptr) : json(g.relative);
  gate["inconclusive"] = g.inconclusive_passes ? "pass" : "fail";
  gate["measured"] = interval_json(g.measured);
  gate["verdict"] = to_string(g.verdict);
  gate["passed"] = g.passed;
  gate["explanation"] = g.explanation;
  return gate;
}

// How and when this run was made: the only fields that may differ between
// runs of the same inputs (command line, threads, clock, speed).
json invocation_json(const RunSummary& s) {
  const RunRecord& r = s.record;
  json wall;
  wall["command_line"] = r.command_line;
  wall["threads"] = r.threads;
  wall["started_at"] = r.started_at;
  wall["wall_seconds"] = r.wall_seconds;
  json engine = json::object();
  for (const VariantSummary& v : s.variants) {
    engine[v.name] = {{"events", v.events},
                      {"engine_seconds", v.wall_seconds},
                      {"events_per_second", v.wall_seconds > 0 ? static_cast<double>(v.events) / v.wall_seconds : 0.0}};
  }
  wall["variants"] = engine;
  return wall;
}

}  // namespace

json to_json(const RunSummary& s) {
  json out;
  out["schema"] = kSummarySchema;
  out["run"] = record_json(s.record);
  json variants = json::array();
  for (const VariantSummary& v : s.variants) {
    json variant;
    variant["name"] = v.name;
    if (!v.sweep.empty()) {  // absent, not empty, for a variant of no sweep: older summaries read the same
      json coordinates = json::array();
      for (const SweepCoordinate& c : v.sweep) {
        coordinates.push_back({{"sweep", c.sweep},
                               {"axis", c.axis},
                               {"label", c.label},
                               {"value", json_values::number(c.value)},
                               {"unit", c.unit}});
      }
      variant["sweep"] = coordinates;
    }
    variant["replications"] = v.replications;
    json metrics = json::array();
    for (const MetricSummary& m : v.metrics) {
      metrics.push_back(metric_json(m));
    }
    variant["metrics"] = metrics;
    variants.push_back(variant);
  }
  out["variants"] = variants;
  json gates = json::array();
  for (const GateVerdict& g : s.gates) {
    gates.push_back(gate_json(g));
  }
  out["gates"] = gates;
  out["all_gates_pass"] = s.all_gates_pass();
  out["invocation"] = invocation_json(s);
  return out;
}

}  // namespace analysis
