#include "models/scenario/data/csv_reader.h"

// One reader at a time, read once at load: fccp's reading thread would only add a
// thread per file (and noise under the sanitizers).
#define CSV_IO_NO_THREAD
#include <libfccp/csv.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "models/scenario/diagnostics.h"

namespace models::scenario {
namespace {

using Quote = io::double_quote_escape<',', '"'>;
using Trim = io::trim_chars<' ', '\t'>;

std::string location(const std::string& path, unsigned line) {
  std::string out = path;
  out += ':';
  out += std::to_string(line);
  return out;
}

}  // namespace

struct CsvReader::Lines {
  explicit Lines(const std::string& path) : reader(path) {}
  io::LineReader reader;
};

CsvReader::CsvReader(const std::string& path) : path_(path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw CsvError(path + ": no such file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw CsvError(path + ": expected a regular file (a CSV file), found " +
                   (std::filesystem::is_directory(status) ? std::string("a folder") : std::string("a special file")));
  }
  if (std::filesystem::file_size(path, ec) == 0 || ec) {  // (and /proc's files, which say 0)
    throw CsvError(path + ": expected a header row naming the columns, found an empty file");
  }
  try {
    lines_ = std::make_unique<Lines>(path);
  } catch (const io::error::base&) {
    throw CsvError(path + ": cannot open the file");
  }
  if (!next()) {
    throw CsvError(path + ": expected a header row naming the columns, found an empty file");
  }
  rows_ = 0;
  for (std::size_t col = 0; col < cells_.size(); ++col) {
    const std::string name(cells_[col]);
    if (name.empty()) {
      throw CsvError(location(path_, line_) + ":" + std::to_string(col + 1) + ": expected a column name, found an empty one");
    }
    if (std::find(header_.begin(), header_.end(), name) != header_.end()) {
      throw CsvError(location(path_, line_) + ":" + std::to_string(col + 1) + ": column \"" + name + "\" appears twice");
    }
    header_.push_back(name);
  }
}

CsvReader::~CsvReader() = default;

std::optional<std::size_t> CsvReader::column(std::string_view name) const {
  const auto it = std::find(header_.begin(), header_.end(), name);
  return it == header_.end() ? std::nullopt : std::optional(static_cast<std::size_t>(it - header_.begin()));
}

void CsvReader::check_columns(const std::vector<std::string>& required, const std::vector<std::string>& optional,
                              const std::function<bool(std::string_view)>& extra, std::string_view extra_what) const {
  std::vector<std::string> known = required;
  known.insert(known.end(), optional.begin(), optional.end());
  for (std::size_t col = 0; col < header_.size(); ++col) {
    const std::string& name = header_[col];
    if (std::find(known.begin(), known.end(), name) == known.end() && !(extra && extra(name))) {
      throw CsvError(location(path_, 1) + ":" + std::to_string(col + 1) + ": unknown column \"" + name + "\"" +
                     did_you_mean(name, known) + " (columns: " + [&] {
                       std::string list;
                       for (const std::string& k : known) {
                         list += (list.empty() ? "" : ", ") + k;
                       }
                       if (!extra_what.empty()) {
                         list += ", or ";
                         list += extra_what;
                       }
                       return list;
                     }() + ")");
    }
  }
  for (const std::string& name : required) {
    if (!column(name)) {
      throw CsvError(location(path_, 1) + ": missing column \"" + name + "\" in the header");
    }
  }
}

bool CsvReader::next() {
  for (;;) {
    char* text = nullptr;
    try {
      text = lines_->reader.next_line();
    } catch (const io::error::line_length_limit_exceeded&) {
      fail("a line longer than 16 MiB");
    }
    if (text == nullptr) {
      return false;
    }
    line_ = lines_->reader.get_file_line();
    if (line_ == 1 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
        static_cast<unsigned char>(text[2]) == 0xBF) {
      text += 3;  // a UTF-8 byte-order mark, as spreadsheets write
    }
    if (*text == '\0') {
      continue;  // a blank line
    }
    split(text);
    if (!header_.empty() && cells_.size() != header_.size()) {
      fail("expected " + std::to_string(header_.size()) + " fields (as the header), found " + std::to_string(cells_.size()));
    }
    ++rows_;
    return true;
  }
}

void CsvReader::split(char* line) {
  cells_.clear();
  while (line != nullptr) {
    char* begin = nullptr;
    char* end = nullptr;
    try {
      io::detail::chop_next_column<Quote>(line, begin, end);
    } catch (const io::error::escaped_string_not_closed&) {
      const std::string at = location(path_, line_) + ":" + std::to_string(cells_.size() + 1);
      throw CsvError(at + ": a quoted field is not closed on its line (a field cannot span lines)");
    }
    Trim::trim(begin, end);
    Quote::unescape(begin, end);
    cells_.emplace_back(begin, static_cast<std::size_t>(end - begin));
  }
}

void CsvReader::fail(std::string_view message) const {
  std::string text = location(path_, line_);
  text += ": ";
  text += message;
  throw CsvError(text);
}

std::string CsvReader::where(std::size_t column) const {
  std::string out = location(path_, line_);
  out += ':';
  out += std::to_string(column + 1);
  if (column < header_.size()) {
    out += " (column \"";
    out += header_[column];
    out += "\")";
  }
  return out;
}

std::string CsvReader::where() const { return location(path_, line_); }

std::optional<std::int64_t> parse_integer_cell(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_number_cell(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') {
    text.remove_prefix(1);
  }
  double value = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string quoted_cell(std::string_view text) {
  std::string out = "\"";
  if (text.size() > 60) {
    out += text.substr(0, 57);
    out += "...";
  } else {
    out += text;
  }
  out += '"';
  return out;
}

}  // namespace models::scenario
