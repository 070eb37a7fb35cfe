// Dead letters, schema changes and the exception team, end to end with known answers
// written from scenarios/README.md ("Dead letters and schema changes"): a message its
// consumer rejects is dead-lettered and re-driven (automatically every redrive_after
// while rejected, or by the team), lost without a dead-letter queue; the team is an
// M/M/c queue under Poisson rejections and exponential handling; every message is
// accounted for.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace {

peaksim::RetailRun run(const std::string& text, const std::vector<std::string>& sets = {}) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "dead.json", sets);
  INFO(loaded.diags.format("dead.json"));
  REQUIRE(loaded.ok());
  peaksim::RetailRun out = peaksim::run_retail(loaded.scenario->baseline, 0, {});
  REQUIRE(out.metrics.units.conserved());
  const analysis::OutageMetrics& m = out.metrics.outages;
  INFO("sent " << m.sent << ", delivered " << m.delivered << ", lost " << m.lost_on_the_way << ", dead "
               << m.dead_at_end << ", in flight " << m.in_flight);
  CHECK(m.sent == m.delivered + m.lost_on_the_way + m.dead_at_end + m.in_flight);
  return out;
}

// Erlang C: the mean time in an M/M/c system (waiting and being served), in hours.
double mmc_time_in_system(double lambda, double mu, int c) {
  const double a = lambda / mu;
  double term = 1.0;  // a^k / k!
  double below = 0.0;
  for (int k = 0; k < c; ++k) {
    below += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);  // a^c / c! * c / (c - a)
  const double wait_probability = top / (below + top);
  return wait_probability / (c * mu - lambda) + 1.0 / mu;
}

// One DC, a storefront and the OMS, every link streaming in 1 s. The storefront's
// orders link switches schema at 2h; the OMS reads it from 4h. Web customers buy a
// mug at 1h, 2h10, 3h and 5h.
const std::string kSchema = R"({
  "name": "schema-change", "horizon": "30h",
  "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
  "policies": { "middleware": { "name": "at_least_once", "dead_letter": "auto", "redrive_after": "30m" } },
  "nodes": [
    { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 20 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m" } },
    { "id": "web", "kind": "storefront" },
    { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
  ],
  "links": [
    { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s",
      "schema": { "switch_at": "2h", "accepts_at": "4h" } },
    { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
  ],
  "demand": { "web": { "nodes": "web",
    "trace": [ { "at": "1h", "sku": "MUG" }, { "at": "2h10m", "sku": "MUG" },
               { "at": "3h", "sku": "MUG" }, { "at": "5h", "sku": "MUG" } ] } }
})";

}  // namespace

TEST_CASE("Dead letters: a schema change dead-letters until the mapping's release, re-driven every redrive_after",
          "[models][dead_letters]") {
  const peaksim::RetailRun r = run(kSchema);
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  const analysis::OutageMetrics& m = r.metrics.outages;
  CHECK(m.present);
  // Sent at 2h10 and 3h on the new schema, arriving before 4h: rejected. Re-driven every
  // 30 minutes: the first at 2h40, 3h10, 3h40 (still rejected), 4h10; the second at 3h30,
  // 4h00m01. 2 h and 1 h dead-lettered.
  CHECK(m.dead_lettered == 2);
  CHECK(m.redriven == 2);
  CHECK(web.lines_dead_lettered == 2);
  CHECK(m.dead_letter_time.max() == Approx(7200.0));
  CHECK(m.dead_letter_time.min() == Approx(3600.0));
  CHECK(web.release_latency.max() == Approx(7201.0));
  CHECK(web.lines_fulfilled == 4);
  CHECK(m.dead_at_end == 0);
  CHECK(r.metrics.messages_lost == 0);
}

TEST_CASE("Dead letters: without a dead-letter queue a rejected message is lost", "[models][dead_letters]") {
  const peaksim::RetailRun r = run(kSchema, {"/policies/middleware/dead_letter=\"none\""});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(r.metrics.outages.dead_lettered == 0);
  CHECK(r.metrics.messages_lost == 2);
  CHECK(web.lines_lost == 2);
  CHECK(web.lines_fulfilled == 2);
}

