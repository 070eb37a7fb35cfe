// sim/hash.h — the integer mixing functions, written once.
//
// Digests, per-purpose seeds and hash-based draws all mix 64-bit words with the
// same few well-known constants. They live here so that no file re-rolls them
// by hand: a typo in a constant would silently change every result. Everything
// is constexpr and depends on nothing but its arguments, so a value is the
// same on every engine, thread count and machine (DESIGN.md, determinism).
//
//   std::uint64_t h = sim::kFnvOffset64;
//   for (std::uint64_t word : words) h = sim::fnv_mix(h, word);   // a state digest
//   bool pickup = sim::unit_interval(sim::splitmix64(key ^ salt)) < share;  // a draw without a stream
//
// None of these is a cryptographic hash, and none may change: goldens
// (tests/golden/) and run checksums depend on the exact values.
#pragma once

#include <cstdint>

namespace sim {

// 2^64 / golden ratio, odd: splitmix64's increment. Multiplying small integers
// by it (a Weyl sequence) spreads them over all 64 bits.
inline constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;
// The 64-bit FNV-1a offset basis and prime.
inline constexpr std::uint64_t kFnvOffset64 = 0xCBF29CE484222325ULL;
inline constexpr std::uint64_t kFnvPrime64 = 0x100000001B3ULL;
// The multiplier of Marsaglia/Vigna's xorshift64*: a second odd constant, independent of kGoldenGamma.
inline constexpr std::uint64_t kXorshiftStar = 0x2545F4914F6CDD1DULL;

// The n-th element of splitmix64's Weyl sequence: keys small integers (a purpose,
// a count, a time) apart before they are xor-ed into a seed or a digest.
[[nodiscard]] constexpr std::uint64_t weyl(std::uint64_t n) { return n * kGoldenGamma; }

// splitmix64 of `state` (Steele, Lea and Flood's SplitMix, with Stafford's Mix13
// finaliser as in Vigna's splitmix64.c): one step of the generator, i.e. a uniform-looking 64-bit word that changes in about half
// its bits when any bit of `state` changes. For draws that no LP's stream may
// make, because every LP must agree on them (which orders are pickups).
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t state) {
  std::uint64_t z = state + kGoldenGamma;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The top 53 bits of `bits` as a double in [0, 1): every value is exact, and
// the same on every machine.
[[nodiscard]] constexpr double unit_interval(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// One FNV-1a step over a whole 64-bit word (not byte by byte, so not FNV-1a
// proper): order-sensitive and cheap, for digests of an LP's final state and
// the run checksum, which only need to differ when the state differs.
[[nodiscard]] constexpr std::uint64_t fnv_mix(std::uint64_t h, std::uint64_t word) { return (h ^ word) * kFnvPrime64; }

// A key for hash-based draws made outside the LPs' streams: one per (seed,
// index), e.g. per replication, so each replication draws afresh while every
// variant of one replication draws the same (common random numbers).
[[nodiscard]] constexpr std::uint64_t run_salt(std::uint64_t seed, std::uint64_t index) {
  return seed * kXorshiftStar + weyl(index + 1);
}

// Folds one committed event into its LP's running digest (sim/engine_core.h):
// time, tie-break key (origin << 32 | origin sequence), kind and payload, each
// multiplied or offset by its own odd constant so that no two fields cancel.
// Order-sensitive, which is what the determinism tests compare across engines.
[[nodiscard]] constexpr std::uint64_t fold_event_fields(std::uint64_t digest, std::uint64_t when_us, std::uint64_t tie,
                                                        std::uint64_t kind, std::uint64_t payload) {
  std::uint64_t x = weyl(when_us);
  x ^= tie + 0x632BE59BD9B4E019ULL;
  x ^= (kind << 48) ^ (payload * 0xC2B2AE3D27D4EB4FULL);
  digest = fnv_mix(digest, x);
  return digest ^ (digest >> 29);
}

}  // namespace sim
