#include "analysis/run_diff.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

#include "analysis/json_values.h"

namespace analysis {

namespace {

using json = nlohmann::ordered_json;

// A metric's identity within a run.
using MetricKey = std::tuple<std::string, Labels, std::string>;  // metric, labels, statistic
using GateKey = std::tuple<std::string, std::string, Labels, std::string>;  // variant, metric, labels, statistic

MetricKey key_of(const MetricSummary& m) { return {m.metric, m.labels, m.statistic}; }

const VariantSummary* find_variant(const RunSummary& run, const std::string& name) {
  const auto it = std::find_if(run.variants.begin(), run.variants.end(),
                               [&name](const VariantSummary& v) { return v.name == name; });
  return it == run.variants.end() ? nullptr : &*it;
}

// Which way each gated metric should move, from both runs' gates; the new run's
// gate wins where the two disagree (the scenario changed in between).
std::map<GateKey, Better> gate_directions(const RunSummary& old_run, const RunSummary& new_run) {
  std::map<GateKey, Better> out;
  for (const RunSummary* run : {&old_run, &new_run}) {
    for (const GateVerdict& g : run->gates) {
      if (const std::optional<Better> better = better_direction_of(g.comparison)) {
        out[GateKey{g.variant, g.metric, g.labels, g.statistic}] = *better;
      }
    }
  }
  return out;
}

MetricChange compare_metric(const std::string& variant, const MetricSummary& before, const MetricSummary& after,
                            const std::map<GateKey, Better>& gates, double confidence) {
  MetricChange c;
  c.variant = variant;
  c.metric = after.metric;
  c.labels = after.labels;
  c.statistic = after.statistic;
  c.unit = after.unit;
  c.test = welch_test(before.per_replication, after.per_replication, confidence);
  c.old_mean = before.value.mean;
  c.new_mean = after.value.mean;
  c.relative = std::isfinite(c.old_mean) && c.old_mean != 0.0 ? c.test.difference / std::abs(c.old_mean)
                                                              : std::numeric_limits<double>::quiet_NaN();
  if (const auto gate = gates.find(GateKey{variant, c.metric, c.labels, c.statistic}); gate != gates.end()) {
    c.gated = gate->second;
    c.worse = c.test.significant && is_worse(gate->second, c.test.difference);
  }
  return c;
}

// Gated first, then the largest |t|; not testable last (its t is NaN).
bool listed_before(const MetricChange& a, const MetricChange& b) {
  if (a.gated.has_value() != b.gated.has_value()) {
    return a.gated.has_value();
  }
  if (a.test.testable != b.test.testable) {
    return a.test.testable;
  }
  return a.test.testable && std::abs(a.test.t) > std::abs(b.test.t);
}

json record_json(const RunRecord& r) {
  return {{"scenario", r.scenario}, {"file", r.file},   {"file_sha256", r.file_sha256},
          {"seed", r.seed},         {"sets", r.sets},   {"replications", r.replications},
          {"horizon", r.horizon},   {"warmup", r.warmup}, {"peaksim_version", r.version},
          {"git_commit", r.git_commit}};
}

json change_json(const MetricChange& c) {
  using json_values::number;
  json out;
  out["variant"] = c.variant;
  out["name"] = c.metric;
  out["labels"] = json_values::labels(c.labels);
  out["statistic"] = c.statistic;
  out["metric"] = c.name();
  out["unit"] = c.unit;
  out["old"] = {{"mean", number(c.old_mean)}, {"n", c.test.n_before}};
  out["new"] = {{"mean", number(c.new_mean)}, {"n", c.test.n_after}};
  out["change"] = number(c.test.difference);
  out["relative_change"] = number(c.relative);
  out["ci95"] = json::array({number(c.test.low), number(c.test.high)});
  out["t"] = number(c.test.t);  // null: not testable, or +-inf when both runs are constant and differ
  out["dof"] = number(c.test.dof);
  out["p_value"] = number(c.test.p_value);
  out["testable"] = c.test.testable;
  out["significant"] = c.test.significant;
  out["gated"] = c.gated ? json(to_string(*c.gated)) : json(nullptr);
  out["worse"] = c.worse;
  return out;
}

json refs_json(const std::vector<MetricRef>& refs) {
  json out = json::array();
  for (const MetricRef& r : refs) {
    out.push_back({{"variant", r.variant}, {"metric", r.name}});
  }
  return out;
}

}  // namespace

const char* to_string(Better better) { return better == Better::Lower ? "lower is better" : "higher is better"; }

std::optional<Better> better_direction_of(const std::string& comparison) {
  if (comparison == "<" || comparison == "<=") {
    return Better::Lower;
  }
  if (comparison == ">" || comparison == ">=") {
    return Better::Higher;
  }
  return std::nullopt;
}

bool is_worse(Better better, double difference) {
  return better == Better::Lower ? difference > 0.0 : difference < 0.0;
}

std::size_t RunDiff::moved() const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [](const MetricChange& c) { return c.test.significant; }));
}

