// Link outages: held messages are replayed in order when the outage ends, or
// lost when the outage says so — tested on the kernel with a LinkSender
// between two inline LPs.
#include <catch2/catch.hpp>

#include <memory>
#include <cmath>
#include <limits>
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
  spec.carries = models::Traffic::Inventory;
  spec.mode = models::LinkMode::Stream;
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
            if (retail::kind_of(ev) == retail::Kind::OutageEnd) {
              (*sender)->on_outage_end(ctx);
              return;
            }
            (*sender)->send(ctx, retail::Message{retail::Kind::InventoryDelta, 0, ev.payload});
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

// ---------------------------------------------------------------------------
// Loss with retry and backoff, reordering, ordered delivery and API-gateway rate
// limits, on the kernel: a sender sends message i (payload i) at send_at[i].

namespace {

struct Stream {
  std::vector<std::uint64_t> received;  // payloads in arrival order
  std::vector<Duration> in_flight;      // per payload: arrival - send (Duration::max if never arrived)
  double retried = 0, lost = 0, reordered = 0, throttled = 0, throttle_wait = 0;
};

Stream run_stream(const models::scenario::LinkSpec& spec, retail::DeliveryPolicy delivery,
                  const std::vector<Duration>& send_at, std::uint64_t seed = 1) {
  auto out = std::make_shared<Stream>();
  out->in_flight.assign(send_at.size(), Duration::max());
  auto sender = std::make_shared<std::optional<retail::LinkSender>>();
  sim::Network net;
  const sim::LpId a = net.add_lp(test::lambda_lp(
                                     [sender, send_at](sim::Context& ctx) {
                                       (*sender)->start(ctx);
                                       for (std::size_t i = 0; i < send_at.size(); ++i) {
                                         ctx.schedule_self(send_at[i], 1, sim::Payload{i});
                                       }
                                     },
                                     [sender](const sim::Event& ev, sim::Context& ctx) {
                                       if (retail::kind_of(ev) == retail::Kind::OutageEnd) {
                                         (*sender)->on_outage_end(ctx);
                                         return;
                                       }
                                       (*sender)->send(ctx, retail::Message{retail::Kind::OrderLine, 0, ev.payload});
                                     }),
                                 "sender");
  const sim::LpId b = net.add_lp(test::lambda_lp({}, [out, send_at](const sim::Event& ev, sim::Context& ctx) {
                                   out->received.push_back(ev.payload.bits);
                                   out->in_flight[ev.payload.bits] = ctx.now() - (sim::Time::zero() + send_at[ev.payload.bits]);
                                 }),
                                 "receiver");
  const sim::LinkId link = net.add_link(a, b, spec.latency.min_value(), "sender->receiver");
  sender->emplace(link, spec, 0, false, 1.0, delivery);
  analysis::ProbeTotals totals(net.lp_count());
  sim::EngineOptions options;
  options.end = sim::Time::zero() + Duration::hours(1000);
  options.probes = &totals;
  options.seed = seed;
  (void)sim::SequentialEngine(options).run(net);
  out->retried = totals.merged(retail::probes::kMessageRetried).sum;
  out->lost = totals.merged(retail::probes::kMessageLost).sum;
  out->reordered = totals.merged(retail::probes::kMessageReordered).sum;
  out->throttled = totals.merged(retail::probes::kCallThrottled).count;
  out->throttle_wait = totals.merged(retail::probes::kCallThrottled).sum;
  return *out;
}

models::scenario::LinkSpec stream_link(Duration min, Duration max) {
  models::scenario::LinkSpec spec;
  spec.carries = models::Traffic::Orders;
  spec.mode = models::LinkMode::Stream;
  spec.latency.kind = min == max ? models::scenario::DurationDistribution::Kind::Fixed
                                 : models::scenario::DurationDistribution::Kind::Uniform;
  spec.latency.fixed = min;
  spec.latency.min = min;
  spec.latency.max = max;
  return spec;
}

std::vector<Duration> every(Duration gap, std::size_t n) {
  std::vector<Duration> at;
  for (std::size_t i = 0; i < n; ++i) {
    at.push_back(Duration::micros(gap.count_us() * static_cast<std::int64_t>(i + 1)));
  }
  return at;
}

// Messages that arrived before one sent earlier (the overtakers), as the receiver saw them.
std::size_t overtakers(const std::vector<std::uint64_t>& received) {
  std::size_t count = 0;
  std::uint64_t smallest_after = std::numeric_limits<std::uint64_t>::max();
  for (auto it = received.rbegin(); it != received.rend(); ++it) {
    count += smallest_after < *it ? 1 : 0;
    smallest_after = std::min(smallest_after, *it);
  }
  return count;
}

}  // namespace

