#include "analysis/summary_json.h"

#include "analysis/json_values.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace analysis {

namespace {

using json = nlohmann::ordered_json;

json interval_json(const Interval& i) {
  json out;
  out["mean"] = json_values::number(i.mean);
  out["sd"] = json_values::number(i.sd);
  out["ci95"] = json::array({json_values::number(i.low), json_values::number(i.high)});
  out["n"] = i.n;
  return out;
}

json record_json(const RunRecord& r) {
  json record;
  record["scenario"] = r.scenario;
  record["file"] = r.file;
  record["file_sha256"] = r.file_sha256;
  record["seed"] = r.seed;
  record["replications"] = r.replications;
  record["horizon"] = r.horizon;
  record["warmup"] = r.warmup;
  record["sets"] = r.sets;
  if (!r.data_files.empty()) {  // absent for a scenario of JSON alone: its summary reads as before
    json files = json::array();
    for (const auto& [file, sha256] : r.data_files) {
      files.push_back({{"file", file}, {"sha256", sha256}});
    }
    record["data_files"] = files;
  }
  record["peaksim_version"] = r.version;
  record["git_commit"] = r.git_commit;
  return record;
}

json metric_json(const MetricSummary& m) {
  json metric;
  metric["name"] = m.metric;
  metric["labels"] = json_values::labels(m.labels);
  metric["statistic"] = m.statistic;
  metric["unit"] = m.unit;
  const json stats = interval_json(m.value);
  for (const auto& [key, value] : stats.items()) {
    metric[key] = value;
  }
  json values = json::array();
  for (const double x : m.per_replication) {
    values.push_back(json_values::number(x));
  }
  metric["values"] = values;
  if (m.vs_baseline) {
    metric["vs_baseline"] = interval_json(*m.vs_baseline);
  }
  return metric;
}

json gate_json(const GateVerdict& g) {
  json gate;
  gate["name"] = g.gate;
  gate["variant"] = g.variant;
  gate["metric"] = g.metric;
  gate["labels"] = json_values::labels(g.labels);
  gate["statistic"] = g.statistic;
  gate["comparison"] = g.comparison;
  gate["threshold"] = json_values::number(g.threshold);
  gate["relative"] = g.relative.empty() ? json(nullptr) : json(g.relative);
  gate["inconclusive"] = g.inconclusive_passes ? "pass" : "fail";
  gate["measured"] = interval_json(g.measured);
  gate["verdict"] = to_string(g.verdict);
  gate["passed"] = g.passed;
  gate["explanation"] = g.explanation;
  return gate;
}

// How and when this run was made: the only fields that may differ between
// runs of the same inputs (command line, threads, clock, speed).
json invocation_json(const RunSummary& s) {
  const RunRecord& r = s.record;
  json wall;
  wall["command_line"] = r.command_line;
  wall["threads"] = r.threads;
  wall["started_at"] = r.started_at;
  wall["wall_seconds"] = r.wall_seconds;
  json engine = json::object();
  for (const VariantSummary& v : s.variants) {
    engine[v.name] = {{"events", v.events},
                      {"engine_seconds", v.wall_seconds},
                      {"events_per_second", v.wall_seconds > 0 ? static_cast<double>(v.events) / v.wall_seconds : 0.0}};
  }
  wall["variants"] = engine;
  return wall;
}

using json_values::read_labels;
using json_values::read_number;

Interval read_interval(const nlohmann::json& j) {
  Interval out;
  out.mean = read_number(j.at("mean"));
  out.sd = read_number(j.at("sd"));
  out.low = read_number(j.at("ci95").at(0));
  out.high = read_number(j.at("ci95").at(1));
  out.n = j.at("n").get<std::size_t>();
  return out;
}

RunRecord read_record(const nlohmann::json& j) {
  RunRecord r;
  r.scenario = j.at("scenario").get<std::string>();
  r.file = j.at("file").get<std::string>();
  r.file_sha256 = j.at("file_sha256").get<std::string>();
  r.seed = j.at("seed").get<std::uint64_t>();
  r.replications = j.at("replications").get<std::uint32_t>();
  r.horizon = j.at("horizon").get<std::string>();
  r.warmup = j.at("warmup").get<std::string>();
  r.sets = j.at("sets").get<std::vector<std::string>>();
  if (j.contains("data_files")) {
    for (const auto& f : j.at("data_files")) {
      r.data_files.emplace_back(f.at("file").get<std::string>(), f.at("sha256").get<std::string>());
    }
  }
  r.version = j.at("peaksim_version").get<std::string>();
  r.git_commit = j.at("git_commit").get<std::string>();
  return r;
}

MetricSummary read_metric(const nlohmann::json& j) {
  MetricSummary m;
  m.metric = j.at("name").get<std::string>();
  m.labels = read_labels(j.at("labels"));
  m.statistic = j.at("statistic").get<std::string>();
  m.unit = j.at("unit").get<std::string>();
  m.value = read_interval(j);
  for (const auto& value : j.at("values")) {
    m.per_replication.push_back(read_number(value));
  }
  if (j.contains("vs_baseline")) {
    m.vs_baseline = read_interval(j.at("vs_baseline"));
  }
  return m;
}

// What the gate judges, or nullopt for a record this reader does not understand.
std::optional<GateVerdict> read_gate(const nlohmann::json& j) {
  const auto is_string = [&j](const char* key) { return j.contains(key) && j.at(key).is_string(); };
  if (!j.is_object() || !is_string("variant") || !is_string("metric") || !is_string("statistic") ||
      !is_string("comparison") || !j.contains("labels") || !j.at("labels").is_object()) {
    return std::nullopt;
  }
  GateVerdict g;
  g.comparison = j.at("comparison").get<std::string>();
  if (g.comparison != "<" && g.comparison != "<=" && g.comparison != ">" && g.comparison != ">=") {
    return std::nullopt;
  }
  g.gate = is_string("name") ? j.at("name").get<std::string>() : std::string();
  g.variant = j.at("variant").get<std::string>();
  g.metric = j.at("metric").get<std::string>();
  g.labels = read_labels(j.at("labels"));
  g.statistic = j.at("statistic").get<std::string>();
  g.threshold = j.contains("threshold") && j.at("threshold").is_number() ? j.at("threshold").get<double>()
                                                                         : std::numeric_limits<double>::quiet_NaN();
  g.relative = is_string("relative") ? j.at("relative").get<std::string>() : std::string();
  return g;
}

std::vector<SweepCoordinate> read_sweep(const nlohmann::json& j) {
  std::vector<SweepCoordinate> out;
  for (const auto& c : j) {
    out.push_back(SweepCoordinate{c.at("sweep").get<std::string>(), c.at("axis").get<std::string>(),
                                  c.at("label").get<std::string>(), json_values::read_number(c.at("value")),
                                  c.at("unit").get<std::string>()});
  }
  return out;
}

}  // namespace