TEST_CASE("Dead letters: the exception team re-drives by hand, one case at a time", "[models][dead_letters]") {
  const peaksim::RetailRun r = run(kSchema, {"/policies/middleware/dead_letter=\"manual\"",
                                             "/policies/middleware/exception_staff=1",
                                             "/policies/middleware/handling_time=\"20m\""});
  const analysis::OutageMetrics& m = r.metrics.outages;
  CHECK(m.redriven == 2);
  CHECK(m.dead_letter_time.min() == Approx(1200.0));  // each fixed by hand in 20 minutes, the team idle between
  CHECK(m.dead_letter_time.max() == Approx(1200.0));
  CHECK(r.metrics.channels.at(0).release_latency.max() == Approx(1201.0));
  // Off shift until 12:00, the team takes both at noon, one after the other.
  const peaksim::RetailRun shifted = run(kSchema, {"/policies/middleware/dead_letter=\"manual\"",
                                                   "/policies/middleware/exception_staff=1",
                                                   "/policies/middleware/handling_time=\"20m\"",
                                                   "/policies/middleware/exception_hours={\"mon-sun\": \"12:00-20:00\"}"});
  const analysis::OutageMetrics& s = shifted.metrics.outages;
  CHECK(s.dead_letter_time.max() == Approx(12 * 3600.0 + 1200.0 - (2 * 3600.0 + 10 * 60.0 + 1.0)));  // 2h10m01 to 12h20
  CHECK(s.dead_letter_time.min() == Approx(12 * 3600.0 + 2400.0 - (3 * 3600.0 + 1.0)));             // 3h00m01 to 12h40
}

TEST_CASE("Dead letters: a mapping never released keeps them dead-lettered, still accounted for",
          "[models][dead_letters]") {
  const peaksim::RetailRun r = run(kSchema, {"/links/0/schema={\"switch_at\": \"2h\"}"});
  CHECK(r.metrics.outages.dead_lettered == 3);  // 2h10, 3h and 5h
  CHECK(r.metrics.outages.redriven == 0);
  CHECK(r.metrics.outages.dead_at_end == 3);
  CHECK(r.metrics.channels.at(0).lines_fulfilled == 1);
}

TEST_CASE("Dead letters: retries run out, the message goes to the dead-letter queue instead of being lost",
          "[models][dead_letters]") {
  const peaksim::RetailRun r = run(kSchema, {"/links/0/schema=null", "/links/0/faults={\"loss\": 1}",
                                             "/policies/middleware/max_retries=0"});
  const analysis::OutageMetrics& m = r.metrics.outages;
  CHECK(m.dead_lettered == 4);
  CHECK(m.redriven == 4);
  CHECK(m.dead_letter_time.mean() == Approx(1800.0));
  CHECK(r.metrics.channels.at(0).release_latency.mean() == Approx(1801.0));  // 1 s to the queue, 30 minutes in it
  CHECK(r.metrics.messages_lost == 0);
}

TEST_CASE("Dead letters: the exception team under Poisson rejections and exponential handling is M/M/c",
          "[models][dead_letters]") {
  // Every order line to the OMS is malformed: Poisson rejections at 12 an hour; 3 people
  // each fixing one in an exponential 10 minutes (6 an hour): offered load 2, utilisation 2/3.
  const std::string text = R"({
    "name": "mmc", "horizon": "4000h", "warmup": "50h", "seed": 11,
    "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
    "policies": { "middleware": { "name": "at_least_once", "dead_letter": "manual", "exception_staff": 3,
                                  "handling_time": { "exponential": { "mean": "10m" } } } },
    "nodes": [
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 100000000 },
        "params": { "shift_start": "00:00", "shift_end": "00:00", "pickers": 1000, "pick_time": "1s", "pack_time": "1s" } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
    ],
    "links": [
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s", "faults": { "malformed": 1 } },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": { "web": { "nodes": "web", "orders_per_hour": 12, "basket": { "mean": 1, "max": 1 } } }
  })";
  const peaksim::RetailRun r = run(text);
  const analysis::OutageMetrics& m = r.metrics.outages;
  const double mu = 6.0;
  const double lambda = static_cast<double>(m.redriven) / r.metrics.measured_hours;  // as drawn: 12 an hour
  CHECK(lambda == Approx(12.0).epsilon(0.02));
  const double w_hours = mmc_time_in_system(lambda, mu, 3);
  INFO("dead letters " << m.redriven << ", mean time " << m.dead_letter_time.mean() << " s, Erlang C " << w_hours * 3600
                       << " s, utilisation " << m.utilisation << ", depth " << m.depth_mean);
  REQUIRE(m.redriven > 40000);
  CHECK(m.dead_letter_time.mean() == Approx(w_hours * 3600.0).epsilon(0.04));
  CHECK(m.utilisation == Approx(lambda / (3 * mu)).epsilon(0.02));
  CHECK(m.depth_mean == Approx(lambda * m.dead_letter_time.mean() / 3600.0).epsilon(0.02));  // Little's law
}

TEST_CASE("Dead letters: a schema change's mapping cannot come before the switch", "[models][dead_letters]") {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(
      kSchema, "dead.json", {"/links/0/schema={\"switch_at\": \"4h\", \"accepts_at\": \"2h\"}"});
  CHECK_FALSE(loaded.ok());
  CHECK_THAT(loaded.diags.format("dead.json"),
             Catch::Contains("/links/0/schema/accepts_at") && Catch::Contains("at or after switch_at (4h)"));
}
