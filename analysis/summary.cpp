#include "analysis/summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

namespace analysis {

std::string format_labels(const Labels& labels) {
  std::string out;
  for (const auto& [key, value] : labels) {
    if (!out.empty()) {
      out += ',';
    }
    out += key;
    out += '=';
    out += value;
  }
  return out;
}

std::string metric_name(const std::string& metric, const Labels& labels, const std::string& statistic) {
  std::string out = metric;
  if (!labels.empty()) {
    out += '{';  // not `"{" + ...`: that trips GCC 12's false -Wrestrict
    out += format_labels(labels);
    out += '}';
  }
  if (!statistic.empty()) {
    out += ' ';
    out += statistic;
  }
  return out;
}

const MetricSummary* VariantSummary::find(const std::string& metric, const Labels& labels,
                                          const std::string& statistic) const {
  const auto it = std::find_if(metrics.begin(), metrics.end(), [&](const MetricSummary& m) {
    return m.metric == metric && m.labels == labels && m.statistic == statistic;
  });
  return it == metrics.end() ? nullptr : &*it;
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Inconclusive: return "inconclusive";
    case Verdict::NoSamples: return "no samples";
  }
  return "?";
}

bool RunSummary::all_gates_pass() const {
  return std::all_of(gates.begin(), gates.end(), [](const GateVerdict& g) { return g.passed; });
}

namespace {

using Key = std::tuple<std::string, Labels, std::string>;

Key key_of(const Observation& o) { return {o.metric, o.labels, o.statistic}; }

void check_same_shape(const std::vector<ReplicationResult>& runs) {
  for (const ReplicationResult& run : runs) {
    if (run.observations.size() != runs.front().observations.size() || run.series.size() != runs.front().series.size()) {
      throw std::logic_error("replications of variant \"" + runs.front().variant + "\" measured different metrics");
    }
    for (std::size_t j = 0; j < run.observations.size(); ++j) {
      if (key_of(run.observations[j]) != key_of(runs.front().observations[j])) {
        throw std::logic_error("replications of variant \"" + runs.front().variant + "\" list metrics in another order");
      }
    }
  }
}

SeriesSummary fold_series(const std::vector<ReplicationResult>& runs, std::size_t index) {
  const Series& first = runs.front().series[index];
  SeriesSummary out{first.name, first.labels, first.unit, {}, {}, {}};
  const std::size_t minutes = first.values.size();
  out.mean.assign(minutes, 0.0);
  out.low.assign(minutes, std::numeric_limits<double>::infinity());
  out.high.assign(minutes, -std::numeric_limits<double>::infinity());
  for (const ReplicationResult& run : runs) {  // replication order: the sums are reproducible
    const std::vector<double>& values = run.series[index].values;
    for (std::size_t m = 0; m < minutes && m < values.size(); ++m) {
      out.mean[m] += values[m];
      out.low[m] = std::min(out.low[m], values[m]);
      out.high[m] = std::max(out.high[m], values[m]);
    }
  }
  for (double& v : out.mean) {
    v /= static_cast<double>(runs.size());
  }
  return out;
}

}  // namespace

VariantSummary summarize_variant(const std::vector<ReplicationResult>& runs,
                                 const std::vector<ReplicationResult>* baseline) {
  VariantSummary out;
  if (runs.empty()) {
    return out;
  }
  check_same_shape(runs);
  out.name = runs.front().variant;
  out.replications = static_cast<std::uint32_t>(runs.size());
  const auto rows = static_cast<Eigen::Index>(runs.size());
  const auto cols = static_cast<Eigen::Index>(runs.front().observations.size());
  Eigen::MatrixXd values(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto& obs = runs[static_cast<std::size_t>(r)].observations;
    for (Eigen::Index c = 0; c < cols; ++c) {
      values(r, c) = obs[static_cast<std::size_t>(c)].value;
    }
    out.events += runs[static_cast<std::size_t>(r)].events;
    out.wall_seconds += runs[static_cast<std::size_t>(r)].wall_seconds;
  }
  const std::vector<Interval> intervals = column_intervals(values);
  std::vector<Interval> differences;
  if (baseline != nullptr && !baseline->empty()) {
    // The baseline's columns, aligned to ours by (metric, labels, statistic) and
    // its rows to ours by replication number: differences are paired.
    std::map<Key, std::size_t> column_of;
    for (std::size_t j = 0; j < baseline->front().observations.size(); ++j) {
      column_of.emplace(key_of(baseline->front().observations[j]), j);
    }
    std::map<std::uint32_t, const ReplicationResult*> by_replication;
    for (const ReplicationResult& run : *baseline) {
      by_replication[run.replication] = &run;
    }
    Eigen::MatrixXd base = Eigen::MatrixXd::Constant(rows, cols, std::numeric_limits<double>::quiet_NaN());
    for (Eigen::Index r = 0; r < rows; ++r) {
      const auto pair = by_replication.find(runs[static_cast<std::size_t>(r)].replication);
      if (pair == by_replication.end()) {
        continue;
      }
      for (Eigen::Index c = 0; c < cols; ++c) {
        const auto col = column_of.find(key_of(runs.front().observations[static_cast<std::size_t>(c)]));
        if (col != column_of.end() && col->second < pair->second->observations.size()) {
          base(r, c) = pair->second->observations[col->second].value;
        }
      }
    }
    differences = paired_differences(values, base);
  }
  for (Eigen::Index c = 0; c < cols; ++c) {
    const Observation& o = runs.front().observations[static_cast<std::size_t>(c)];
    MetricSummary m{o.metric, o.labels, o.statistic, o.unit, intervals[static_cast<std::size_t>(c)], {}, {}};
    for (Eigen::Index r = 0; r < rows; ++r) {
      m.per_replication.push_back(values(r, c));
    }
    if (!differences.empty()) {
      m.vs_baseline = differences[static_cast<std::size_t>(c)];
    }
    out.metrics.push_back(std::move(m));
  }
  for (std::size_t s = 0; s < runs.front().series.size(); ++s) {
    out.series.push_back(fold_series(runs, s));
  }
  return out;
}

std::vector<NetworkSketch::Role> default_roles() { return {{"Network", "#e8e8e8"}}; }

}  // namespace analysis
