#include "cli/experiment.h"

#include <openssl/evp.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>

#include "analysis/gates.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/retail_run.h"
#include "cli/version.h"
#include "models/registry.h"
#include "models/scenario/loader.h"

namespace peaksim {

namespace scn = models::scenario;
using analysis::ReplicationResult;

namespace {

std::vector<std::string>& stored_command_line() {
  static std::vector<std::string> args;
  return args;
}

std::string sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  const std::string bytes = content.str();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return "";
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// What a scenario may say that the models do not act on yet: said once, on stderr.
void note_not_yet_simulated(const scn::ScenarioSpec& spec, std::vector<std::string>& found) {
  auto note = [&](const std::string& what) {
    if (std::find(found.begin(), found.end(), what) == found.end()) {
      found.push_back(what);
    }
  };
  for (const auto& link : spec.links) {
    if (!link.faults.outages.empty() || link.faults.duplicate > 0 || link.faults.reorder > 0 || link.faults.loss > 0) {
      note("link faults");
    }
    if (link.capacity_per_s) {
      note("link capacity");
    }
  }
  for (const auto& channel : spec.channels) {
    if (channel.return_rate > 0) {
      note("returns");
    }
    if (channel.bopis_share > 0) {
      note("BOPIS share (BOPIS lines are sourced like any other)");
    }
  }
  if (spec.policies.at("sourcing").name != "nearest") {
    note("sourcing policy \"" + spec.policies.at("sourcing").name + "\" (nearest is used)");
  }
  if (spec.policies.at("middleware").name != "at_least_once") {
    note("middleware policy \"" + spec.policies.at("middleware").name + "\"");
  }
}

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
                                  const std::vector<analysis::VariantSummary>& summaries, double precision) {
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
        // Half-widths shrink as 1/sqrt(n); aim a little past the estimate.
        const double ratio = (std::isfinite(hw) && target > 0) ? hw / target : 2.0;
        needed = std::max(needed, std::ceil(static_cast<double>(m->value.n) * ratio * ratio * 1.1));
        needed = std::max(needed, static_cast<double>(m->value.n) + 2.0);
      }
    }
  }
  return static_cast<std::uint32_t>(std::min(needed, 1e6));
}

}  // namespace

void set_command_line(int argc, char** argv) {
  stored_command_line().assign(argv, argv + argc);
}

const std::vector<std::string>& command_line() { return stored_command_line(); }

analysis::NetworkSketch sketch_network(const scn::ScenarioSpec& spec) {
  analysis::NetworkSketch out;
  // A node belongs to the group of its id with the trailing digits replaced by '*'.
  std::map<std::pair<std::string, std::string>, std::size_t> group_of_key;
  std::vector<std::size_t> group_of_node(spec.nodes.size());
  std::map<std::pair<std::string, std::string>, std::size_t> members;
  auto stem = [](const std::string& id) {
    std::size_t end = id.size();
    while (end > 0 && std::isdigit(static_cast<unsigned char>(id[end - 1]))) {
      --end;
    }
    return end < id.size() && end > 0 ? id.substr(0, end) + "*" : id;
  };
  for (const auto& node : spec.nodes) {
    members[{stem(node.id), node.kind}] += 1;
  }
  for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
    const auto& node = spec.nodes[i];
    std::pair<std::string, std::string> key{stem(node.id), node.kind};
    if (members[key] == 1) {
      key.first = node.id;  // alone: keep its own name
    }
    auto [it, fresh] = group_of_key.emplace(key, out.groups.size());
    if (fresh) {
      out.groups.push_back({key.first, node.kind, 0});
    }
    out.groups[it->second].count += 1;
    group_of_node[i] = it->second;
  }
  std::map<std::tuple<std::size_t, std::size_t, std::string, std::string>, std::size_t> edge_of;
  for (const auto& link : spec.links) {
    std::string mode = link.mode;
    if (link.interval) {
      mode += " every " + sim::format_duration(*link.interval);
    }
    const auto key = std::make_tuple(group_of_node[link.from], group_of_node[link.to], link.carries, mode);
    auto [it, fresh] = edge_of.emplace(key, out.edges.size());
    if (fresh) {
      out.edges.push_back({group_of_node[link.from], group_of_node[link.to], link.carries, mode, 0});
    }
    out.edges[it->second].count += 1;
  }
  return out;
}

