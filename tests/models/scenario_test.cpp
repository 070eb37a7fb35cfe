#include <catch2/catch.hpp>

#include <cmath>
#include <algorithm>
#include <set>

#include "models/registry.h"
#include "models/scenario/expand.h"
#include "models/scenario/loader.h"
#include "models/scenario/schema.h"

namespace scn = models::scenario;

namespace {
const std::string kReference = std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/omnichannel-180-stores.json";

scn::LoadResult load_ok(const std::string& path, const std::vector<std::string>& sets = {}) {
  scn::LoadResult r = scn::load_scenario_file(path, sets);
  INFO(r.diags.format(path));
  REQUIRE(r.ok());
  return r;
}

}  // namespace

TEST_CASE("expand_template: a numeric range expands with the padding written", "[models][scenario]") {
  std::string error;
  auto stores = scn::expand_template("store-{001..180}", error);
  REQUIRE(stores);
  CHECK(stores->size() == 180);
  CHECK(stores->front() == "store-001");
  CHECK((*stores)[41] == "store-042");
  CHECK(stores->back() == "store-180");
  auto dcs = scn::expand_template("dc-{1..3}-east", error);
  REQUIRE(dcs);
  CHECK(*dcs == std::vector<std::string>{"dc-1-east", "dc-2-east", "dc-3-east"});
  CHECK(*scn::expand_template("oms", error) == std::vector<std::string>{"oms"});
  for (const char* bad : {"s-{1..}", "s-{a..3}", "s-{3..1}", "s-{1..2}{3..4}", "s-}1..2{", "s-{1-3}", "s-{0..999999999}"}) {
    INFO(bad);
    error.clear();
    CHECK_FALSE(scn::expand_template(bad, error));
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("glob_match: '*' matches any run and '?' one character", "[models][scenario]") {
  CHECK(scn::glob_match("store-*", "store-017"));
  CHECK(scn::glob_match("*", ""));
  CHECK(scn::glob_match("dc-?", "dc-1"));
  CHECK_FALSE(scn::glob_match("dc-?", "dc-10"));
  CHECK(scn::glob_match("*-b", "marketplace-b"));
  CHECK(scn::glob_match("m*t*-*", "marketplace-a"));
  CHECK_FALSE(scn::glob_match("store-*", "storefront"));
  CHECK_FALSE(scn::glob_match("store", "store-1"));
}

TEST_CASE("Loader: the reference retailer expands to 180 stores, 3 DCs and 752 links", "[models][scenario]") {
  const scn::LoadResult r = load_ok(kReference);
  const scn::ScenarioSpec& spec = r.scenario->baseline;
  CHECK(spec.nodes.size() == 192);
  CHECK(std::count_if(spec.nodes.begin(), spec.nodes.end(), [](const auto& n) { return n.kind == models::NodeKind::Store; }) == 180);
  CHECK(spec.skus.size() == 5000);
  CHECK(spec.links.size() == 752);
  CHECK(spec.horizon == sim::Duration::hours(24));
  CHECK(spec.channels.size() == 4);
  CHECK(spec.gates.size() == 8);
  // Regions cycle over the template's instances.
  CHECK(spec.nodes[0].region == "north");
  CHECK(spec.nodes[1].region == "south");
  CHECK(spec.nodes[4].region == "north");
  // store -> erp inventory links: one per store, 30-minute batches.
  const auto to_erp = std::count_if(spec.links.begin(), spec.links.end(), [&](const scn::LinkSpec& l) {
    return l.carries == models::Traffic::Inventory && spec.nodes[l.to].id == "erp" && spec.nodes[l.from].kind == models::NodeKind::Store;
  });
  CHECK(to_erp == 180);
  CHECK(spec.links[0].interval == sim::Duration::minutes(30));
  CHECK(spec.links[0].latency.min_value() == sim::Duration::seconds(2));
  // Records counted once a year, rolling (calibrated to published record accuracy: README).
  CHECK(spec.nodes[0].params.duration("cycle_count_interval") == sim::Duration::days(365));
  // Defaults filled from the parameter tables.
  CHECK(spec.nodes[0].params.boolean("bopis"));
  CHECK(spec.policies.at(models::Lever::Sourcing).name() == "nearest");
}

TEST_CASE("Loader: per-instance variation is drawn from the seed, within its range, repeatably", "[models][scenario]") {
  const scn::LoadResult a = load_ok(kReference);
  const scn::LoadResult b = load_ok(kReference);
  const scn::LoadResult other_seed = load_ok(kReference, {"/seed=99"});
  std::set<std::int64_t> seen;
  bool any_differs_with_seed = false;
  for (std::size_t idx = 0; idx < 180; ++idx) {
    const auto pickers = a.scenario->baseline.nodes[idx].params.integer("pickers");
    CHECK(pickers >= 1);
    CHECK(pickers <= 3);
    seen.insert(pickers);
    CHECK(b.scenario->baseline.nodes[idx].params.integer("pickers") == pickers);
    CHECK(b.scenario->baseline.nodes[idx].inventory == a.scenario->baseline.nodes[idx].inventory);
    any_differs_with_seed |= other_seed.scenario->baseline.nodes[idx].params.integer("pickers") != pickers;
  }
  CHECK(seen.size() == 3);
  CHECK(any_differs_with_seed);
  // Inventory: 2 to 6 days of cover of every SKU (each has some demand: at least one unit),
  // the most popular SKUs stocked deepest.
  const auto& inv = a.scenario->baseline.nodes[0].inventory;
  REQUIRE(inv.size() == 5000);
  CHECK(std::all_of(inv.begin(), inv.end(), [](std::int64_t u) { return u >= 1; }));
  CHECK(inv[0] > 10 * inv[4999]);
}

TEST_CASE("Loader: each experiment is the baseline with its overrides applied and checked", "[models][scenario]") {
  const scn::LoadResult r = load_ok(kReference);
  REQUIRE(r.scenario->variants.size() == 15);
  const scn::ScenarioSpec& stream = r.scenario->variants[0];
  CHECK(stream.variant == "stream-store-inventory");
  CHECK(stream.links[0].mode == models::LinkMode::Stream);
  CHECK_FALSE(stream.links[0].interval.has_value());
  CHECK(r.scenario->baseline.links[0].mode == models::LinkMode::Batch);
  const scn::ScenarioSpec& all = r.scenario->variants[6];
  CHECK(all.policies.at(models::Lever::Reservation).name() == "local");
  REQUIRE(all.safety_stock.size() == 2);
  CHECK(all.safety_stock[0].scope == scn::SafetyRuleSpec::Scope::Kind);
  CHECK(all.safety_stock[0].nodes.size() == 180);
  CHECK(all.safety_stock[1].selector == "warehouse");
  CHECK(r.scenario->baseline.safety_stock.empty());
  CHECK(all.policies.at(models::Lever::Allocation).name() == "ring_fenced");
  CHECK(all.policies.at(models::Lever::Allocation).params.json("channels").at("marketplace-a").at("share") == 0.15);
  CHECK(r.scenario->baseline.policies.at(models::Lever::Allocation).name() == "shared_pool");
  // Common random numbers: variants keep the baseline's seed.
  CHECK(all.seed == r.scenario->baseline.seed);
}

TEST_CASE("Loader: --set overrides accept pointers and dotted paths, JSON or bare strings", "[models][scenario]") {
  const scn::LoadResult r =
      load_ok(kReference, {"/replications=3", "links.2.mode=batch", "links.2.interval=\"10m\"", "links.3.latency=5s",
                           "policies.reservation={\"name\": \"hard\"}"});
  CHECK(r.scenario->baseline.replications == 3);
  const auto& spec = r.scenario->baseline;
  const auto dc_to_wms = std::find_if(spec.links.begin(), spec.links.end(), [&](const scn::LinkSpec& l) {
    return l.source_pointer == "/links/2";
  });
  REQUIRE(dc_to_wms != spec.links.end());
  CHECK(dc_to_wms->mode == models::LinkMode::Batch);
  CHECK(dc_to_wms->interval == sim::Duration::minutes(10));
  CHECK(r.scenario->baseline.policies.at(models::Lever::Reservation).name() == "hard");
  const scn::LoadResult bad = scn::load_scenario_file(kReference, {"/nodes/400/kind=oms", "noequals"});
  REQUIRE(bad.diags.size() == 2);
  CHECK(bad.diags.items()[0].message ==
        "--set /nodes/400/kind=oms: override path \"/nodes/400/kind\" points at nothing: \"/nodes\" has 11 entries, "
        "no \"400\"");
  CHECK_THAT(bad.diags.items()[1].message, Catch::Contains("--set expected PATH=VALUE"));
}

TEST_CASE("Loader: every error of a file is reported at once, none twice", "[models][scenario]") {
  const std::string text = R"({
    "name": "t", "horizon": "2hours", "replications": 0,
    "catalog": {"items": [{"id": "A", "price": -1}]},
    "nodes": [{"id": "s-{1..2}", "kind": "stor"}, {"id": "erp", "kind": "erp", "params": {"posting_delay": 5}}],
    "links": [{"from": "s-*", "to": "erp", "carries": "inventory", "mode": "batch", "interval": "30m"}]
  })";
  const scn::LoadResult r = scn::load_scenario_text(text, "inline.json");
  CHECK_FALSE(r.ok());
  std::vector<std::string> pointers;
  for (const auto& d : r.diags.items()) {
    pointers.push_back(d.pointer);
  }
  INFO(r.diags.format("inline.json"));
  CHECK(pointers == std::vector<std::string>{"/horizon", "/replications", "/catalog/items/0/price", "/nodes/0/kind",
                                             "/nodes/1/params/posting_delay"});
}

