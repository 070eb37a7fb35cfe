#include "cli/arguments.h"

#include <charconv>
#include <string>

namespace peaksim {

CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi) {
  const std::string range = std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (error == std::errc() && stop == end) {
          return value >= lo && value <= hi ? "" : "expected " + range + ", found " + text;
        }
        if (error == std::errc::result_out_of_range) {
          return "expected " + range + ", found " + text;
        }
        return "expected a whole number from " + range + ", found \"" + text + "\"";
      },
      "INT in [" + std::to_string(lo) + " - " + std::to_string(hi) + "]");
}

}  // namespace peaksim
