#include "cli/merge.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "analysis/gates.h"
#include "models/registry.h"

namespace peaksim {

namespace scn = models::scenario;
using analysis::ReplicationResult;

namespace {

// results -> [variant][replication], each variant's replications 0..n-1 once.
std::vector<std::vector<ReplicationResult>> by_variant(const Plan& plan, std::vector<ReplicationResult> results) {
  std::vector<std::vector<ReplicationResult>> runs(plan.specs.size());
  std::map<std::string, std::size_t> variant_index;
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    variant_index[plan.specs[v]->variant] = v;
  }
  for (ReplicationResult& r : results) {
    const auto v = variant_index.find(r.variant);
    if (v == variant_index.end()) {
      throw std::runtime_error("a result for variant \"" + r.variant + "\", which this experiment does not run");
    }
    runs[v->second].push_back(std::move(r));
  }
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    auto& variant_runs = runs[v];
    // Replication order, whatever order they came in: sums are then bit-identical.
    std::sort(variant_runs.begin(), variant_runs.end(),
              [](const auto& a, const auto& b) { return a.replication < b.replication; });
    for (std::uint32_t r = 0; r < plan.replications; ++r) {
      if (r >= variant_runs.size() || variant_runs[r].replication != r) {
        throw std::runtime_error(
            "variant \"" + plan.specs[v]->variant + "\": replication " + std::to_string(r) +
            (r < variant_runs.size() && variant_runs[r].replication < r ? " appears twice" : " is missing"));
      }
    }
    if (variant_runs.size() != plan.replications) {
      throw std::runtime_error("variant \"" + plan.specs[v]->variant + "\": " + std::to_string(variant_runs.size()) +
                               " replications, expected " + std::to_string(plan.replications));
    }
  }
  return runs;
}

void judge_gates(const Plan& plan, analysis::RunSummary& summary) {
  const auto variant_named = [&](const std::string& name) -> const analysis::VariantSummary* {
    for (const analysis::VariantSummary& s : summary.variants) {
      if (s.name == name) {
        return &s;
      }
    }
    return nullptr;
  };
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    for (const scn::GateSpec& gate : plan.specs[v]->gates) {
      if (!gate.judges(plan.specs[v]->variant)) {
        continue;
      }
      analysis::GateVerdict verdict;
      verdict.gate = gate.name;
      verdict.metric = gate.metric;
      verdict.labels = gate.labels;
      verdict.statistic = gate.statistic;
      verdict.comparison = gate.comparison;
      verdict.threshold = gate.threshold;
      verdict.inconclusive_passes = gate.inconclusive_passes;
      verdict.relative = gate.relative;
      analysis::judge(verdict, summary.variants[v], gate.relative.empty() ? nullptr : variant_named(gate.relative));
      if (const auto* info = models::find_metric(gate.metric); info != nullptr && !info->measured) {
        verdict.explanation += " (the models do not measure " + gate.metric + " yet)";
      }
      summary.gates.push_back(std::move(verdict));
    }
  }
}

// What differs between two identities ("seed 2 vs 1, replications 4 vs 2"); empty if nothing.
std::string identity_difference(const nlohmann::ordered_json& id, const nlohmann::ordered_json& first) {
  std::string what;
  for (const auto& [key, value] : first.items()) {
    if (!id.contains(key) || id[key] != value) {
      what += (what.empty() ? "" : ", ") + key + " " + (id.contains(key) ? id[key].dump() : "missing") + " vs " +
              value.dump();
    }
  }
  return what;
}

// Throws unless the partials are the shards of one experiment, each once.
void require_one_experiment(const std::vector<analysis::Partial>& partials, const std::vector<std::string>& names) {
  const analysis::Partial& first = partials.front();
  std::vector<int> seen(first.shards, -1);
  for (std::size_t i = 0; i < partials.size(); ++i) {
    const analysis::Partial& p = partials[i];
    if (p.shards != first.shards) {
      throw std::invalid_argument(names[i] + " is shard " + std::to_string(p.shard) + " of " +
                                  std::to_string(p.shards) + ", but " + names[0] + " is one of " +
                                  std::to_string(first.shards));
    }
    // Compared as plain JSON: key order is not part of an identity.
    if (nlohmann::json::parse(p.identity.dump()) != nlohmann::json::parse(first.identity.dump()) ||
        p.scenario_text != first.scenario_text) {
      const std::string what = identity_difference(p.identity, first.identity);
      throw std::invalid_argument(names[i] + " and " + names[0] + " come from different experiments (" +
                                  (what.empty() ? std::string("scenario text differs") : what) + ")");
    }
    if (seen[p.shard] >= 0) {
      throw std::invalid_argument("shard " + std::to_string(p.shard) + " of " + std::to_string(p.shards) +
                                  " appears twice: " + names[static_cast<std::size_t>(seen[p.shard])] + " and " +
                                  names[i]);
    }
    seen[p.shard] = static_cast<int>(i);
  }
  std::string missing;
  for (std::uint32_t s = 0; s < first.shards; ++s) {
    if (seen[s] < 0) {
      missing += (missing.empty() ? "" : ", ") + std::to_string(s);
    }
  }
  if (!missing.empty()) {
    throw std::invalid_argument("missing shard(s) " + missing + " of " + std::to_string(first.shards) +
                                " (have " + std::to_string(partials.size()) + ")");
  }
}