TEST_CASE("Link faults: loss with retries loses loss^(retries+1) of the messages, after backoffs that double",
          "[models][faults]") {
  auto spec = stream_link(Duration::seconds(1), Duration::seconds(1));
  spec.faults.loss = 0.5;
  retail::DeliveryPolicy delivery;
  delivery.max_retries = 2;
  delivery.backoff = Duration::seconds(10);
  const std::size_t n = 20000;
  const Stream s = run_stream(spec, delivery, every(Duration::minutes(1), n));
  // Conservation: every message is delivered once or counted lost.
  CHECK(s.received.size() + static_cast<std::size_t>(s.lost) == n);
  // P(lost) = 0.5^3 = 0.125 (binomial sd 0.0023); retries per message 0.5 + 0.25 = 0.75 (sd ~0.006).
  CHECK(s.lost / n == Approx(0.125).margin(0.01));
  CHECK(s.retried / n == Approx(0.75).margin(0.025));
  // A delivered message took 1 s, 11 s (one retry) or 31 s (two: 10 s then 20 s) — nothing else.
  std::size_t once = 0, twice = 0;
  for (const Duration d : s.in_flight) {
    if (d == Duration::max()) {
      continue;
    }
    REQUIRE((d == Duration::seconds(1) || d == Duration::seconds(11) || d == Duration::seconds(31)));
    once += d == Duration::seconds(11) ? 1 : 0;
    twice += d == Duration::seconds(31) ? 1 : 0;
  }
  CHECK(static_cast<double>(once) / n == Approx(0.25).margin(0.015));
  CHECK(static_cast<double>(twice) / n == Approx(0.125).margin(0.01));
}

TEST_CASE("Link faults: at most once, a lost message is never retried", "[models][faults]") {
  auto spec = stream_link(Duration::seconds(1), Duration::seconds(1));
  spec.faults.loss = 0.2;
  const std::size_t n = 20000;
  const Stream s = run_stream(spec, retail::DeliveryPolicy{}, every(Duration::minutes(1), n));
  CHECK(s.retried == 0);
  CHECK(s.lost / n == Approx(0.2).margin(0.012));
  CHECK(s.received.size() + static_cast<std::size_t>(s.lost) == n);
}

TEST_CASE("Link faults: reordering overtakes messages unless the middleware keeps each link's order",
          "[models][faults]") {
  auto spec = stream_link(Duration::seconds(1), Duration::seconds(60));
  spec.faults.reorder = 0.3;
  const std::size_t n = 5000;
  const auto at = every(Duration::seconds(10), n);
  const Stream loose = run_stream(spec, retail::DeliveryPolicy{}, at);
  REQUIRE(loose.received.size() == n);
  // What the sender counted is what the receiver saw: messages that arrived after a later one.
  CHECK(loose.reordered > 0.1 * n);
  CHECK(overtakers(loose.received) == static_cast<std::size_t>(loose.reordered));

  retail::DeliveryPolicy ordered;
  ordered.ordered = true;
  const Stream in_order = run_stream(spec, ordered, at);
  REQUIRE(in_order.received.size() == n);
  CHECK(in_order.reordered == 0);
  CHECK(overtakers(in_order.received) == 0);
  // The price of order: head-of-line blocking makes the mean trip longer.
  double loose_mean = 0, ordered_mean = 0;
  for (std::size_t i = 0; i < n; ++i) {
    loose_mean += loose.in_flight[i].to_seconds() / n;
    ordered_mean += in_order.in_flight[i].to_seconds() / n;
  }
  CHECK(ordered_mean > loose_mean);
}

TEST_CASE("Link faults: an API gateway spreads a burst of calls at its rate", "[models][faults]") {
  auto spec = stream_link(Duration::seconds(1), Duration::seconds(1));
  spec.capacity_per_s = 10.0;
  const std::vector<Duration> burst(100, Duration::seconds(5));  // 100 calls at once
  SECTION("burst 1: call k waits k/10 s") {
    const Stream s = run_stream(spec, retail::DeliveryPolicy{}, burst);
    REQUIRE(s.received.size() == 100);
    for (std::size_t k = 0; k < 100; ++k) {
      CHECK(s.in_flight[k] == Duration::seconds(1) + Duration::millis(100 * static_cast<std::int64_t>(k)));
    }
    CHECK(s.throttled == 99);
    CHECK(s.throttle_wait / 99 == Approx(5.0));  // (0.1 + ... + 9.9) / 99
  }
  SECTION("burst 5: the first five pass at once") {
    spec.burst = 5;
    const Stream s = run_stream(spec, retail::DeliveryPolicy{}, burst);
    CHECK(s.throttled == 95);
    CHECK(s.in_flight[4] == Duration::seconds(1));
    CHECK(s.in_flight[99] == Duration::seconds(1) + Duration::millis(9500));
  }
}

TEST_CASE("Link faults: a rate limit under Poisson calls waits as an M/D/1 queue", "[models][faults]") {
  // Calls at rate 7/s through a 10/s gateway (burst 1): the wait before admission
  // is an M/D/1 queue's, Wq = rho / (2 mu (1 - rho)) = 0.7 / 6 = 0.1167 s.
  auto spec = stream_link(Duration::seconds(1), Duration::seconds(1));
  spec.capacity_per_s = 10.0;
  std::vector<Duration> at;
  sim::LpRandom rng(77, 0, 0);
  double t = 0;
  for (int i = 0; i < 200000; ++i) {
    t += -std::log(1.0 - rng.uniform01()) / 7.0;
    at.push_back(Duration::micros(static_cast<std::int64_t>(t * 1e6)));
  }
  const Stream s = run_stream(spec, retail::DeliveryPolicy{}, at);
  CHECK(s.throttle_wait / static_cast<double>(at.size()) == Approx(0.7 / 6.0).epsilon(0.05));
}

