#include "cli/mpi_run.h"

#include <cstdlib>
#include <iostream>

#include "cli/commands.h"

#ifdef PEAKSIM_HAVE_MPI
#include <mpi.h>
#include <unistd.h>

#include <csignal>
#include <map>
#include <sstream>

#include "cli/merge.h"
#include "cli/progress.h"
#include "cli/run_jobs.h"
#endif

namespace peaksim {

#ifndef PEAKSIM_HAVE_MPI

bool mpi_launched() { return false; }

int run_under_mpi(const ExperimentOptions&, const OutputOptions&) {
  std::cerr << "error: this peaksim was built without MPI\n";
  return kExitUsage;
}

#else

bool mpi_launched() {
  // Open MPI, MPICH/Hydra and Slurm's PMI all say so in the environment.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(name) != nullptr) {
      return true;
    }
  }
  return false;
}

namespace {

constexpr int kTagResult = 1;
constexpr int kMaxRanks = 4096;

// For the signal handler: per rank, what it held, and whether it has reported.
// Written before the handler is installed; flags are sig_atomic_t.
std::vector<std::string> g_held;
volatile std::sig_atomic_t g_reported[kMaxRanks];

extern "C" void on_stopped(int) {
  static const char head[] = "error: the MPI job was stopped before every rank reported (a rank died?); nothing was "
                             "written. Not reported:\n";
  [[maybe_unused]] auto ignored = ::write(2, head, sizeof head - 1);
  for (std::size_t r = 0; r < g_held.size(); ++r) {
    if (g_reported[r] == 0) {
      ignored = ::write(2, g_held[r].data(), g_held[r].size());
    }
  }
  ::_exit(kExitRuntimeError);
}

// "rank 2 held baseline replications 2, 5, 8; all-three replications 1, 4"
std::string describe(const Plan& plan, int rank, const std::vector<Job>& jobs) {
  std::map<std::size_t, std::string> by_variant;
  for (const Job& job : jobs) {
    std::string& list = by_variant[job.variant];
    list += (list.empty() ? "" : ", ") + std::to_string(job.replication);
  }
  std::string out = "  rank " + std::to_string(rank) + " held";
  if (by_variant.empty()) {
    out += " no runs";
  }
  bool first = true;
  for (const auto& [variant, list] : by_variant) {
    out += (first ? " " : "; ") + plan.specs[variant]->variant + " replications " + list;
    first = false;
  }
  return out + "\n";
}

struct MpiSession {
  MpiSession() { MPI_Init(nullptr, nullptr); }
  ~MpiSession() { MPI_Finalize(); }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

}  // namespace

int run_under_mpi(const ExperimentOptions& options, const OutputOptions& outputs) {
  MpiSession session;
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size > kMaxRanks) {
    if (rank == 0) std::cerr << "error: at most " << kMaxRanks << " MPI ranks\n";
    return kExitUsage;
  }
  // Every rank reads and checks the file; only rank 0 says what is wrong with it.
  if (rank != 0) {
    std::cerr.setstate(std::ios::failbit);
  }
  std::optional<Plan> plan = plan_experiment(options);
  std::cerr.clear();
  if (!plan) {
    return kExitUsage;
  }
  if (options.until_precision) {
    if (rank == 0) {
      std::cerr << "error: --until-precision decides on all replications at once; it cannot run under mpirun\n";
    }
    return kExitUsage;
  }
  const Shard shard{static_cast<std::uint32_t>(rank), static_cast<std::uint32_t>(size)};
  const std::vector<Job> mine = shard_jobs(*plan, shard);
  if (rank == 0) {
    for (int r = 0; r < size; ++r) {
      g_held.push_back(describe(*plan, r, shard_jobs(*plan, {static_cast<std::uint32_t>(r), shard.count})));
      g_reported[r] = r == 0 ? 1 : 0;
    }
    std::signal(SIGTERM, on_stopped);
    std::signal(SIGINT, on_stopped);
  }
  if (const char* die = std::getenv("PEAKSIM_TEST_DIE_RANK"); die != nullptr && std::atoi(die) == rank) {
    ::_exit(3);  // for the test that a dying rank fails the job cleanly
  }

  ExperimentOptions mine_options = options;
  mine_options.quiet = options.quiet || rank != 0;
  Progress progress(plan->record.scenario + " (rank 0 of " + std::to_string(size) + ")", sim::Time::infinity(),
                    mine_options.quiet ? Progress::Mode::Quiet : Progress::Mode::Auto);
  std::string error;
  std::vector<analysis::ReplicationResult> results;
  std::vector<std::string> notes;
  const auto started = std::chrono::steady_clock::now();
  try {
    results = run_jobs(*plan, mine, mine_options, progress, notes);
  } catch (const std::exception& e) {
    error = e.what();
  }
  progress.finish();

  if (rank != 0) {
    const std::string message =
        error.empty()
            ? analysis::to_json(make_partial(*plan, shard, std::move(results), std::move(notes))).dump()
            : nlohmann::json{{"error", error}}.dump();
    MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
    return kExitOk;
  }
  std::vector<analysis::Partial> partials;
  std::vector<std::string> names;
  std::string failures;
  if (error.empty()) {
    partials.push_back(make_partial(*plan, shard, std::move(results), std::move(notes)));
    names.push_back("rank 0");
  } else {
    failures += "  rank 0 failed: " + error + "\n" + g_held[0];
  }
  for (int r = 1; r < size; ++r) {
    MPI_Status status;
    MPI_Probe(r, kTagResult, MPI_COMM_WORLD, &status);
    int length = 0;
    MPI_Get_count(&status, MPI_CHAR, &length);
    std::string message(static_cast<std::size_t>(length), '\0');
    MPI_Recv(message.data(), length, MPI_CHAR, r, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    g_reported[r] = 1;
    try {
      const nlohmann::json j = nlohmann::json::parse(message);
      if (j.contains("error")) {
        failures += "  rank " + std::to_string(r) + " failed: " + j.at("error").get<std::string>() + "\n" + g_held[r];
        continue;
      }
      partials.push_back(analysis::partial_from_json(j));
      names.push_back("rank " + std::to_string(r));
    } catch (const std::exception& e) {
      failures += "  rank " + std::to_string(r) + " sent a malformed result: " + e.what() + "\n" + g_held[r];
    }
  }
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
  if (!failures.empty()) {
    std::cerr << "error: the MPI run failed; nothing was written\n" << failures;
    return kExitRuntimeError;
  }
  Experiment ex = merge_partials(std::move(partials), names, options.invocation);
  ex.summary.record.wall_seconds = seconds_since(started);
  ex.summary.record.threads = options.threads;
  return write_outputs(ex, outputs);
}

#endif

}  // namespace peaksim
