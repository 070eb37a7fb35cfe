#include "cli/experiment.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>

#include "analysis/gates.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/retail_run.h"
#include "cli/scenario_overview.h"
#include "models/registry.h"
#include "models/retail/build.h"
#include "sim/errors.h"
#include "models/scenario/loader.h"

namespace peaksim {

namespace scn = models::scenario;
using analysis::ReplicationResult;

namespace {

ReplicationResult to_result(const scn::ScenarioSpec& spec, std::uint32_t replication, RetailRun run) {
  if (!run.metrics.units.conserved()) {
    const auto& u = run.metrics.units;
    throw std::runtime_error("units not conserved in variant \"" + spec.variant + "\", replication " +
                             std::to_string(replication) + ": received " + std::to_string(u.received) +
                             " != on hand " + std::to_string(u.on_hand) + " + reserved " + std::to_string(u.reserved) +
                             " + shipped " + std::to_string(u.shipped) + " + sold " + std::to_string(u.sold) +
                             " + damaged " + std::to_string(u.damaged));
  }
  ReplicationResult out;
  out.variant = spec.variant;
  out.replication = replication;
  out.observations = analysis::observations(run.metrics, run.stats.events);
  out.series = std::move(run.metrics.series);
  out.events = run.stats.events;
  out.wall_seconds = run.stats.wall_seconds;
  return out;
}

// Replications every gated metric needs for its half-width to be within
// `precision` of its mean; 0 when all are there already.
std::uint32_t replications_needed(const std::vector<const scn::ScenarioSpec*>& specs,
                                  const std::vector<analysis::VariantSummary>& summaries, std::uint32_t have,
                                  double precision) {
  double needed = 0;
  for (std::size_t v = 0; v < specs.size(); ++v) {
    for (const scn::GateSpec& gate : specs[v]->gates) {
      const analysis::MetricSummary* m = summaries[v].find(gate.metric, gate.labels, gate.statistic);
      if (m == nullptr || m->value.n == 0) {
        continue;  // nothing to measure: more replications will not help
      }
      const double target = precision * std::abs(m->value.mean);
      const double hw = m->value.half_width();
      if (m->value.n < 2 || !(hw <= target)) {
        // Half-widths shrink as 1/sqrt(n); aim a little past the estimate, and
        // always add some (replications without samples do not count in n).
        const double ratio = (std::isfinite(hw) && target > 0) ? hw / target : 2.0;
        needed = std::max(needed, std::ceil(static_cast<double>(have) * ratio * ratio * 1.1));
        needed = std::max(needed, static_cast<double>(have) + 2.0);
      }
    }
  }
  return static_cast<std::uint32_t>(std::min(needed, 1e6));
}

}  // namespace

nlohmann::ordered_json Plan::identity() const {
  nlohmann::ordered_json id;
  id["scenario"] = record.scenario;
  id["file"] = record.file;
  id["file_sha256"] = record.file_sha256;
  id["seed"] = record.seed;
  id["replications"] = replications;
  id["sets"] = record.sets;
  std::vector<std::string> variants;
  for (const auto* spec : specs) {
    variants.push_back(spec->variant);
  }
  id["variants"] = variants;
  id["peaksim_version"] = record.version;
  id["git_commit"] = record.git_commit;
  return id;
}

std::optional<Plan> plan_experiment(const ExperimentOptions& o, const std::optional<std::string>& text) {
  std::vector<std::string> sets = o.sets;
  if (o.seed) {
    sets.push_back("/seed=" + std::to_string(*o.seed));
  }
  Plan plan;
  if (text) {
    plan.scenario_text = *text;
  } else {
    std::ifstream in(o.file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    plan.scenario_text = content.str();
  }
  scn::LoadResult loaded = scn::load_scenario_text(plan.scenario_text, o.file, sets);
  if (!loaded.ok()) {
    std::cerr << loaded.diags.format(loaded.path);
    if (loaded.is_json_schema) {
      std::cerr << "error: " << o.file << " is a JSON Schema, not a scenario\n";
    }
    return std::nullopt;
  }
  plan.scenario = std::make_shared<const scn::Scenario>(std::move(*loaded.scenario));
  std::vector<const scn::ScenarioSpec*> all = {&plan.scenario->baseline};
  for (const auto& v : plan.scenario->variants) {
    all.push_back(&v);
  }
  plan.specs = all;
  if (!o.variants.empty()) {
    plan.specs.clear();
    std::vector<const scn::ScenarioSpec*> chosen;
    for (const std::string& name : o.variants) {
      const auto it = std::find_if(all.begin(), all.end(), [&](const auto* s) { return s->variant == name; });
      if (it == all.end()) {
        std::string names;
        for (const auto* s : all) {
          names += (names.empty() ? "" : ", ") + s->variant;
        }
        std::cerr << "error: " << o.file << ": no variant \"" << name << "\" (variants: " << names << ")\n";
        return std::nullopt;
      }
      chosen.push_back(*it);
    }
    // In the file's order, the baseline first: the order of --variant flags changes nothing.
    for (const auto* spec : all) {
      if (std::find(chosen.begin(), chosen.end(), spec) != chosen.end()) {
        plan.specs.push_back(spec);
      }
    }
  }
  // A file can be valid and still describe a model the builder refuses (two
  // OMSes, say): find out now, before any run starts.
  for (const auto* spec : plan.specs) {
    try {
      (void)models::retail::build(*spec);
    } catch (const sim::ConfigError& e) {
      std::cerr << "error: " << o.file;
      if (spec->variant != "baseline") {
        std::cerr << " (variant " << spec->variant << ")";
      }
      std::cerr << ": " << e.what() << '\n';
      return std::nullopt;
    }
  }
  for (const auto* spec : plan.specs) {
    note_not_yet_simulated(*spec, plan.not_simulated);
  }
  const scn::ScenarioSpec& baseline = plan.scenario->baseline;
  plan.network = sketch_network(baseline);
  plan.description = baseline.description;
  plan.replications = o.replications != 0 ? o.replications : baseline.replications;
  if (o.until_precision) {
    plan.replications = std::min(std::max(plan.replications, 2u), o.max_replications);
  }
  analysis::RunRecord& record = plan.record;
  record.scenario = baseline.name;
  record.file = o.file;
  record.seed = baseline.seed;
  record.threads = o.threads;
  record.horizon = sim::format_duration(baseline.horizon);
  record.warmup = sim::format_duration(baseline.warmup);
  record.sets = o.sets;
  stamp_provenance(record, plan.scenario_text, o.invocation);
  return plan;
}

std::vector<Job> jobs_between(const Plan& plan, std::uint32_t from, std::uint32_t to) {
  std::vector<Job> jobs;
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    for (std::uint32_t r = from; r < to; ++r) {
      jobs.push_back(Job{v, r});
    }
  }
  return jobs;
}

std::vector<Job> shard_jobs(const Plan& plan, Shard shard) {
  std::vector<Job> out;
  const std::vector<Job> all = jobs_between(plan, 0, plan.replications);
  for (std::size_t j = shard.index; j < all.size(); j += shard.count) {
    out.push_back(all[j]);
  }
  return out;
}

std::vector<ReplicationResult> run_jobs(const Plan& plan, const std::vector<Job>& jobs, const ExperimentOptions& o,
                                        Progress& progress, std::vector<std::string>& notes) {
  std::vector<std::optional<ReplicationResult>> results(jobs.size());
  std::vector<std::vector<std::string>> job_notes(jobs.size());
  std::mutex progress_mutex;
  std::uint64_t done = 0, events = 0, live_events = 0;  // guarded by progress_mutex
  // Per arena thread, the fraction of its current run done.
  std::vector<double> in_flight(static_cast<std::size_t>(std::max(1u, o.threads)) + 1, 0.0);
  sim::Time clock = sim::Time::zero();  // of the run that reported last
  const std::uint64_t total = jobs.size();
  auto running = [&] {
    double sum = 0;
    for (const double f : in_flight) sum += f;
    return sum;
  };
  // The parallel engine spreads one run over the threads, so its runs go one
  // after another; the sequential engine's runs go side by side.
  tbb::task_arena arena(o.parallel_engine ? 1 : static_cast<int>(std::max(1u, o.threads)));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t j) {
      const scn::ScenarioSpec& spec = *plan.specs[jobs[j].variant];
      const std::uint32_t replication = jobs[j].replication;
      RunSettings settings;
      settings.parallel = o.parallel_engine;
      settings.threads = o.parallel_engine ? o.threads : 1;
      // Live progress within the run: where its clock is, and the events it committed.
      std::uint64_t run_events = 0;
      const std::size_t slot = std::min(in_flight.size() - 1,
                                        static_cast<std::size_t>(std::max(0, tbb::this_task_arena::current_thread_index())));
      settings.progress = [&, slot](sim::Time now, std::uint64_t committed) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        in_flight[slot] = std::min(1.0, now.to_seconds() / spec.horizon.to_seconds());
        clock = now;
        live_events += committed - run_events;
        run_events = committed;
        progress.update_runs(done, total, events + live_events, running(), clock);
      };
      RetailRun run = run_retail(spec, replication, settings);
      job_notes[j] = run.notes;
      results[j] = to_result(spec, replication, std::move(run));
      std::lock_guard<std::mutex> lock(progress_mutex);
      events += results[j]->events;
      live_events -= run_events;
      in_flight[slot] = 0.0;
      ++done;
      progress.update_runs(done, total, events + live_events, running(), clock);
    });
  });
  std::vector<ReplicationResult> out;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    out.push_back(std::move(*results[j]));
    for (const std::string& note : job_notes[j]) {
      if (std::find(notes.begin(), notes.end(), note) == notes.end()) {
        notes.push_back(note);
      }
    }
  }
  return out;
}

