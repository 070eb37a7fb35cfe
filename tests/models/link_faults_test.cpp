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
