// cli/check_command.cpp — `peaksim check FILE... [--junit FILE]`: gates for CI.
//
// Every file is validated before anything runs, so a typo in the last file
// does not cost the pipeline the runs of the first ones.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "analysis/gates.h"
#include "cli/commands.h"
#include "cli/console_report.h"
#include "cli/experiment.h"
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
  bool valid = true;
  for (const std::string& file : o.files) {
    const auto loaded = models::scenario::load_scenario_file(file, o.experiment.sets);
    if (!loaded.ok()) {
      std::cerr << loaded.diags.format(loaded.path);
      if (loaded.is_json_schema) {
        std::cerr << "error: " << file << " is a JSON Schema, not a scenario\n";
      }
      valid = false;
    }
  }
  if (!valid) {
    std::cerr << "check: invalid input; nothing was run\n";
    return kExitUsage;
  }
  if (!o.precision.empty()) {
    char* end = nullptr;
    double p = std::strtod(o.precision.c_str(), &end);
    if (end != nullptr && std::string(end) == "%") {
      p /= 100;
    } else if (end == nullptr || *end != '\0') {
      p = 0;
    }
    if (!(p > 0 && p < 1)) {
      std::cerr << "error: --until-precision: expected a share such as \"5%\", found \"" << o.precision << "\"\n";
      return kExitUsage;
    }
    o.experiment.until_precision = p;
  }
  o.experiment.command_line = command_line();
  std::vector<Experiment> experiments;
  std::vector<analysis::JunitSuite> suites;
  int status = kExitOk;
  experiments.reserve(o.files.size());
  for (const std::string& file : o.files) {
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
  if (!o.junit.empty()) {
    std::ofstream out(o.junit);
    out << analysis::junit_xml(suites);
    if (!out) {
      std::cerr << "error: cannot write " << o.junit << '\n';
      return kExitRuntimeError;
    }
  }
  std::printf("check: %s\n", status == kExitOk ? "all gates pass"
                             : status == kExitGateFailed ? "a gate failed or was inconclusive (exit 99)"
                                                         : "a scenario could not run (exit 1)");
  return status;
}

}  // namespace

void add_check_command(CLI::App& app, std::function<int()>& action) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Run scenarios and judge their gates (\"assertions\") on 95% confidence intervals: a gate passes when the\n"
      "whole interval is on the right side of its threshold, fails when it is entirely on the wrong side, and is\n"
      "inconclusive otherwise (a failure unless the gate says \"inconclusive\": \"pass\").\n"
      "Exit status: 0 every gate passes; 99 a gate failed or was inconclusive; 2 invalid input or usage (nothing\n"
      "runs); 1 a runtime error.");
  cmd->add_option("files", o->files, "Scenario files")->required()->check(CLI::ExistingFile);
  add_experiment_options(cmd, o->experiment);
  cmd->add_option("--until-precision", o->precision,
                  "Add replications until every gated metric's 95% half-width is within this share of its mean");
  cmd->add_option("--junit", o->junit, "Write JUnit XML: a suite per file, a test case per gate and variant");
  cmd->callback([o, &action] { action = [o] { return check(*o); }; });
}

}  // namespace peaksim