Experiment finish_experiment(const Plan& plan, std::vector<ReplicationResult> results, std::vector<std::string> notes) {
  Experiment ex;
  ex.network = plan.network;
  ex.description = plan.description;
  ex.not_simulated = plan.not_simulated;
  ex.notes = std::move(notes);
  ex.summary.record = plan.record;
  ex.summary.record.replications = plan.replications;
  ex.runs.assign(plan.specs.size(), {});
  std::map<std::string, std::size_t> variant_index;
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    variant_index[plan.specs[v]->variant] = v;
  }
  for (ReplicationResult& r : results) {
    const auto v = variant_index.find(r.variant);
    if (v == variant_index.end()) {
      throw std::runtime_error("a result for variant \"" + r.variant + "\", which this experiment does not run");
    }
    ex.runs[v->second].push_back(std::move(r));
  }
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    auto& runs = ex.runs[v];
    std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.replication < b.replication; });
    for (std::uint32_t r = 0; r < plan.replications; ++r) {
      if (r >= runs.size() || runs[r].replication != r) {
        throw std::runtime_error("variant \"" + plan.specs[v]->variant + "\": replication " + std::to_string(r) +
                                 (r < runs.size() && runs[r].replication < r ? " appears twice" : " is missing"));
      }
    }
    if (runs.size() != plan.replications) {
      throw std::runtime_error("variant \"" + plan.specs[v]->variant + "\": " + std::to_string(runs.size()) +
                               " replications, expected " + std::to_string(plan.replications));
    }
  }
  const bool has_baseline = !plan.specs.empty() && plan.specs.front() == &plan.scenario->baseline;
  if (!has_baseline) {
    ex.notes.push_back("the baseline was not run, so there are no paired differences (add --variant baseline)");
  }
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    ex.summary.variants.push_back(
        analysis::summarize_variant(ex.runs[v], v == 0 || !has_baseline ? nullptr : &ex.runs.front()));
  }
  for (std::size_t v = 0; v < plan.specs.size(); ++v) {
    for (const scn::GateSpec& gate : plan.specs[v]->gates) {
      analysis::GateVerdict verdict;
      verdict.gate = gate.name;
      verdict.metric = gate.metric;
      verdict.labels = gate.labels;
      verdict.statistic = gate.statistic;
      verdict.comparison = gate.comparison;
      verdict.threshold = gate.threshold;
      verdict.inconclusive_passes = gate.inconclusive_passes;
      analysis::judge(verdict, ex.summary.variants[v]);
      if (const auto* info = models::find_metric(gate.metric); info != nullptr && !info->measured) {
        verdict.explanation += " (the models do not measure " + gate.metric + " yet)";
      }
      ex.summary.gates.push_back(std::move(verdict));
    }
  }
  return ex;
}

