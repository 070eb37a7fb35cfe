// Sourcing policies called directly on hand-made candidates. Each policy has a
// case that `nearest` would get wrong, so swapping one policy for another fails
// a test; sla_risk's risks are checked against the formula worked by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "models/registry.h"
#include "models/retail/sourcing.h"
#include "tests/models/policy_params.h"

namespace mr = models::retail;
namespace scn = models::scenario;

namespace {

using Slots = std::vector<std::size_t>;

// Units shown per (slot, SKU); anything not listed shows 0.
using Stock = std::map<std::pair<std::size_t, std::uint32_t>, std::int64_t>;

// Parameters as a scenario would give them: the registry's table, defaults filled in.
scn::ParamValues params_of(const std::string& name, const nlohmann::json& given) {
  return policy_params(models::Lever::Sourcing, name, given);
}

std::unique_ptr<mr::SourcingPolicy> make(const std::string& name, const nlohmann::json& given = nullptr) {
  return mr::make_sourcing_policy(name, params_of(name, given));
}

mr::SourcingRequest request(std::vector<mr::SourcingLine> lines, std::uint16_t customer_region, Stock stock,
                            double hours_to_promise = 48.0) {
  mr::SourcingRequest r;
  r.lines = std::move(lines);
  r.customer_region = customer_region;
  r.hours_to_promise = hours_to_promise;
  r.available = [stock = std::move(stock)](std::size_t slot, std::uint32_t sku) {
    const auto it = stock.find({slot, sku});
    return it == stock.end() ? std::int64_t{0} : it->second;
  };
  return r;
}

mr::SourcingCandidate node(std::size_t slot, std::uint16_t region, bool is_store, double distance) {
  mr::SourcingCandidate c;
  c.slot = slot;
  c.region = region;
  c.is_store = is_store;
  c.distance = distance;
  return c;
}

double component(const mr::SourcingDecision& decision, const std::string& name) {
  for (const auto& [part, value] : decision.components) {
    if (part == name) {
      return value;
    }
  }
  FAIL("no component \"" << name << "\"");
  return 0.0;
}

std::vector<std::string> component_names(const mr::SourcingDecision& decision) {
  std::vector<std::string> names;
  for (const auto& part : decision.components) {
    names.emplace_back(part.first);
  }
  return names;
}

constexpr bool kStore = true;
constexpr bool kDc = false;

}  // namespace

TEST_CASE("make_sourcing_policy: every registered sourcing name makes the policy of that name", "[models][sourcing]") {
  for (const std::string& name : models::policy_names(models::Lever::Sourcing)) {
    INFO("policy " << name);
    CHECK(std::string(make(name)->name()) == name);
  }
}

TEST_CASE("make_sourcing_policy: an unknown name is refused with the closest known one", "[models][sourcing]") {
  const scn::ParamValues none = params_of("nearest", nullptr);
  CHECK_THROWS_AS(mr::make_sourcing_policy("neerest", none), std::invalid_argument);
  CHECK_THROWS_WITH(mr::make_sourcing_policy("neerest", none),
                    Catch::Contains("\"neerest\"") && Catch::Contains("did you mean \"nearest\""));
}

TEST_CASE("nearest: a node in the customer's region wins over one showing more units elsewhere",
          "[models][sourcing]") {
  const auto policy = make("nearest");
  const auto r = request({{7, 1}}, 3, {{{0, 7}, 90}, {{1, 7}, 2}});
  const mr::SourcingDecision d = policy->choose(r, {node(0, 1, kDc, 6.0), node(1, 3, kStore, 0.0)});
  CHECK(d.slot_of_line == Slots{1});
  CHECK(d.score == 0.0);
  CHECK(component_names(d) == std::vector<std::string>{"distance_hours"});
}