Experiment run_experiment(const ExperimentOptions& o) {
  Experiment ex;
  std::vector<std::string> sets = o.sets;
  if (o.seed) {
    sets.push_back("/seed=" + std::to_string(*o.seed));
  }
  const scn::LoadResult loaded = scn::load_scenario_file(o.file, sets);
  if (!loaded.ok()) {
    std::cerr << loaded.diags.format(loaded.path);
    if (loaded.is_json_schema) {
      std::cerr << "error: " << o.file << " is a JSON Schema, not a scenario\n";
    }
    ex.status = kExitUsage;
    return ex;
  }
  std::vector<const scn::ScenarioSpec*> specs = {&loaded.scenario->baseline};
  for (const auto& v : loaded.scenario->variants) {
    specs.push_back(&v);
  }
  if (!o.variants.empty()) {
    std::vector<const scn::ScenarioSpec*> chosen;
    for (const std::string& name : o.variants) {
      const auto it = std::find_if(specs.begin(), specs.end(), [&](const auto* s) { return s->variant == name; });
      if (it == specs.end()) {
        std::string names;
        for (const auto* s : specs) {
          names += (names.empty() ? "" : ", ") + s->variant;
        }
        std::cerr << "error: " << o.file << ": no variant \"" << name << "\" (variants: " << names << ")\n";
        ex.status = kExitUsage;
        return ex;
      }
      if (std::find(chosen.begin(), chosen.end(), *it) == chosen.end()) {
        chosen.push_back(*it);
      }
    }
    specs = chosen;
  }
  for (const auto* spec : specs) {
    note_not_yet_simulated(*spec, ex.not_simulated);
  }
  const scn::ScenarioSpec& baseline = loaded.scenario->baseline;
  ex.network = sketch_network(baseline);
  ex.description = baseline.description;

  analysis::RunRecord& record = ex.summary.record;
  record.scenario = baseline.name;
  record.file = o.file;
  record.file_sha256 = sha256_of_file(o.file);
  record.seed = baseline.seed;
  record.version = kVersion;
  record.git_commit = kGitCommit;
  record.command_line = o.command_line;
  record.threads = o.threads;
  record.horizon = sim::format_duration(baseline.horizon);
  record.warmup = sim::format_duration(baseline.warmup);
  record.sets = o.sets;
  record.started_at = utc_now();
  const auto started = std::chrono::steady_clock::now();

  std::uint32_t target = o.replications != 0 ? o.replications : baseline.replications;
  if (o.until_precision) {
    target = std::min(std::max(target, 2u), o.max_replications);
  }
  ex.runs.assign(specs.size(), {});
  Progress progress(baseline.name, sim::Time::infinity(), o.quiet ? Progress::Mode::Quiet : Progress::Mode::Auto);
  std::mutex progress_mutex;
  std::atomic<std::uint64_t> done{0}, events{0};
  // Guarded by progress_mutex: per arena thread, the fraction of its current run done.
  std::vector<double> in_flight(static_cast<std::size_t>(std::max(1u, o.threads)) + 1, 0.0);
  std::uint64_t live_events = 0;
  sim::Time clock = sim::Time::zero();  // of the run that reported last
  tbb::task_arena arena(static_cast<int>(std::max(1u, o.threads)));
  std::uint32_t have = 0;
  std::vector<analysis::VariantSummary> summaries;
  std::vector<std::vector<std::string>> model_notes(specs.size());
  while (true) {
    // Replications [have, target) of every variant, side by side. Each is seeded
    // by (seed, replication) alone, so results do not depend on the thread count
    // or on how the replications were batched.
    const std::uint32_t batch = target - have;
    const std::size_t jobs = specs.size() * batch;
    std::vector<std::optional<ReplicationResult>> results(jobs);
    const std::uint64_t total = specs.size() * static_cast<std::uint64_t>(target);
    arena.execute([&] {
      tbb::parallel_for(std::size_t{0}, jobs, [&](std::size_t job) {
        const scn::ScenarioSpec& spec = *specs[job / batch];
        const auto replication = static_cast<std::uint32_t>(have + job % batch);
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
          double running = 0;
          for (const double f : in_flight) running += f;
          progress.update_runs(done.load(), total, events.load() + live_events, running, clock);
        };
        RetailRun run = run_retail(spec, replication, settings);
        if (replication == 0) {
          model_notes[job / batch] = run.notes;  // the same in every replication: the model's structure
        }
        results[job] = to_result(spec, replication, std::move(run));
        std::lock_guard<std::mutex> lock(progress_mutex);
        events += results[job]->events;
        live_events -= run_events;
        in_flight[slot] = 0.0;
        const auto finished = ++done;
        double running = 0;
        for (const double f : in_flight) running += f;
        progress.update_runs(finished, total, events.load() + live_events, running, clock);
      });
    });
    for (std::size_t job = 0; job < jobs; ++job) {
      ex.runs[job / batch].push_back(std::move(*results[job]));
    }
    have = target;
    summaries.clear();
    const std::vector<ReplicationResult>* base = specs.front() == &baseline ? &ex.runs.front() : nullptr;
    for (std::size_t v = 0; v < specs.size(); ++v) {
      summaries.push_back(analysis::summarize_variant(ex.runs[v], v == 0 ? nullptr : base));
    }
    if (!o.until_precision || have >= o.max_replications) {
      break;
    }
    const std::uint32_t needed = replications_needed(specs, summaries, *o.until_precision);
    if (needed <= have) {
      break;
    }
    target = std::min(needed, o.max_replications);
  }
  progress.finish();
  record.replications = have;
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ex.summary.variants = std::move(summaries);
  for (std::size_t v = 0; v < specs.size(); ++v) {
    for (const scn::GateSpec& gate : specs[v]->gates) {
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
  for (const auto& notes : model_notes) {
    for (const std::string& note : notes) {
      if (std::find(ex.notes.begin(), ex.notes.end(), note) == ex.notes.end()) {
        ex.notes.push_back(note);
      }
    }
  }
  return ex;
}

}  // namespace peaksim
