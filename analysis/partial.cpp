#include "analysis/partial.h"

#include "analysis/json_values.h"

#include <stdexcept>

namespace analysis {

namespace {

using json = nlohmann::ordered_json;
using json_values::read_labels;
using json_values::read_number;

}  // namespace

json to_json(const Partial& p) {
  json out;
  out["schema"] = kPartialSchema;
  out["identity"] = p.identity;
  out["shard"] = {{"index", p.shard}, {"count", p.shards}};
  out["scenario_text"] = p.scenario_text;
  out["notes"] = p.notes;
  out["not_simulated"] = p.not_simulated;
  json runs = json::array();
  for (const ReplicationResult& r : p.runs) {
    json run;
    run["variant"] = r.variant;
    run["replication"] = r.replication;
    run["events"] = r.events;
    run["wall_seconds"] = r.wall_seconds;
    json obs = json::array();
    for (const Observation& o : r.observations) {
      obs.push_back(json::array({o.metric, json_values::labels(o.labels), o.statistic, o.unit, json_values::number(o.value)}));
    }
    run["observations"] = obs;
    json series = json::array();
    for (const Series& s : r.series) {
      json values = json::array();
      for (const double v : s.values) {
        values.push_back(json_values::number(v));
      }
      series.push_back({{"name", s.name}, {"labels", json_values::labels(s.labels)}, {"unit", s.unit}, {"values", values}});
    }
    run["series"] = series;
    runs.push_back(run);
  }
  out["runs"] = runs;
  return out;
}

Partial partial_from_json(const nlohmann::json& j) {
  json_values::require_schema(j, kPartialSchema, "a peaksim partial result");
  try {
    Partial p;
    p.identity = j.at("identity");
    p.scenario_text = j.at("scenario_text").get<std::string>();
    p.shard = j.at("shard").at("index").get<std::uint32_t>();
    p.shards = j.at("shard").at("count").get<std::uint32_t>();
    p.notes = j.at("notes").get<std::vector<std::string>>();
    p.not_simulated = j.at("not_simulated").get<std::vector<std::string>>();
    for (const auto& run : j.at("runs")) {
      ReplicationResult r;
      r.variant = run.at("variant").get<std::string>();
      r.replication = run.at("replication").get<std::uint32_t>();
      r.events = run.at("events").get<std::uint64_t>();
      r.wall_seconds = run.at("wall_seconds").get<double>();
      for (const auto& o : run.at("observations")) {
        r.observations.push_back(Observation{o.at(0).get<std::string>(), read_labels(o.at(1)),
                                             o.at(2).get<std::string>(), o.at(3).get<std::string>(),
                                             read_number(o.at(4))});
      }
      for (const auto& s : run.at("series")) {
        Series series{s.at("name").get<std::string>(), read_labels(s.at("labels")), s.at("unit").get<std::string>(),
                      {}};
        for (const auto& v : s.at("values")) {
          series.values.push_back(read_number(v));
        }
        r.series.push_back(std::move(series));
      }
      p.runs.push_back(std::move(r));
    }
    if (p.shards == 0 || p.shard >= p.shards) {
      throw std::runtime_error("shard " + std::to_string(p.shard) + " of " + std::to_string(p.shards));
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("malformed partial result: ") + e.what());
  }
}

}  // namespace analysis