TEST_CASE("nearest: among equally near nodes the most units win, and equal units go to the lower slot",
          "[models][sourcing]") {
  const auto policy = make("nearest");
  SECTION("most units") {
    const auto r = request({{7, 1}}, 3, {{{0, 7}, 4}, {{1, 7}, 9}});
    CHECK(policy->choose(r, {node(0, 3, kStore, 0.0), node(1, 3, kStore, 0.0)}).slot_of_line == Slots{1});
  }
  SECTION("a tie on units, whatever the candidates' order") {
    const auto r = request({{7, 1}}, 3, {{{4, 7}, 5}, {{2, 7}, 5}});
    CHECK(policy->choose(r, {node(4, 3, kStore, 0.0), node(2, 3, kStore, 0.0)}).slot_of_line == Slots{2});
  }
  SECTION("region 0 is in no one's region") {
    const auto r = request({{7, 1}}, 0, {{{0, 7}, 4}, {{1, 7}, 9}});
    CHECK(policy->choose(r, {node(0, 0, kStore, 0.0), node(1, 2, kStore, 5.0)}).slot_of_line == Slots{1});
  }
}

TEST_CASE("nearest: each line on its own; a line no node covers gets kNoNode", "[models][sourcing]") {
  const auto policy = make("nearest");
  const auto r = request({{1, 2}, {2, 1}, {3, 5}}, 1, {{{0, 1}, 2}, {{1, 1}, 8}, {{1, 2}, 1}, {{0, 3}, 4}});
  const mr::SourcingDecision d = policy->choose(r, {node(0, 1, kStore, 0.0), node(1, 2, kDc, 3.0)});
  CHECK(d.slot_of_line == Slots{0, 1, mr::kNoNode});
  CHECK(component(d, "distance_hours") == 3.0);
}

TEST_CASE("nearest: two lines of one SKU do not both count on the same units", "[models][sourcing]") {
  // As the OMS commits line by line: slot 0 shows 3, enough for one line of 2.
  const auto policy = make("nearest");
  const auto r = request({{5, 2}, {5, 2}}, 1, {{{0, 5}, 3}, {{1, 5}, 2}});
  CHECK(policy->choose(r, {node(0, 1, kStore, 0.0), node(1, 2, kDc, 4.0)}).slot_of_line == Slots{0, 1});
}

TEST_CASE("dc_first: a far distribution centre wins over a near store; a store only when no DC covers",
          "[models][sourcing]") {
  const auto policy = make("dc_first");
  const std::vector<mr::SourcingCandidate> nodes = {node(0, 1, kStore, 0.0), node(1, 4, kDc, 9.0)};
  const auto r = request({{1, 1}, {2, 1}}, 1, {{{0, 1}, 5}, {{1, 1}, 5}, {{0, 2}, 5}});
  const mr::SourcingDecision d = policy->choose(r, nodes);
  CHECK(d.slot_of_line == Slots{1, 0});
  CHECK(make("nearest")->choose(r, nodes).slot_of_line == Slots{0, 0});
  CHECK(d.score == 9.0);
}

TEST_CASE("store_first: a far store wins over a near distribution centre", "[models][sourcing]") {
  const auto policy = make("store_first");
  const std::vector<mr::SourcingCandidate> nodes = {node(0, 1, kDc, 0.0), node(1, 2, kStore, 5.0),
                                                    node(2, 1, kStore, 0.0)};
  SECTION("within stores, the nearest rule still holds") {
    const auto r = request({{1, 1}}, 1, {{{0, 1}, 50}, {{1, 1}, 50}, {{2, 1}, 3}});
    CHECK(policy->choose(r, nodes).slot_of_line == Slots{2});
  }
  SECTION("a far store over the near DC") {
    const auto r = request({{1, 1}}, 1, {{{0, 1}, 50}, {{1, 1}, 50}});
    CHECK(policy->choose(r, nodes).slot_of_line == Slots{1});
    CHECK(make("nearest")->choose(r, nodes).slot_of_line == Slots{0});
  }
}

TEST_CASE("min_split: one node covering every line wins over nearer nodes that each cover one",
          "[models][sourcing]") {
  const auto policy = make("min_split");
  const std::vector<mr::SourcingCandidate> nodes = {node(0, 1, kStore, 0.0), node(1, 1, kStore, 0.0),
                                                    node(2, 5, kDc, 10.0)};
  const auto r = request({{1, 1}, {2, 1}}, 1, {{{0, 1}, 9}, {{1, 2}, 9}, {{2, 1}, 1}, {{2, 2}, 1}});
  const mr::SourcingDecision d = policy->choose(r, nodes);
  CHECK(d.slot_of_line == Slots{2, 2});
  CHECK(make("nearest")->choose(r, nodes).slot_of_line == Slots{0, 1});
  CHECK(d.score == 1.0);
  CHECK(component(d, "shipments") == 1.0);
  CHECK(component(d, "distance_hours") == 10.0);
}

