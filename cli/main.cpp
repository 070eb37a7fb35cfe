// cli/main.cpp — the peaksim command: wires sim/, models/ and analysis/.
#include <CLI/CLI.hpp>

#include <exception>
#include <functional>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/output_set.h"
#include "cli/provenance.h"
#include "cli/version.h"
#include "sim/errors.h"

namespace {

// Every usage error in the program's style: "error: ...", then where to find help.
std::string usage_error(const CLI::App* app, const CLI::Error& e) {
  std::string command = "peaksim";
  for (const CLI::App* sub = app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().back();
    command += " " + sub->get_name();
  }
  return "error: " + std::string(e.what()) + "\nRun `" + command + " --help` for more information.\n";
}

// `peaksim frobnicate`: CLI11 says only that a subcommand is required.
bool unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-' || !app.get_subcommands().empty()) {
    return false;
  }
  std::string names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  std::cerr << "error: unknown command \"" << argv[1] << "\" (commands: " << names
            << ")\nRun `peaksim --help` for more information.\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "peaksim — a parallel discrete-event simulator for omnichannel retail operations at peak load.\n\n"
      "Exit status: 0 success; 1 runtime error (a model failed during a run, or the outputs could not be written);\n"
      "2 invalid input or usage, an unwritable output included (nothing runs);\n"
      "99 `peaksim check`: a gate failed or was inconclusive; `peaksim diff`: a gated metric got significantly worse;\n"
      "130 or 143 interrupted by SIGINT or SIGTERM."};
  app.set_version_flag("--version", std::string("peaksim ") + peaksim::kVersion + " (" + peaksim::kGitCommit + ")");
  app.require_subcommand(1);
  app.failure_message(usage_error);  // before the subcommands, which copy it
  std::function<int()> action;
  // The command line goes into every summary.json; it is handed to the commands that write one.
  const peaksim::Invocation invocation = peaksim::invocation_of(argc, argv);
  peaksim::add_run_command(app, invocation, action);
  peaksim::add_check_command(app, invocation, action);
  peaksim::add_merge_command(app, invocation, action);
  peaksim::add_diff_command(app, action);
  peaksim::add_scenario_commands(app, action);
  peaksim::add_generate_command(app, action);
  peaksim::add_bench_commands(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (unknown_command(app, argc, argv)) {
      return peaksim::kExitUsage;
    }
    const int code = app.exit(e);
    return code == 0 ? peaksim::kExitOk : peaksim::kExitUsage;
  }
  try {
    return action ? action() : peaksim::kExitOk;
  } catch (const sim::ConfigError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return peaksim::kExitUsage;
  } catch (const sim::DurationError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return peaksim::kExitUsage;
  } catch (const peaksim::OutputError& e) {
    std::cerr << "error: " << e.what() << '\n';
    return peaksim::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return peaksim::kExitRuntimeError;
  }
}
