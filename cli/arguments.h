// cli/arguments.h — checks of command-line values shared by the subcommands, with
// messages in the program's style: `error: --replications: expected 1 to 100000, found 0`.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>

namespace peaksim {

// A whole number from `lo` to `hi`; anything else (0 where 1 is the least, "abc",
// "-1", "2.5") is refused by name, before anything runs.
[[nodiscard]] CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi);

}  // namespace peaksim