// The plan the partials were made from, made again from the scenario they carry.
Plan replan(const analysis::Partial& first, const Invocation& invocation) {
  const auto& id = first.identity;
  require_this_build(id.at("peaksim_version").get<std::string>(), id.at("git_commit").get<std::string>());
  ExperimentOptions o;
  o.file = id.at("file").get<std::string>();
  o.sets = id.at("sets").get<std::vector<std::string>>();
  o.variants = id.at("variants").get<std::vector<std::string>>();
  o.replications = id.at("replications").get<std::uint32_t>();
  o.seed = id.at("seed").get<std::uint64_t>();
  o.invocation = invocation;
  o.quiet = true;
  std::optional<Plan> plan = plan_experiment(o, first.scenario_text);
  if (!plan) {
    throw std::invalid_argument("the scenario inside the partials does not load (see above)");
  }
  // Compared as plain JSON: key order is not part of an identity.
  if (nlohmann::json::parse(plan->identity().dump()) != nlohmann::json::parse(id.dump())) {
    throw std::invalid_argument("the scenario inside the partials does not reproduce their identity " + id.dump());
  }
  return std::move(*plan);
}

}  // namespace

void merge_notes(std::vector<std::string>& into, const std::vector<std::string>& more) {
  for (const std::string& note : more) {
    if (std::find(into.begin(), into.end(), note) == into.end()) {
      into.push_back(note);
    }
  }
}

Experiment finish_experiment(const Plan& plan, std::vector<ReplicationResult> results, std::vector<std::string> notes) {
  Experiment ex;
  ex.network = plan.network;
  ex.description = plan.description;
  ex.not_simulated = plan.not_simulated;
  ex.notes = std::move(notes);
  ex.summary.record = plan.record;
  ex.summary.record.replications = plan.replications;
  ex.runs = by_variant(plan, std::move(results));
  const bool has_baseline = !plan.specs.empty() && plan.specs.front() == &plan.scenario->baseline;
  if (!has_baseline) {
    ex.notes.push_back("the baseline was not run, so there are no paired differences (add --variant baseline)");
  }
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    ex.summary.variants.push_back(
        analysis::summarize_variant(ex.runs[v], v == 0 || !has_baseline ? nullptr : &ex.runs.front()));
    for (const scn::SweepPoint& p : plan.specs[v]->sweep) {
      ex.summary.variants.back().sweep.push_back({p.sweep, p.axis, p.label, p.value, p.unit});
    }
  }
  judge_gates(plan, ex.summary);
  return ex;
}

analysis::Partial make_partial(const Plan& plan, Shard shard, std::vector<ReplicationResult> results,
                               std::vector<std::string> notes) {
  analysis::Partial p;
  p.identity = plan.identity();
  p.scenario_text = plan.scenario_text;
  p.shard = shard.index;
  p.shards = shard.count;
  p.runs = std::move(results);
  p.notes = std::move(notes);
  p.not_simulated = plan.not_simulated;
  return p;
}

Experiment merge_partials(std::vector<analysis::Partial> partials, const std::vector<std::string>& names,
                          const Invocation& invocation) {
  if (partials.empty()) {
    throw std::invalid_argument("no partial results to merge");
  }
  require_one_experiment(partials, names);
  const Plan plan = replan(partials.front(), invocation);
  std::vector<ReplicationResult> results;
  std::vector<std::string> notes;
  for (analysis::Partial& p : partials) {
    for (ReplicationResult& r : p.runs) {
      results.push_back(std::move(r));
    }
    merge_notes(notes, p.notes);
  }
  return finish_experiment(plan, std::move(results), std::move(notes));
}

}  // namespace peaksim
