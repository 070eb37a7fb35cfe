// cli/timeseries.h — the per-minute series of a run as CSV: by default one row
// per variant, series, labels and minute with the mean over replications and its
// 95% Student-t interval; on request one row per replication too. A file larger
// than a threshold is written gzip-compressed (zlib), ".gz" added to its name.
#pragma once

#include <cstdint>
#include <string>

#include "cli/experiment.h"
#include "cli/output_set.h"

namespace peaksim {

// What `--timeseries` asks for: the summary (timeseries.csv), the summary and
// every replication's rows (timeseries-replications.csv), or no series file.
enum class TimeseriesMode { Summary, Replications, None };

// "variant,series,labels,unit,minute,replications,mean,low,high": per minute,
// the mean of the replications with a value and its 95% Student-t interval
// (analysis::interval_of, replications summed in replication order); low and
// high are empty when fewer than two replications had a value, all three when
// none had.
[[nodiscard]] std::string timeseries_summary_csv(const Experiment& ex);

// "variant,series,labels,unit,day,minutes,statistic,replications,mean,low,high": per
// day of the horizon (day 0 its first 1,440 minutes, warm-up included as in the
// per-minute series; the last day may be shorter: `minutes`), each replication's
// day figure — the sum of its minutes for a count series (statistic "total":
// orders, oversells, turned_away), their mean for a level (statistic "mean") — then
// the mean over replications and its 95% Student-t interval, as timeseries.csv.
[[nodiscard]] std::string daily_csv(const Experiment& ex);

// "variant,replication,series,labels,unit,minute,value": every replication's rows.
[[nodiscard]] std::string timeseries_replications_csv(const Experiment& ex);

// `text` as one gzip member (RFC 1952; zlib, no file name, modification time 0),
// so the same text always compresses to the same bytes. Throws std::runtime_error.
[[nodiscard]] std::string gzip(const std::string& text);

// The series files `mode` asks for, each named as written: "NAME.csv", or
// "NAME.csv.gz" when its text is longer than `gzip_above` bytes; daily.csv too
// (unless mode is None) when the series span more than one day.
[[nodiscard]] OutputContent timeseries_files(const Experiment& ex, TimeseriesMode mode, std::uint64_t gzip_above);

}  // namespace peaksim
