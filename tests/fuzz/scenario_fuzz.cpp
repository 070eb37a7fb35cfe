// tests/fuzz/scenario_fuzz.cpp — libFuzzer target for the scenario loader.
//
// Any byte string must come back as a scenario or as diagnostics: no crash, no
// sanitizer report, no uncaught exception, no hang. Run by .ci/fuzz, seeded
// with every file in scenarios/ and scenarios/invalid/.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "models/scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const models::scenario::LoadResult result = models::scenario::load_scenario_text(text, "fuzz.json");
  // Formatting the messages is part of what a user gets; exercise it too.
  (void)result.diags.format("fuzz.json");
  return 0;
}