Experiment run_experiment(const ExperimentOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<Plan> plan = plan_experiment(o);
  if (!plan) {
    Experiment invalid;
    invalid.status = kExitUsage;
    return invalid;
  }
  Progress progress(plan->record.scenario, sim::Time::infinity(),
                    o.quiet ? Progress::Mode::Quiet : Progress::Mode::Auto);
  std::vector<ReplicationResult> results;
  std::vector<std::string> notes;
  std::uint32_t have = 0;
  while (true) {
    // Replications [have, target) of every variant. Each is seeded by (seed,
    // replication) alone, so results do not depend on the thread count or on
    // how the replications were batched.
    for (ReplicationResult& r : run_jobs(*plan, jobs_between(*plan, have, plan->replications), o, progress, notes)) {
      results.push_back(std::move(r));
    }
    have = plan->replications;
    if (!o.until_precision) {
      break;
    }
    const Experiment so_far = finish_experiment(*plan, results, {});
    const std::uint32_t needed = replications_needed(plan->specs, so_far.summary.variants, have, *o.until_precision);
    if (needed <= have) {
      break;
    }
    if (have >= o.max_replications) {
      notes.push_back("--until-precision stopped at --max-replications " + std::to_string(o.max_replications) +
                      " before every gated interval was within " + std::to_string(*o.until_precision * 100) +
                      "% of its mean (about " + std::to_string(needed) + " would do)");
      break;
    }
    plan->replications = std::min(needed, o.max_replications);
  }
  progress.finish();
  Experiment ex = finish_experiment(*plan, std::move(results), std::move(notes));
  ex.summary.record.wall_seconds = seconds_since(started);
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
  const analysis::Partial& first = partials.front();
  std::vector<int> seen(first.shards, -1);
  for (std::size_t i = 0; i < partials.size(); ++i) {
    const analysis::Partial& p = partials[i];
    if (p.shards != first.shards) {
      throw std::invalid_argument(names[i] + " is shard " + std::to_string(p.shard) + " of " +
                                  std::to_string(p.shards) + ", but " + names[0] + " is one of " +
                                  std::to_string(first.shards));
    }
    if (nlohmann::json::parse(p.identity.dump()) != nlohmann::json::parse(first.identity.dump()) ||
        p.scenario_text != first.scenario_text) {
      std::string what;
      for (const auto& [key, value] : first.identity.items()) {
        if (!p.identity.contains(key) || p.identity[key] != value) {
          what += (what.empty() ? "" : ", ") + key + " " + (p.identity.contains(key) ? p.identity[key].dump() : "missing") +
                  " vs " + value.dump();
        }
      }
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
  std::vector<ReplicationResult> results;
  std::vector<std::string> notes;
  for (analysis::Partial& p : partials) {
    for (ReplicationResult& r : p.runs) {
      results.push_back(std::move(r));
    }
    for (const std::string& note : p.notes) {
      if (std::find(notes.begin(), notes.end(), note) == notes.end()) {
        notes.push_back(note);
      }
    }
  }
  return finish_experiment(*plan, std::move(results), std::move(notes));
}

// "5%" or "0.05" -> 0.05.
std::optional<double> parse_precision(const std::string& text) {
  try {
    std::size_t used = 0;
    double value = std::stod(text, &used);
    const std::string rest = text.substr(used);
    if (rest == "%") {
      value /= 100.0;
    } else if (!rest.empty()) {
      return std::nullopt;
    }
    return value > 0 && value < 1 ? std::optional<double>(value) : std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace peaksim
