#include <catch2/catch.hpp>

#include "cli/progress.h"

TEST_CASE("Progress: the bar fills in proportion and clamps at both ends", "[cli]") {
  CHECK(peaksim::Progress::bar(0.0, 10) == "[----------]");
  CHECK(peaksim::Progress::bar(0.5, 10) == "[#####-----]");
  CHECK(peaksim::Progress::bar(1.0, 4) == "[####]");
  CHECK(peaksim::Progress::bar(1.7, 4) == "[####]");
  CHECK(peaksim::Progress::bar(-3.0, 4) == "[----]");
  CHECK(peaksim::Progress::bar(0.999, 4) == "[###-]");
}
