#include "cli/outputs.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "analysis/report_html.h"
#include "analysis/summary_json.h"
#include "cli/commands.h"
#include "cli/console_report.h"
#include "cli/scenario_overview.h"

namespace peaksim {

namespace {

// A CSV field, quoted when it must be (RFC 4180).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    return text;
  }
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

// The shortest text that reads back to the same double; empty for NaN.
std::string csv_number(double value) {
  if (!std::isfinite(value)) {
    return "";
  }
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

std::string timeseries_csv(const Experiment& ex) {
  std::ostringstream csv;
  csv << "variant,replication,series,labels,unit,minute,value\n";
  for (const auto& runs : ex.runs) {
    for (const analysis::ReplicationResult& run : runs) {
      for (const analysis::Series& s : run.series) {
        const std::string prefix = csv_field(run.variant) + ',' + std::to_string(run.replication) + ',' +
                                   csv_field(s.name) + ',' + csv_field(analysis::format_labels(s.labels)) + ',' +
                                   csv_field(s.unit) + ',';
        for (std::size_t m = 0; m < s.values.size(); ++m) {
          csv << prefix << m << ',' << csv_number(s.values[m]) << '\n';
        }
      }
    }
  }
  return csv.str();
}

}  // namespace

void print_notes(const Experiment& ex) {
  if (!ex.not_simulated.empty()) {
    std::string list;
    for (const std::string& what : ex.not_simulated) {
      list += (list.empty() ? "" : ", ") + what;
    }
    std::cerr << "note: accepted but not simulated yet: " << list << '\n';
  }
  for (const std::string& note : ex.notes) {
    std::cerr << "note: " << note << '\n';
  }
}

std::filesystem::path output_folder(const OutputOptions& o, const std::string& scenario) {
  return o.out.empty() ? "out/" + scenario : o.out;
}

int write_outputs(const Experiment& ex, const OutputOptions& o) {
  OutputFolder folder(output_folder(o, ex.summary.record.scenario));
  return write_outputs(ex, o, folder);
}

int write_outputs(const Experiment& ex, const OutputOptions& o, OutputFolder& folder) {
  if (!o.quiet) {
    print_notes(ex);
  }
  const auto json = analysis::to_json(ex.summary);
  // Rendered in full before anything is written.
  const std::string summary = json.dump(2) + '\n';
  const std::string series = timeseries_csv(ex);
  const std::vector<analysis::MetricDescription> metrics = metric_descriptions();
  const std::string report =
      analysis::render_report({&ex.summary, &ex.network, ex.summary.record.scenario, ex.description, &metrics});
  folder.commit({{"summary.json", summary}, {"timeseries.csv", series}, {"report.html", report}});
  if (o.json) {
    std::cout << summary;
    return kExitOk;
  }
  print_metrics_table(ex.summary, stdout);
  print_gates(ex.summary, stdout);
  std::uint64_t events = 0;
  double engine_seconds = 0;
  for (const auto& v : ex.summary.variants) {
    events += v.events;
    engine_seconds += v.wall_seconds;
  }
  std::printf("%llu events, %.0f events/s per run; wall time %.2f s; wrote %s/{summary.json,timeseries.csv,report.html}\n",
              static_cast<unsigned long long>(events),
              engine_seconds > 0 ? static_cast<double>(events) / engine_seconds : 0.0, ex.summary.record.wall_seconds,
              folder.name().c_str());
  return kExitOk;
}

}  // namespace peaksim