TEST_CASE("min_split: an uncoverable line gets kNoNode and the rest still ship together", "[models][sourcing]") {
  const auto policy = make("min_split");
  const auto r = request({{1, 1}, {9, 4}, {2, 1}}, 1, {{{0, 1}, 1}, {{1, 1}, 1}, {{1, 2}, 1}, {{1, 9}, 3}});
  const mr::SourcingDecision d = policy->choose(r, {node(0, 1, kStore, 0.0), node(1, 2, kDc, 4.0)});
  CHECK(d.slot_of_line == Slots{1, mr::kNoNode, 1});
  CHECK(component(d, "shipments") == 1.0);
}

TEST_CASE("min_split: greedy ties on lines covered go to the nearer node, then the lower slot", "[models][sourcing]") {
  const auto policy = make("min_split");
  const auto r = request({{1, 1}, {2, 1}}, 1, {{{0, 1}, 1}, {{0, 2}, 1}, {{1, 1}, 1}, {{1, 2}, 1}, {{2, 1}, 1}, {{2, 2}, 1}});
  SECTION("nearer") {
    CHECK(policy->choose(r, {node(0, 3, kDc, 7.0), node(1, 2, kDc, 2.0), node(2, 4, kDc, 5.0)}).slot_of_line ==
          Slots{1, 1});
  }
  SECTION("lower slot") {
    CHECK(policy->choose(r, {node(2, 3, kDc, 2.0), node(0, 2, kDc, 2.0), node(1, 4, kDc, 5.0)}).slot_of_line ==
          Slots{0, 0});
  }
}

TEST_CASE("capacity_aware: a near node with more than max_queue waiting is skipped", "[models][sourcing]") {
  const auto policy = make("capacity_aware", {{"max_queue", 10}});
  mr::SourcingCandidate congested = node(0, 1, kStore, 0.0);
  congested.queue = 11;
  congested.picks_per_hour = 100.0;  // 0.11 h of backlog: cheap, but over the limit
  mr::SourcingCandidate far = node(1, 2, kDc, 6.0);
  far.queue = 10;
  far.picks_per_hour = 20.0;
  const std::vector<mr::SourcingCandidate> nodes = {congested, far};
  const auto r = request({{1, 1}}, 1, {{{0, 1}, 5}, {{1, 1}, 5}});
  const mr::SourcingDecision d = policy->choose(r, nodes);
  CHECK(d.slot_of_line == Slots{1});
  CHECK(make("nearest")->choose(r, nodes).slot_of_line == Slots{0});
  CHECK(component(d, "backlog_hours") == 0.5);
  CHECK(component(d, "distance_hours") == 6.0);
  CHECK(d.score == 6.5);
}

TEST_CASE("capacity_aware: backlog hours are added to distance among nodes under max_queue", "[models][sourcing]") {
  const auto policy = make("capacity_aware");  // max_queue 50 by default
  mr::SourcingCandidate busy = node(0, 1, kStore, 1.0);
  busy.queue = 40;
  busy.picks_per_hour = 10.0;  // 4 h + 1 h
  mr::SourcingCandidate idle = node(1, 2, kStore, 3.0);
  idle.queue = 40;  // pick rate unknown: no backlog counted, 0 h + 3 h
  const auto r = request({{1, 1}}, 1, {{{0, 1}, 5}, {{1, 1}, 5}});
  const mr::SourcingDecision d = policy->choose(r, {busy, idle});
  CHECK(d.slot_of_line == Slots{1});
  CHECK(component(d, "backlog_hours") == 0.0);
  CHECK(d.score == 3.0);
}

