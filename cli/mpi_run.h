// cli/mpi_run.h — `mpirun -np N peaksim run FILE`: the (variant, replication)
// pairs are spread over the ranks as N shards; each rank runs its shard on TBB
// with its own cores; rank 0 gathers the partial results and writes the same
// outputs as a single-process run (identical but for "invocation").
//
// A rank that fails sends its error instead of results; rank 0 names the rank
// and the work it held and writes nothing. A rank that dies outright makes
// mpirun stop the job; rank 0 names the ranks that had not reported, with
// their work, as it is stopped. Outputs are renamed into place only once
// complete, so nothing half-merged is ever left behind.
#pragma once

#include "cli/outputs.h"
#include "cli/plan.h"

namespace peaksim {

// Whether this process was started by an MPI launcher (and peaksim was built with MPI).
[[nodiscard]] bool mpi_launched();

int run_under_mpi(const ExperimentOptions& options, const OutputOptions& outputs);

}  // namespace peaksim
