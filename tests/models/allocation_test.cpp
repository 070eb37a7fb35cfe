// Available to sell and the allocation lever, by known answers: ats.h's
// clamping per node, ring_fence()'s arithmetic (fixed, shares, minimums,
// largest remainder, a short pool), and in a run of one store and two channels
// (the worked example of scenarios/README.md, "Allocation"): the web never
// promises a unit the marketplace owns, and fallback_to_shared decides what an
// exhausted channel shows. The store has no pickers, so nothing ships during the
// run and the pool stays at 10 units: the figures are the example's, exactly.
#include <catch2/catch.hpp>

#include <vector>

#include "cli/retail_run.h"
#include "models/retail/ats.h"
#include "models/retail/levers/options.h"
#include "models/scenario/loader.h"
#include "tests/models/policy_params.h"

namespace mr = models::retail;
namespace scn = models::scenario;

namespace {

std::vector<std::int64_t> fence(std::int64_t pool, const std::vector<mr::ChannelFence>& fences, mr::Leftover leftover,
                                std::int64_t& shared) {
  std::vector<std::int64_t> owned(fences.size(), -1);
  shared = mr::ring_fence(pool, fences, leftover, owned);
  return owned;
}

mr::ChannelFence share(double s, std::int64_t fixed = 0, std::int64_t min = 0, bool fallback = true) {
  return mr::ChannelFence{fixed, min, std::llround(s * 1e6), fallback};
}

// One store with 10 units and no pickers, a storefront (web) and a marketplace
// (mkt), every link streaming. `web_at` / `mkt_at`: minutes at which a customer
// of each channel asks for one unit (none: one customer at 100 minutes, after
// the figures a test checks are settled).
std::string two_channels(const std::string& allocation, const std::vector<int>& web_at, const std::vector<int>& mkt_at) {
  auto trace = [](std::vector<int> minutes) {
    if (minutes.empty()) {
      minutes.push_back(100);
    }
    std::string out;
    for (const int m : minutes) {
      out += std::string(out.empty() ? "" : ", ") + R"({"at": ")" + std::to_string(m) + R"(m", "sku": "MUG"})";
    }
    return "[" + out + "]";
  };
  return R"({
    "name": "allocation-two-channels", "horizon": "2h", "replications": 1,
    "catalog": {"items": [{"id": "MUG", "price": 10}]},
    "nodes": [
      {"id": "store-1", "kind": "store", "params": {"pickers": 0}, "inventory": {"skus": {"MUG": 10}}},
      {"id": "web", "kind": "storefront"}, {"id": "mkt", "kind": "marketplace"}, {"id": "oms", "kind": "oms"}],
    "links": [
      {"from": "store-1", "to": "oms", "carries": "inventory", "mode": "stream", "latency": "1s"},
      {"from": "oms", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s"},
      {"from": "oms", "to": "mkt", "carries": "availability", "mode": "stream", "latency": "1s"},
      {"from": "web", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s"},
      {"from": "mkt", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s"},
      {"from": "oms", "to": "store-1", "carries": "orders", "mode": "stream", "latency": "1s"},
      {"from": "store-1", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "1s"}],
    "demand": {"web": {"nodes": "web", "trace": )" +
         trace(web_at) + R"(}, "marketplace": {"nodes": "mkt", "trace": )" + trace(mkt_at) + R"(}},
    "policies": {"reservation": {"name": "local"}, "allocation": )" +
         allocation + "}}";
}

// The README's example: web share 0.6; marketplace fixed 2 and share 0.2.
std::string example(bool web_fallback, bool mkt_fallback) {
  return std::string(R"({"name": "ring_fenced", "channels": {"web": {"share": 0.6, "fallback_to_shared": )") +
         (web_fallback ? "true" : "false") +
         R"(}, "marketplace": {"fixed": 2, "share": 0.2, "fallback_to_shared": )" + (mkt_fallback ? "true" : "false") +
         "}}}";
}

struct Promised {
  std::uint64_t web = 0;
  std::uint64_t mkt = 0;
};

Promised run(const std::string& text) {
  const scn::LoadResult r = scn::load_scenario_text(text, "allocation-two-channels.json");
  INFO(r.diags.format("allocation-two-channels.json"));
  REQUIRE(r.ok());
  const peaksim::RetailRun result = peaksim::run_retail(r.scenario->baseline, 0, {});
  Promised out;
  for (const auto& c : result.metrics.channels) {
    CHECK(c.oversells == 0);
    (c.name == "web" ? out.web : out.mkt) = c.lines_promised;
  }
  return out;
}

std::vector<int> minutes(int from, int count) {
  std::vector<int> out;
  for (int m = 0; m < count; ++m) {
    out.push_back(from + m);
  }
  return out;
}

}  // namespace

TEST_CASE("ATS: each node is clamped at 0 before the network sums, so one node's shortfall hides no stock",
          "[models][allocation]") {
  CHECK(mr::ats::node({.on_hand = 7, .hard_reserved = 1, .soft_reserved = 1, .committed = 2, .safety = 1}) == 2);
  const std::int64_t short_node = mr::ats::node({.on_hand = 1, .committed = 4});  // 3 units committed it lacks
  const std::int64_t full_node = mr::ats::node({.on_hand = 5, .safety = 1});
  CHECK(short_node == 0);
  CHECK(full_node == 4);
  CHECK(mr::ats::network(short_node + full_node, 0) == 4);  // not (1 − 4) + 4 = 1
  CHECK(mr::ats::network(4, 1, 1) == 2);                    // network reservations and safety come off the sum
  CHECK(mr::ats::network(4, 3, 2) == 0);                    // and the sum is clamped too
}

TEST_CASE("Ring fence: fixed units first, then max(min, floor(share x rest)); the rest stays shared",
          "[models][allocation]") {
  std::int64_t shared = 0;
  // The README's example: 10 units; web 0.6; marketplace fixed 2 and 0.2. rest = 8:
  // web floor(4.8) = 4, marketplace 2 + floor(1.6) = 3, shared 3.
  CHECK(fence(10, {share(0.6), share(0.2, 2)}, mr::Leftover::Shared, shared) == std::vector<std::int64_t>{4, 3});
  CHECK(shared == 3);
  // Largest remainder: floor(0.8 x 8) = 6 units belong to the shares, 5 were given;
  // the sixth goes to the larger fraction (web's .8 against .6).
  CHECK(fence(10, {share(0.6), share(0.2, 2)}, mr::Leftover::LargestRemainder, shared) ==
        std::vector<std::int64_t>{5, 3});
  CHECK(shared == 2);
  // Shares summing to 1 leave nothing shared: 7 x (.5, .3, .2) = 3.5, 2.1, 1.4 -> 4, 2, 1.
  CHECK(fence(7, {share(0.5), share(0.3), share(0.2)}, mr::Leftover::LargestRemainder, shared) ==
        std::vector<std::int64_t>{4, 2, 1});
  CHECK(shared == 0);
  // Equal fractions: the lower channel index first; thirds count as a whole.
  CHECK(fence(10, {share(1.0 / 3), share(1.0 / 3), share(1.0 / 3)}, mr::Leftover::LargestRemainder, shared) ==
        std::vector<std::int64_t>{4, 3, 3});
  // A minimum lifts a small share: 5 x 0.1 = 0.5 -> floor 0, min 2.
  CHECK(fence(5, {share(0.1, 0, 2), share(0.5)}, mr::Leftover::Shared, shared) == std::vector<std::int64_t>{2, 2});
  CHECK(shared == 1);
}

TEST_CASE("Ring fence: a pool too short for the fixed units or the minimums scales them down in proportion",
          "[models][allocation]") {
  std::int64_t shared = -1;
  // Fixed 4 and 2 of a pool of 3: 3 x 4/6 = 2, 3 x 2/6 = 1.
  CHECK(fence(3, {share(0.5, 4), share(0.5, 2)}, mr::Leftover::Shared, shared) == std::vector<std::int64_t>{2, 1});
  CHECK(shared == 0);
  // Minimums 3 and 3 of a rest of 5: 2.5 each -> 2 each, the fifth unit to the lower index.
  CHECK(fence(5, {share(0.1, 0, 3), share(0.1, 0, 3)}, mr::Leftover::Shared, shared) ==
        std::vector<std::int64_t>{3, 2});
  CHECK(shared == 0);
  CHECK(fence(0, {share(0.5, 1), share(0.5)}, mr::Leftover::Shared, shared) == std::vector<std::int64_t>{0, 0});
}

TEST_CASE("Allocation options: what each channel is shown of one SKU", "[models][allocation]") {
  const std::vector<std::string> channels = {"web", "marketplace"};
  std::vector<std::int64_t> shown(2);
  const std::vector<std::int64_t> none = {0, 0};
  const auto pool = mr::make_allocation_shared_pool({}, channels);
  pool->split(10, none, shown);
  CHECK(shown == std::vector<std::int64_t>{10, 10});
  const auto lens = mr::make_allocation_ats_share(
      policy_params(models::Lever::Allocation, "ats_share", {{"channels", {{"marketplace", {{"share", 0.15}}}}}}),
      channels);
  lens->split(10, none, shown);
  CHECK(shown == std::vector<std::int64_t>{10, 1});  // floor(1.5); the web, not listed, sees all
  CHECK_FALSE(lens->same_figure(0, 1));
  const auto fenced = mr::make_allocation_ring_fenced(
      policy_params(models::Lever::Allocation, "ring_fenced",
                    {{"channels",
                      {{"web", {{"share", 0.6}}}, {"marketplace", {{"fixed", 2}, {"share", 0.2}, {"fallback_to_shared", false}}}}}}),
      channels);
  fenced->split(10, none, shown);
  CHECK(shown == std::vector<std::int64_t>{7, 3});  // web 4 + shared 3; marketplace its own 3
  // The web has sold 7 (its 4 and the shared 3): it shows 0, the marketplace still 3.
  fenced->split(3, std::vector<std::int64_t>{7, 0}, shown);
  CHECK(shown == std::vector<std::int64_t>{0, 3});
}

TEST_CASE("Ring-fenced allocation: the web never promises a unit the marketplace owns", "[models][allocation]") {
  // Ten web customers, one unit each, a minute apart: the web is shown 7 (its 4
  // and the shared 3) and promises 7; under one shared pool it promises all 10.
  const Promised fenced = run(two_channels(example(true, false), minutes(1, 10), {}));
  CHECK(fenced.web == 7);
  const Promised pooled = run(two_channels(R"({"name": "shared_pool"})", minutes(1, 10), {}));
  CHECK(pooled.web == 10);
  // The marketplace's customers, after the web's, still find its 3 units.
  const Promised both = run(two_channels(example(true, false), minutes(1, 10), minutes(20, 5)));
  CHECK(both.web == 7);
  CHECK(both.mkt == 3);
}

TEST_CASE("Ring-fenced allocation: fallback_to_shared decides what an exhausted channel shows", "[models][allocation]") {
  // Five marketplace customers: its own 3 units, then the shared pool (3 units) or nothing.
  CHECK(run(two_channels(example(true, false), {}, minutes(1, 5))).mkt == 3);
  CHECK(run(two_channels(example(true, true), {}, minutes(1, 5))).mkt == 5);
  // The web without fallback sells its own 4 only.
  CHECK(run(two_channels(example(false, false), minutes(1, 10), {})).web == 4);
}

TEST_CASE("Allocation: channels are checked at load, with the JSON path", "[models][allocation]") {
  auto errors = [](const std::string& allocation) {
    const scn::LoadResult r =
        scn::load_scenario_text(two_channels(allocation, {1}, {1}), "allocation-two-channels.json");
    return r.diags.format("f.json");
  };
  CHECK_THAT(errors(R"({"name": "ring_fenced", "channels": {"wbe": {"share": 0.5}}})"),
             Catch::Contains("/policies/allocation/channels/wbe: unknown demand channel \"wbe\"; did you mean \"web\"?"));
  CHECK_THAT(errors(R"({"name": "ring_fenced", "channels": {"web": {"share": 0.7}, "marketplace": {"share": 0.4}}})"),
             Catch::Contains("/policies/allocation/channels: expected ring-fenced shares summing to at most 1, found 1.1"));
  CHECK_THAT(errors(R"({"name": "ring_fenced", "channels": {"web": {"shares": 0.5}}})"),
             Catch::Contains("/policies/allocation/channels/web/shares: unknown"));
  CHECK_THAT(errors(R"({"name": "ats_share", "channels": {"web": {"share": 1.5}}})"),
             Catch::Contains("/policies/allocation/channels/web/share: expected a probability from 0 to 1, found 1.5"));
}
