// The registry and the levers it builds: every name a scenario may use resolves
// to one typed value and one factory, and each lever option does what its name
// says when called directly (no engine). The retail behaviour each option
// produces in a run is pinned by the goldens and tests/models/retail_test.cpp.
#include <catch2/catch.hpp>

#include "models/registry.h"
#include "models/retail/levers/options.h"
#include "tests/models/policy_params.h"

namespace mr = models::retail;
namespace scn = models::scenario;

namespace {

scn::ParamValues defaults_of(models::Lever lever, const std::string& name, const nlohmann::json& given = nullptr) {
  return policy_params(lever, name, given);
}

}  // namespace

TEST_CASE("Vocabulary: every kind, traffic, mode and lever parses back from its name", "[models][registry]") {
  for (const auto kind : models::all_values<models::NodeKind>()) {
    CHECK(models::parse<models::NodeKind>(models::to_string(kind)) == kind);
  }
  for (const auto traffic : models::all_values<models::Traffic>()) {
    CHECK(models::parse<models::Traffic>(models::to_string(traffic)) == traffic);
  }
  for (const auto mode : models::all_values<models::LinkMode>()) {
    CHECK(models::parse<models::LinkMode>(models::to_string(mode)) == mode);
  }
  CHECK(models::parse<models::Lever>("sourcing") == models::Lever::Sourcing);
  CHECK_FALSE(models::parse<models::NodeKind>("wharehouse").has_value());
}

TEST_CASE("Registry: node kinds are listed in NodeKind order, each with its role, colour and LP factory",
          "[models][registry]") {
  const auto& kinds = models::node_kinds();
  REQUIRE(kinds.size() == models::kNodeKindNames.size());
  for (std::size_t idx = 0; idx < kinds.size(); ++idx) {
    INFO("kind " << kinds[idx].name);
    CHECK(static_cast<std::size_t>(kinds[idx].kind) == idx);
    CHECK(kinds[idx].name == models::to_string(kinds[idx].kind));
    CHECK(kinds[idx].make_lp != nullptr);
    CHECK(static_cast<std::size_t>(kinds[idx].role) < models::node_roles().size());
    CHECK(kinds[idx].colour.starts_with("#"));
    CHECK(&models::node_kind(kinds[idx].kind) == &kinds[idx]);
  }
  CHECK(models::node_kind(models::NodeKind::Store).holds_stock);
  CHECK_FALSE(models::node_kind(models::NodeKind::Wms).holds_stock);
  CHECK(models::node_kind(models::NodeKind::Marketplace).captures_online);
  CHECK_FALSE(models::node_kind(models::NodeKind::Store).captures_online);
}

TEST_CASE("Registry: every policy option has exactly its lever's factory, and builds with its defaults",
          "[models][registry]") {
  for (const models::PolicyOption& option : models::policy_options()) {
    INFO(models::to_string(option.lever) << " " << option.name);
    const auto& make = option.make;
    const int set = (make.reservation != nullptr) + (make.batching != nullptr) + (make.sourcing != nullptr) +
                    (make.middleware != nullptr) + (make.allocation != nullptr);
    CHECK(set == 1);
    const scn::ParamValues params = defaults_of(option.lever, option.name);
    switch (option.lever) {
      case models::Lever::Reservation: CHECK((make.reservation && make.reservation(params) != nullptr)); break;
      case models::Lever::Batching: CHECK((make.batching && make.batching(params) != nullptr)); break;
      case models::Lever::Sourcing:
        CHECK((make.sourcing && make.sourcing(params, mr::SourcingSetup{mr::ShippingCosts::Zero(1, 1)}) != nullptr));
        break;
      case models::Lever::Middleware: CHECK((make.middleware && make.middleware(params) != nullptr)); break;
      case models::Lever::Allocation: CHECK((make.allocation && make.allocation(params, {"web"}) != nullptr)); break;
    }
  }
}

