#include "models/scenario/data/order_log.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "models/scenario/data/csv_reader.h"
#include "models/scenario/diagnostics.h"
#include "models/scenario/reader.h"

namespace models::scenario {
namespace {

void put_varint(std::vector<std::uint8_t>& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(value));
}

std::uint64_t get_varint(const std::vector<std::uint8_t>& in, std::size_t& offset) {
  std::uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    const std::uint8_t byte = in[offset++];
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (byte < 0x80) {
      return value;
    }
  }
}

std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads `count` digits at `pos` into `out`; false if any is not a digit.
bool digits(std::string_view text, std::size_t& pos, std::size_t count, unsigned& out) {
  out = 0;
  for (std::size_t idx = 0; idx < count; ++idx, ++pos) {
    if (pos >= text.size() || text[pos] < '0' || text[pos] > '9') {
      return false;
    }
    out = out * 10 + static_cast<unsigned>(text[pos] - '0');
  }
  return true;
}

struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// A name's index in `names`, added if new; nullopt past 65,535 names.
std::optional<std::uint16_t> intern(std::string_view name, std::vector<std::string>& names,
                                    std::unordered_map<std::string, std::uint16_t, NameHash, std::equal_to<>>& index) {
  const auto it = index.find(name);
  if (it != index.end()) {
    return it->second;
  }
  if (names.size() >= 0xFFFF) {
    return std::nullopt;
  }
  const auto code = static_cast<std::uint16_t>(names.size());
  names.emplace_back(name);
  index.emplace(std::string(name), code);
  return code;
}

