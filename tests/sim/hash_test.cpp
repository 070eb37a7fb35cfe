// What this proves: the mixing functions of sim/hash.h give the published
// reference values (so a mistyped constant fails here, not as a silently
// different golden), and they are usable at compile time.
#include <catch2/catch.hpp>

#include "sim/hash.h"

// Evaluated by the compiler: the functions stay constexpr.
static_assert(sim::splitmix64(0) == 0xE220A8397B1DCDAFULL);
static_assert(sim::unit_interval(0) == 0.0);

TEST_CASE("hash: splitmix64 gives the reference generator's first outputs from seed 0", "[sim][hash]") {
  // Vigna's splitmix64.c seeded with 0: next() advances the state by the gamma, then mixes it.
  CHECK(sim::splitmix64(0) == 0xE220A8397B1DCDAFULL);
  CHECK(sim::splitmix64(sim::kGoldenGamma) == 0x6E789E6AA1B965F4ULL);
}

TEST_CASE("hash: fnv_mix from the offset basis is FNV-1a on a one-byte word", "[sim][hash]") {
  CHECK(sim::fnv_mix(sim::kFnvOffset64, 'a') == 0xAF63DC4C8601EC8CULL);  // FNV-1a("a")
}

TEST_CASE("hash: unit_interval maps the top 53 bits to a double from 0 up to, not including, 1", "[sim][hash]") {
  CHECK(sim::unit_interval(0) == 0.0);
  CHECK(sim::unit_interval(~std::uint64_t{0}) == 1.0 - 0x1.0p-53);
  CHECK(sim::unit_interval(std::uint64_t{1} << 63) == 0.5);
  CHECK(sim::unit_interval((std::uint64_t{1} << 11) - 1) == 0.0);  // the low 11 bits are dropped
}

TEST_CASE("hash: weyl and run_salt keep nearby indices far apart", "[sim][hash]") {
  CHECK(sim::weyl(1) == sim::kGoldenGamma);
  CHECK(sim::weyl(2) == 2 * sim::kGoldenGamma);
  CHECK(sim::run_salt(7, 0) == 7 * sim::kXorshiftStar + sim::kGoldenGamma);
  CHECK(sim::run_salt(7, 0) != sim::run_salt(7, 1));
  CHECK(sim::run_salt(7, 0) != sim::run_salt(8, 0));
}

TEST_CASE("hash: fold_event_fields is sensitive to every field and to order", "[sim][hash]") {
  const std::uint64_t base = sim::fold_event_fields(0, 10, 20, 30, 40);
  CHECK(base != sim::fold_event_fields(0, 11, 20, 30, 40));
  CHECK(base != sim::fold_event_fields(0, 10, 21, 30, 40));
  CHECK(base != sim::fold_event_fields(0, 10, 20, 31, 40));
  CHECK(base != sim::fold_event_fields(0, 10, 20, 30, 41));
  const std::uint64_t ab = sim::fold_event_fields(sim::fold_event_fields(0, 1, 2, 3, 4), 5, 6, 7, 8);
  const std::uint64_t ba = sim::fold_event_fields(sim::fold_event_fields(0, 5, 6, 7, 8), 1, 2, 3, 4);
  CHECK(ab != ba);
}
