// Every pending-event set passes the same cases (ns-3 builds its simulator
// tests once per scheduler type; we instantiate each case per set type).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <vector>

#include "sim/heap_event_set.h"
#include "sim/ladder_event_set.h"
#include "sim/pending_event_set.h"
#include "sim/random.h"

namespace {

sim::Event make(std::int64_t when_us, sim::LpId origin, std::uint32_t seq) {
  return sim::Event{sim::EventKey{sim::Time::from_us(when_us), origin, seq}, 0, 0, 0, {}};
}

struct KeyOrder {
  bool operator()(const sim::Event& a, const sim::Event& b) const { return sim::key_less(a.key, b.key); }
};

}  // namespace

static_assert(sim::PendingEventSet<sim::HeapEventSet>);
static_assert(sim::PendingEventSet<sim::LadderEventSet>);

TEMPLATE_TEST_CASE("PendingEventSet: equal times pop in EventKey order", "[sim][event_set]", sim::HeapEventSet,
                   sim::LadderEventSet) {
  TestType set;
  // Pushed in reverse key order, all at the same instant.
  for (int origin = 3; origin >= 0; --origin) {
    for (int seq = 2; seq >= 0; --seq) {
      set.push(make(100, static_cast<sim::LpId>(origin), static_cast<std::uint32_t>(seq)));
    }
  }
  REQUIRE(set.size() == 12);
  for (sim::LpId origin = 0; origin < 4; ++origin) {
    for (std::uint32_t seq = 0; seq < 3; ++seq) {
      INFO("origin " << origin << " seq " << seq);
      REQUIRE_FALSE(set.empty());
      CHECK(set.top().key.origin == origin);
      CHECK(set.top().key.origin_seq == seq);
      set.pop();
    }
  }
  CHECK(set.empty());
}

TEMPLATE_TEST_CASE("PendingEventSet: random pushes, pops and replace_tops match a sorted reference",
                   "[sim][event_set]", sim::HeapEventSet, sim::LadderEventSet) {
  // Each distribution stresses a different part of a bucketed queue: many ties,
  // a smooth spread, and a huge spread with clusters at both ends.
  const int shape = GENERATE(0, 1, 2, 3);
  sim::LpRandom rng(11, 0, static_cast<std::uint32_t>(shape));
  auto draw_time = [&](std::int64_t now) -> std::int64_t {
    switch (shape) {
      case 0:
        return now + static_cast<std::int64_t>(rng() % 4);  // many equal times
      case 1:
        return now + static_cast<std::int64_t>(rng() % 2'000'000);
      case 2:
        return (rng() % 2 == 0) ? now + static_cast<std::int64_t>(rng() % 10)
                                : now + static_cast<std::int64_t>(rng() % (1LL << 50));
      default:  // sometimes earlier than the last popped event
        return std::max<std::int64_t>(0, now - 500 + static_cast<std::int64_t>(rng() % 100'000));
    }
  };
  TestType set;
  std::multiset<sim::Event, KeyOrder> reference;
  std::uint32_t seq = 0;
  std::int64_t now = 0;
  for (int op = 0; op < 60'000; ++op) {
    const auto choice = rng() % 10;
    if (choice < 4 || reference.empty()) {
      const sim::Event e = make(draw_time(now), static_cast<sim::LpId>(rng() % 7), seq++);
      set.push(e);
      reference.insert(e);
    } else if (choice < 7) {
      REQUIRE(set.top().key == reference.begin()->key);
      now = set.top().key.when.count_us();
      set.pop();
      reference.erase(reference.begin());
    } else {
      REQUIRE(set.top().key == reference.begin()->key);
      now = set.top().key.when.count_us();
      const sim::Event e = make(draw_time(now), static_cast<sim::LpId>(rng() % 7), seq++);
      set.replace_top(e);
      reference.erase(reference.begin());
      reference.insert(e);
    }
    REQUIRE(set.size() == reference.size());
  }
  while (!reference.empty()) {
    REQUIRE(set.top().key == reference.begin()->key);
    set.pop();
    reference.erase(reference.begin());
  }
  CHECK(set.empty());
}

TEMPLATE_TEST_CASE("PendingEventSet: replace_top is pop followed by push", "[sim][event_set]", sim::HeapEventSet,
                   sim::LadderEventSet) {
  TestType a;
  TestType b;
  for (std::uint32_t idx = 0; idx < 500; ++idx) {
    const sim::Event e = make(static_cast<std::int64_t>((idx * 7919) % 1000), 1, idx);
    a.push(e);
    b.push(e);
  }
  for (std::uint32_t idx = 0; idx < 2'000; ++idx) {
    const sim::Event next = make(a.top().key.when.count_us() + static_cast<std::int64_t>((idx * 104729) % 5000), 2, idx);
    a.replace_top(next);
    b.pop();
    b.push(next);
    REQUIRE(a.top().key == b.top().key);
  }
  std::vector<sim::EventKey> from_a;
  std::vector<sim::EventKey> from_b;
  while (!a.empty()) {
    from_a.push_back(a.top().key);
    a.pop();
  }
  while (!b.empty()) {
    from_b.push_back(b.top().key);
    b.pop();
  }
  CHECK(from_a == from_b);
  CHECK(std::is_sorted(from_a.begin(), from_a.end()));
}

TEMPLATE_TEST_CASE("PendingEventSet: times at the far end of the clock keep their order", "[sim][event_set]",
                   sim::HeapEventSet, sim::LadderEventSet) {
  TestType set;
  const std::int64_t far = sim::Time::infinity().count_us() - 1;
  set.push(make(far, 0, 0));
  set.push(make(0, 0, 1));
  set.push(make(far / 2, 0, 2));
  set.push(make(far, 0, 3));
  CHECK(set.top().key.origin_seq == 1);
  set.pop();
  CHECK(set.top().key.origin_seq == 2);
  set.pop();
  CHECK(set.top().key.origin_seq == 0);
  set.pop();
  CHECK(set.top().key.origin_seq == 3);
  set.pop();
  CHECK(set.empty());
}
