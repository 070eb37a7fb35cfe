#include "analysis/report/headline.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "analysis/censoring.h"

namespace analysis::report {
namespace {

const Labels kAllChannels = {{"channel", "all channels"}};

bool channel_only(const MetricSummary& metric) {
  return metric.labels.size() == 1 && metric.labels.begin()->first == "channel";
}

// The channels `metric` (with `statistic`) is recorded for, in the order the summary lists them.
std::vector<Labels> channels_of(const RunSummary& summary, const std::string& metric, const std::string& statistic) {
  std::vector<Labels> out;
  for (const VariantSummary& variant : summary.variants) {
    for (const MetricSummary& m : variant.metrics) {
      if (m.metric == metric && m.statistic == statistic && channel_only(m) &&
          std::find(out.begin(), out.end(), m.labels) == out.end()) {
        out.push_back(m.labels);
      }
    }
  }
  return out;
}

// Per replication, `metric` (a count's mean) summed over the channels; empty
// when a channel has no per-replication values or the channels disagree on how many.
std::vector<double> channel_sums(const VariantSummary& variant, const std::string& metric) {
  std::vector<double> sums;
  bool first = true;
  for (const MetricSummary& m : variant.metrics) {
    if (m.metric != metric || m.statistic != "mean" || !channel_only(m)) {
      continue;
    }
    if (m.per_replication.empty() || (!first && m.per_replication.size() != sums.size())) {
      return {};
    }
    if (first) {
      sums.assign(m.per_replication.size(), 0.0);
      first = false;
    }
    for (std::size_t rep = 0; rep < sums.size(); ++rep) {
      sums[rep] += m.per_replication[rep];
    }
  }
  return sums;
}

Figure figure_of(std::vector<double> values) {
  if (values.empty()) {
    return {};
  }
  const Interval value = interval_of(values);
  return {value, std::move(values), false};
}

std::string unit_of(const RunSummary& summary, const std::string& metric) {
  for (const VariantSummary& variant : summary.variants) {
    for (const MetricSummary& m : variant.metrics) {
      if (m.metric == metric) {
        return m.unit;
      }
    }
  }
  return {};
}

// Names the figures in words, with the unit scaled to their largest value; an unmeasured headline is dropped.
void add(std::vector<Headline>& out, const Vocabulary& words, const std::string& metric, const Labels& labels,
         const std::string& statistic, const std::string& unit, std::vector<Figure> figures) {
  double max_abs = 0.0;
  bool measured = false;
  for (const Figure& figure : figures) {
    for (const double v : {figure.value.mean, figure.value.low, figure.value.high}) {
      max_abs = std::isfinite(v) ? std::max(max_abs, std::fabs(v)) : max_abs;
    }
    measured = measured || std::isfinite(figure.value.mean);
  }
  if (!measured) {
    return;
  }
  const UnitScale scale = unit_scale(unit, max_abs);
  out.push_back({metric + "-" + slug(labels.begin()->second), metric, words.caption(metric, labels, statistic, unit, scale),
                 words.help(metric), scale, std::move(figures)});
}

// Each channel's figure of `metric` with `statistic`, one headline per channel.
void add_per_channel(std::vector<Headline>& out, const RunSummary& summary, const Vocabulary& words,
                     const std::string& metric, const std::string& statistic) {
  for (const Labels& channel : channels_of(summary, metric, statistic)) {
    std::vector<Figure> figures;
    for (const VariantSummary& variant : summary.variants) {
      const MetricSummary* m = variant.find(metric, channel, statistic);
      figures.push_back(m == nullptr ? Figure{}
                                     : Figure{m->value, m->per_replication, mostly_censored(variant, metric, channel)});
    }
    add(out, words, metric, channel, statistic, unit_of(summary, metric), std::move(figures));
  }
}

// `metric` summed over the channels, replication by replication.
void add_total(std::vector<Headline>& out, const RunSummary& summary, const Vocabulary& words,
               const std::string& metric) {
  std::vector<Figure> figures;
  for (const VariantSummary& variant : summary.variants) {
    figures.push_back(figure_of(channel_sums(variant, metric)));
  }
  add(out, words, metric, kAllChannels, "mean", unit_of(summary, metric), std::move(figures));
}

// Σ oversells / Σ lines promised over the channels, replication by replication.
void add_total_oversell_rate(std::vector<Headline>& out, const RunSummary& summary, const Vocabulary& words) {
  std::vector<Figure> figures;
  for (const VariantSummary& variant : summary.variants) {
    const std::vector<double> oversells = channel_sums(variant, "oversells");
    const std::vector<double> promised = channel_sums(variant, "lines_promised");
    std::vector<double> rates;
    for (std::size_t rep = 0; rep < std::min(oversells.size(), promised.size()); ++rep) {
      rates.push_back(promised[rep] > 0.0 ? oversells[rep] / promised[rep] : NAN);
    }
    figures.push_back(oversells.size() == promised.size() ? figure_of(std::move(rates)) : Figure{});
  }
  add(out, words, "oversell_rate", kAllChannels, "mean", "ratio", std::move(figures));
}

bool same_values(const Figure& a, const Figure& b) {
  if (a.per_replication.empty() || b.per_replication.empty()) {
    return a.value.mean == b.value.mean && a.value.sd == b.value.sd && a.value.n == b.value.n;
  }
  return std::equal(a.per_replication.begin(), a.per_replication.end(), b.per_replication.begin(),
                    b.per_replication.end(), [](double x, double y) {
                      return x == y || (std::isnan(x) && std::isnan(y));
                    });
}

}  // namespace

std::vector<Headline> headlines(const RunSummary& summary, const Vocabulary& words) {
  std::vector<Headline> out;
  add_total_oversell_rate(out, summary, words);
  add_per_channel(out, summary, words, "oversell_rate", "mean");
  add_total(out, summary, words, "lost_sales");
  add_total(out, summary, words, "lost_revenue");
  add_per_channel(out, summary, words, "release_latency", "p99");
  return out;
}

std::optional<Ranking> rank(const Headline& headline) {
  std::vector<std::size_t> order;
  for (std::size_t idx = 0; idx < headline.figures.size(); ++idx) {
    const Figure& figure = headline.figures[idx];
    if (std::isfinite(figure.value.mean) && !figure.censored) {
      order.push_back(idx);
    }
  }
  if (order.empty()) {
    return std::nullopt;
  }
  // Stable on the summary's order, so ties go to the earlier variant (the baseline first).
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return headline.figures[a].value.mean < headline.figures[b].value.mean;
  });
  Ranking ranking;
  ranking.best = order.front();
  ranking.left_out = headline.figures.size() - order.size();
  const Figure& best = headline.figures[ranking.best];
  for (std::size_t pos = 1; pos < order.size(); ++pos) {
    if (!same_values(best, headline.figures[order[pos]])) {
      ranking.runner_up = order[pos];
      break;
    }
    ranking.tied.push_back(order[pos]);
  }
  if (!ranking.runner_up) {
    return ranking;
  }
  const Figure& runner_up = headline.figures[*ranking.runner_up];
  if (best.per_replication.empty() || runner_up.per_replication.empty()) {
    ranking.significant = best.value.high < runner_up.value.low;
    return ranking;
  }
  std::vector<double> differences;
  for (std::size_t rep = 0; rep < std::min(best.per_replication.size(), runner_up.per_replication.size()); ++rep) {
    const double difference = best.per_replication[rep] - runner_up.per_replication[rep];
    if (std::isfinite(difference)) {
      differences.push_back(difference);
    }
  }
  ranking.difference = interval_of(differences);
  ranking.significant = std::isfinite(ranking.difference->high) && ranking.difference->high < 0.0;
  return ranking;
}

}  // namespace analysis::report
