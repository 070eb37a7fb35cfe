// cli/outputs.h — what `peaksim run` and `peaksim merge` leave behind and print:
// OUT/summary.json, OUT/timeseries.csv, OUT/report.html, then the table and the gates.
#pragma once

#include <filesystem>
#include <string>

#include "cli/experiment.h"

namespace peaksim {

struct OutputOptions {
  std::string out;   // empty: out/<scenario name>
  bool json = false; // print summary.json to stdout instead of the table
  bool quiet = false;
};

// Writes each file next to its final name and renames it into place, so a
// failure never leaves a half-written result. Returns the exit status.
int write_outputs(const Experiment& ex, const OutputOptions& options);

// Writes `content` beside `path` and renames it into place: readers never see half a file.
void write_atomically(const std::filesystem::path& path, const std::string& content);

// Notes on stderr (unless quiet): what the file says that is not simulated yet, the builder's notes.
void print_notes(const Experiment& ex);

}  // namespace peaksim