TEST_CASE("capacity_aware: with every covering node over max_queue, the least backlogged ships",
          "[models][sourcing]") {
  const auto policy = make("capacity_aware", {{"max_queue", 5}});
  mr::SourcingCandidate near = node(0, 1, kStore, 0.0);
  near.queue = 60;
  near.picks_per_hour = 10.0;  // 6 h
  mr::SourcingCandidate far = node(1, 2, kDc, 8.0);
  far.queue = 40;
  far.picks_per_hour = 10.0;  // 4 h: least backlogged, though 12 h in all against 6 h
  mr::SourcingCandidate empty = node(2, 1, kStore, 0.0);  // under max_queue, but shows no units
  const auto r = request({{1, 1}}, 1, {{{0, 1}, 5}, {{1, 1}, 5}});
  const mr::SourcingDecision d = policy->choose(r, {near, far, empty});
  CHECK(d.slot_of_line == Slots{1});
  CHECK(component(d, "backlog_hours") == 4.0);
}

TEST_CASE("cost: a dear tariff within the region sends the line to another region", "[models][sourcing]") {
  const auto policy = make("cost", {{"store_handling_cost", 0.0},
                                    {"warehouse_handling_cost", 1.0},
                                    {"shipping_within_region", 9.0},
                                    {"shipping_across_regions", 4.0}});
  const std::vector<mr::SourcingCandidate> nodes = {node(0, 1, kDc, 0.0), node(1, 2, kDc, 6.0)};
  const auto r = request({{1, 1}}, 1, {{{0, 1}, 5}, {{1, 1}, 5}});
  const mr::SourcingDecision d = policy->choose(r, nodes);
  CHECK(d.slot_of_line == Slots{1});
  CHECK(make("nearest")->choose(r, nodes).slot_of_line == Slots{0});
  CHECK(component(d, "shipping") == 4.0);
  CHECK(component(d, "handling") == 1.0);
  CHECK(d.score == 5.0);
}

TEST_CASE("cost: handling per node kind; a customer with no region pays the across-regions tariff",
          "[models][sourcing]") {
  const auto r = request({{1, 1}}, 1, {{{0, 1}, 5}, {{1, 1}, 5}});
  const mr::SourcingCandidate store = node(0, 1, kStore, 0.0);
  const mr::SourcingCandidate dc = node(1, 2, kDc, 24.0);
  SECTION("the defaults: 4 + 2.5 at the store in the region, 7 + 0 at the DC across: the store") {
    const mr::SourcingDecision d = make("cost")->choose(r, {store, dc});
    CHECK(d.slot_of_line == Slots{0});
    CHECK(component(d, "shipping") == 4.0);
    CHECK(component(d, "handling") == 2.5);
  }
  SECTION("a store's handling at 4 tips it to the DC (4 + 4 against 7 + 0)") {
    const mr::SourcingDecision d = make("cost", {{"store_handling_cost", 4.0}})->choose(r, {store, dc});
    CHECK(d.slot_of_line == Slots{1});
    CHECK(component(d, "handling") == 0.0);
  }
  SECTION("no customer region: both pay shipping_across_regions, handling decides") {
    const auto anywhere = request({{1, 1}}, 0, {{{0, 1}, 5}, {{1, 1}, 5}});
    const mr::SourcingDecision d = make("cost", {{"warehouse_handling_cost", 1.0}})->choose(anywhere, {store, dc});
    CHECK(d.slot_of_line == Slots{1});
    CHECK(component(d, "shipping") == 7.0);
  }
}