RunSummary summary_from_json(const nlohmann::json& j) {
  json_values::require_schema(j, kSummarySchema, "a peaksim summary.json");
  try {
    RunSummary s;
    s.record = read_record(j.at("run"));
    for (const auto& v : j.at("variants")) {
      VariantSummary variant;
      variant.name = v.at("name").get<std::string>();
      if (v.contains("sweep")) {
        variant.sweep = read_sweep(v.at("sweep"));
      }
      variant.replications = v.at("replications").get<std::uint32_t>();
      for (const auto& m : v.at("metrics")) {
        variant.metrics.push_back(read_metric(m));
      }
      s.variants.push_back(std::move(variant));
    }
    if (j.contains("gates")) {
      for (const auto& g : j.at("gates")) {
        if (std::optional<GateVerdict> gate = read_gate(g)) {
          s.gates.push_back(std::move(*gate));
        }
      }
    }
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("malformed summary.json: ") + e.what());
  }
}

json to_json(const RunSummary& s) {
  json out;
  out["schema"] = kSummarySchema;
  out["run"] = record_json(s.record);
  json variants = json::array();
  for (const VariantSummary& v : s.variants) {
    json variant;
    variant["name"] = v.name;
    if (!v.sweep.empty()) {  // absent, not empty, for a variant of no sweep: older summaries read the same
      json coordinates = json::array();
      for (const SweepCoordinate& c : v.sweep) {
        coordinates.push_back({{"sweep", c.sweep},
                               {"axis", c.axis},
                               {"label", c.label},
                               {"value", json_values::number(c.value)},
                               {"unit", c.unit}});
      }
      variant["sweep"] = coordinates;
    }
    variant["replications"] = v.replications;
    json metrics = json::array();
    for (const MetricSummary& m : v.metrics) {
      metrics.push_back(metric_json(m));
    }
    variant["metrics"] = metrics;
    variants.push_back(variant);
  }
  out["variants"] = variants;
  json gates = json::array();
  for (const GateVerdict& g : s.gates) {
    gates.push_back(gate_json(g));
  }
  out["gates"] = gates;
  out["all_gates_pass"] = s.all_gates_pass();
  out["invocation"] = invocation_json(s);
  return out;
}

namespace {

// A number or null as dump() writes it (no strings, objects or arrays).
bool is_number_token(std::string_view token) {
  if (token == "null") {
    return true;
  }
  return !token.empty() && token.find_first_not_of("0123456789.-+eE") == std::string_view::npos;
}

std::string_view trimmed(std::string_view line) {
  const std::size_t first = line.find_first_not_of(' ');
  return first == std::string_view::npos ? std::string_view{} : line.substr(first);
}

// An array element's line without its indentation and comma.
std::string_view element(std::string_view line) {
  std::string_view token = trimmed(line);
  if (token.ends_with(',')) {
    token.remove_suffix(1);
  }
  return token;
}

}  // namespace

std::string inline_number_arrays(const std::string& text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(std::string_view(text).substr(start, end - start));
    start = end + 1;
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    // A line ending in '[' opens an array (a string cannot: it closes on its line).
    if (lines[i].ends_with('[')) {
      std::size_t j = i + 1;
      while (j < lines.size() && is_number_token(element(lines[j]))) {
        ++j;
      }
      const std::string_view close = j < lines.size() ? trimmed(lines[j]) : std::string_view{};
      if (j > i + 1 && (close == "]" || close == "],")) {
        for (std::size_t k = i + 1; k < j; ++k) {
          out += trimmed(lines[k]);
        }
        out += close;
        i = j;
      }
    }
    if (i + 1 < lines.size() || text.ends_with('\n')) {
      out += '\n';
    }
  }
  return out;
}

std::string summary_text(const RunSummary& summary) { return inline_number_arrays(to_json(summary).dump(2)) + '\n'; }

}  // namespace analysis
