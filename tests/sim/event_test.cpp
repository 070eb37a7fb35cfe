#include <catch2/catch.hpp>

#include "sim/event.h"
#include "sim/random.h"

TEST_CASE("EventKey: key_less is the same order as operator<=>", "[sim][event]") {
  sim::LpRandom rng(3, 0, 0);
  for (int trial = 0; trial < 20'000; ++trial) {
    // Small ranges so that equal times and equal origins are common.
    const sim::EventKey a{sim::Time::from_us(static_cast<std::int64_t>(rng() % 4)), static_cast<sim::LpId>(rng() % 3),
                          static_cast<std::uint32_t>(rng() % 3)};
    const sim::EventKey b{sim::Time::from_us(static_cast<std::int64_t>(rng() % 4)), static_cast<sim::LpId>(rng() % 3),
                          static_cast<std::uint32_t>(rng() % 3)};
    INFO("a=(" << a.when.count_us() << "," << a.origin << "," << a.origin_seq << ") b=(" << b.when.count_us() << ","
               << b.origin << "," << b.origin_seq << ")");
    REQUIRE(sim::key_less(a, b) == (a < b));
  }
}

TEST_CASE("EventKey: time first, then origin LP, then the origin's sequence number", "[sim][event]") {
  using sim::EventKey;
  using sim::Time;
  CHECK(sim::key_less(EventKey{Time::from_us(1), 9, 9}, EventKey{Time::from_us(2), 0, 0}));
  CHECK(sim::key_less(EventKey{Time::from_us(2), 1, 9}, EventKey{Time::from_us(2), 2, 0}));
  CHECK(sim::key_less(EventKey{Time::from_us(2), 2, 0}, EventKey{Time::from_us(2), 2, 1}));
  CHECK_FALSE(sim::key_less(EventKey{Time::from_us(2), 2, 1}, EventKey{Time::from_us(2), 2, 1}));
  // The largest LP id still sorts after a smaller one at the same time (no sign trouble).
  CHECK(sim::key_less(EventKey{Time::from_us(5), 1, 0xFFFFFFFF}, EventKey{Time::from_us(5), 0xFFFFFFFE, 0}));
}
