// cli/merge.h — folding replications into one experiment: results (from this
// process or from shards, in any order) into the summary with its intervals and
// gate verdicts, and a shard's results to and from the partial file that
// `peaksim run --shard I/N` writes and `peaksim merge` and MPI rank 0 read.
//
// Folding sorts by (variant, replication) first, so the summary is the same
// bytes however the replications were split or in which order they arrived.
#pragma once

#include <string>
#include <vector>

#include "analysis/partial.h"
#include "cli/experiment.h"
#include "cli/plan.h"
#include "cli/provenance.h"

namespace peaksim {

// Folds results (in any order, each (variant, replication) once) into the summary
// and judges the gates. Throws std::runtime_error on a missing, duplicated or
// foreign result.
[[nodiscard]] Experiment finish_experiment(const Plan& plan, std::vector<analysis::ReplicationResult> results,
                                           std::vector<std::string> notes);

// A shard's results as a partial.
[[nodiscard]] analysis::Partial make_partial(const Plan& plan, Shard shard,
                                             std::vector<analysis::ReplicationResult> results,
                                             std::vector<std::string> notes);

// Partials back into one experiment, `names` saying where each came from.
// Refuses (std::invalid_argument) mismatched, missing and duplicated shards and
// partials of another build, with a message naming them.
[[nodiscard]] Experiment merge_partials(std::vector<analysis::Partial> partials, const std::vector<std::string>& names,
                                        const Invocation& invocation);

// Appends the notes in `more` that `into` does not hold yet, in order: a note
// is said once, however many runs made it.
void merge_notes(std::vector<std::string>& into, const std::vector<std::string>& more);

}  // namespace peaksim