std::size_t RunDiff::not_testable() const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [](const MetricChange& c) { return !c.test.testable; }));
}

std::size_t RunDiff::worse_gated() const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [](const MetricChange& c) { return c.worse; }));
}

RunDiff compare_runs(const RunSummary& old_run, const RunSummary& new_run, double confidence) {
  if (old_run.record.scenario != new_run.record.scenario) {
    throw std::invalid_argument("the runs are of different scenarios: \"" + old_run.record.scenario + "\" and \"" +
                                new_run.record.scenario + "\"");
  }
  RunDiff diff;
  diff.old_run = old_run.record;
  diff.new_run = new_run.record;
  const std::map<GateKey, Better> gates = gate_directions(old_run, new_run);
  for (const VariantSummary& before : old_run.variants) {
    if (find_variant(new_run, before.name) == nullptr) {
      diff.variants_only_in_old.push_back(before.name);
    }
  }
  for (const VariantSummary& after : new_run.variants) {
    const VariantSummary* before = find_variant(old_run, after.name);
    if (before == nullptr) {
      diff.variants_only_in_new.push_back(after.name);
      continue;
    }
    std::map<MetricKey, const MetricSummary*> old_metrics;
    for (const MetricSummary& m : before->metrics) {
      old_metrics.emplace(key_of(m), &m);
    }
    for (const MetricSummary& m : after.metrics) {
      const auto found = old_metrics.find(key_of(m));
      if (found == old_metrics.end()) {
        diff.metrics_only_in_new.push_back({after.name, metric_name(m.metric, m.labels, m.statistic)});
        continue;
      }
      diff.changes.push_back(compare_metric(after.name, *found->second, m, gates, confidence));
      old_metrics.erase(found);
    }
    for (const MetricSummary& m : before->metrics) {  // what is left, in the old run's order
      if (old_metrics.count(key_of(m)) > 0) {
        diff.metrics_only_in_old.push_back({after.name, metric_name(m.metric, m.labels, m.statistic)});
      }
    }
  }
  if (diff.variants_only_in_old.size() == old_run.variants.size()) {
    throw std::invalid_argument("the runs have no variant in common (old: " + std::to_string(old_run.variants.size()) +
                                " variant(s), new: " + std::to_string(new_run.variants.size()) + ")");
  }
  std::stable_sort(diff.changes.begin(), diff.changes.end(), listed_before);
  return diff;
}

json to_json(const RunDiff& diff) {
  json out;
  out["schema"] = kDiffSchema;
  out["old"] = record_json(diff.old_run);
  out["new"] = record_json(diff.new_run);
  out["scenario_changed"] = diff.scenario_changed();
  out["compared"] = diff.changes.size();
  out["moved"] = diff.moved();
  out["not_testable"] = diff.not_testable();
  out["worse_gated"] = diff.worse_gated();
  json changes = json::array();
  for (const MetricChange& c : diff.changes) {
    changes.push_back(change_json(c));
  }
  out["metrics"] = changes;
  out["variants_only_in_old"] = diff.variants_only_in_old;
  out["variants_only_in_new"] = diff.variants_only_in_new;
  out["metrics_only_in_old"] = refs_json(diff.metrics_only_in_old);
  out["metrics_only_in_new"] = refs_json(diff.metrics_only_in_new);
  return out;
}

}  // namespace analysis