std::uint64_t order_key(std::uint16_t channel, std::string_view order_id) {
  std::uint64_t h = 14695981039346656037ULL ^ channel;  // FNV-1a over the channel and the id
  for (char c : order_id) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::optional<std::int64_t> parse_date_time(std::string_view text) {
  std::size_t pos = 0;
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' || !digits(text, pos, 2, month) ||
      pos >= text.size() || text[pos++] != '-' || !digits(text, pos, 2, day) || pos >= text.size() ||
      (text[pos] != 'T' && text[pos] != ' ') || !digits(text, ++pos, 2, hour) || pos >= text.size() ||
      text[pos++] != ':' || !digits(text, pos, 2, minute) || pos >= text.size() || text[pos++] != ':' ||
      !digits(text, pos, 2, second)) {
    return std::nullopt;
  }
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] + (month == 2 && leap ? 1 : 0) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  std::int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t scale = 100000;
    const std::size_t first = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (scale == 0) {
        return std::nullopt;  // finer than a microsecond
      }
      micros += (text[pos++] - '0') * scale;
      scale /= 10;
    }
    if (pos == first) {
      return std::nullopt;
    }
  }
  std::int64_t offset_s = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    unsigned oh = 0, om = 0;
    if (!digits(text, pos, 2, oh) || pos >= text.size() || text[pos++] != ':' || !digits(text, pos, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_s = sign * static_cast<std::int64_t>(oh * 3600 + om * 60);
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  const std::int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  return seconds * 1'000'000 + micros;
}

std::optional<sim::Duration> parse_signed_duration(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) {
    text.remove_prefix(1);
  }
  try {
    const sim::Duration d = sim::parse_duration(text);
    return negative ? sim::Duration::zero() - d : d;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::uint16_t> OrderLog::channel(std::string_view name) const {
  const auto it = std::find(channels_.begin(), channels_.end(), name);
  return it == channels_.end() ? std::nullopt : std::optional(static_cast<std::uint16_t>(it - channels_.begin()));
}

bool OrderLog::Cursor::next(Order& order) {
  if (read_ >= log_->orders_) {
    return false;
  }
  const auto& bytes = log_->bytes_;
  at_us_ += read_ == 0 ? unzigzag(get_varint(bytes, offset_)) : static_cast<std::int64_t>(get_varint(bytes, offset_));
  order.at = sim::Duration::micros(at_us_);
  order.channel = static_cast<std::uint16_t>(get_varint(bytes, offset_));
  order.region = static_cast<std::uint16_t>(get_varint(bytes, offset_));
  const std::size_t count = get_varint(bytes, offset_);
  order.lines.resize(count);
  for (TraceLine& line : order.lines) {
    line.sku = static_cast<std::uint32_t>(get_varint(bytes, offset_));
    line.units = bytes[offset_++];
  }
  ++read_;
  return true;
}

// Builds a log row by row: an order is written when its last row has been read.
class OrderLogWriter {
 public:
  OrderLogWriter(OrderLog& log, std::vector<std::string>& errors) : log_(log), errors_(errors) {}

  // False once reading should stop (too many errors).
  bool error(const std::string& message) {
    errors_.push_back(message);
    return errors_.size() < OrderLog::kMaxErrors;
  }

  bool row(CsvReader& csv, const std::optional<std::int64_t>& start_us,
           const std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>>& sku_index,
           const std::vector<std::string>& sku_ids, const std::size_t (&col)[6]) {
    enum { kTimestamp, kChannel, kOrder, kSku, kUnits, kRegion };
    const std::size_t errors_before = errors_.size();
    // timestamp
    const std::string_view stamp = csv.cell(col[kTimestamp]);
    std::optional<std::int64_t> at_us;
    if (start_us) {
      at_us = parse_date_time(stamp);
      if (at_us) {
        *at_us -= *start_us;
      } else if (!error(csv.where(col[kTimestamp]) +
                        ": expected an ISO 8601 date-time such as \"2024-11-29T08:30:00\" (the stanza declares "
                        "\"start\"), found " + quoted_cell(stamp))) {
        return false;
      }
    } else {
      try {
        at_us = sim::parse_duration(stamp).count_us();
      } catch (const std::exception&) {
        if (!error(csv.where(col[kTimestamp]) + ": expected a duration from the start such as \"8h30m\" or \"90s\" " +
                   "(or declare \"start\" for date-times), found " + quoted_cell(stamp))) {
          return false;
        }
      }
    }
    // channel, order id, region
    const std::string_view channel_name = csv.cell(col[kChannel]);
    const std::string_view order_id = csv.cell(col[kOrder]);
    const std::string_view region_name = col[kRegion] == kNone ? std::string_view() : csv.cell(col[kRegion]);
    for (const auto& [column, text, may_be_empty] :
         {std::tuple{col[kChannel], channel_name, false}, std::tuple{col[kOrder], order_id, false},
          std::tuple{col[kRegion], region_name, true}}) {
      if ((text.empty() && !may_be_empty) || text.size() > kMaxIdentifier) {
        if (!error(csv.where(column) + ": expected a name of 1 to " + std::to_string(kMaxIdentifier) +
                   " characters, found " + quoted_cell(text))) {
          return false;
        }
      }
    }
    // sku, units
    const std::string_view sku_text = csv.cell(col[kSku]);
    const auto sku = sku_index.find(sku_text);
    if (sku == sku_index.end() &&
        !error(csv.where(col[kSku]) + ": unknown SKU " + quoted_cell(sku_text) + did_you_mean(sku_text, sku_ids))) {
      return false;
    }
    const std::string_view units_text = csv.cell(col[kUnits]);
    const auto units = parse_integer_cell(units_text);
    if ((!units || *units < 1 || *units > kMaxLineUnits) &&
        !error(csv.where(col[kUnits]) + ": expected whole units from 1 to " + std::to_string(kMaxLineUnits) +
               ", found " + quoted_cell(units_text))) {
      return false;
    }
    if (errors_.size() != errors_before) {
      return true;  // reported; the row is not written
    }
    const auto channel = intern(channel_name, log_.channels_, channel_index_);
    const auto region = region_name.empty() ? std::optional<std::uint16_t>(0xFFFF)
                                            : intern(region_name, log_.regions_, region_index_);
    if (!channel || !region) {
      return error(csv.where() + ": more than 65,535 distinct channels or regions in one log");
    }
    const std::uint16_t region_code = region_name.empty() ? 0 : static_cast<std::uint16_t>(*region + 1);
    if (log_.region_lines_.size() <= *channel) {
      log_.region_lines_.resize(*channel + 1);
    }
    if (region_code != 0) {
      log_.region_lines_[*channel].emplace(region_code, csv.line());
    }
    const TraceLine line{sku->second, *units};
    // The same order as the row before?
    if (open_ && *channel == channel_ && order_id == order_id_) {
      if (*at_us != at_us_ || region_code != region_) {
        return error(csv.where() + ": order \"" + order_id_ + "\" (from line " + std::to_string(order_line_) +
                     ") has rows with different " + (*at_us != at_us_ ? "timestamps" : "regions") +
                     "; the rows of one order share them");
      }
      if (std::any_of(lines_.begin(), lines_.end(), [&](const TraceLine& l) { return l.sku == line.sku; })) {
        return error(csv.where(col[kSku]) + ": SKU \"" + std::string(sku_text) + "\" appears twice in order \"" +
                     order_id_ + "\"; put its units on one row");
      }
      if (lines_.size() >= OrderLog::kMaxLinesPerOrder) {
        return error(csv.where() + ": order \"" + order_id_ + "\" has more than " +
                     std::to_string(OrderLog::kMaxLinesPerOrder) + " lines");
      }
      lines_.push_back(line);
      return true;
    }
    flush();
    if (*at_us != at_us_) {
      seen_.clear();  // an id may come back at a later time, as another order
    }
    if (!seen_.insert(order_key(*channel, order_id)).second) {
      return error(csv.where(col[kOrder]) + ": order \"" + std::string(order_id) +
                   "\" appeared on earlier rows at this timestamp, not the ones just before; the rows of one order "
                   "must be adjacent");
    }
    if (written_ && *at_us < at_us_) {
      return error(csv.where(col[kTimestamp]) + ": expected rows in time order, found " + quoted_cell(stamp) +
                   " after an order at line " + std::to_string(order_line_) + " that is later (sort the file by timestamp)");
    }
    open_ = true;
    channel_ = *channel;
    region_ = region_code;
    order_id_ = order_id;
    order_line_ = csv.line();
    at_us_ = *at_us;
    lines_.assign(1, line);
    return true;
  }

  void flush() {
    if (!open_) {
      return;
    }
    auto& bytes = log_.bytes_;
    if (!written_) {
      put_varint(bytes, zigzag(at_us_));
      written_ = true;
    } else {
      put_varint(bytes, static_cast<std::uint64_t>(at_us_ - last_written_us_));
    }
    last_written_us_ = at_us_;
    put_varint(bytes, channel_);
    put_varint(bytes, region_);
    put_varint(bytes, lines_.size());
    for (const TraceLine& line : lines_) {
      put_varint(bytes, line.sku);
      bytes.push_back(static_cast<std::uint8_t>(line.units));
    }
    ++log_.orders_;
    log_.lines_ += lines_.size();
    open_ = false;
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

 private:
  OrderLog& log_;
  std::vector<std::string>& errors_;
  std::unordered_map<std::string, std::uint16_t, NameHash, std::equal_to<>> channel_index_;
  std::unordered_map<std::string, std::uint16_t, NameHash, std::equal_to<>> region_index_;
  std::unordered_set<std::uint64_t> seen_;  // orders begun at the current timestamp (hashes of channel and id)
  bool open_ = false;
  bool written_ = false;
  std::uint16_t channel_ = 0;
  std::uint16_t region_ = 0;
  std::string order_id_;
  unsigned order_line_ = 0;
  std::int64_t at_us_ = 0;
  std::int64_t last_written_us_ = 0;
  std::vector<TraceLine> lines_;
};

std::shared_ptr<const OrderLog> OrderLog::read(const std::string& path, std::optional<std::int64_t> start_us,
                                               const std::vector<SkuSpec>& skus, std::vector<std::string>& errors) {
  const std::size_t errors_before = errors.size();
  auto log = std::make_shared<OrderLog>();
  log->path_ = path;
  try {
    CsvReader csv(path);
    csv.check_columns({"timestamp", "channel", "order_id", "sku", "units"}, {"region"});
    const std::size_t col[6] = {*csv.column("timestamp"), *csv.column("channel"), *csv.column("order_id"),
                                *csv.column("sku"),       *csv.column("units"),   csv.column("region").value_or(OrderLogWriter::kNone)};
    std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> sku_index;
    std::vector<std::string> sku_ids;
    sku_index.reserve(skus.size());
    for (std::size_t idx = 0; idx < skus.size(); ++idx) {
      sku_index.emplace(skus[idx].id, static_cast<std::uint32_t>(idx));
      sku_ids.push_back(skus[idx].id);
    }
    OrderLogWriter writer(*log, errors);
    while (csv.next()) {
      if (!writer.row(csv, start_us, sku_index, sku_ids, col)) {
        errors.push_back(path + ": stopped reading after " + std::to_string(errors.size() - errors_before) + " errors");
        return nullptr;
      }
    }
    writer.flush();
    if (csv.rows() == 0) {
      errors.push_back(path + ": expected rows of orders after the header, found none");
    }
  } catch (const CsvError& e) {
    errors.emplace_back(e.what());
  }
  if (errors.size() != errors_before) {
    return nullptr;
  }
  log->bytes_.shrink_to_fit();
  return log;
}

}  // namespace models::scenario
