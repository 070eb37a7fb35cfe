// cli/run_command.cpp — `peaksim run FILE`: every variant, every replication, a per-channel table.
//
// Until the analysis issue brings intervals and reports, this prints means over
// replications and writes them, per replication, to OUT/summary.csv.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cstdio>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace peaksim {
namespace {

namespace scn = models::scenario;

struct RunOptions {
  std::string file;
  std::vector<std::string> sets;
  std::vector<std::string> variants;
  std::uint32_t replications = 0;  // 0: the file's
  unsigned threads = 2;
  std::string engine = "sequential";
  std::string out;
  bool quiet = false;
};

// What a scenario may say that the models do not act on yet: said once, on stderr.
std::vector<std::string> not_yet_simulated(const scn::ScenarioSpec& spec) {
  std::vector<std::string> found;
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
  return found;
}

int run(const RunOptions& o) {
  const scn::LoadResult loaded = scn::load_scenario_file(o.file, o.sets);
  if (!loaded.ok()) {
    std::cerr << loaded.diags.format(loaded.path);
    if (loaded.is_json_schema) {
      std::cerr << "error: " << o.file << " is a JSON Schema, not a scenario\n";
    }
    return kExitUsage;
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
        std::cerr << "error: " << o.file << ": no variant \"" << name << "\"\n";
        return kExitUsage;
      }
      chosen.push_back(*it);
    }
    specs = chosen;
  }
  std::vector<std::string> notes;
  for (const auto* spec : specs) {
    for (const std::string& what : not_yet_simulated(*spec)) {
      if (std::find(notes.begin(), notes.end(), what) == notes.end()) {
        notes.push_back(what);
      }
    }
  }
  if (!notes.empty() && !o.quiet) {
    std::string list;
    for (const std::string& what : notes) {
      list += (list.empty() ? "" : ", ") + what;
    }
    std::cerr << "note: accepted but not simulated yet (fulfilment capacity, faults and returns come with the delays "
                 "work): " << list << '\n';
  }
  const std::uint32_t reps = o.replications != 0 ? o.replications : loaded.scenario->baseline.replications;
  const std::size_t jobs = specs.size() * reps;
  std::vector<RetailRun> results(jobs);
  // Replications x variants run side by side; each is independent and seeded by
  // (seed, replication), so the results do not depend on the thread count.
  std::atomic<std::uint64_t> done{0};
  std::atomic<std::uint64_t> events{0};
  Progress progress(loaded.scenario->baseline.name, sim::Time::infinity(),
                    o.quiet ? Progress::Mode::Quiet : Progress::Mode::Auto);
  std::mutex progress_mutex;
  tbb::task_arena arena(static_cast<int>(std::max(1u, o.threads)));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, jobs, [&](std::size_t job) {
      const scn::ScenarioSpec& spec = *specs[job / reps];
      RunSettings settings;
      settings.parallel = o.engine == "parallel";
      settings.threads = settings.parallel ? o.threads : 1;
      results[job] = run_retail(spec, static_cast<std::uint32_t>(job % reps), settings);
      events += results[job].stats.events;
      const auto finished = ++done;
      std::lock_guard<std::mutex> lock(progress_mutex);
      progress.update_runs(finished, jobs, events.load());
    });
  });
  progress.finish();
  if (!o.quiet) {
    std::vector<std::string> model_notes;
    for (std::size_t v = 0; v < specs.size(); ++v) {
      for (const std::string& note : results[v * reps].notes) {
        if (std::find(model_notes.begin(), model_notes.end(), note) == model_notes.end()) {
          model_notes.push_back(note);
          std::cerr << "note: " << note << '\n';
        }
      }
    }
  }

  const auto& baseline = loaded.scenario->baseline;
  const std::string out_dir = o.out.empty() ? "out/" + baseline.name : o.out;
  std::filesystem::create_directories(out_dir);
  std::ofstream csv(out_dir + "/summary.csv");
  csv << "variant,replication,channel,orders,lines_promised,lines_turned_away,lost_sales,lines_fulfilled,oversells,"
         "oversold_units,resourced,backordered,canceled,pos_sales,pos_stockouts,oversell_rate,events\n";
  std::printf("%s: %zu variant(s) x %u replication(s), horizon %s (warm-up %s cut)\n", baseline.name.c_str(),
              specs.size(), reps, sim::format_duration(baseline.horizon).c_str(),
              sim::format_duration(baseline.warmup).c_str());
  std::printf("%-24s %-14s %9s %9s %9s %8s %10s %9s %9s\n", "variant", "channel", "orders", "promised", "oversells",
              "rate", "lost sales", "turned", "fulfilled");
  std::uint64_t total_events = 0;
  double total_wall = 0.0;
  for (std::size_t v = 0; v < specs.size(); ++v) {
    const auto& channels = results[v * reps].metrics.channels;
    for (std::size_t c = 0; c < channels.size(); ++c) {
      double orders = 0, promised = 0, oversells = 0, lost = 0, turned = 0, fulfilled = 0;
      for (std::uint32_t r = 0; r < reps; ++r) {
        const RetailRun& run = results[v * reps + r];
        const auto& m = run.metrics.channels[c];
        const bool pos = m.pos_sales + m.pos_stockouts > 0;
        orders += static_cast<double>(m.orders);
        promised += static_cast<double>(pos ? m.pos_sales : m.lines_promised);
        oversells += static_cast<double>(m.oversells);
        lost += static_cast<double>(m.lost_sales);
        turned += static_cast<double>(pos ? m.pos_stockouts : m.lines_turned_away);
        fulfilled += static_cast<double>(pos ? m.pos_sales : m.lines_fulfilled);
        csv << specs[v]->variant << ',' << r << ',' << m.name << ',' << m.orders << ',' << m.lines_promised << ','
            << m.lines_turned_away << ',' << m.lost_sales << ',' << m.lines_fulfilled << ',' << m.oversells << ','
            << m.oversold_units << ',' << m.resourced << ',' << m.backordered << ',' << m.canceled << ','
            << m.pos_sales << ',' << m.pos_stockouts << ',' << m.oversell_rate() << ',' << run.stats.events << '\n';
      }
      const double n = reps;
      std::printf("%-24s %-14s %9.1f %9.1f %9.1f %7.2f%% %10.1f %9.1f %9.1f\n", c == 0 ? specs[v]->variant.c_str() : "",
                  channels[c].name.c_str(), orders / n, promised / n, oversells / n,
                  promised > 0 ? 100.0 * oversells / promised : 0.0, lost / n, turned / n, fulfilled / n);
    }
    for (std::uint32_t r = 0; r < reps; ++r) {
      total_events += results[v * reps + r].stats.events;
      total_wall += results[v * reps + r].stats.wall_seconds;
      if (!results[v * reps + r].metrics.units.conserved()) {
        std::cerr << "error: units not conserved in variant " << specs[v]->variant << ", replication " << r << '\n';
        return kExitRuntimeError;
      }
    }
  }
  std::printf("means over replications; promised/fulfilled/turned for walk-in channels are till sales and empty shelves\n");
  std::printf("%s events processed, %.0f events/s per run (engine time %.2f s), wrote %s/summary.csv\n",
              std::to_string(total_events).c_str(), total_wall > 0 ? static_cast<double>(total_events) / total_wall : 0.0,
              total_wall, out_dir.c_str());
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, std::function<int()>& action) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario: every variant and replication; print a per-channel table");
  cmd->add_option("file", o->file, "Scenario file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--replications", o->replications, "Replications per variant (default: the file's)");
  cmd->add_option("--variant", o->variants, "Run only this variant (repeatable; \"baseline\" for the baseline)");
  cmd->add_option("--set", o->sets, "Override a field: PATH=VALUE (see validate --help)");
  cmd->add_option("--threads", o->threads, "Threads: runs side by side, or the parallel engine's")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--engine", o->engine, "sequential | parallel")
      ->capture_default_str()
      ->check(CLI::IsMember({"sequential", "parallel"}));
  cmd->add_option("--out", o->out, "Output folder (default out/<scenario name>)");
  cmd->add_flag("-q,--quiet", o->quiet, "No progress line on stderr");
  cmd->callback([o, &action] { action = [o] { return run(*o); }; });
}

}  // namespace peaksim