TEST_CASE("Reservation levers: each option's protocol and safety stock", "[models][registry]") {
  using models::Lever;
  CHECK(mr::make_reservation_none(defaults_of(Lever::Reservation, "none"))->mode() == mr::ReservationMode::None);
  CHECK(mr::make_reservation_local(defaults_of(Lever::Reservation, "local"))->mode() == mr::ReservationMode::Local);
  CHECK(mr::make_reservation_hard(defaults_of(Lever::Reservation, "hard"))->mode() == mr::ReservationMode::Hard);
  const auto local = mr::make_reservation_local(defaults_of(Lever::Reservation, "local"));
  // safety_stock defaults to fixed units under the option of that name, to none elsewhere.
  scn::ScenarioSpec spec;
  spec.skus.resize(3);
  const auto batching = mr::make_batching_as_configured({});
  const mr::SafetyStockInputs at_node{spec, 0, std::nullopt, *batching};
  const auto safety = mr::make_reservation_safety_stock(defaults_of(Lever::Reservation, "safety_stock"));
  CHECK(safety->safety_stock().units(at_node) == std::vector<std::int64_t>{2, 2, 2});
  CHECK(local->safety_stock().units(at_node) == std::vector<std::int64_t>{0, 0, 0});
}

TEST_CASE("Safety stock dynamic: service factor x velocity x the node's sync interval, rounded up",
          "[models][registry]") {
  scn::ScenarioSpec spec;
  spec.skus = {{"A", 1, 1, 0.75}, {"B", 1, 1, 0.25}};
  spec.nodes.resize(2);
  scn::ChannelSpec walk_ins;
  walk_ins.orders_per_hour = 8;
  walk_ins.basket_mean = 1.5;
  spec.channels.push_back(walk_ins);
  scn::LinkSpec feed;
  feed.from = 0;
  feed.to = 1;
  feed.carries = models::Traffic::Inventory;
  feed.mode = models::LinkMode::Batch;
  feed.interval = sim::Duration::minutes(30);
  spec.links.push_back(feed);
  const auto dynamic = mr::make_reservation_local(
      defaults_of(models::Lever::Reservation, "local", {{"safety_stock", "dynamic"}, {"service_factor", 2.0}}));
  const auto batched = mr::make_batching_as_configured({});
  // A: 2 x (8 x 1.5 x 0.75 = 9 units/h) x 0.5 h = 9; B: 2 x 3 x 0.5 = 3.
  CHECK(dynamic->safety_stock().units({spec, 0, 0, *batched}) == std::vector<std::int64_t>{9, 3});
  // Twice the interval under `scaled` with factor 2; nothing when the feed streams or no walk-ins buy there.
  const auto scaled = mr::make_batching_scaled(defaults_of(models::Lever::Batching, "scaled", {{"factor", 2.0}}));
  CHECK(dynamic->safety_stock().units({spec, 0, 0, *scaled}) == std::vector<std::int64_t>{18, 6});
  const auto streamed = mr::make_batching_stream_inventory({});
  CHECK(dynamic->safety_stock().units({spec, 0, 0, *streamed}) == std::vector<std::int64_t>{0, 0});
  CHECK(dynamic->safety_stock().units({spec, 0, std::nullopt, *batched}) == std::vector<std::int64_t>{0, 0});
}

TEST_CASE("Batching and middleware levers do what their names say", "[models][registry]") {
  using models::Traffic;
  const auto streamed = mr::make_batching_stream_inventory({});
  CHECK(streamed->streams(Traffic::Inventory));
  CHECK(streamed->streams(Traffic::Availability));
  CHECK_FALSE(streamed->streams(Traffic::Orders));
  CHECK_FALSE(mr::make_batching_as_configured({})->streams(Traffic::Inventory));
  const auto at_least =
      mr::make_middleware_at_least_once(defaults_of(models::Lever::Middleware, "at_least_once", {{"idempotent", false}}));
  CHECK(at_least->delivery().max_retries == 5);
  CHECK(at_least->delivery().ordered);
  CHECK_FALSE(at_least->idempotent());
  const auto at_most = mr::make_middleware_at_most_once({});
  CHECK(at_most->delivery().max_retries == 0);
  CHECK(at_most->idempotent());
}
