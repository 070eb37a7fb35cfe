// timeseries.csv: the per-minute mean and 95% Student-t band over replications,
// checked against a computation by hand; the per-replication rows; gzip.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/experiment.h"
#include "cli/timeseries.h"

namespace {

using peaksim::Experiment;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// t_{0.975, 2}: the two-sided 95% Student-t quantile for three replications (tables).
constexpr double kT2 = 4.302652729911275;

// One CSV line's fields (RFC 4180 quoting).
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::vector<std::vector<std::string>> rows(const std::string& csv) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    out.push_back(fields(line));
  }
  return out;
}

double number(const std::string& text) { return text.empty() ? kNaN : std::stod(text); }

// Mean and 95% band of three values, by the textbook formulas.
struct ByHand {
  double mean, low, high;
};
ByHand by_hand(const std::vector<double>& x) {
  REQUIRE(x.size() == 3);
  const double mean = (x[0] + x[1] + x[2]) / 3.0;
  const double ss = (x[0] - mean) * (x[0] - mean) + (x[1] - mean) * (x[1] - mean) + (x[2] - mean) * (x[2] - mean);
  const double half = kT2 * std::sqrt(ss / 2.0) / std::sqrt(3.0);
  return {mean, mean - half, mean + half};
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * (1.0 + std::abs(b)); }

analysis::ReplicationResult replication(std::uint32_t r, std::vector<double> values) {
  analysis::ReplicationResult out;
  out.variant = "store, fast";  // a name that needs quoting
  out.replication = r;
  out.series.push_back({"orders", {{"channel", "web"}, {"node", "dc-1"}}, "orders", std::move(values)});
  return out;
}

std::string gunzip(const std::string& data) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    status = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  REQUIRE(status == Z_STREAM_END);
  return out;
}

}  // namespace

TEST_CASE("timeseries.csv: per minute, the mean over replications and its 95% t-band", "[cli][timeseries]") {
  Experiment ex;
  ex.runs.push_back({replication(0, {1, 2, kNaN, 7}), replication(1, {3, 2, 5, kNaN}), replication(2, {8, 2, kNaN})});
  const std::string csv = peaksim::timeseries_summary_csv(ex);
  const auto r = rows(csv);
  REQUIRE(r.size() == 5);
  CHECK(r[0] == std::vector<std::string>{"variant", "series", "labels", "unit", "minute", "replications", "mean", "low",
                                         "high"});
  const std::string quoted = "\"store, fast\",orders,\"channel=web,node=dc-1\",orders,0,";
  CHECK(csv.substr(csv.find('\n') + 1, quoted.size()) == quoted);
  // Minute 0: three values.
  const ByHand m0 = by_hand({1, 3, 8});
  CHECK(r[1][4] == "0");
  CHECK(r[1][5] == "3");
  CHECK(close(number(r[1][6]), m0.mean));
  CHECK(close(number(r[1][7]), m0.low));
  CHECK(close(number(r[1][8]), m0.high));
  // Minute 1: the same value in every replication: a band of no width.
  CHECK(std::vector<std::string>(r[2].begin() + 4, r[2].end()) == std::vector<std::string>{"1", "3", "2", "2", "2"});
  // Minutes 2 and 3: one replication had a value (NaN, or a shorter series): no band.
  CHECK(std::vector<std::string>(r[3].begin() + 4, r[3].end()) == std::vector<std::string>{"2", "1", "5", "", ""});
  CHECK(std::vector<std::string>(r[4].begin() + 4, r[4].end()) == std::vector<std::string>{"3", "1", "7", "", ""});

  const auto p = rows(peaksim::timeseries_replications_csv(ex));
  REQUIRE(p.size() == 1 + 4 + 4 + 3);
  CHECK(p[0] == std::vector<std::string>{"variant", "replication", "series", "labels", "unit", "minute", "value"});
  CHECK(p[7] == std::vector<std::string>{"store, fast", "1", "orders", "channel=web,node=dc-1", "orders", "2", "5"});
  CHECK(p[8] == std::vector<std::string>{"store, fast", "1", "orders", "channel=web,node=dc-1", "orders", "3", ""});
}

TEST_CASE("daily.csv: each day's total of a count series and mean of a level, over replications", "[cli][timeseries]") {
  // Two days and 60 minutes; in replication r, minute m of day d holds orders d + r + 1
  // (a count: the day's total is 1,440 x that) and a queue of m mod 4 (a level: mean 1.5).
  Experiment one;  // one variant, three replications
  one.runs.emplace_back();
  for (std::uint32_t r = 0; r < 3; ++r) {
    analysis::ReplicationResult run = replication(r, {});
    run.series.push_back({"pick_queue", {{"node", "dc-1"}}, "lines", {}});
    for (std::size_t m = 0; m < 2 * 1440 + 60; ++m) {
      run.series[0].values.push_back(static_cast<double>(m / 1440 + r + 1));
      run.series[1].values.push_back(static_cast<double>(m % 4));
    }
    one.runs.back().push_back(std::move(run));
  }
  const auto r = rows(peaksim::daily_csv(one));
  REQUIRE(r.size() == 1 + 3 + 3);
  CHECK(r[0] == std::vector<std::string>{"variant", "series", "labels", "unit", "day", "minutes", "statistic",
                                         "replications", "mean", "low", "high"});
  for (std::size_t day = 0; day < 3; ++day) {
    CAPTURE(day);
    const auto& orders = r[1 + day];
    const double minutes = day < 2 ? 1440.0 : 60.0;
    CHECK(orders[4] == std::to_string(day));
    CHECK(orders[5] == (day < 2 ? "1440" : "60"));
    CHECK(orders[6] == "total");
    const ByHand total = by_hand({minutes * (day + 1), minutes * (day + 2), minutes * (day + 3)});
    CHECK(close(number(orders[8]), total.mean));
    CHECK(close(number(orders[9]), total.low));
    CHECK(close(number(orders[10]), total.high));
    const auto& queue = r[4 + day];
    CHECK(queue[1] == "pick_queue");
    CHECK(queue[6] == "mean");
    CHECK(std::vector<std::string>(queue.begin() + 7, queue.end()) == std::vector<std::string>{"3", "1.5", "1.5", "1.5"});
  }
  // One day or less: no daily.csv; more: daily.csv beside timeseries.csv.
  const auto names = [](const peaksim::OutputContent& files) {
    std::vector<std::string> out;
    for (const auto& file : files) {
      out.push_back(file.first);
    }
    return out;
  };
  CHECK(names(peaksim::timeseries_files(one, peaksim::TimeseriesMode::Summary, 1u << 30)) ==
        std::vector<std::string>{"timeseries.csv", "daily.csv"});
  Experiment short_day;
  short_day.runs.push_back({replication(0, std::vector<double>(1440, 1.0))});
  CHECK(names(peaksim::timeseries_files(short_day, peaksim::TimeseriesMode::Summary, 1u << 30)) ==
        std::vector<std::string>{"timeseries.csv"});
  CHECK(peaksim::timeseries_files(one, peaksim::TimeseriesMode::None, 1u << 30).empty());
}

