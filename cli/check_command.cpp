// cli/check_command.cpp — `peaksim check FILE... [--junit FILE]`: gates for CI.
//
// Every file is validated before anything runs, so a typo in the last file
// does not cost the pipeline the runs of the first ones.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/gates.h"
#include "cli/commands.h"
#include "cli/console_report.h"
#include "cli/experiment.h"
#include "cli/interrupt.h"
#include "cli/output_set.h"
#include "cli/plan.h"
#include "models/scenario/loader.h"

namespace peaksim {

void add_experiment_options(CLI::App* cmd, ExperimentOptions& e);  // run_command.cpp

namespace {

struct CheckOptions {
  ExperimentOptions experiment;
  std::vector<std::string> files;
  std::string junit;
  std::string precision;
};

int check(CheckOptions o) {
  install_interrupt_handlers();
  // Every file is loaded and its models built before anything runs, with the
  // same options the runs will use; JSON Schemas (scenarios/schema.json) are skipped.
  bool valid = true;
  std::vector<std::string> files;
  for (const std::string& file : o.files) {
    if (models::scenario::load_scenario_file(file).is_json_schema) {
      std::fprintf(stderr, "skip: %s (a JSON Schema, not a scenario)\n", file.c_str());
      continue;
    }
    ExperimentOptions e = o.experiment;
    e.file = file;
    valid = plan_experiment(e).has_value() && valid;
    files.push_back(file);
  }
  if (!valid) {
    std::cerr << "check: invalid input; nothing was run\n";
    return kExitUsage;
  }
  if (!o.precision.empty()) {
    o.experiment.until_precision = parse_precision(o.precision);
    if (!o.experiment.until_precision) {
      std::cerr << "error: --until-precision: expected a share such as \"5%\" or 0.05, found \"" << o.precision << "\"\n";
      return kExitUsage;
    }
  }
  std::optional<OutputFile> junit;
  if (!o.junit.empty()) {
    junit.emplace(o.junit);  // throws OutputError: refused before anything runs
  }
  std::vector<Experiment> experiments;
  std::vector<analysis::JunitSuite> suites;
  int status = kExitOk;
  experiments.reserve(files.size());
  for (const std::string& file : files) {
    ExperimentOptions e = o.experiment;
    e.file = file;
    try {
      experiments.push_back(run_experiment(e));
    } catch (const std::exception& error) {
      std::cerr << "error: " << file << ": " << error.what() << '\n';
      suites.push_back({file, nullptr, error.what()});
      status = kExitRuntimeError;
      continue;
    }
    const Experiment& ex = experiments.back();
    if (ex.status != kExitOk) {
      return ex.status;
    }
    std::printf("%s (%s, %u replications)\n", file.c_str(), ex.summary.record.scenario.c_str(),
                ex.summary.record.replications);
    print_gates(ex.summary, stdout);
    if (!ex.summary.all_gates_pass() && status == kExitOk) {
      status = kExitGateFailed;
    }
    suites.push_back({file, &ex.summary, ""});
  }
  if (junit) {
    try {
      junit->commit(analysis::junit_xml(suites));
    } catch (const std::runtime_error& error) {
      std::cerr << "error: " << error.what() << '\n';
      return kExitRuntimeError;
    }
  }
  std::printf("check: %s\n", status == kExitOk ? "all gates pass"
                             : status == kExitGateFailed ? "a gate failed or was inconclusive (exit 99)"
                                                         : "a scenario could not run (exit 1)");
  return status;
}

}  // namespace

void add_check_command(CLI::App& app, const Invocation& invocation, std::function<int()>& action) {
  auto o = std::make_shared<CheckOptions>();
  o->experiment.invocation = invocation;
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Run scenarios and judge their gates (\"assertions\") on 95% confidence intervals: a gate passes when the\n"
      "whole interval is on the right side of its threshold, fails when it is entirely on the wrong side, and is\n"
      "inconclusive otherwise (a failure unless the gate says \"inconclusive\": \"pass\").\n"
      "Exit status: 0 every gate passes; 99 a gate failed or was inconclusive; 2 invalid input or usage, or an\n"
      "unwritable --junit (nothing runs); 1 a runtime error; 130, 143 interrupted.");
  cmd->add_option("files", o->files, "Scenario files")->required()->check(CLI::ExistingFile);
  add_experiment_options(cmd, o->experiment);
  cmd->add_option("--until-precision", o->precision,
                  "Add replications until every gated metric's 95% half-width is within this share of its mean");
  cmd->add_option("--junit", o->junit, "Write JUnit XML: a suite per file, a test case per gate and variant");
  cmd->callback([o, &action] { action = [o] { return check(*o); }; });
}

}  // namespace peaksim
