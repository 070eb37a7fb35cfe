#include <catch2/catch.hpp>

#include "analysis/probe_totals.h"

TEST_CASE("ProbeTotals: counts and sums per probe, per LP and merged", "[analysis]") {
  analysis::ProbeTotals totals(3);
  totals.record(0, sim::Time::zero(), 1, 2.0, 0);
  totals.record(2, sim::Time::zero(), 1, 3.5, 7);
  totals.record(2, sim::Time::zero(), 4, 1.0, 0);
  CHECK(totals.merged(1) == analysis::ProbeTotal{2, 5.5});
  CHECK(totals.merged(4) == analysis::ProbeTotal{1, 1.0});
  CHECK(totals.merged(9) == analysis::ProbeTotal{});
  CHECK(totals.of_lp(2, 1) == analysis::ProbeTotal{1, 3.5});
  CHECK(totals.of_lp(1, 1) == analysis::ProbeTotal{});
  CHECK(totals.merged(1, 7) == analysis::ProbeTotal{1, 3.5});
  CHECK(totals.merged(1, 0) == analysis::ProbeTotal{1, 2.0});
  CHECK(totals.merged(1, 3) == analysis::ProbeTotal{});
  CHECK_THROWS_AS(totals.record(3, sim::Time::zero(), 1, 1.0, 0), std::out_of_range);
}
