// analysis/summary.h — what replications add up to: the data behind summary.json,
// the console table, report.html and the gates.
//
// One replication yields Observations (one number per metric, label set and
// statistic, NaN when it had no samples) and per-minute Series. Across
// replications each observation becomes an Interval (Student-t, 95%), and for
// a non-baseline variant also the paired difference against the baseline:
// replication r of every variant draws the same customers (common random
// numbers), so differences are taken replication by replication.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/statistics.h"

namespace analysis {

using Labels = std::map<std::string, std::string>;

// "channel=web,node=dc-1": labels as one stable string (keys sorted).
[[nodiscard]] std::string format_labels(const Labels& labels);

// "oversell_rate{channel=web} mean": a metric as people read it; the statistic is
// left out when empty, the braces when there are no labels.
[[nodiscard]] std::string metric_name(const std::string& metric, const Labels& labels, const std::string& statistic);

// One number of one replication.
struct Observation {
  std::string metric;     // a name from the metrics catalog (models/registry.cpp)
  Labels labels;          // e.g. {"channel": "web"}
  std::string statistic;  // "mean" (the value of a count or ratio), "p50", "p95", "p99", "max", "rate"
  std::string unit;       // "orders", "ratio", "s", ...
  double value = 0.0;     // NaN: no samples in this replication
};

// One per-minute series of one replication: values[m] covers minute m of the horizon.
struct Series {
  std::string name;  // "orders", "oversells", "release_backlog", ...
  Labels labels;
  std::string unit;
  std::vector<double> values;
};

// The series whose value a minute is a count of what happened in it (customers,
// lines oversold, turned away), so that a day's is their sum; every other series
// is a level over the minute, whose day's figure is the mean of its minutes.
inline constexpr const char* kCountSeries[] = {"orders", "oversells", "turned_away"};
[[nodiscard]] inline bool is_count_series(const Series& s) {
  for (const char* name : kCountSeries) {
    if (s.name == name) {
      return true;
    }
  }
  return false;
}

struct ReplicationResult {
  std::string variant;
  std::uint32_t replication = 0;
  std::vector<Observation> observations;  // same order in every replication of a variant
  std::vector<Series> series;             // same order in every replication of a variant
  std::uint64_t events = 0;
  double wall_seconds = 0.0;  // engine time: the one figure that is not reproducible
};

struct MetricSummary {
  std::string metric;
  Labels labels;
  std::string statistic;
  std::string unit;
  Interval value;                       // across replications
  std::vector<double> per_replication;  // NaN where a replication had no samples
  std::optional<Interval> vs_baseline;  // paired difference (this - baseline); not for the baseline
};

// A per-minute series across replications: the mean and the band (min, max).
struct SeriesSummary {
  std::string name;
  Labels labels;
  std::string unit;
  std::vector<double> mean, low, high;
};

// A sweep variant's place on one of its sweep's axes (an experiment with "axes"
// expands into one variant per combination of values): {"store-feed",
// "interval", "5m", 300, "s"}. Variants of one sweep share `sweep`.
struct SweepCoordinate {
  std::string sweep;  // the experiment's name
  std::string axis;   // the axis's name
  std::string label;  // the value as the variant's name spells it
  double value = 0.0;  // numeric axes (numbers; durations in seconds); NaN for a categorical one
  std::string unit;    // "s" for durations, "" otherwise
};

struct VariantSummary {
  std::string name;
  std::vector<SweepCoordinate> sweep;  // empty: not part of a sweep
  std::uint32_t replications = 0;
  std::vector<MetricSummary> metrics;
  std::vector<SeriesSummary> series;
  std::uint64_t events = 0;
  double wall_seconds = 0.0;

  [[nodiscard]] const MetricSummary* find(const std::string& metric, const Labels& labels,
                                          const std::string& statistic) const;
};

enum class Verdict { Pass, Fail, Inconclusive, NoSamples };
[[nodiscard]] const char* to_string(Verdict v);

struct GateVerdict {
  std::string gate;  // the assertion's name
  std::string variant;
  std::string metric;
  Labels labels;
  std::string statistic;
  std::string comparison;  // "<", "<=", ">", ">="
  double threshold = 0.0;
  bool inconclusive_passes = false;
  Interval measured;  // the metric's interval, or a relative gate's paired difference
  Verdict verdict = Verdict::NoSamples;
  bool passed = false;  // Pass, or Inconclusive when the gate says so
  std::string explanation;  // "95% CI [0.021, 0.027] is entirely above 0.02"
  std::string relative;     // empty: the metric itself; a variant: the paired difference (variant - relative)
};

// How to reproduce the run; every field but the wall-clock ones is deterministic.
struct RunRecord {
  std::string scenario;  // its name
  std::string file;      // as given on the command line
  std::string file_sha256;
  std::uint64_t seed = 0;
  std::uint32_t replications = 0;
  std::string version, git_commit;
  std::vector<std::string> command_line;
  unsigned threads = 1;
  std::string horizon, warmup;  // "24h", "1h"
  std::vector<std::string> sets;  // --set overrides
  // The CSV files the scenario read (as written in it) and their sha256: a run is
  // reproduced by the scenario file and these.
  std::vector<std::pair<std::string, std::string>> data_files;
  // Wall clock: not reproducible, kept apart.
  std::string started_at;  // ISO 8601, UTC
  double wall_seconds = 0.0;
};

struct RunSummary {
  RunRecord record;
  std::vector<VariantSummary> variants;  // the baseline first when it was run
  std::vector<GateVerdict> gates;

  [[nodiscard]] bool all_gates_pass() const;
};

// Folds one variant's replications (in replication order) into its summary;
// `baseline` (the baseline's replications, same order) adds paired differences.
[[nodiscard]] VariantSummary summarize_variant(const std::vector<ReplicationResult>& runs,
                                               const std::vector<ReplicationResult>* baseline);

// A network sketch for the report: templated nodes folded into groups
// ("store ×180"), links folded between groups, and the roles the groups play,
// which become the diagram's columns. The report draws what the sketch says
// and knows no node kinds: whoever builds the sketch (the cli, from the model
// registry) gives each group its role.
struct NetworkSketch {
  struct Role {
    std::string title;  // the column's title, "Stores & warehouses"
    std::string fill;   // the boxes' CSS colour, a light tint
  };
  struct Group {
    std::string name;  // "store-*" or a node id
    std::string kind;  // the node kind, shown under the name
    std::size_t count = 1;
    std::size_t role = 0;  // index into roles; out of range: the last role
  };
  struct Edge {
    std::size_t from = 0, to = 0;  // group indices
    std::string carries;           // "inventory", "orders", ...
    std::string mode;              // "stream", "batch every 30m", ...
    std::size_t count = 1;         // links folded into this edge
  };
  std::vector<Role> roles;  // in column order; empty: default_roles()
  std::vector<Group> groups;
  std::vector<Edge> edges;
};

// What a sketch that names no roles is drawn with: one column. The model's roles
// (columns, titles, tints) come from its registry (models::node_roles(), filled in by the cli).
[[nodiscard]] std::vector<NetworkSketch::Role> default_roles();

}  // namespace analysis
