// RecordLog keeps most records in 2 words and the rest in 3: whatever the form, a
// record reads back bit for bit as it was pushed, in order, across chunks.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/record_log.h"

namespace {

bool same(const analysis::ProbeRecord& a, const analysis::ProbeRecord& b) {
  return a.when == b.when && a.probe == b.probe && std::bit_cast<std::uint64_t>(a.value) ==
         std::bit_cast<std::uint64_t>(b.value) && a.label == b.label;
}

}  // namespace

TEST_CASE("RecordLog: every record reads back bit for bit, short or long, across chunks", "[analysis][record_log]") {
  // The edges of the 2-word form (a whole value in 32 bits, a label in 32) and just past them.
  const std::vector<double> values{0.0, -0.0, 1.0, -1.0, 2.5, 2147483647.0, 2147483648.0, -2147483648.0,
                                   -2147483649.0, 1e300, std::numeric_limits<double>::infinity(),
                                   std::numeric_limits<double>::quiet_NaN(), 0.1};
  const std::vector<std::int64_t> labels{0, 1, 0xFFFF'FFFF, std::int64_t{1} << 32, -1, (std::int64_t{7} << 32) | 5,
                                         std::numeric_limits<std::int64_t>::min()};
  std::vector<analysis::ProbeRecord> pushed;
  analysis::RecordLog log;
  for (int round = 0; round < 400; ++round) {  // about 36,000 records: past the first chunks of each size
    for (const double value : values) {
      for (const std::int64_t label : labels) {
        const analysis::ProbeRecord r{sim::Time::from_us(round * 1000 + static_cast<std::int64_t>(pushed.size() % 997)),
                                      static_cast<sim::ProbeId>(pushed.size() % 0xFFFF), value, label};
        log.push(r);
        pushed.push_back(r);
      }
    }
  }
  REQUIRE(log.size() == pushed.size());
  std::size_t read = 0, mismatched = 0;
  log.for_each([&](const analysis::ProbeRecord& r) { mismatched += same(r, pushed[read++]) ? 0 : 1; });
  CHECK(read == pushed.size());
  CHECK(mismatched == 0);
  read = mismatched = 0;
  log.drain([&](const analysis::ProbeRecord& r) { mismatched += same(r, pushed[read++]) ? 0 : 1; });
  CHECK(read == pushed.size());
  CHECK(mismatched == 0);
  CHECK(log.size() == 0);
  std::size_t after = 0;
  log.for_each([&](const analysis::ProbeRecord&) { ++after; });
  CHECK(after == 0);  // drained: nothing left to read
}

TEST_CASE("RecordLog: a time outside 0 to 2^47 us is refused", "[analysis][record_log]") {
  analysis::RecordLog log;
  CHECK_THROWS_AS(log.push({sim::Time::from_us(std::int64_t{1} << 47), 1, 1.0, 0}), std::out_of_range);
  CHECK_THROWS_AS(log.push({sim::Time::from_us(-1), 1, 1.0, 0}), std::out_of_range);
  CHECK_NOTHROW(log.push({sim::Time::from_us((std::int64_t{1} << 47) - 1), 0xFFFF, -0.0, -1}));
  log.for_each([](const analysis::ProbeRecord& r) {
    CHECK(r.when == sim::Time::from_us((std::int64_t{1} << 47) - 1));
    CHECK(r.probe == 0xFFFF);
    CHECK(std::signbit(r.value));
    CHECK(r.label == -1);
  });
}

TEST_CASE("RecordLog: a drain that throws part-way leaves the log empty, not half-freed", "[analysis][record_log]") {
  analysis::RecordLog log;
  for (std::int64_t i = 0; i < 5000; ++i) {  // several chunks
    log.push({sim::Time::from_us(i), 1, static_cast<double>(i), i});
  }
  std::size_t read = 0;
  CHECK_THROWS_AS(log.drain([&](const analysis::ProbeRecord&) {
    if (++read == 3000) {
      throw std::runtime_error("stop");
    }
  }),
                  std::runtime_error);
  CHECK(log.size() == 0);
  CHECK(log.bytes() == 0);
  std::size_t after = 0;
  log.for_each([&](const analysis::ProbeRecord&) { ++after; });
  CHECK(after == 0);
}