TEST_CASE("Link faults: a replay after an outage goes through the gateway like any call", "[models][faults]") {
  // One call a minute for an hour through a 1-call-a-second gateway; the link is down
  // from 10m for 15m. The 15 held calls are replayed at 25m, one a second, in order.
  auto spec = stream_link(Duration::seconds(1), Duration::seconds(1));
  spec.capacity_per_s = 1.0;
  spec.faults.outages.push_back({Duration::minutes(10), Duration::minutes(15), true});
  const Stream s = run_stream(spec, retail::DeliveryPolicy{}, every(Duration::minutes(1), 60));
  REQUIRE(s.received.size() == 60);
  // Messages 9..23 (sent at 10m..24m) are held; message 24 is sent at 25m itself: 16
  // calls at one instant, of which the gateway passes one and spaces the other 15.
  CHECK(s.throttled == 15);
  CHECK(overtakers(s.received) == 0);
  const auto sent = every(Duration::minutes(1), 60);
  for (std::uint64_t k = 9; k < 23; ++k) {
    const sim::Time arrived = sim::Time::zero() + sent[k] + s.in_flight[k];
    const sim::Time next = sim::Time::zero() + sent[k + 1] + s.in_flight[k + 1];
    CHECK(next - arrived == Duration::seconds(1));
    CHECK(arrived >= sim::Time::zero() + Duration::minutes(25) + Duration::seconds(1));
  }
}

// ---------------------------------------------------------------------------
// Sync links: a call's caller waits for the response (one latency draw each
// way) before its next call on the link; with a timeout it stops waiting.

namespace {

struct Calls {
  std::vector<sim::Time> at;  // arrivals, in order
  double timed_out = 0;
};

// Three messages sent at t = 0 over a link with a fixed 1 s latency.
Calls run_calls(models::LinkMode mode, std::optional<Duration> timeout) {
  models::scenario::LinkSpec spec;
  spec.carries = models::Traffic::Orders;
  spec.mode = mode;
  spec.latency.fixed = Duration::seconds(1);
  spec.timeout = timeout;
  auto out = std::make_shared<Calls>();
  auto sender = std::make_shared<std::optional<retail::LinkSender>>();
  sim::Network net;
  const sim::LpId a = net.add_lp(test::lambda_lp(
                                     [sender](sim::Context& ctx) {
                                       (*sender)->start(ctx);
                                       for (std::uint64_t n = 0; n < 3; ++n) {
                                         (*sender)->send(ctx, retail::Message{retail::Kind::OrderLine, 0, sim::Payload{n}});
                                       }
                                     },
                                     [](const sim::Event&, sim::Context&) {}),
                                 "caller");
  const sim::LpId b = net.add_lp(test::lambda_lp({}, [out](const sim::Event&, sim::Context& ctx) {
                                   out->at.push_back(ctx.now());
                                 }),
                                 "callee");
  const sim::LinkId link = net.add_link(a, b, spec.latency.min_value(), "caller->callee");
  sender->emplace(link, spec, 0, false, 1.0);
  analysis::ProbeTotals totals(net.lp_count());
  sim::EngineOptions options;
  options.end = sim::Time::zero() + Duration::hours(1);
  options.probes = &totals;
  (void)sim::SequentialEngine(options).run(net);
  out->timed_out = totals.merged(retail::probes::kCallTimedOut).sum;
  return *out;
}

sim::Time at_s(double seconds) { return sim::Time::zero() + Duration::micros(static_cast<std::int64_t>(seconds * 1e6)); }

}  // namespace

TEST_CASE("Sync links: each call waits for the one before it to come back (1 s there, 1 s back)",
          "[models][faults][sync]") {
  const Calls stream = run_calls(models::LinkMode::Stream, std::nullopt);
  CHECK(stream.at == std::vector<sim::Time>{at_s(1), at_s(1), at_s(1)});
  const Calls sync = run_calls(models::LinkMode::Sync, std::nullopt);
  CHECK(sync.at == std::vector<sim::Time>{at_s(1), at_s(3), at_s(5)});
  CHECK(sync.timed_out == 0);
}

TEST_CASE("Sync links: a caller gives up on a response after the link's timeout", "[models][faults][sync]") {
  // A 2 s round trip against a 1.5 s timeout: each call is abandoned 1.5 s after it started.
  const Calls late = run_calls(models::LinkMode::Sync, Duration::millis(1500));
  CHECK(late.at == std::vector<sim::Time>{at_s(1), at_s(2.5), at_s(4)});
  CHECK(late.timed_out == 3);
  // A response at exactly the timeout is in time.
  const Calls in_time = run_calls(models::LinkMode::Sync, Duration::seconds(2));
  CHECK(in_time.at == std::vector<sim::Time>{at_s(1), at_s(3), at_s(5)});
  CHECK(in_time.timed_out == 0);
}
