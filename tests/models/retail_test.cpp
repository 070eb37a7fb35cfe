// Known answers for the retail models: an oversell count worked out by hand,
// policies that must prevent oversells entirely, conservation of units on every
// shipped scenario, common random numbers across variants, and the same
// result on every engine.
#include <catch2/catch.hpp>

#include <filesystem>

#include "../sim/lambda_lp.h"
#include "cli/retail_run.h"
#include "models/registry.h"
#include "models/retail/build.h"
#include "models/retail/messages.h"
#include "models/retail/order_state.h"
#include "sim/context.h"
#include "sim/errors.h"
#include "sim/sequential_engine.h"
#include "models/scenario/loader.h"

namespace scn = models::scenario;

namespace {

const std::string kScenarios = std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/";

scn::Scenario load(const std::string& file, const std::vector<std::string>& sets = {}) {
  scn::LoadResult r = scn::load_scenario_file(kScenarios + file, sets);
  INFO(r.diags.format(file));
  REQUIRE(r.ok());
  return std::move(*r.scenario);
}

const analysis::ChannelMetrics& channel(const peaksim::RetailRun& run, const std::string& name) {
  for (const auto& c : run.metrics.channels) {
    if (c.name == name) {
      return c;
    }
  }
  FAIL("no channel " << name);
  throw std::logic_error("unreachable");
}

// The reference retailer cut to a few hours, to keep the suite quick; the others as shipped.
// The reference for a property that does not depend on its size (conservation, common
// random numbers, engines agreeing): 6 hours of 500 SKUs, not 24 of 5,000 — under the
// sanitizers the cost of a run is mostly its node x SKU positions.
std::vector<std::string> shortened(const std::string& file, std::vector<std::string> sets = {}) {
  if (file == "omnichannel-180-stores.json" || file == "outage-drill.json") {  // the drill: the reference, its OMS down
    sets.push_back("/horizon=\"6h\"");
    sets.push_back("/catalog/skus=500");
  }
  if (file == "peak-week.json") {  // Thanksgiving and Black Friday: the stores' first receipts, the DCs' orders
    sets.push_back("/horizon=\"36h\"");
    sets.push_back("/catalog/skus=500");
  }
  return sets;
}

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
    if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json") {
      files.push_back(entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("Retail: one SKU, one store, two channels — the oversells worked out by hand", "[models][retail]") {
  // store-1 holds 3 mugs. Walk-ins buy them at 1, 2 and 3 minutes; the store
  // reports to the ERP only in its 30-minute batch. Web customers at 4, 5 and 6
  // minutes see the storefront's view, 3 units, fall to 2, 1, 0 as the OMS
  // counts their lines; the 7-minute customer sees 0 and is turned away — not a
  // lost sale, the network has nothing. At the 10-minute release the OMS's view
  // still says 3, so all three lines go to store-1, which has none: three short
  // picks, nowhere to re-source, three cancellations. At 45 minutes the ERP batch
  // has told the OMS: the view is 0 and the customer is turned away.
  const scn::Scenario s = load("one-sku-two-channels-trace.json");
  const peaksim::RetailRun run = peaksim::run_retail(s.baseline, 0, {});
  const auto& pos = channel(run, "pos");
  const auto& web = channel(run, "web");
  CHECK(pos.pos_sales == 3);
  CHECK(pos.pos_stockouts == 0);
  CHECK(web.orders == 5);
  CHECK(web.lines_promised == 3);
  CHECK(web.oversells == 3);
  CHECK(web.canceled == 3);
  CHECK(web.resourced == 0);
  CHECK(web.oversold_units == 3);
  CHECK(web.lines_turned_away == 2);
  CHECK(web.lost_sales == 0);
  CHECK(web.lines_fulfilled == 0);
  CHECK(run.metrics.units.conserved());
  CHECK(run.metrics.units.received == 3);
  CHECK(run.metrics.units.sold == 3);

  // Hard reservation: every web customer's reservation at store-1 is refused.
  const peaksim::RetailRun hard_run = peaksim::run_retail(s.variants.at(0), 0, {});
  const auto& hard = channel(hard_run, "web");
  CHECK(hard.oversells == 0);
  CHECK(hard.lines_turned_away == 5);
  // Streaming store inventory: the OMS hears of each sale 11 s later; by 4 minutes
  // the storefront shows 0.
  const peaksim::RetailRun streamed_run = peaksim::run_retail(s.variants.at(1), 0, {});
  const auto& streamed = channel(streamed_run, "web");
  CHECK(streamed.oversells == 0);
  CHECK(streamed.lines_turned_away == 5);
}

TEST_CASE("Retail: units are conserved on every shipped scenario and variant", "[models][retail]") {
  for (const std::string& file : shipped_scenarios()) {
    const scn::Scenario s = load(file, shortened(file, {"/warmup=\"0s\""}));
    std::vector<const scn::ScenarioSpec*> specs = {&s.baseline};
    for (const auto& v : s.variants) {
      specs.push_back(&v);
    }
    for (const scn::ScenarioSpec* spec : specs) {
      INFO(file << " variant " << spec->variant);
      const peaksim::RetailRun run = peaksim::run_retail(*spec, 0, {});
      const auto& u = run.metrics.units;
      std::int64_t initial = 0;
      for (const auto& node : spec->nodes) {
        for (std::int64_t units : node.inventory) {
          initial += units;
        }
      }
      // Returned units enter the books when inspected, replenished ones when put away.
      CHECK(u.received == initial + u.returned + u.put_away);
      CHECK(u.received == u.on_hand + u.reserved + u.shipped + u.sold + u.damaged + u.transferred_out);
      // What left a node for another arrived, was lost, or is on its way.
      CHECK(u.from_vendors + u.transferred_out == u.put_away + u.inbound + u.lost_in_transit + u.in_transit);
    }
  }
}

TEST_CASE("Retail: every shipped scenario's stock can be sourced by its OMS", "[models][retail]") {
  for (const std::string& file : shipped_scenarios()) {
    const scn::Scenario s = load(file);
    const auto model = models::retail::build(s.baseline);
    INFO(file);
    CHECK(model.notes.empty());
  }
  // And a node cut off from the OMS is named, not silently ignored.
  scn::Scenario cut = load("two-channels-shared-stock.json", {"/links/5=null"});  // store-1 -> oms shipments
  const auto model = models::retail::build(cut.baseline);
  REQUIRE(model.notes.size() == 2);
  CHECK(model.notes[0] == "the OMS never sources from \"store-1\": no orders link leads to it, or no shipments link "
                          "leads back");
  // Its only store gone, the web channel's pickup orders have nowhere to go.
  CHECK(model.notes[1] == "channel \"web\" has a BOPIS share, but the OMS reaches no store that offers pickup: those "
                          "orders oversell");
}

TEST_CASE("Retail: hard reservation without walk-in sales never oversells", "[models][retail]") {
  for (const std::string& file : shipped_scenarios()) {
    scn::Scenario s = load(file, shortened(file));
    scn::Diagnostics ignored;
    s.baseline.policies[models::Lever::Reservation] =
        scn::PolicySpec{models::find_policy(models::Lever::Reservation, "hard"),
                        models::find_policy(models::Lever::Reservation, "hard")->params.check(nullptr, "", ignored)};
    for (auto& c : s.baseline.channels) {
      if (s.baseline.nodes[c.nodes.front()].kind == models::NodeKind::Store) {
        c.orders_per_hour = 0;  // no walk-ins: their sales bypass every reservation
        c.trace.clear();
      }
    }
    for (std::uint32_t rep = 0; rep < 2; ++rep) {
      const peaksim::RetailRun run = peaksim::run_retail(s.baseline, rep, {});
      for (const auto& c : run.metrics.channels) {
        INFO(file << " replication " << rep << " channel " << c.name);
        CHECK(c.oversells == 0);
      }
    }
  }
}

TEST_CASE("Retail: with every link streaming at zero latency and continuous release, nothing is oversold",
          "[models][retail]") {
  for (const std::string& file : shipped_scenarios()) {
    // The reference's store records start the day wrong (unrecorded shrink): no feed can fix that, so none here.
    std::vector<std::string> no_shrink;
    if (file == "omnichannel-180-stores.json" || file == "outage-drill.json") {
      no_shrink = {"/nodes/0/params/shrink_per_day=0"};
    } else if (file == "peak-week.json") {  // its stores come in three declarations, one per DC
      for (const char* store : {"/nodes/0/params", "/nodes/1/params", "/nodes/2/params"}) {
        no_shrink.push_back(std::string(store) + "/shrink_per_day=0");
      }
    }
    scn::Scenario s = load(file, shortened(file, no_shrink));
    for (auto& link : s.baseline.links) {
      link.mode = models::LinkMode::Stream;
      link.interval.reset();
      link.max_batch.reset();
      link.latency = scn::DurationDistribution{};  // fixed 0s
      link.faults = {};                             // and nothing goes wrong on the way
    }
    for (auto& c : s.baseline.channels) {
      // Pickup orders wait in a store's pick queue, where a walk-in can take the last
      // unit the OMS committed to them (stock leaves the shelf when picking starts):
      // an oversell no information delay causes.
      c.bopis_share = 0;
      // The same holds for any line released to a store: a walk-in takes from the shelf,
      // not from what the OMS committed. The reference's first hours have next to no
      // walk-ins; the peak week's day and a half has many, so it sells to none here.
      if (file == "peak-week.json" && c.name == "pos") {
        c.orders_per_hour = 0;
      }
    }
    for (auto& node : s.baseline.nodes) {
      node.outages.clear();  // no system goes down either
      if (node.kind == models::NodeKind::Oms) {
        scn::Diagnostics ignored;
        node.params = models::find_node_kind("oms")->params.check({{"release_interval", "0s"}}, "", ignored);
      }
    }
    const peaksim::RetailRun run = peaksim::run_retail(s.baseline, 0, {});
    std::uint64_t promised = 0;
    for (const auto& c : run.metrics.channels) {
      INFO(file << " channel " << c.name);
      CHECK(c.oversells == 0);
      promised += c.lines_promised + c.pos_sales;
    }
    CHECK(promised > 0);  // the run sold something: zero oversells is not zero activity
    CHECK(run.metrics.units.conserved());
  }
}

TEST_CASE("Retail: the reference retailer oversells on every channel, worst on the marketplaces", "[models][retail]") {
  // Orders shipped home, that is: web pickup orders oversell on their own account
  // (promised against the network, filled only by stores; tests/models/bopis_test.cpp).
  // And without returns: a restocked return of a SKU sold out everywhere flickers
  // back into the storefront's availability, and under reservation "none" the
  // web promises it many times over until the next update — a separate effect
  // (tests/models/returns_test.cpp) that this comparison of the inventory feeds leaves out.
  const scn::Scenario s = load("omnichannel-180-stores.json",
                               {"/demand/web/bopis_share=0", "/demand/pos/returns/rate=0", "/demand/web/returns/rate=0",
                                "/demand/marketplace-a/returns/rate=0", "/demand/marketplace-b/returns/rate=0"});
  double web_rate = 0;
  double marketplace_rate = 0;
  for (std::uint32_t rep = 0; rep < 2; ++rep) {
    const peaksim::RetailRun run = peaksim::run_retail(s.baseline, rep, {});
    for (const auto& c : run.metrics.channels) {
      if (c.name == "pos") {
        continue;  // walk-ins are never promised anything
      }
      INFO("replication " << rep << " channel " << c.name << " oversells " << c.oversells);
      CHECK(c.oversells > 0);
    }
    web_rate += channel(run, "web").oversell_rate();
    marketplace_rate += std::min(channel(run, "marketplace-a").oversell_rate(), channel(run, "marketplace-b").oversell_rate());
  }
  INFO("web " << web_rate / 2 << " marketplaces (the better one) " << marketplace_rate / 2);
  CHECK(marketplace_rate > web_rate);
}

TEST_CASE("Retail: every variant sees the same customers (common random numbers)", "[models][retail]") {
  // Variants with the same demand see the same customers: the policy variants
  // the baseline's, the peak rehearsals (volumes x3) each other's; sell-out has a
  // demand of its own.
  const scn::Scenario s = load("omnichannel-180-stores.json", shortened("omnichannel-180-stores.json"));
  auto volumes = [](const scn::ScenarioSpec& spec) {
    std::vector<double> out;
    for (const auto& c : spec.channels) {
      out.push_back(c.orders_per_hour);
      for (const auto& p : c.promotions) {
        out.push_back(p.multiplier);
      }
    }
    return out;
  };
  std::vector<std::pair<std::vector<double>, peaksim::RetailRun>> first_of_demand;
  first_of_demand.emplace_back(volumes(s.baseline), peaksim::run_retail(s.baseline, 1, {}));
  std::size_t compared = 0;
  for (const auto& variant : s.variants) {
    const peaksim::RetailRun run = peaksim::run_retail(variant, 1, {});
    const auto same = std::find_if(first_of_demand.begin(), first_of_demand.end(),
                                   [&](const auto& seen) { return seen.first == volumes(variant); });
    if (same == first_of_demand.end()) {
      first_of_demand.emplace_back(volumes(variant), run);
      continue;
    }
    ++compared;
    for (std::size_t c = 0; c < run.metrics.channels.size(); ++c) {
      INFO(variant.variant << " channel " << run.metrics.channels[c].name);
      CHECK(run.metrics.channels[c].orders == same->second.metrics.channels[c].orders);
    }
  }
  CHECK(first_of_demand.size() == 3);
  CHECK(compared == s.variants.size() - 2);
}

TEST_CASE("Retail: the same result on every engine, thread count and partitioning", "[models][retail]") {
  const scn::Scenario s = load("omnichannel-180-stores.json", {"/horizon=\"4h\"", "/catalog/skus=500"});
  const peaksim::RetailRun want = peaksim::run_retail(s.variants.at(3), 2, {});
  REQUIRE(want.stats.events > 10'000);
  for (unsigned threads : {1u, 2u, 4u}) {
    for (unsigned partitions : {0u, 3u, 7u}) {
      peaksim::RunSettings settings;
      settings.parallel = true;
      settings.threads = threads;
      settings.partitions = partitions;
      const peaksim::RetailRun got = peaksim::run_retail(s.variants.at(3), 2, settings);
      INFO("threads " << threads << " partitions " << partitions << " (got " << got.stats.partitions << ")");
      CHECK(got.stats.checksum == want.stats.checksum);
      CHECK(got.stats.events == want.stats.events);
      for (std::size_t c = 0; c < want.metrics.channels.size(); ++c) {
        const auto& a = got.metrics.channels[c];
        const auto& b = want.metrics.channels[c];
        CHECK(a.oversells == b.oversells);
        CHECK(a.lost_sales == b.lost_sales);
        CHECK(a.lines_promised == b.lines_promised);
        CHECK(a.lines_fulfilled == b.lines_fulfilled);
      }
    }
  }
}

TEST_CASE("LineState: the canonical lifecycle, and what it forbids", "[models][retail]") {
  using models::retail::LineState;
  using models::retail::allowed;
  const LineState happy[] = {LineState::Captured, LineState::Promised, LineState::Released,  LineState::Sourced,
                             LineState::Picked,   LineState::Packed,   LineState::Shipped,   LineState::Delivered,
                             LineState::ReturnRequested, LineState::Returned, LineState::Refunded};
  for (std::size_t idx = 0; idx + 1 < std::size(happy); ++idx) {
    INFO(to_string(happy[idx]) << " -> " << to_string(happy[idx + 1]));
    CHECK(allowed(happy[idx], happy[idx + 1]));
    CHECK_FALSE(allowed(happy[idx + 1], happy[idx]));  // never backwards
  }
  CHECK(allowed(LineState::Sourced, LineState::Sourced));  // re-sourced after a short pick
  CHECK(allowed(LineState::Released, LineState::Backordered));
  CHECK(allowed(LineState::Backordered, LineState::Released));
  CHECK_FALSE(allowed(LineState::Canceled, LineState::Released));
  CHECK_FALSE(allowed(LineState::Promised, LineState::Shipped));
  CHECK_FALSE(allowed(LineState::Refunded, LineState::Captured));
  CHECK_THROWS_WITH(models::retail::check_transition(LineState::Shipped, LineState::Sourced, "order line X"),
                    "order line X: impossible transition shipped -> sourced");
}

namespace {

// The error a run of the trace scenario ends with when an extra LP, on an extra
// link into the OMS, sends it `message` 12 minutes in ("" if the run accepts it).
std::string oms_error_on(const models::retail::Message& message) {
  scn::Scenario s = load("one-sku-two-channels-trace.json");
  models::retail::RetailModel model = models::retail::build(s.baseline);
  const sim::LpId oms = static_cast<sim::LpId>(*s.baseline.node_index("oms"));
  const auto link_id = static_cast<sim::LinkId>(model.network.link_count());
  const sim::LpId rogue = model.network.add_lp(test::lambda_lp([link_id, message](sim::Context& ctx) {
                                                 ctx.send(link_id, sim::Duration::minutes(12),
                                                          models::retail::event_kind(message.kind), message.payload,
                                                          message.port);
                                               }),
                                               "rogue");
  model.network.add_link(rogue, oms, sim::Duration::seconds(1), "rogue->oms");
  analysis::RetailRecorder recorder(model.network.lp_count());
  sim::EngineOptions options;
  options.end = sim::Time::zero() + s.baseline.horizon;
  options.probes = &recorder;
  try {
    (void)sim::SequentialEngine(options).run(model.network);
  } catch (const sim::ModelError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Retail: an impossible transition names the line, the LP, the time and the event", "[models][retail]") {
  // A shipment for a line the OMS never sourced.
  const std::string msg = oms_error_on(models::retail::PickReport{0, models::retail::OrderLine{1, 77, 0, 1}}.encode());
  CHECK_THAT(msg, Catch::Contains("a shipment for a line the OMS never sourced (order 77"));
  CHECK_THAT(msg, Catch::Contains("LP \"oms\""));
  CHECK_THAT(msg, Catch::Contains("t=00:12:00.000"));
  CHECK_THAT(msg, Catch::Contains("of this LP]"));
}

TEST_CASE("Retail: an event the OMS does not handle is named by its kind, in words", "[models][retail]") {
  // A pick_done: a store's own timer, which no link carries.
  const std::string msg = oms_error_on(models::retail::PickDone{models::retail::OrderLine{1, 77, 0, 1}}.encode());
  CHECK_THAT(msg, Catch::Contains("the OMS got an event of kind pick_done, which it does not handle"));
  CHECK_THAT(msg, Catch::Contains("LP \"oms\""));
  CHECK_THAT(msg, Catch::Contains("t=00:12:00.000"));
}
