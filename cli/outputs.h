// cli/outputs.h — what `peaksim run` and `peaksim merge` leave behind and print:
// OUT/summary.json, OUT/timeseries.csv (and timeseries-replications.csv on request,
// either gzip-compressed when large: cli/timeseries.h), OUT/report.html, then the
// table and the gates.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

#include "cli/experiment.h"
#include "cli/output_set.h"
#include "cli/timeseries.h"

namespace peaksim {

struct OutputOptions {
  std::string out;   // empty: out/<scenario name>
  bool json = false; // print summary.json to stdout instead of the table
  bool quiet = false;
  TimeseriesMode timeseries = TimeseriesMode::Summary;
  std::uint64_t gzip_above_mb = 16;  // a series file over this many MiB is written as NAME.csv.gz
};

// `--timeseries summary|replications|none` and `--gzip-above MB`, the same on `run` and `merge`.
void add_timeseries_options(CLI::App* cmd, OutputOptions& options);

// The folder the outputs go to: `options.out`, or out/<scenario name>.
[[nodiscard]] std::filesystem::path output_folder(const OutputOptions& options, const std::string& scenario);

// Renders the files in full, writes them into `folder` as one set (the
// previous set stays until the new one is complete: cli/output_set.h), then
// prints the table and the gates (or summary.json). Returns the exit status;
// throws std::runtime_error when the files cannot be written.
int write_outputs(const Experiment& ex, const OutputOptions& options, OutputFolder& folder);

// The same into output_folder(options, ...), checked only now: for MPI rank 0,
// which gathers the results first. Throws OutputError when it cannot be written.
int write_outputs(const Experiment& ex, const OutputOptions& options);

// Notes on stderr (unless quiet): what the file says that is not simulated yet, the builder's notes.
void print_notes(const Experiment& ex);

}  // namespace peaksim
