#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lambda_lp.h"
#include "sim/parallel_engine.h"
#include "sim/sequential_engine.h"

using sim::Duration;

namespace {

// Runs `build`'s network on the sequential engine, then the parallel one, and
// returns both error messages (empty when the run succeeded).
template <class Build>
std::vector<std::string> run_both(Build build) {
  std::vector<std::string> messages;
  for (int engine = 0; engine < 2; ++engine) {
    sim::Network net = build();
    sim::EngineOptions options;
    options.end = sim::Time::zero() + Duration::hours(1);
    options.threads = 2;
    try {
      if (engine == 0) {
        (void)sim::SequentialEngine(options).run(net);
      } else {
        (void)sim::ParallelEngine(options).run(net);
      }
      messages.emplace_back();
    } catch (const sim::ModelError& e) {
      messages.emplace_back(e.what());
    }
  }
  return messages;
}

}  // namespace

TEST_CASE("Context: send refuses a delivery earlier than the link's minimum latency", "[sim][context]") {
  auto build = [] {
    sim::Network net;
    const sim::LpId a = net.add_lp(test::lambda_lp([](sim::Context& ctx) { ctx.schedule_self(Duration::seconds(3), 1); },
                                                   [](const sim::Event&, sim::Context& ctx) {
                                                     ctx.send(0, Duration::millis(500), 2);
                                                   }),
                                   "store-001");
    const sim::LpId b = net.add_lp(test::lambda_lp({}), "erp");
    net.add_link(a, b, Duration::seconds(1), "store-001->erp");
    return net;
  };
  const auto messages = run_both(build);
  for (const std::string& msg : messages) {
    CHECK_THAT(msg, Catch::Contains("send on link \"store-001->erp\" with delay 500ms, below its minimum latency 1s"));
    CHECK_THAT(msg, Catch::Contains("LP \"store-001\" (#0)"));
    CHECK_THAT(msg, Catch::Contains("t=00:00:03.000"));
    CHECK_THAT(msg, Catch::Contains("event #1 of this LP"));
  }
  CHECK(messages[0] == messages[1]);
}

TEST_CASE("Context: an LP may not send on a link that leaves another LP", "[sim][context]") {
  auto build = [] {
    sim::Network net;
    const sim::LpId a = net.add_lp(test::lambda_lp({}), "a");
    const sim::LpId b = net.add_lp(test::lambda_lp([](sim::Context& ctx) { ctx.send(0, Duration::seconds(1), 1); }), "b");
    net.add_link(a, b, Duration::seconds(1), "a->b");
    return net;
  };
  for (const std::string& msg : run_both(build)) {
    CHECK_THAT(msg, Catch::Contains("send on link \"a->b\", which does not leave this LP"));
    CHECK_THAT(msg, Catch::Contains("on_start"));
  }
}

TEST_CASE("Context: schedule_self refuses the past; zero delay is allowed", "[sim][context]") {
  int handled = 0;
  auto build = [&] {
    sim::Network net;
    net.add_lp(test::lambda_lp([](sim::Context& ctx) { ctx.schedule_self(Duration::zero(), 1); },
                               [&](const sim::Event& ev, sim::Context& ctx) {
                                 ++handled;
                                 if (ev.kind == 1) {
                                   ctx.schedule_self(Duration::micros(-1), 2);
                                 }
                               }),
               "lp");
    return net;
  };
  for (const std::string& msg : run_both(build)) {
    CHECK_THAT(msg, Catch::Contains("schedule_self with a negative delay (-1us)"));
  }
  CHECK(handled == 2);  // the zero-delay event ran once per engine
}

TEST_CASE("Context: send_mesh needs a mesh and respects its latency", "[sim][context]") {
  auto build = [](bool with_mesh) {
    return [with_mesh] {
      sim::Network net;
      net.add_lp(test::lambda_lp([](sim::Context& ctx) { ctx.send_mesh(1, Duration::millis(5), 1); }), "a");
      net.add_lp(test::lambda_lp({}), "b");
      if (with_mesh) {
        net.set_mesh(Duration::millis(10));
      }
      return net;
    };
  };
  for (const std::string& msg : run_both(build(false))) {
    CHECK_THAT(msg, Catch::Contains("send_mesh on a network without a mesh"));
  }
  for (const std::string& msg : run_both(build(true))) {
    CHECK_THAT(msg, Catch::Contains("below the mesh latency 10ms"));
  }
}

TEST_CASE("Context: events carry time, origin, target, kind and payload as sent", "[sim][context]") {
  std::vector<sim::Event> received;
  sim::Network net;
  const sim::LpId a = net.add_lp(test::lambda_lp([](sim::Context& ctx) {
                                   ctx.send(0, Duration::seconds(2), 7, sim::Payload::of_double(2.5), 3);
                                   ctx.send(0, Duration::seconds(2), 8, sim::Payload::of_pair(1, 2));
                                 }),
                                 "a");
  const sim::LpId b =
      net.add_lp(test::lambda_lp({}, [&](const sim::Event& ev, sim::Context& ctx) {
                   received.push_back(ev);
                   CHECK(ctx.now() == ev.when());
                   CHECK(ctx.self() == 1);
                 }),
                 "b");
  net.add_link(a, b, Duration::seconds(1));
  const sim::RunStats stats = sim::SequentialEngine(sim::EngineOptions{}).run(net);
  REQUIRE(received.size() == 2);
  CHECK(stats.events == 2);
  CHECK(received[0].when() == sim::Time::zero() + Duration::seconds(2));
  CHECK(received[0].key.origin == a);
  CHECK(received[0].key.origin_seq == 0);
  CHECK(received[0].kind == 7);
  CHECK(received[0].port == 3);
  CHECK(received[0].payload.as_double() == 2.5);
  CHECK(received[1].key.origin_seq == 1);
  CHECK(received[1].payload.hi() == 1);
  CHECK(received[1].payload.lo() == 2);
}
