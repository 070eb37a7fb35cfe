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
        CHECK((make.sourcing && make.sourcing(params, mr::SourcingSetup{}) != nullptr));
        break;
      case models::Lever::Middleware: CHECK((make.middleware && make.middleware(params) != nullptr)); break;
      case models::Lever::Allocation: CHECK((make.allocation && make.allocation(params, {"web"}) != nullptr)); break;
    }
  }
}

TEST_CASE("Reservation levers: each option's protocol and terms", "[models][registry]") {
  using models::Lever;
  CHECK(mr::make_reservation_none(defaults_of(Lever::Reservation, "none"))->mode() == mr::ReservationMode::None);
  CHECK(mr::make_reservation_local(defaults_of(Lever::Reservation, "local"))->mode() == mr::ReservationMode::Local);
  CHECK(mr::make_reservation_hard(defaults_of(Lever::Reservation, "hard"))->mode() == mr::ReservationMode::Hard);
  CHECK(mr::make_reservation_hard(defaults_of(Lever::Reservation, "hard"))->reply_timeout() == sim::Duration::seconds(10));
  const auto soft = mr::make_reservation_soft(defaults_of(Lever::Reservation, "soft"));
  CHECK(soft->mode() == mr::ReservationMode::Soft);
  REQUIRE(soft->soft_hold().has_value());
  CHECK(soft->soft_hold()->ttl == sim::Duration::minutes(10));  // as common storefronts hold a cart
  CHECK(soft->soft_hold()->release_lag == sim::Duration::minutes(1));
  CHECK_FALSE(mr::make_reservation_local(defaults_of(Lever::Reservation, "local"))->soft_hold().has_value());
}

namespace {
scn::ParamValues form_params(const std::string& form, const nlohmann::json& given) {
  const models::SafetyStockOption* option = models::find_safety_stock_form(form);
  REQUIRE(option != nullptr);
  scn::Diagnostics diags;
  scn::ParamValues values = option->params.check(given, "/policies/safety_stock/0", diags);
  INFO(diags.format(form));
  REQUIRE(diags.empty());
  return values;
}
}  // namespace

TEST_CASE("Safety stock forms: fixed, percent of on hand, velocity x cover, z x sigma, each rounded up",
          "[models][registry][safety]") {
  // Two SKUs: 40 and 3 on hand; 9 and 0.5 units an hour expected; a 30-minute exposure window.
  const mr::SafetyStockTarget target{{40, 3}, {9.0, 0.5}, sim::Duration::minutes(30)};
  CHECK(mr::make_safety_stock_fixed(form_params("fixed", {{"units", 2}}))->units(target) ==
        std::vector<std::int64_t>{2, 2});
  // ceil(10% x 40) = 4, ceil(10% x 3 = 0.3) = 1.
  CHECK(mr::make_safety_stock_percent(form_params("percent", {{"percent", 10}}))->units(target) ==
        std::vector<std::int64_t>{4, 1});
  // k 2 x 9/h x 0.5 h = 9; 2 x 0.5 x 0.5 = 0.5 -> 1. An explicit cover of 2h: 36 and 2.
  CHECK(mr::make_safety_stock_velocity(form_params("velocity", {{"k", 2.0}}))->units(target) ==
        std::vector<std::int64_t>{9, 1});
  CHECK(mr::make_safety_stock_velocity(form_params("velocity", {{"k", 2.0}, {"cover", "2h"}}))->units(target) ==
        std::vector<std::int64_t>{36, 2});
  // z 1.65 x sqrt(9 x 0.5 = 4.5) = 3.50 -> 4; 1.65 x sqrt(0.25) = 0.825 -> 1.
  CHECK(mr::make_safety_stock_service_level(form_params("service_level", nullptr))->units(target) ==
        std::vector<std::int64_t>{4, 1});
  // No demand, no buffer; a window of 0s means the target's own.
  const mr::SafetyStockTarget idle{{5}, {0.0}, sim::Duration::hours(1)};
  CHECK(mr::make_safety_stock_service_level(form_params("service_level", nullptr))->units(idle) ==
        std::vector<std::int64_t>{0});
  CHECK(mr::whole_units_up(3.0000000001) == 3);
  CHECK(mr::whole_units_up(3.01) == 4);
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
