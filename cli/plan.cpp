#include "cli/plan.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/retail_metrics.h"
#include "cli/scenario_overview.h"
#include "models/retail/build.h"
#include "sim/errors.h"

namespace peaksim {

namespace scn = models::scenario;
using SpecList = std::vector<const scn::ScenarioSpec*>;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The scenario in `text` with the options' overrides; nullopt after printing every error.
std::optional<scn::Scenario> load(const ExperimentOptions& o, const std::string& text) {
  std::vector<std::string> sets = o.sets;
  if (o.seed) {
    sets.push_back("/seed=" + std::to_string(*o.seed));
  }
  scn::LoadResult loaded = scn::load_scenario_text(text, o.file, sets);
  if (!loaded.ok()) {
    std::cerr << loaded.diags.format(loaded.path);
    if (loaded.is_json_schema) {
      std::cerr << "error: " << o.file << " is a JSON Schema, not a scenario\n";
    }
    return std::nullopt;
  }
  return std::move(*loaded.scenario);
}

// The variants named by --variant (all when none is), in the file's order with
// the baseline first: the order of the flags changes nothing. Nullopt after
// naming a variant the file does not have.
std::optional<SpecList> choose_variants(const scn::Scenario& scenario, const ExperimentOptions& o) {
  SpecList all = {&scenario.baseline};
  for (const auto& v : scenario.variants) {
    all.push_back(&v);
  }
  if (o.variants.empty()) {
    return all;
  }
  SpecList chosen;
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
  SpecList in_file_order;
  for (const auto* spec : all) {
    if (std::find(chosen.begin(), chosen.end(), spec) != chosen.end()) {
      in_file_order.push_back(spec);
    }
  }
  return in_file_order;
}

// Bytes a run holds per node x SKU position: the model's stock, views and
// reservations (analysis takes each node's initial stock as the scenario's shared
// copy, and its own arrays once the model is freed). Measured: 47 (peak RSS, 200 stores
// x 2,000 SKUs against x 12,000), and 74 on 1,000 x 50,000 with 2 M customers a day,
// whose probe records grow with its orders, not its positions; 100 leaves a margin.
constexpr double kBytesPerPosition = 100.0;
constexpr double kBytesPerRun = 64.0 * 1024 * 1024;  // code, demand processes, links, fixed tables
// Bytes of results a run keeps until the outputs are written: per series and
// minute its value and its rows of timeseries.csv; per run, its observations and
// their share of summary.json. Measured with /usr/bin/time on one-sku-one-store
// (7 series): 4.47 GB peak at 8,000 replications of 481 minutes, 2.28 GB at 5 of
// 300 days (432,001 minutes); these constants estimate 4.4 GB and 2.3 GB.
constexpr double kBytesPerSeriesMinute = 150.0;
constexpr double kBytesPerResult = 24.0 * 1024;

// MemAvailable, or PEAKSIM_MEMORY_AVAILABLE (bytes) where set: what a test, or a user
// sharing the machine, says the run may use.
double available_memory_bytes() {
  if (const char* limit = std::getenv("PEAKSIM_MEMORY_AVAILABLE"); limit != nullptr && *limit != '\0') {
    return std::strtod(limit, nullptr);
  }
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kb = 0.0;
  std::string unit;
  while (meminfo >> key >> kb >> unit) {
    if (key == "MemAvailable:") {
      return kb * 1024.0;
    }
  }
  return 0.0;  // unknown: no refusal
}

std::string gigabytes(double bytes) {
  std::ostringstream out;
  out.precision(bytes < 10e9 ? 2 : 3);
  out << bytes / 1e9 << " GB";
  return out.str();
}

// What the runs of a plan need: the models held at once (their positions) and
// the results every run keeps until the outputs are written (their series).
struct MemoryEstimate {
  std::size_t positions = 0;  // node x SKU positions of the largest variant
  std::size_t at_once = 0;    // runs held at once
  std::size_t jobs = 0;       // runs in all
  std::size_t series = 0;     // per-minute series of a run (0 until the models are built)
  std::size_t minutes = 0;    // of the longest horizon
  [[nodiscard]] double models_bytes() const {
    return static_cast<double>(at_once) * (static_cast<double>(positions) * kBytesPerPosition + kBytesPerRun);
  }
  [[nodiscard]] double results_bytes() const {
    return static_cast<double>(jobs) *
           (static_cast<double>(series) * static_cast<double>(minutes) * kBytesPerSeriesMinute + kBytesPerResult);
  }
  [[nodiscard]] double total_bytes() const { return models_bytes() + results_bytes(); }
  [[nodiscard]] std::string describe() const {
    std::string out = "about " + gigabytes(total_bytes()) + " of memory: " +
                      std::to_string(positions) + " node x SKU positions x " +
                      std::to_string(static_cast<int>(kBytesPerPosition)) + " bytes, " + std::to_string(at_once) +
                      " run(s) at once";
    if (series > 0) {  // counted once the models are built
      out += "; results of " + std::to_string(jobs) + " run(s) x " + std::to_string(series) + " series x " +
             std::to_string(minutes) + " minutes";
    }
    return out;
  }
};

MemoryEstimate estimate_memory(const SpecList& specs, const ExperimentOptions& o, std::uint32_t replications) {
  MemoryEstimate e;
  for (const auto* spec : specs) {
    std::size_t here = 0;
    for (const auto& node : spec->nodes) {
      here += node.inventory.empty() ? 0 : spec->skus.size();
    }
    e.positions = std::max(e.positions, here);
    e.minutes = std::max<std::size_t>(e.minutes, static_cast<std::size_t>(spec->horizon.count_us() / 60'000'000) + 1);
  }
  e.jobs = specs.size() * std::max<std::uint32_t>(replications, 1);
  e.at_once = uses_parallel_engine(o, e.jobs) ? 1 : std::min<std::size_t>(std::max(1u, o.threads), e.jobs);
  return e;
}

// False (after an error) when the estimate cannot fit in the memory available.
bool memory_fits(const MemoryEstimate& e, const ExperimentOptions& o) {
  const double available = available_memory_bytes();
  if (available > 0.0 && e.total_bytes() > available) {
    std::cerr << "error: " << o.file << ": this run needs " << e.describe() << ", but " << gigabytes(available)
              << " is available: run fewer at once (--threads 1), fewer replications, a shorter horizon, fewer "
                 "stores or SKUs, or use a larger machine\n";
    return false;
  }
  return true;
}

void note_memory(const MemoryEstimate& e, const ExperimentOptions& o) {
  if (!o.quiet || e.total_bytes() > 1e9) {
    std::cerr << "note: " << e.describe() << " (" << gigabytes(available_memory_bytes()) << " available)\n";
  }
}

// A file can be valid and still describe a model the builder refuses (two
// OMSes, say): find out now, before any run starts, by building every variant's
// model once. The most series a run of one of them yields, or nullopt after printing why.
std::optional<std::size_t> models_build(const SpecList& specs, const std::string& file) {
  std::size_t series = 0;
  for (const auto* spec : specs) {
    try {
      const models::retail::RetailModel model = models::retail::build(*spec);
      series = std::max(series,
                        analysis::series_per_run(model.channels.size(), model.groups.size(), model.brokers.size(), model.outages));
    } catch (const sim::ConfigError& e) {
      std::cerr << "error: " << file;
      if (spec->variant != "baseline") {
        std::cerr << " (variant " << spec->variant << ")";
      }
      std::cerr << ": " << e.what() << '\n';
      return std::nullopt;
    }
  }
  return series;
}

analysis::RunRecord record_of(const scn::ScenarioSpec& baseline, const ExperimentOptions& o,
                              const std::string& scenario_text) {
  analysis::RunRecord record;
  record.scenario = baseline.name;
  record.file = o.file;
  record.seed = baseline.seed;
  record.threads = o.threads;
  record.horizon = sim::format_duration(baseline.horizon);
  record.warmup = sim::format_duration(baseline.warmup);
  record.sets = o.sets;
  stamp_provenance(record, scenario_text, o.invocation);
  return record;
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
  if (!record.data_files.empty()) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& [file, sha256] : record.data_files) {
      files.push_back({{"file", file}, {"sha256", sha256}});
    }
    id["data_files"] = files;
  }
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
  Plan plan;
  plan.scenario_text = text ? *text : read_file(o.file);
  std::optional<scn::Scenario> loaded = load(o, plan.scenario_text);
  if (!loaded) {
    return std::nullopt;
  }
  plan.scenario = std::make_shared<const scn::Scenario>(std::move(*loaded));
  std::optional<SpecList> specs = choose_variants(*plan.scenario, o);
  if (!specs) {
    return std::nullopt;
  }
  const scn::ScenarioSpec& baseline = plan.scenario->baseline;
  plan.replications = o.replications != 0 ? o.replications : baseline.replications;
  if (o.until_precision) {
    plan.replications = std::min(std::max(plan.replications, 2u), o.max_replications);
  }
  // Before any model is built, a run whose models are too large for the machine is
  // refused, not killed; once they are, so is one whose results would be.
  MemoryEstimate memory = estimate_memory(*specs, o, o.until_precision ? o.max_replications : plan.replications);
  if (!memory_fits(memory, o)) {
    return std::nullopt;
  }
  const std::optional<std::size_t> series = models_build(*specs, o.file);
  if (!series) {
    return std::nullopt;
  }
  memory.series = *series;
  if (!memory_fits(memory, o)) {
    return std::nullopt;
  }
  note_memory(memory, o);
  plan.specs = std::move(*specs);
  for (const auto* spec : plan.specs) {
    note_not_yet_simulated(*spec, plan.not_simulated);
  }
  plan.network = sketch_network(baseline);
  plan.description = baseline.description;
  plan.record = record_of(baseline, o, plan.scenario_text);
  for (const auto& [given, resolved] : plan.scenario->data_files) {
    std::ifstream in(resolved, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();  // read (and checked) moments ago by the loader
    plan.record.data_files.emplace_back(given, sha256_hex(bytes.str()));
  }
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

bool uses_parallel_engine(const ExperimentOptions& options, std::size_t jobs) {
  switch (options.engine) {
    case EngineChoice::Sequential:
      return false;
    case EngineChoice::Parallel:
      return true;
    case EngineChoice::Auto:
      break;
  }
  // Runs side by side keep every thread busy with no synchronisation at all.
  return options.threads > 1 && jobs == 1;
}

}  // namespace peaksim
