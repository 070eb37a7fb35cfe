// cli/commands.h — the peaksim subcommands, each registered on the CLI11 app.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace peaksim {

struct Invocation;  // cli/provenance.h

// Exit statuses, documented in --help and README.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntimeError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitGateFailed = 99;  // check: a gate failed or was inconclusive; diff: a gated metric got worse

// Registers `bench phold`; the returned action runs when it was chosen.
void add_bench_commands(CLI::App& app, std::function<int()>& action);
// Registers `run`; `invocation` goes into the record of what it writes (as for `merge` and `check`).
void add_run_command(CLI::App& app, const Invocation& invocation, std::function<int()>& action);
// Registers `merge`.
void add_merge_command(CLI::App& app, const Invocation& invocation, std::function<int()>& action);
// Registers `check`.
void add_check_command(CLI::App& app, const Invocation& invocation, std::function<int()>& action);
// Registers `diff`: what moved between two runs' summary.json.
void add_diff_command(CLI::App& app, std::function<int()>& action);
// Registers `generate` (cli/generate.h).
void add_generate_command(CLI::App& app, std::function<int()>& action);
// Registers `validate`, `graph`, `schema` and `params`.
void add_scenario_commands(CLI::App& app, std::function<int()>& action);

}  // namespace peaksim