TEST_CASE("timeseries.csv of a real run agrees with a hand computation from the per-replication rows",
          "[cli][timeseries]") {
  peaksim::ExperimentOptions o;
  o.file = PEAKSIM_SOURCE_DIR "/scenarios/two-channels-shared-stock.json";
  o.replications = 3;
  o.quiet = true;
  o.sets = {"/horizon=\"3h\""};
  const Experiment ex = peaksim::run_experiment(o);
  REQUIRE(ex.status == 0);
  // The inputs: value per (variant, series, labels, minute), one per replication in order.
  std::map<std::string, std::vector<double>> inputs;
  const auto per_replication = rows(peaksim::timeseries_replications_csv(ex));
  for (std::size_t i = 1; i < per_replication.size(); ++i) {
    const auto& f = per_replication[i];
    REQUIRE(f.size() == 7);
    const std::string key = f[0] + '|' + f[2] + '|' + f[3] + '|' + f[4] + '|' + f[5];
    CHECK(inputs[key].size() == std::stoul(f[1]));  // replications in order
    inputs[key].push_back(number(f[6]));
  }
  const auto summary = rows(peaksim::timeseries_summary_csv(ex));
  REQUIRE(summary.size() == inputs.size() + 1);
  std::size_t varied = 0;
  for (std::size_t i = 1; i < summary.size(); ++i) {
    const auto& f = summary[i];
    REQUIRE(f.size() == 9);
    const std::vector<double>& x = inputs.at(f[0] + '|' + f[1] + '|' + f[2] + '|' + f[3] + '|' + f[4]);
    REQUIRE(x.size() == 3);
    REQUIRE(std::isfinite(x[0]));  // every minute of these series has a value
    const ByHand h = by_hand(x);
    CHECK(f[5] == "3");
    CHECK(close(number(f[6]), h.mean));
    CHECK(close(number(f[7]), h.low));
    CHECK(close(number(f[8]), h.high));
    varied += h.high > h.low ? 1 : 0;
  }
  CHECK(varied > 100);  // the check saw real bands, not only constant minutes
}

TEST_CASE("gzip: the same text always gives the same bytes, which decompress to it", "[cli][timeseries]") {
  std::string text = "variant,replication,series,labels,unit,minute,value\n";
  for (int i = 0; i < 100000; ++i) {
    text += "baseline,0,orders,channel=web,orders," + std::to_string(i) + ',' + std::to_string(i % 7) + '\n';
  }
  const std::string packed = peaksim::gzip(text);
  CHECK(packed.size() < text.size() / 5);
  CHECK(packed == peaksim::gzip(text));
  CHECK(packed.substr(0, 2) == "\x1f\x8b");
  CHECK(gunzip(packed) == text);
  CHECK(gunzip(peaksim::gzip("")).empty());
}

TEST_CASE("timeseries_files: which files, and .gz past the threshold", "[cli][timeseries]") {
  Experiment ex;
  ex.runs.push_back({replication(0, {1, 2}), replication(1, {3, 4})});
  using peaksim::TimeseriesMode;
  const auto names = [&](TimeseriesMode mode, std::uint64_t above) {
    std::vector<std::string> out;
    for (const auto& file : peaksim::timeseries_files(ex, mode, above)) {
      out.push_back(file.first);
    }
    return out;
  };
  CHECK(names(TimeseriesMode::Summary, 1u << 20) == std::vector<std::string>{"timeseries.csv"});
  CHECK(names(TimeseriesMode::None, 1u << 20).empty());
  CHECK(names(TimeseriesMode::Replications, 1u << 20) ==
        std::vector<std::string>{"timeseries.csv", "timeseries-replications.csv"});
  CHECK(names(TimeseriesMode::Replications, 0) ==
        std::vector<std::string>{"timeseries.csv.gz", "timeseries-replications.csv.gz"});
  // Summary rows: header + 2 minutes, about 60 bytes each; per-replication: header + 4 rows.
  const std::uint64_t summary_size = peaksim::timeseries_summary_csv(ex).size();
  CHECK(names(TimeseriesMode::Replications, summary_size) ==
        std::vector<std::string>{"timeseries.csv", "timeseries-replications.csv.gz"});
  const auto files = peaksim::timeseries_files(ex, TimeseriesMode::Replications, 0);
  CHECK(gunzip(files[1].second) == peaksim::timeseries_replications_csv(ex));
}
