// Link outages: held messages are replayed in order when the outage ends, or
// lost when the outage says so — tested on the kernel with a LinkSender
// between two inline LPs.
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <vector>

#include "../sim/lambda_lp.h"
#include "analysis/probe_totals.h"
#include "models/retail/link_sender.h"
#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/sequential_engine.h"

namespace retail = models::retail;
using sim::Duration;

namespace {

struct Outcome {
  std::vector<std::uint64_t> received;  // payloads in arrival order
  std::vector<sim::Time> at;
  double held = 0, replayed = 0, lost = 0;
};

// A sender emits message n (payload n) every minute for an hour over a stream link
// with latency uniform 1s..20s and one outage from 10m for 15m.
Outcome run_outage(bool replay) {
  models::scenario::LinkSpec spec;
  spec.carries = "inventory";
  spec.mode = "stream";
  spec.latency.kind = models::scenario::DurationDistribution::Kind::Uniform;
  spec.latency.min = Duration::seconds(1);
  spec.latency.max = Duration::seconds(20);
  spec.faults.outages.push_back({Duration::minutes(10), Duration::minutes(15), replay});
  auto out = std::make_shared<Outcome>();
  auto sender = std::make_shared<std::optional<retail::LinkSender>>();
  sim::Network net;
  const sim::LpId a = net.add_lp(
      test::lambda_lp(
          [sender](sim::Context& ctx) {
            (*sender)->start(ctx);
            ctx.schedule_self(Duration::minutes(1), 1, sim::Payload{1});
          },
          [sender](const sim::Event& ev, sim::Context& ctx) {
            if (ev.kind == retail::kOutageEnd) {
              (*sender)->on_outage_end(ctx);
              return;
            }
            (*sender)->send(ctx, retail::kInventoryDelta, 0, ev.payload);
            if (ev.payload.bits < 60) {
              ctx.schedule_self(Duration::minutes(1), 1, sim::Payload{ev.payload.bits + 1});
            }
          }),
      "sender");
  const sim::LpId b = net.add_lp(test::lambda_lp({}, [out](const sim::Event& ev, sim::Context& ctx) {
                                   out->received.push_back(ev.payload.bits);
                                   out->at.push_back(ctx.now());
                                 }),
                                 "receiver");
  const sim::LinkId link = net.add_link(a, b, spec.latency.min_value(), "sender->receiver");
  sender->emplace(link, spec, 0, false, 1.0);
  analysis::ProbeTotals totals(net.lp_count());
  sim::EngineOptions options;
  options.end = sim::Time::zero() + Duration::hours(2);
  options.probes = &totals;
  (void)sim::SequentialEngine(options).run(net);
  out->held = totals.merged(retail::probes::kMessageHeld).sum;
  out->replayed = totals.merged(retail::probes::kMessageReplayed).sum;
  out->lost = totals.merged(retail::probes::kMessageLost).sum;
  return *out;
}

}  // namespace

TEST_CASE("Link faults: an outage with replay loses no message and delivers the held ones in order",
          "[models][faults]") {
  const Outcome o = run_outage(true);
  // Messages 10..24 are sent during [10m, 25m): held, then replayed at 25m.
  CHECK(o.held == 15);
  CHECK(o.replayed == 15);
  CHECK(o.lost == 0);
  REQUIRE(o.received.size() == 60);
  for (std::size_t i = 0; i < o.received.size(); ++i) {
    if (o.received[i] >= 10 && o.received[i] <= 25) {
      CHECK(o.at[i] >= sim::Time::zero() + Duration::minutes(25));
    }
  }
  // The held run arrives in the order it was sent, and before anything sent after it.
  std::vector<std::uint64_t> held_run(o.received.begin() + 9, o.received.begin() + 24);
  for (std::size_t i = 0; i < held_run.size(); ++i) {
    CHECK(held_run[i] == 10 + i);
  }
}

TEST_CASE("Link faults: an outage without replay loses what was sent during it", "[models][faults]") {
  const Outcome o = run_outage(false);
  CHECK(o.held == 0);
  CHECK(o.lost == 15);
  CHECK(o.received.size() == 45);
  for (const std::uint64_t n : o.received) {
    CHECK((n < 10 || n > 24));
  }
}

// ---------------------------------------------------------------------------
// Duplicate inventory deltas, end to end on the retail models.

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/scenario/loader.h"

namespace {

// A warehouse streams every stock change to the OMS over a link that delivers
// each delta twice; a web customer every 10 minutes for 6 hours, then 2 quiet
// days so every delta, pick and parcel has landed.
std::vector<analysis::Observation> duplicates_run(bool idempotent) {
  std::string trace;
  for (int minute = 10; minute <= 360; minute += 10) {
    trace += (trace.empty() ? "" : ", ") + std::string(R"({ "at": ")") + std::to_string(minute) + R"(m", "sku": "MUG" })";
  }
  const std::string text = R"({
    "name": "duplicates", "seed": 9, "horizon": "54h",
    "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
    "nodes": [
      { "id": "dc", "kind": "warehouse", "inventory": { "units_per_sku": 1000 },
        "params": { "shift_start": "00:00", "shift_end": "00:00" } },
      { "id": "web", "kind": "storefront" },
      { "id": "oms", "kind": "oms", "params": { "release_interval": "0s" } }
    ],
    "links": [
      { "from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "oms", "to": "dc", "carries": "orders", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s" },
      { "from": "dc", "to": "oms", "carries": "inventory", "mode": "stream", "latency": { "uniform": { "min": "1s", "max": "9s" } },
        "faults": { "duplicate": 1.0 } },
      { "from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
    ],
    "demand": { "web": { "nodes": "web", "trace": [ )" + trace + R"( ] } },
    "policies": { "middleware": { "name": "at_least_once", "idempotent": )" + (idempotent ? "true" : "false") + R"( } }
  })";
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "duplicates.json");
  INFO(loaded.diags.format("duplicates.json"));
  REQUIRE(loaded.ok());
  const peaksim::RetailRun run = peaksim::run_retail(loaded.scenario->baseline, 0, {});
  return analysis::observations(run.metrics, run.stats.events);
}

double value_of(const std::vector<analysis::Observation>& obs, const std::string& metric) {
  for (const auto& o : obs) {
    if (o.metric == metric && o.statistic == "mean" && o.labels.empty()) {
      return o.value;
    }
  }
  FAIL("no " << metric);
  return 0;
}

}  // namespace

TEST_CASE("Link faults: with every consumer idempotent, duplicates change no inventory", "[models][faults]") {
  const auto obs = duplicates_run(true);
  CHECK(value_of(obs, "duplicates_suppressed") == 36);  // one delta per picked line, each delivered twice
  CHECK(value_of(obs, "duplicates_applied") == 0);
  CHECK(value_of(obs, "inventory_drift") == 0);
}

TEST_CASE("Link faults: with no consumer idempotent, drift equals the duplicates' deltas exactly", "[models][faults]") {
  const auto obs = duplicates_run(false);
  CHECK(value_of(obs, "duplicates_applied") == 36);
  CHECK(value_of(obs, "duplicates_suppressed") == 0);
  // Each applied duplicate is a -1 taken off the OMS's view a second time.
  CHECK(value_of(obs, "inventory_drift") == -36);
}
