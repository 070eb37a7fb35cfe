#include "cli/timeseries.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/statistics.h"

namespace peaksim {

namespace {

// A CSV field, quoted when it must be (RFC 4180).
void append_field(std::string& out, const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
}

// The shortest text that reads back to the same double; nothing for NaN and infinities.
void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    return;
  }
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

void append_count(std::string& out, std::uint64_t value) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

// "replications,mean,low,high" and the line's end.
void append_interval(std::string& out, const analysis::Interval& interval) {
  append_count(out, interval.n);
  out += ',';
  append_number(out, interval.mean);
  out += ',';
  append_number(out, interval.low);
  out += ',';
  append_number(out, interval.high);
  out += '\n';
}

constexpr std::size_t kMinutesPerDay = 1440;

// The most minutes series `s` has in any of a variant's replications.
std::size_t longest(const std::vector<analysis::ReplicationResult>& runs, std::size_t s) {
  std::size_t minutes = 0;
  for (const analysis::ReplicationResult& run : runs) {
    minutes = std::max(minutes, run.series[s].values.size());
  }
  return minutes;
}

// "variant," of a replication's variant.
std::string variant_field(const analysis::ReplicationResult& run) {
  std::string out;
  append_field(out, run.variant);
  out += ',';
  return out;
}

// "series,labels,unit," of one series.
std::string series_fields(const analysis::Series& s) {
  std::string out;
  append_field(out, s.name);
  out += ',';
  append_field(out, analysis::format_labels(s.labels));
  out += ',';
  append_field(out, s.unit);
  out += ',';
  return out;
}

}  // namespace

std::string timeseries_summary_csv(const Experiment& ex) {
  std::string csv = "variant,series,labels,unit,minute,replications,mean,low,high\n";
  std::vector<double> values;
  for (const auto& runs : ex.runs) {  // each variant's replications, in replication order
    if (runs.empty()) {
      continue;
    }
    const std::string variant = variant_field(runs.front());
    for (std::size_t s = 0; s < runs.front().series.size(); ++s) {
      const std::string prefix = variant + series_fields(runs.front().series[s]);
      const std::size_t minutes = longest(runs, s);
      for (std::size_t m = 0; m < minutes; ++m) {
        values.clear();
        for (const analysis::ReplicationResult& run : runs) {
          const std::vector<double>& v = run.series[s].values;
          values.push_back(m < v.size() ? v[m] : std::numeric_limits<double>::quiet_NaN());
        }
        // The project's one interval: NaN (a replication without a value) left out.
        const analysis::Interval interval = analysis::interval_of(values);
        csv += prefix;
        append_count(csv, m);
        csv += ',';
        append_interval(csv, interval);
      }
    }
  }
  return csv;
}

std::string daily_csv(const Experiment& ex) {
  std::string csv = "variant,series,labels,unit,day,minutes,statistic,replications,mean,low,high\n";
  std::vector<double> values;
  for (const auto& runs : ex.runs) {
    if (runs.empty()) {
      continue;
    }
    const std::string variant = variant_field(runs.front());
    for (std::size_t s = 0; s < runs.front().series.size(); ++s) {
      const analysis::Series& first = runs.front().series[s];
      const std::string prefix = variant + series_fields(first);
      const bool count = analysis::is_count_series(first);
      const std::size_t minutes = longest(runs, s);
      for (std::size_t day = 0; day * kMinutesPerDay < minutes; ++day) {
        const std::size_t from = day * kMinutesPerDay;
        const std::size_t to = std::min(minutes, from + kMinutesPerDay);
        values.clear();
        for (const analysis::ReplicationResult& run : runs) {
          const std::vector<double>& v = run.series[s].values;
          if (v.size() < to) {  // a replication without the whole day: no figure
            values.push_back(std::numeric_limits<double>::quiet_NaN());
            continue;
          }
          double sum = 0.0;
          for (std::size_t m = from; m < to; ++m) {
            sum += v[m];
          }
          values.push_back(count ? sum : sum / static_cast<double>(to - from));
        }
        const analysis::Interval interval = analysis::interval_of(values);
        csv += prefix;
        append_count(csv, day);
        csv += ',';
        append_count(csv, to - from);
        csv += count ? ",total," : ",mean,";
        append_interval(csv, interval);
      }
    }
  }
  return csv;
}

std::string timeseries_replications_csv(const Experiment& ex) {
  std::string csv = "variant,replication,series,labels,unit,minute,value\n";
  for (const auto& runs : ex.runs) {
    for (const analysis::ReplicationResult& run : runs) {
      std::string variant;
      append_field(variant, run.variant);
      variant += ',';
      append_count(variant, run.replication);
      variant += ',';
      for (const analysis::Series& s : run.series) {
        const std::string prefix = variant + series_fields(s);
        for (std::size_t m = 0; m < s.values.size(); ++m) {
          csv += prefix;
          append_count(csv, m);
          csv += ',';
          append_number(csv, s.values[m]);
          csv += '\n';
        }
      }
    }
  }
  return csv;
}

std::string gzip(const std::string& text) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper, whose header zlib writes with no name and time 0.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("gzip: cannot initialise zlib");
  }
  std::string out;
  out.resize(deflateBound(&z, static_cast<uLong>(text.size())));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  // In slices: avail_in and avail_out are 32-bit.
  constexpr std::size_t kSlice = std::size_t{1} << 30;
  std::size_t in_left = text.size();
  int status = Z_OK;
  while (status == Z_OK) {
    const std::size_t in_now = std::min(in_left, kSlice);
    z.avail_in = static_cast<uInt>(in_now);
    z.avail_out = static_cast<uInt>(std::min(out.size() - z.total_out, kSlice));
    status = deflate(&z, in_now == in_left ? Z_FINISH : Z_NO_FLUSH);
    in_left -= in_now - z.avail_in;
  }
  const std::size_t written = z.total_out;
  deflateEnd(&z);
  if (status != Z_STREAM_END) {
    throw std::runtime_error("gzip: zlib failed (status " + std::to_string(status) + ")");
  }
  out.resize(written);
  return out;
}

OutputContent timeseries_files(const Experiment& ex, TimeseriesMode mode, std::uint64_t gzip_above) {
  OutputContent files;
  const auto add = [&](const std::string& name, std::string text) {
    if (text.size() > gzip_above) {
      files.emplace_back(name + ".gz", gzip(text));
    } else {
      files.emplace_back(name, std::move(text));
    }
  };
  if (mode != TimeseriesMode::None) {
    add("timeseries.csv", timeseries_summary_csv(ex));
  }
  if (mode == TimeseriesMode::Replications) {
    add("timeseries-replications.csv", timeseries_replications_csv(ex));
  }
  if (mode != TimeseriesMode::None) {
    std::size_t minutes = 0;
    for (const auto& runs : ex.runs) {
      for (std::size_t s = 0; !runs.empty() && s < runs.front().series.size(); ++s) {
        minutes = std::max(minutes, longest(runs, s));
      }
    }
    if (minutes > kMinutesPerDay) {
      add("daily.csv", daily_csv(ex));
    }
  }
  return files;
}

}  // namespace peaksim