TEST_CASE("Loader: syntax errors give line and column; no raw json exception escapes", "[models][scenario]") {
  const scn::LoadResult r = scn::load_scenario_text("{\n  \"name\": \"x\",\n  \"nodes\": [1,,]\n}", "x.json");
  REQUIRE(r.diags.size() == 1);
  CHECK_THAT(r.diags.items()[0].message, Catch::StartsWith("invalid JSON at line 3, column 15:"));
  CHECK_THAT(r.diags.items()[0].message, !Catch::Contains("json.exception"));
  const scn::LoadResult empty = scn::load_scenario_text("", "empty.json");
  CHECK_THAT(empty.diags.items().at(0).message, Catch::Contains("invalid JSON at line 1, column 1"));
  const scn::LoadResult missing = scn::load_scenario_file("/nonexistent/file.json");
  CHECK(missing.diags.items().at(0).message == "cannot open the file");
}

TEST_CASE("Loader: a cycle of zero-latency links is refused; one latency breaks it", "[models][scenario]") {
  auto doc = [](const std::string& erp_to_store_latency) {
    return R"({"name": "t", "horizon": "2h", "catalog": {"items": [{"id": "A", "price": 1}]},
      "nodes": [{"id": "s-1", "kind": "store"}, {"id": "erp", "kind": "erp"}],
      "links": [{"from": "s-1", "to": "erp", "carries": "inventory", "mode": "stream"},
                {"from": "erp", "to": "s-1", "carries": "orders", "mode": "stream", "latency": )" +
           erp_to_store_latency + "}]}";
  };
  const scn::LoadResult r = scn::load_scenario_text(doc(R"({"exponential": {"mean": "1s"}})"), "cycle.json");
  REQUIRE_FALSE(r.ok());
  CHECK(r.diags.format("cycle.json") ==
        "error: cycle.json: /links/0/latency: links with zero minimum latency form a cycle through s-1, erp; give at "
        "least one of them a latency above 0 (e.g. \"1ms\")\n");
  const std::string broken = doc(R"({"exponential": {"mean": "1s", "min": "1ms"}})");
  CHECK(scn::load_scenario_text(broken, "nocycle.json").ok());
}

TEST_CASE("Schema: valijson accepts every shipped scenario and rejects what the schema forbids", "[models][scenario]") {
  const scn::LoadResult r = load_ok(kReference);
  scn::Diagnostics diags;
  scn::check_against_schema(r.scenario->document, diags);
  CHECK(diags.empty());
  scn::Diagnostics bad;
  scn::check_against_schema(nlohmann::json{{"name", 5}, {"horizon", "1h"}, {"catalog", nlohmann::json::object()},
                                           {"nodes", nlohmann::json::array()}},
                            bad);
  REQUIRE_FALSE(bad.empty());
  CHECK(bad.has_at_or_below("/name"));
  CHECK(bad.has_at_or_below("/nodes"));
}

TEST_CASE("ParamTable: defaults fill in, unknown keys are refused, and the schema is closed", "[models][scenario]") {
  const models::NodeKindInfo* store = models::find_node_kind("store");
  REQUIRE(store != nullptr);
  scn::Diagnostics diags;
  const scn::ParamValues v = store->params.check(nlohmann::json{{"pickers", 4}}, "/p", diags);
  CHECK(diags.empty());
  CHECK(v.integer("pickers") == 4);
  CHECK(v.text("carrier_cutoff") == "17:00");
  CHECK(v.distribution("pick_time").kind == scn::DurationDistribution::Kind::Exponential);
  (void)store->params.check(nlohmann::json{{"pickers", -1}, {"carrier_cutoff", "25:00"}}, "/p", diags);
  REQUIRE(diags.size() == 2);
  CHECK(diags.items()[0].message == "expected an integer at least 0, found -1 (a number)");
  CHECK_THAT(diags.items()[1].message, Catch::Contains("a time of day \"HH:MM\""));
  const nlohmann::json schema = store->params.schema();
  CHECK(schema.at("additionalProperties") == false);
  CHECK(schema.at("properties").contains("pick_time"));
  CHECK_THAT(store->params.markdown(), Catch::Contains("| `pickers` | integer, at least 0 (people) | `2` |"));
}

TEST_CASE("DurationDistribution: samples stay within the distribution's support", "[models][scenario]") {
  scn::Diagnostics diags;
  const auto uniform = scn::check_distribution(nlohmann::json{{"uniform", {{"min", "2s"}, {"max", "5s"}}}}, "/d", diags);
  const auto expo = scn::check_distribution(nlohmann::json{{"exponential", {{"mean", "3s"}, {"min", "100ms"}}}}, "/d", diags);
  const auto empirical = scn::check_distribution(
      nlohmann::json{{"empirical", {{{"value", "1s"}, {"weight", 3}}, {{"value", "30s"}, {"weight", 1}}}}}, "/d", diags);
  REQUIRE(diags.empty());
  CHECK(uniform->min_value() == sim::Duration::seconds(2));
  CHECK(expo->min_value() == sim::Duration::millis(100));
  CHECK(empirical->min_value() == sim::Duration::seconds(1));
  sim::LpRandom rng(5, 0, 0);
  int ones = 0;
  double expo_sum_s = 0;
  constexpr int kDraws = 20'000;
  for (int idx = 0; idx < kDraws; ++idx) {
    const auto u = uniform->sample(rng);
    REQUIRE(u >= sim::Duration::seconds(2));
    REQUIRE(u <= sim::Duration::seconds(5));
    const auto e = expo->sample(rng);
    REQUIRE(e >= sim::Duration::millis(100));
    expo_sum_s += e.to_seconds();
    ones += empirical->sample(rng) == sim::Duration::seconds(1) ? 1 : 0;
  }
  // Mean of 0.1 + Exp(3): 3.1 s; sd of the mean 3/sqrt(20000) ~ 0.021 s, so 0.1 is > 4 sd.
  CHECK(expo_sum_s / kDraws == Approx(3.1).margin(0.1));
  // P(1s) = 0.75; sd of the share ~ 0.003.
  CHECK(static_cast<double>(ones) / kDraws == Approx(0.75).margin(0.015));
}

TEST_CASE("apply_override: malformed and dangling pointers are diagnosed, never thrown", "[models][scenario]") {
  // The first of these crashed the loader through nlohmann's json_pointer (found by .ci/fuzz).
  nlohmann::json doc = {{"links", {{{"mode", "batch"}}}}, {"name", "x"}};
  struct Case {
    const char* path;
    const char* message;
  };
  const Case cases[] = {
      {"/links//mode", "\"/links\" has 1 entries, no \"\""},
      {"/links/01/mode", "\"/links\" has 1 entries, no \"01\""},
      {"/links/-/mode", "\"/links\" has 1 entries, no \"-\""},
      {"/name/x", "\"/name\" is \"x\" (a string)"},
      {"/nope/x", "the document has no key \"nope\""},
      {"/a~2b", "expected a JSON pointer"},
      {"", "an override must name a field"},
  };
  for (const Case& c : cases) {
    INFO(c.path);
    scn::Diagnostics diags;
    CHECK_FALSE(scn::apply_override(doc, c.path, 1, "/where", diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags.items()[0].pointer == "/where");
    CHECK_THAT(diags.items()[0].message, Catch::Contains(c.message));
  }
  scn::Diagnostics diags;
  CHECK(scn::apply_override(doc, "links.0.mode", "stream", "", diags));
  CHECK(doc["links"][0]["mode"] == "stream");
  CHECK(scn::apply_override(doc, "/links/0/mode", nullptr, "", diags));
  CHECK_FALSE(doc["links"][0].contains("mode"));
  CHECK(diags.empty());
}

TEST_CASE("Loader: a range of one value is that value (no endless draw)", "[models][scenario]") {
  // Boost's uniform_real_distribution(a, a) never returns; a price or parameter range
  // with min == max once hung the loader.
  const scn::LoadResult r = load_ok(kReference, {R"(/catalog/price={"min": 12.5, "max": 12.5})",
                                                 R"(/nodes/0/vary={"pickers": {"min": 2, "max": 2}})"});
  for (const auto& sku : r.scenario->baseline.skus) {
    REQUIRE(sku.price == 12.5);
  }
}

TEST_CASE("Loader: a sweep expands into one variant per combination of its axes' values", "[models][scenario][sweep]") {
  const std::string feed_and_reservation =
      R"(/experiments/1={"name": "feed", "overrides": [{"path": "/policies/allocation", "value": {"name": "shared_pool"}}],
          "axes": [{"name": "interval", "path": "/links/0/interval", "values": ["5m", "90s", "60m"]},
                   {"name": "reservation", "path": "/policies/reservation", "values": [{"name": "none"}, {"name": "local"}]}]})";
  const scn::LoadResult r = load_ok(kReference, {feed_and_reservation});
  // The reference's 15 variants: store-feed is one sweep of three (5m, 15m, 60m), at index 1.
  REQUIRE(r.scenario->variants.size() == 15 - 3 + 6);
  std::vector<std::string> names;
  for (const scn::ScenarioSpec& v : r.scenario->variants) {
    names.push_back(v.variant);
  }
  // The first axis varies slowest; objects are named by their "name".
  CHECK(std::vector<std::string>(names.begin() + 1, names.begin() + 7) ==
        std::vector<std::string>{"feed-5m-none", "feed-5m-local", "feed-90s-none", "feed-90s-local", "feed-60m-none",
                                 "feed-60m-local"});
  const scn::ScenarioSpec& v = r.scenario->variants[4];  // feed-90s-local
  CHECK(v.links[0].interval == sim::Duration::seconds(90));
  CHECK(v.policies.at(models::Lever::Reservation).name() == "local");
  CHECK(r.scenario->variants[3].policies.at(models::Lever::Reservation).name() == "none");
  REQUIRE(v.sweep.size() == 2);
  CHECK(v.sweep[0].sweep == "feed");
  CHECK(v.sweep[0].axis == "interval");
  CHECK(v.sweep[0].label == "90s");
  CHECK(v.sweep[0].value == 90.0);  // a duration: numeric, in seconds
  CHECK(v.sweep[0].unit == "s");
  CHECK(v.sweep[1].label == "local");
  CHECK(std::isnan(v.sweep[1].value));  // a policy: categorical
  CHECK(r.scenario->variants[0].sweep.empty());
  // The shipped sweep gives the variants the file used to spell out one by one.
  const scn::LoadResult shipped = load_ok(kReference);
  CHECK(shipped.scenario->variants[1].variant == "store-feed-5m");
  CHECK(shipped.scenario->variants[3].variant == "store-feed-60m");
  CHECK(shipped.scenario->variants[3].links[0].interval == sim::Duration::minutes(60));
  CHECK(shipped.scenario->variants[4].variant == "dynamic-safety-stock");
}

