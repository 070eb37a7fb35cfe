// models/scenario/data/order_log.h — last year's orders, held as compact records.
//
// An order log is a CSV file of order lines (timestamp, channel, order_id, sku,
// units, region). It is read and checked once, when the scenario loads, and kept
// as a byte string of variable-length records: per order the gap to the previous
// order's time, its channel, region and line count; per line its SKU index and
// units. A line costs 3 to 6 bytes (measured by bench/order_log_bench.cpp), so ten
// million lines stay well under 100 MB, shared read-only by every variant and run.
// Each run walks it with a Cursor of its own (threads never share one).
//
//   OrderLog::Cursor cursor(*log);
//   OrderLog::Order order;
//   while (cursor.next(order)) { ... order.at, order.lines ... }
//
// The file's rules (scenarios/README.md, "Order logs"): a header naming the columns;
// rows in time order; the rows of one order adjacent and agreeing on timestamp,
// channel and region; distinct SKUs within an order; 1 to 63 units a line.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/scenario/spec.h"
#include "sim/time.h"

namespace models::scenario {

// Orders one capture node may take in a run (models/retail/messages.h: an order's
// sequence number has 23 bits); the loader refuses a replay that could exceed it.
inline constexpr std::size_t kMaxReplayOrders = (1u << 23) - 1;

class OrderLog {
 public:
  struct Order {
    sim::Duration at;           // from the log's zero (the horizon's start, or the stanza's `start`); may be negative
    std::uint16_t channel = 0;  // index into channels()
    std::uint16_t region = 0;   // 1-based index into regions(); 0: the row named none
    std::vector<TraceLine> lines;
  };

  class Cursor {
   public:
    explicit Cursor(const OrderLog& log) : log_(&log) {}
    // The next order of the file; false after the last.
    bool next(Order& order);

   private:
    const OrderLog* log_;
    std::size_t offset_ = 0;
    std::size_t read_ = 0;
    std::int64_t at_us_ = 0;
  };

  // Reads and checks `path`. `start_us`: timestamps are ISO 8601 date-times and count
  // from this instant (microseconds since 1970-01-01T00:00:00Z); without it they are
  // durations ("8h30m"). Problems go to `errors`, located FILE:LINE:COLUMN, at most
  // kMaxErrors of them (then reading stops); the log is null if there was any.
  static std::shared_ptr<const OrderLog> read(const std::string& path, std::optional<std::int64_t> start_us,
                                              const std::vector<SkuSpec>& skus, std::vector<std::string>& errors);
  static constexpr std::size_t kMaxErrors = 20;
  static constexpr std::size_t kMaxLinesPerOrder = 1000;

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::vector<std::string>& channels() const { return channels_; }
  [[nodiscard]] const std::vector<std::string>& regions() const { return regions_; }
  [[nodiscard]] std::size_t orders() const { return orders_; }
  [[nodiscard]] std::size_t lines() const { return lines_; }
  [[nodiscard]] std::size_t bytes() const { return bytes_.size(); }
  // The line where `channel` first names each of its regions (1-based region index -> line).
  [[nodiscard]] const std::map<std::uint16_t, unsigned>& regions_of(std::uint16_t channel) const {
    return region_lines_.at(channel);
  }
  [[nodiscard]] std::optional<std::uint16_t> channel(std::string_view name) const;

 private:
  friend class OrderLogWriter;
  std::string path_;
  std::vector<std::uint8_t> bytes_;
  std::size_t orders_ = 0;
  std::size_t lines_ = 0;
  std::vector<std::string> channels_;
  std::vector<std::string> regions_;
  std::vector<std::map<std::uint16_t, unsigned>> region_lines_;  // per channel
};

// An ISO 8601 date-time, "2024-11-29T08:30:00" with optional ".ffffff" and "Z" or
// "+01:00" (a space may stand for the T; no offset means UTC): microseconds since
// 1970-01-01T00:00:00Z, or nullopt if `text` is not one.
[[nodiscard]] std::optional<std::int64_t> parse_date_time(std::string_view text);
// "-1h30m" or "2h": a duration that may be negative; nullopt if malformed.
[[nodiscard]] std::optional<sim::Duration> parse_signed_duration(std::string_view text);

}  // namespace models::scenario
