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
#include "cli/output_set.h"
#include "cli/outputs.h"
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

// Every rank reads and checks the file; only rank 0 says what is wrong with it.
std::optional<Plan> plan_on_every_rank(const ExperimentOptions& options, int rank) {
  if (rank != 0) {
    std::cerr.setstate(std::ios::failbit);
  }
  std::optional<Plan> plan = plan_experiment(options);
  std::cerr.clear();
  if (plan && options.until_precision) {
    if (rank == 0) {
      std::cerr << "error: --until-precision decides on all replications at once; it cannot run under mpirun\n";
    }
    return std::nullopt;
  }
  return plan;
}

// Rank 0, before anything runs: what each rank holds, for on_stopped to name.
void watch_for_stopped_ranks(const Plan& plan, Shard shard) {
  for (std::uint32_t r = 0; r < shard.count; ++r) {
    g_held.push_back(describe(plan, static_cast<int>(r), shard_jobs(plan, {r, shard.count})));
    g_reported[r] = r == 0 ? 1 : 0;
  }
  std::signal(SIGTERM, on_stopped);
  std::signal(SIGINT, on_stopped);
}

void stop_watching() {
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
}

// What one rank ran: its results and the builder's notes, or the error that stopped it.
struct RankOutcome {
  std::vector<analysis::ReplicationResult> results;
  std::vector<std::string> notes;
  std::string error;
};

// This rank's shard, on this rank's threads; only rank 0 shows progress.
RankOutcome run_shard_of_rank(const Plan& plan, Shard shard, ExperimentOptions options) {
  options.quiet = options.quiet || shard.index != 0;
  Progress progress(plan.record.scenario + " (rank 0 of " + std::to_string(shard.count) + ")", sim::Time::infinity(),
                    options.quiet ? Progress::Mode::Quiet : Progress::Mode::Auto);
  RankOutcome out;
  try {
    out.results = run_jobs(plan, shard_jobs(plan, shard), options, progress, out.notes);
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  progress.finish();
  return out;
}

// Ranks but 0: the partial, or the error, to rank 0.
void send_to_rank_0(const Plan& plan, Shard shard, RankOutcome outcome) {
  const std::string message =
      outcome.error.empty()
          ? analysis::to_json(make_partial(plan, shard, std::move(outcome.results), std::move(outcome.notes))).dump()
          : nlohmann::json{{"error", outcome.error}}.dump();
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
}

std::string receive_from(int rank) {
  MPI_Status status;
  MPI_Probe(rank, kTagResult, MPI_COMM_WORLD, &status);
  int length = 0;
  MPI_Get_count(&status, MPI_CHAR, &length);
  std::string message(static_cast<std::size_t>(length), '\0');
  MPI_Recv(message.data(), length, MPI_CHAR, rank, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  g_reported[rank] = 1;
  return message;
}

// Rank 0: every rank's partial, its own first, and what went wrong on the others.
struct Gathered {
  std::vector<analysis::Partial> partials;
  std::vector<std::string> names;
  std::string failures;
};

Gathered gather_on_rank_0(const Plan& plan, Shard shard, RankOutcome own) {
  Gathered out;
  if (own.error.empty()) {
    out.partials.push_back(make_partial(plan, shard, std::move(own.results), std::move(own.notes)));
    out.names.push_back("rank 0");
  } else {
    out.failures += "  rank 0 failed: " + own.error + "\n" + g_held[0];
  }
  for (std::uint32_t r = 1; r < shard.count; ++r) {
    const std::string message = receive_from(static_cast<int>(r));
    try {
      const nlohmann::json j = nlohmann::json::parse(message);
      if (j.contains("error")) {
        out.failures +=
            "  rank " + std::to_string(r) + " failed: " + j.at("error").get<std::string>() + "\n" + g_held[r];
        continue;
      }
      out.partials.push_back(analysis::partial_from_json(j));
      out.names.push_back("rank " + std::to_string(r));
    } catch (const std::exception& e) {
      out.failures += "  rank " + std::to_string(r) + " sent a malformed result: " + e.what() + "\n" + g_held[r];
    }
  }
  return out;
}

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
  const std::optional<Plan> plan = plan_on_every_rank(options, rank);
  if (!plan) {
    return kExitUsage;
  }
  // Rank 0 writes the outputs: an unwritable folder (given or the default
  // out/<scenario name>) stops every rank before any runs.
  int writable = 1;
  if (rank == 0) {
    try {
      const OutputFolder probe(output_folder(outputs, plan->record.scenario));
    } catch (const OutputError& e) {
      std::cerr << "error: " << e.what() << '\n';
      writable = 0;
    }
  }
  MPI_Bcast(&writable, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (writable == 0) {
    return kExitUsage;
  }
  const Shard shard{static_cast<std::uint32_t>(rank), static_cast<std::uint32_t>(size)};
  if (rank == 0) {
    watch_for_stopped_ranks(*plan, shard);
  }
  if (const char* die = std::getenv("PEAKSIM_TEST_DIE_RANK"); die != nullptr && std::atoi(die) == rank) {
    ::_exit(3);  // for the test that a dying rank fails the job cleanly
  }
  const auto started = std::chrono::steady_clock::now();
  RankOutcome outcome = run_shard_of_rank(*plan, shard, options);
  if (rank != 0) {
    send_to_rank_0(*plan, shard, std::move(outcome));
    return kExitOk;
  }
  Gathered gathered = gather_on_rank_0(*plan, shard, std::move(outcome));
  stop_watching();
  if (!gathered.failures.empty()) {
    std::cerr << "error: the MPI run failed; nothing was written\n" << gathered.failures;
    return kExitRuntimeError;
  }
  Experiment ex = merge_partials(std::move(gathered.partials), gathered.names, options.invocation);
  ex.summary.record.wall_seconds = seconds_since(started);
  ex.summary.record.threads = options.threads;
  return write_outputs(ex, outputs);
}

#endif

}  // namespace peaksim
