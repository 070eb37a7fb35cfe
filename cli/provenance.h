// cli/provenance.h — where a result came from, for the record in summary.json:
// which bytes were read (their SHA-256), which build ran them (version and git
// commit), who asked (the command line) and when.
//
// The command line is a value: main() captures it once as an `Invocation` and
// hands it to the commands that record it, so nothing here is process-wide.
//
//   const Invocation invocation = invocation_of(argc, argv);   // in main()
//   stamp_provenance(record, scenario_text, invocation);        // when planning
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace analysis {
struct RunRecord;
}  // namespace analysis

namespace peaksim {

// How this process was started.
struct Invocation {
  std::vector<std::string> command_line;  // argv, as typed
};

[[nodiscard]] Invocation invocation_of(int argc, char** argv);

// Lower-case hex SHA-256 of `bytes`; empty if OpenSSL fails.
[[nodiscard]] std::string sha256_hex(const std::string& bytes);

// Now, in ISO 8601 UTC: "2024-11-29T06:00:00Z".
[[nodiscard]] std::string utc_now();

// Wall-clock seconds since `start`, for the record's wall_seconds.
[[nodiscard]] double seconds_since(std::chrono::steady_clock::time_point start);

// Fills the record's provenance: the hash of `scenario_text`, this build's version
// and commit, the command line and the start time. The rest of the record
// (scenario, seed, horizon, ...) comes from the plan.
void stamp_provenance(analysis::RunRecord& record, const std::string& scenario_text, const Invocation& invocation);

// Throws std::invalid_argument unless `version` and `git_commit` name this build:
// results of different builds are not merged.
void require_this_build(const std::string& version, const std::string& git_commit);

}  // namespace peaksim