TEST_CASE("sla_risk: a near node whose backlog misses the cutoff and the promise is re-sourced",
          "[models][sourcing]") {
  const auto policy = make("sla_risk", {{"threshold", 0.3}});
  mr::SourcingCandidate near = node(0, 1, kStore, 0.0);
  near.queue = 50;
  near.picks_per_hour = 10.0;  // 5 h of backlog, past the cutoff in 4 h: 5 + 24 = 29 h against 24 h
  near.hours_to_cutoff = 4.0;
  mr::SourcingCandidate far = node(1, 2, kDc, 6.0);
  far.picks_per_hour = 100.0;
  far.hours_to_cutoff = 4.0;  // 0 h of backlog, 6 h in transit
  const std::vector<mr::SourcingCandidate> nodes = {near, far};
  const auto r = request({{1, 1}}, 1, {{{0, 1}, 5}, {{1, 1}, 5}}, 24.0);

  SECTION("re-sourced, and the components are the far node's") {
    const mr::SourcingDecision d = policy->choose(r, nodes);
    CHECK(d.slot_of_line == Slots{1});
    CHECK(make("nearest")->choose(r, nodes).slot_of_line == Slots{0});
    CHECK(component_names(d) ==
          std::vector<std::string>{"backlog_hours", "cutoff_wait_hours", "distance_hours", "hours_to_promise", "risk"});
    CHECK(component(d, "backlog_hours") == 0.0);
    CHECK(component(d, "cutoff_wait_hours") == 0.0);
    CHECK(component(d, "distance_hours") == 6.0);
    CHECK(component(d, "hours_to_promise") == 24.0);
    CHECK(d.score == Approx(1.0 / (1.0 + std::exp(18.0))));
  }
  SECTION("with threshold 1 the near node is kept, and the components show why it is risky") {
    const mr::SourcingDecision d = make("sla_risk", {{"threshold", 1.0}})->choose(r, nodes);
    CHECK(d.slot_of_line == Slots{0});
    CHECK(component(d, "backlog_hours") == 5.0);
    CHECK(component(d, "cutoff_wait_hours") == 24.0);
    CHECK(component(d, "distance_hours") == 0.0);
    CHECK(component(d, "risk") == Approx(1.0 / (1.0 + std::exp(-5.0))));
    CHECK(d.score == component(d, "risk"));
  }
}

TEST_CASE("sla_risk: a near node that makes its cutoff keeps the line", "[models][sourcing]") {
  const auto policy = make("sla_risk");  // threshold 0.3 by default
  mr::SourcingCandidate near = node(0, 1, kStore, 0.0);
  near.queue = 20;
  near.picks_per_hour = 10.0;  // 2 h, before the cutoff in 4 h
  near.hours_to_cutoff = 4.0;
  mr::SourcingCandidate far = node(1, 2, kDc, 1.0);  // idle, and less risky still: 1 h
  far.hours_to_cutoff = 4.0;
  const auto r = request({{1, 1}}, 1, {{{0, 1}, 5}, {{1, 1}, 5}}, 24.0);
  const mr::SourcingDecision d = policy->choose(r, {near, far});
  CHECK(d.slot_of_line == Slots{0});
  CHECK(component(d, "backlog_hours") == 2.0);
  CHECK(component(d, "cutoff_wait_hours") == 0.0);
  CHECK(d.score == Approx(1.0 / (1.0 + std::exp(22.0))));
  CHECK(d.score < 0.3);
}

TEST_CASE("sla_risk: the score is the riskiest line's, and its components are that line's", "[models][sourcing]") {
  const auto policy = make("sla_risk", {{"threshold", 1.0}});
  mr::SourcingCandidate slow = node(0, 1, kStore, 2.0);
  slow.queue = 30;
  slow.picks_per_hour = 10.0;
  slow.hours_to_cutoff = 8.0;  // 3 + 2 = 5 h
  mr::SourcingCandidate quick = node(1, 1, kDc, 1.0);  // 1 h
  const auto r = request({{1, 1}, {2, 1}}, 1, {{{0, 2}, 5}, {{1, 1}, 5}}, 4.0);
  const mr::SourcingDecision d = policy->choose(r, {slow, quick});
  CHECK(d.slot_of_line == Slots{1, 0});
  CHECK(component(d, "backlog_hours") == 3.0);
  CHECK(component(d, "distance_hours") == 2.0);
  CHECK(d.score == Approx(1.0 / (1.0 + std::exp(-1.0))));
}