TEST_CASE("Loader: a sweep's mistakes are refused with their pointers", "[models][scenario][sweep]") {
  const auto error_of = [](const std::string& experiment) {
    const scn::LoadResult r = scn::load_scenario_file(kReference, {"/experiments/1=" + experiment});
    REQUIRE_FALSE(r.ok());
    return r.diags.format("f.json");
  };
  CHECK_THAT(error_of(R"({"name": "s", "axes": [{"name": "x", "path": "/links/0/interval", "values": [{"every": "5m"}]}]})"),
             Catch::Contains("/experiments/1/axes/0/values/0: expected a value whose spelling can name a variant") &&
                 Catch::Contains("give the axis \"labels\""));
  CHECK_THAT(error_of(R"({"name": "s", "axes": [{"name": "x", "path": "/links/0/interval", "values": ["5m"], "labels": ["a", "b"]}]})"),
             Catch::Contains("/experiments/1/axes/0/labels: expected an array of 1 labels, one per value"));
  CHECK_THAT(error_of(R"({"name": "s", "axes": [{"name": "x", "path": "/links/99/interval", "values": ["5m"]}]})"),
             Catch::Contains("/experiments/1/axes/0/path: override path \"/links/99/interval\" points at nothing"));
  CHECK_THAT(error_of(R"({"name": "s", "axes": [{"name": "x", "path": "/links/0/interval", "values": ["5 minutes"]}]})"),
             Catch::Contains("/experiments/1/axes/0/values/0: expected a value whose spelling can name a variant"));
  CHECK_THAT(error_of(R"({"name": "s", "axes": [{"name": "x", "path": "/links/0/interval", "values": ["1m"]},
                                                {"name": "x", "path": "/links/0/latency", "values": ["1s"]}]})"),
             Catch::Contains("/experiments/1/axes/1/name: expected each axis name once"));
  CHECK_THAT(error_of(R"({"name": "s", "axes": [{"name": "x", "path": "/links/0/interval", "values": ["1m", "bogus"]}]})"),
             Catch::Contains("variant \"s-bogus\""));
  CHECK_THAT(error_of(R"({"name": "dc", "axes": [{"name": "x", "path": "/links/0/interval", "values": ["1m"], "labels": ["first"]}]})"),
             Catch::Contains("found \"dc-first\""));  // a name another variant has
  // 101 x 100 combinations: more variants than a scenario may hold, refused before any is built.
  std::string many = "[";
  for (int i = 0; i < 101; ++i) {
    if (i > 0) {
      many += ',';
    }
    many += std::to_string(i);
  }
  many += "]";
  const std::string hundred = many.substr(0, many.find(",100]")) + "]";
  CHECK_THAT(error_of(R"({"name": "s", "axes": [{"name": "a", "path": "/seed", "values": )" + many +
                      R"(}, {"name": "b", "path": "/replications", "values": )" + hundred + "}]}"),
             Catch::Contains("/experiments/1/axes: expected at most 10000 variants in all"));
}
