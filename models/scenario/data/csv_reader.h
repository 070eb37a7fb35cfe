// models/scenario/data/csv_reader.h — one CSV file a scenario references, row by row.
//
// A thin layer over fast-cpp-csv-parser's streaming LineReader (Debian's libfccp-dev):
// it reads blocks, not the whole file, counts file lines and strips CRLF; here we add
// what a scenario's data needs and fccp's fixed-column CSVReader does not give:
// columns by header name whose set is known only at run time (a node's parameters),
// a UTF-8 byte-order mark, blank lines, and every error located as FILE:LINE:COLUMN
// (COLUMN the 1-based field number) with the column's name.
//
//   CsvReader csv("scenarios/data/stock.csv");
//   csv.check_columns({"node", "sku", "units"}, {});
//   while (csv.next()) { use(csv.cell(*csv.column("sku")), csv.where(col)); }
//
// Fields are comma-separated; a field may be quoted ("a, b" and "say ""hi""");
// spaces and tabs around a field are trimmed; a quoted field cannot span lines.
// Structural errors (no such file, no header, unclosed quote, a row with more or
// fewer fields than the header) throw CsvError, whose what() is located.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace models::scenario {

class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CsvReader {
 public:
  // Opens `path` (a regular file) and reads its header row.
  explicit CsvReader(const std::string& path);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
  [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
  // Throws CsvError (at the header) for a missing `required` column, or one neither
  // required, optional nor accepted by `extra` (with a did-you-mean; `extra_what` names what `extra` accepts).
  void check_columns(const std::vector<std::string>& required, const std::vector<std::string>& optional,
                     const std::function<bool(std::string_view)>& extra = {}, std::string_view extra_what = {}) const;

  // The next row with any field; false at the end of the file.
  bool next();
  [[nodiscard]] std::string_view cell(std::size_t column) const { return cells_[column]; }
  [[nodiscard]] unsigned line() const { return line_; }
  [[nodiscard]] std::size_t rows() const { return rows_; }  // read so far
  [[nodiscard]] const std::string& path() const { return path_; }
  // "FILE:LINE:COLUMN (column \"units\")", of the current row.
  [[nodiscard]] std::string where(std::size_t column) const;
  // "FILE:LINE".
  [[nodiscard]] std::string where() const;

 private:
  [[noreturn]] void fail(std::string_view message) const;
  void split(char* line);

  struct Lines;
  std::unique_ptr<Lines> lines_;
  std::string path_;
  std::vector<std::string> header_;
  std::vector<std::string_view> cells_;
  unsigned line_ = 0;
  std::size_t rows_ = 0;
};

// Numbers in cells, whole cell or nothing (no sign on integers but '-', no hex, no
// "nan"): nullopt when the text is not one. Doubles are correctly rounded (std::from_chars).
[[nodiscard]] std::optional<std::int64_t> parse_integer_cell(std::string_view text);
[[nodiscard]] std::optional<double> parse_number_cell(std::string_view text);
// `text` quoted for a message, shortened past 60 characters.
[[nodiscard]] std::string quoted_cell(std::string_view text);

}  // namespace models::scenario
