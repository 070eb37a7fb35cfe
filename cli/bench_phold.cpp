// cli/bench_phold.cpp — `peaksim bench phold`: our kernel on the standard PHOLD model.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/version.h"
#include "models/synthetic/phold.h"
#include "sim/engine_core.h"
#include "sim/parallel_engine.h"
#include "sim/sequential_engine.h"

namespace peaksim {
namespace {

struct PholdOptions {
  std::uint32_t lps = 1024;
  std::uint32_t events_per_lp = 16;
  double remote = 1.0;
  std::string mean = "1s";
  std::string lookahead = "100ms";
  std::string end = "1000s";
  std::string engine = "sequential";
  std::string event_set = std::string(sim::to_string(sim::kDefaultEventSet));
  unsigned threads = 2;
  unsigned partitions = 0;
  std::uint64_t seed = 1;
  std::uint64_t max_events = 0;
  bool json = false;
  bool quiet = false;
};

std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx != 0 && (digits.size() - idx) % 3 == 0) {
      out += ',';
    }
    out += digits[idx];
  }
  return out;
}

int run_phold(const PholdOptions& o) {
  models::PholdParams params;
  params.lps = o.lps;
  params.events_per_lp = o.events_per_lp;
  params.remote = o.remote;
  params.mean = sim::parse_duration(o.mean);
  params.lookahead = sim::parse_duration(o.lookahead);

  sim::EngineOptions options;
  options.seed = o.seed;
  options.end = sim::Time::zero() + sim::parse_duration(o.end);
  if (o.max_events != 0) {
    options.max_events = o.max_events;
  }
  options.event_set = *sim::event_set_from_string(o.event_set);
  options.threads = o.engine == "parallel" ? o.threads : 1;
  options.partitions = o.partitions;

  Progress progress("phold", options.end, o.json || o.quiet ? Progress::Mode::Quiet : Progress::Mode::Auto);
  options.progress = [&progress](sim::Time now, std::uint64_t events) { progress.update(now, events); };
  sim::Network network = models::build_phold(params);
  const sim::RunStats stats = o.engine == "parallel" ? sim::ParallelEngine(options).run(network)
                                                     : sim::SequentialEngine(options).run(network);
  progress.finish();
  const std::size_t peak_bytes = sim::detail::peak_resident_bytes();
  char checksum[32];
  std::snprintf(checksum, sizeof checksum, "%016llx", static_cast<unsigned long long>(stats.checksum));

  if (o.json) {
    nlohmann::json out = {
        {"benchmark", "phold"},
        {"peaksim_version", kVersion},
        {"git_commit", kGitCommit},
        {"parameters",
         {{"lps", o.lps},
          {"events_per_lp", o.events_per_lp},
          {"remote", o.remote},
          {"mean", sim::format_duration(params.mean)},
          {"lookahead", sim::format_duration(params.lookahead)},
          {"end", sim::format_duration(options.end - sim::Time::zero())},
          {"engine", o.engine},
          {"event_set", o.event_set},
          {"threads", options.threads},
          {"partitions", stats.partitions},
          {"seed", o.seed}}},
        {"committed_events", stats.events},
        {"wall_seconds", stats.wall_seconds},
        {"events_per_second", stats.events_per_second()},
        {"peak_resident_bytes", peak_bytes},
        {"peak_pending_events", stats.peak_pending},
        {"windows", stats.windows},
        {"checksum", checksum},
    };
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  std::printf("PHOLD  lps=%u events/lp=%u remote=%g mean=%s lookahead=%s end=%s seed=%llu\n", o.lps,
              o.events_per_lp, o.remote, sim::format_duration(params.mean).c_str(),
              sim::format_duration(params.lookahead).c_str(), o.end.c_str(), static_cast<unsigned long long>(o.seed));
  std::printf("engine %s, %s event set, %u thread(s), %u partition(s), %llu window(s)\n", o.engine.c_str(),
              o.event_set.c_str(), options.threads, stats.partitions, static_cast<unsigned long long>(stats.windows));
  std::printf("  committed events   %s\n", with_commas(stats.events).c_str());
  std::printf("  wall seconds       %.3f (main loop)\n", stats.wall_seconds);
  std::printf("  events per second  %s\n", with_commas(static_cast<std::uint64_t>(stats.events_per_second())).c_str());
  std::printf("  peak memory        %.1f MiB resident, %s pending events at most\n",
              static_cast<double>(peak_bytes) / (1024.0 * 1024.0), with_commas(stats.peak_pending).c_str());
  std::printf("  checksum           %s\n", checksum);
  return kExitOk;
}

}  // namespace

void add_bench_commands(CLI::App& app, std::function<int()>& action) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks of the simulation kernel");
  bench->require_subcommand(1);
  CLI::App* phold = bench->add_subcommand(
      "phold",
      "PHOLD: N LPs with K events each; every event schedules one successor to a uniformly drawn LP "
      "(probability --remote, else itself) after lookahead + Exp(mean). Prints committed events, wall "
      "seconds, events per second, peak memory and the run checksum.");
  auto o = std::make_shared<PholdOptions>();
  auto is_duration = CLI::Validator(
      [](std::string& text) -> std::string {
        try {
          (void)sim::parse_duration(text);
          return {};
        } catch (const std::exception& e) {
          return e.what();
        }
      },
      "DURATION");
  phold->add_option("--lps", o->lps, "Number of LPs")->capture_default_str()->check(CLI::Range(1u, 1u << 24));
  phold->add_option("--events-per-lp", o->events_per_lp, "Initial events per LP")
      ->capture_default_str()
      ->check(CLI::Range(0u, 1u << 20));
  phold->add_option("--remote", o->remote, "Probability that an event goes to a uniformly drawn LP")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  phold->add_option("--mean", o->mean, "Mean of the exponential part of each delay")
      ->capture_default_str()
      ->check(is_duration);
  phold->add_option("--lookahead", o->lookahead, "Fixed part of each delay; the engine's lookahead")
      ->capture_default_str()
      ->check(is_duration);
  phold->add_option("--end", o->end, "Simulated end time; events at or after it are not processed")
      ->capture_default_str()
      ->check(is_duration);
  phold->add_option("--max-events", o->max_events, "Also stop after this many committed events (0 = no limit)")
      ->capture_default_str();
  phold->add_option("--engine", o->engine, "sequential | parallel")
      ->capture_default_str()
      ->check(CLI::IsMember({"sequential", "parallel"}));
  phold->add_option("--event-set", o->event_set, "Pending-event set: heap | ladder")
      ->capture_default_str()
      ->check(CLI::IsMember({"heap", "ladder"}));
  phold->add_option("--threads", o->threads, "Threads of the parallel engine")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  phold->add_option("--partitions", o->partitions, "Partitions of the parallel engine (0 = one per thread)")
      ->capture_default_str();
  phold->add_option("--seed", o->seed, "Seed of every LP's random stream")->capture_default_str();
  phold->add_flag("--json", o->json, "Print the result as one JSON object");
  phold->add_flag("-q,--quiet", o->quiet, "No progress line on stderr");
  phold->callback([o, &action] { action = [o] { return run_phold(*o); }; });
}

}  // namespace peaksim