TEST_CASE("Sourcing policies: the decision does not depend on the order of the candidates", "[models][sourcing]") {
  const std::string name = GENERATE(from_range(models::policy_names(models::Lever::Sourcing)));
  INFO("policy " << name);
  const auto policy = make(name);
  std::vector<mr::SourcingCandidate> nodes;
  for (std::size_t slot = 0; slot < 6; ++slot) {
    mr::SourcingCandidate c = node(slot, static_cast<std::uint16_t>(slot % 3), slot % 2 == 0, 2.0 * (slot % 3));
    c.queue = 10;
    c.picks_per_hour = 10.0;
    c.hours_to_cutoff = 2.0;
    nodes.push_back(c);
  }
  Stock stock;
  for (std::size_t slot = 0; slot < 6; ++slot) {
    for (std::uint32_t sku = 0; sku < 3; ++sku) {
      stock[{slot, sku}] = 4;  // every node shows the same: every choice is decided by a tie rule
    }
  }
  const auto r = request({{0, 1}, {1, 2}, {2, 3}}, 1, stock, 2.0);
  const mr::SourcingDecision forward = policy->choose(r, nodes);
  std::reverse(nodes.begin(), nodes.end());
  const mr::SourcingDecision backward = policy->choose(r, nodes);
  CHECK(forward.slot_of_line == backward.slot_of_line);
  CHECK(forward.score == backward.score);
}

// The nearest rule read straight from its comment, one line at a time: in the preferred
// kind first, then in the customer's region, then the most units, then the lower slot.
TEST_CASE("nearest, dc_first, store_first: the choice is the documented order on random nodes, "
          "also past 2^21 slots and 2^32 units",
          "[models][sourcing]") {
  const std::string name = GENERATE(as<std::string>{}, "nearest", "dc_first", "store_first");
  const bool huge = GENERATE(false, true);  // slots and units past the packed key's range
  const bool grouped = GENERATE(false, true);  // listed as the OMS lists them: the region's first (near_first)
  INFO("policy " << name << (huge ? ", huge slots and units" : "") << (grouped ? ", region first" : ""));
  const auto policy = make(name);
  boost::random::mt19937_64 rng(huge ? 11 : 7);
  boost::random::uniform_int_distribution<int> small(0, 4);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<mr::SourcingCandidate> nodes;
    Stock stock;
    const std::size_t count = 1 + static_cast<std::size_t>(small(rng)) * 3;
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t slot = huge ? (std::size_t{1} << 21) + 97 * i : 5 * i + static_cast<std::size_t>(small(rng));
      if (std::any_of(nodes.begin(), nodes.end(), [&](const auto& n) { return n.slot == slot; })) {
        continue;
      }
      nodes.push_back(node(slot, static_cast<std::uint16_t>(small(rng) % 3), small(rng) % 2 == 0, 0.0));
      const std::int64_t base = huge ? (std::int64_t{1} << 32) : 0;
      stock[{slot, 0}] = base + small(rng);  // ties in units are common
    }
    for (std::size_t i = nodes.size(); i > 1; --i) {  // Fisher-Yates with Boost's draw (std::shuffle's varies)
      std::swap(nodes[i - 1], nodes[boost::random::uniform_int_distribution<std::size_t>(0, i - 1)(rng)]);
    }
    const std::int64_t units = 1 + small(rng) % 2;
    const auto customer = static_cast<std::uint16_t>(small(rng) % 3);
    mr::SourcingRequest r = request({{0, units}}, customer, stock);
    if (grouped && customer != 0) {
      const auto near_end = std::stable_partition(nodes.begin(), nodes.end(),
                                                  [&](const mr::SourcingCandidate& n) { return n.region == customer; });
      r.near_first = static_cast<std::size_t>(near_end - nodes.begin());
    }
    const mr::SourcingDecision decision = policy->choose(r, nodes);

    std::size_t expected = mr::kNoNode;
    auto rank = [&](const mr::SourcingCandidate& n) {
      const bool outside = (name == "dc_first" && n.is_store) || (name == "store_first" && !n.is_store);
      const bool far = !(customer != 0 && n.region == customer);
      return std::tuple{outside, far, -stock[{n.slot, 0}], n.slot};
    };
    const mr::SourcingCandidate* best = nullptr;
    for (const mr::SourcingCandidate& n : nodes) {
      if (stock[{n.slot, 0}] >= units && (best == nullptr || rank(n) < rank(*best))) {
        best = &n;
      }
    }
    expected = best == nullptr ? mr::kNoNode : best->slot;
    REQUIRE(decision.slot_of_line == Slots{expected});
  }
}
