// A sharded OMS (several nodes of kind oms, each owning the regions it names), end
// to end with known answers written from scenarios/README.md ("OMS shards"): a
// shard sources only from the nodes of its regions, publishes only their stock,
// and a customer buys against the figure of the shard that owns the customer's
// region; nothing else changes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis/retail_metrics.h"
#include "cli/retail_run.h"
#include "models/retail/build.h"
#include "models/scenario/loader.h"

namespace {

peaksim::RetailRun run(const std::string& text, const std::vector<std::string>& sets = {}) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "shards.json", sets);
  INFO(loaded.diags.format("shards.json"));
  REQUIRE(loaded.ok());
  peaksim::RetailRun out = peaksim::run_retail(loaded.scenario->baseline, 0, {});
  REQUIRE(out.metrics.units.conserved());
  return out;
}

std::string errors_of(const std::string& text, const std::vector<std::string>& sets) {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(text, "shards.json", sets);
  CHECK_FALSE(loaded.ok());
  return loaded.diags.format("shards.json");
}

// Two DCs of 5 mugs, one north and one south, each owned by its region's OMS
// shard. Six web customers, all in the north, one an hour from 1h; every link
// streams in 1 s and the shards release each line as it arrives.
const std::string kShards = R"({
  "name": "shards", "horizon": "30h",
  "catalog": { "items": [ { "id": "MUG", "price": 10 } ] },
  "policies": { "reservation": { "name": "local" } },
  "nodes": [
    { "id": "dc-n", "kind": "warehouse", "region": "north", "inventory": { "units_per_sku": 5 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m" } },
    { "id": "dc-s", "kind": "warehouse", "region": "south", "inventory": { "units_per_sku": 5 },
      "params": { "shift_start": "00:00", "shift_end": "00:00", "pick_time": "1m", "pack_time": "1m" } },
    { "id": "web", "kind": "storefront", "region": "cloud" },
    { "id": "oms-n", "kind": "oms", "params": { "release_interval": "0s", "regions": "north" } },
    { "id": "oms-s", "kind": "oms", "params": { "release_interval": "0s", "regions": "south" } }
  ],
  "links": [
    { "from": "web", "to": "oms-*", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms-*", "to": "dc-*", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "dc-*", "to": "oms-*", "carries": "shipments", "mode": "stream", "latency": "1s" },
    { "from": "dc-*", "to": "oms-*", "carries": "inventory", "mode": "stream", "latency": "1s" },
    { "from": "oms-*", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" }
  ],
  "demand": { "web": { "nodes": "web", "regions": { "north": 0.5, "south": 0.5 },
    "trace": [ { "at": "1h", "sku": "MUG", "region": "north" }, { "at": "2h", "sku": "MUG", "region": "north" },
               { "at": "3h", "sku": "MUG", "region": "north" }, { "at": "4h", "sku": "MUG", "region": "north" },
               { "at": "5h", "sku": "MUG", "region": "north" }, { "at": "6h", "sku": "MUG", "region": "north" } ] } }
})";

// The same network with one OMS that owns everything: oms-s gone, oms-n's regions empty.
const std::vector<std::string> kOneOms = {"/nodes/4=null", "/nodes/3/params/regions=\"\""};

}  // namespace

TEST_CASE("OMS shards: a shard sells only the stock of its own regions", "[models][shards]") {
  const auto sharded = run(kShards);
  const analysis::ChannelMetrics& web = sharded.metrics.channels.at(0);
  // The north shard sees dc-n's 5 mugs only: the 6th north customer finds none,
  // although dc-s still holds 5 (the south shard's, shown to southern customers).
  CHECK(web.lines_promised == 5);
  CHECK(web.lines_turned_away == 1);
  CHECK(web.lines_fulfilled == 5);
  CHECK(web.oversells == 0);
  // Each left at the DC's 16:00 cutoff: (15 + 14 + 13 + 12 + 11) h / 5.
  CHECK(web.cycle_time.count() == 5);
  CHECK(web.cycle_time.mean() == Approx(13.0 * 3600.0).margin(1e-6));

  // One OMS sees both DCs: all six are sold, the 6th from dc-s.
  const auto whole = run(kShards, kOneOms);
  const analysis::ChannelMetrics& one = whole.metrics.channels.at(0);
  CHECK(one.lines_promised == 6);
  CHECK(one.lines_turned_away == 0);
  CHECK(one.lines_fulfilled == 6);
}

TEST_CASE("OMS shards: southern customers buy the south shard's stock", "[models][shards]") {
  // Three north and three south customers take 3 mugs from each DC: nothing turned away.
  std::vector<std::string> sets;
  for (int i : {1, 3, 5}) {
    sets.push_back("/demand/web/trace/" + std::to_string(i) + "/region=\"south\"");
  }
  const auto r = run(kShards, sets);
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.lines_promised == 6);
  CHECK(web.lines_fulfilled == 6);
  CHECK(web.cycle_time.mean() == Approx(12.5 * 3600.0).margin(1e-6));  // (15 + 14 + ... + 10) h / 6
  // Three southern customers, then thirteen northern ones: the north shard sells 5.
  std::string trace = R"([{ "at": "1h", "sku": "MUG", "region": "south" }, { "at": "2h", "sku": "MUG", "region": "south" },
                          { "at": "3h", "sku": "MUG", "region": "south" })";
  for (int i = 0; i < 13; ++i) {
    trace += R"(, { "at": ")" + std::to_string(4 + i) + R"(h", "sku": "MUG", "region": "north" })";
  }
  const auto more = run(kShards, {"/demand/web/trace=" + trace + "]"});
  CHECK(more.metrics.channels.at(0).lines_promised == 8);     // 3 south + 5 north
  CHECK(more.metrics.channels.at(0).lines_turned_away == 8);  // the north's 6th to 13th; 2 mugs stay at dc-s
}

TEST_CASE("OMS shards: hard and soft reservations go to the shard of the customer's region", "[models][shards]") {
  for (const char* reservation : {R"({"name": "hard"})", R"({"name": "soft"})", R"({"name": "local"})"}) {
    INFO(reservation);
    std::vector<std::string> sets = {std::string("/policies/reservation=") + reservation};
    const auto r = run(kShards, sets);
    CHECK(r.metrics.channels.at(0).lines_fulfilled == 5);
    CHECK(r.metrics.channels.at(0).lines_turned_away == 1);
    CHECK(r.metrics.channels.at(0).oversells == 0);
  }
}

TEST_CASE("OMS shards: a batch keeps each shard's latest figure of a SKU", "[models][shards]") {
  // The figures reach the storefront through a hub, in an hourly batch; no reservation
  // (the view alone decides). 2 mugs a DC: a northern and a southern customer each buy one
  // before the 1h flush, so the storefront learns north 1 and south 1. A northern customer
  // asking 2 at 1h10 is then turned away: had the south's figure replaced the north's in
  // the batch (one entry per SKU), the north would still show 2 and the line would oversell.
  const std::string trace = R"([{ "at": "30m", "sku": "MUG", "region": "north" },
    { "at": "40m", "sku": "MUG", "region": "south" },
    { "at": "70m", "sku": "MUG", "units": 2, "region": "north" }])";
  std::string text = kShards;
  const auto swap = [&text](const std::string& from, const std::string& to) {
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
  };
  swap(R"({ "id": "web", "kind": "storefront", "region": "cloud" },)",
       R"({ "id": "web", "kind": "storefront", "region": "cloud" },
          { "id": "hub", "kind": "broker", "params": { "capacity_per_s": 1000 } },)");
  swap(R"({ "from": "oms-*", "to": "web", "carries": "availability", "mode": "stream", "latency": "1s" })",
       R"({ "from": "oms-*", "to": "hub", "carries": "availability", "mode": "stream", "latency": "1s" },
          { "from": "hub", "to": "web", "carries": "availability", "mode": "batch", "interval": "1h", "latency": "1s" })");
  const auto r = run(text, {"/policies/reservation={\"name\": \"none\"}", "/nodes/0/inventory/units_per_sku=2",
                            "/nodes/1/inventory/units_per_sku=2", "/demand/web/trace=" + trace});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.lines_promised == 2);
  CHECK(web.lines_turned_away == 1);
  CHECK(web.oversells == 0);
}

TEST_CASE("OMS shards: each shard keeps its own settings", "[models][shards]") {
  // Three southern customers (1h, 3h, 5h); the south shard releases every 6 hours, the
  // north one at once: the south's lines wait for the 6h tick, the north's do not (with the
  // first shard's settings for both, every line is released after 1 s).
  std::vector<std::string> sets = {"/nodes/4/params/release_interval=\"6h\""};
  for (int i : {0, 2, 4}) {
    sets.push_back("/demand/web/trace/" + std::to_string(i) + "/region=\"south\"");
  }
  const auto r = run(kShards, sets);
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  REQUIRE(web.release_latency.count() == 6);
  // Capture to release: 5 h, 3 h and 1 h in the south; 1 s (the link to the shard) in the north.
  CHECK(web.release_latency.max() == Approx(5.0 * 3600.0).margin(1e-6));
  CHECK(web.release_latency.mean() == Approx((3 * 1.0 + (5.0 + 3.0 + 1.0) * 3600.0) / 6.0).margin(1e-6));
}

TEST_CASE("OMS shards: a line a shard cannot source is oversold, whatever another shard holds", "[models][shards]") {
  // The storefront hears nothing new for 20 hours and reserves nothing: it promises all
  // seven northern lines. The north shard sources five; the sixth and seventh no north
  // node covers. The south DC's 5 mugs do not make them false cancellations: the shard
  // could never have sourced there (as one OMS owning only the north DC could not).
  std::string trace = "[";
  for (int i = 0; i < 7; ++i) {
    trace += std::string(i ? ", " : "") + R"({ "at": ")" + std::to_string(1 + i) + R"(h", "sku": "MUG", "region": "north" })";
  }
  const auto r = run(kShards, {"/policies/reservation={\"name\": \"none\"}", "/demand/web/trace=" + trace + "]",
                               "/links/4/mode=\"batch\"", "/links/4/interval=\"20h\""});
  const analysis::ChannelMetrics& web = r.metrics.channels.at(0);
  CHECK(web.lines_promised == 7);
  CHECK(web.lines_fulfilled == 5);
  CHECK(web.oversells == 2);
  CHECK(web.false_cancellations == 0);
}

TEST_CASE("OMS shards: a trace's customers need a path to their regions' shards", "[models][shards]") {
  // No channel regions, trace customers in the south, orders only to the north shard.
  std::string trace = R"([{ "at": "1h", "sku": "MUG", "region": "south" }])";
  CHECK_THAT(errors_of(kShards, {"/demand/web/regions=null", "/demand/web/trace=" + trace, "/links/0/to=\"oms-n\""}),
             Catch::Contains("expected an orders link (or a path of them) from \"web\" to the OMS \"oms-s\""));
  // Every customer named in the north: the north shard alone is needed.
  trace = R"([{ "at": "1h", "sku": "MUG", "region": "north" }])";
  const models::scenario::LoadResult ok = models::scenario::load_scenario_text(
      kShards, "shards.json", {"/demand/web/regions=null", "/demand/web/trace=" + trace, "/links/0/to=\"oms-n\""});
  INFO(ok.diags.format("shards.json"));
  CHECK(ok.ok());
}

TEST_CASE("OMS shards: the build says which shard owns each region and node", "[models][shards]") {
  const models::scenario::LoadResult loaded = models::scenario::load_scenario_text(kShards, "shards.json", {});
  REQUIRE(loaded.ok());
  const auto model = models::retail::build(loaded.scenario->baseline);
  const auto& topology = *model.topology;
  REQUIRE(topology.oms_shards == std::vector<std::size_t>{3, 4});
  CHECK(topology.oms_for_node(0) == 3);  // dc-n
  CHECK(topology.oms_for_node(1) == 4);  // dc-s
  CHECK(model.notes.empty());
}

TEST_CASE("OMS shards: a scenario whose shards do not own every region once is refused", "[models][shards]") {
  CHECK_THAT(errors_of(kShards, {"/nodes/4/params/regions=\"\""}),
             Catch::Contains("/nodes/4/params/regions") &&
                 Catch::Contains("expected the regions OMS shard \"oms-s\" owns (with 2 oms nodes, each names its "
                                 "regions), found none"));
  CHECK_THAT(errors_of(kShards, {"/nodes/4/params/regions=\"south, north\""}),
             Catch::Contains("expected each region owned by one OMS shard, found \"north\" owned by \"oms-n\" too"));
  CHECK_THAT(errors_of(kShards, {"/nodes/4/params/regions=\"south, mars\""}),
             Catch::Contains("expected a region some node or channel is in (cloud, north, south), found \"mars\""));
  CHECK_THAT(errors_of(kShards, {"/nodes/0/region=\"east\""}),
             Catch::Contains("/nodes/3/params/regions") &&
                 Catch::Contains("expected an OMS shard to own region \"east\" (\"dc-n\" is there), found none"));
  // A shard that shows the storefront nothing, where the other does.
  CHECK_THAT(errors_of(kShards, {"/links/4/from=\"oms-n\"", "/demand/web/trace/1/region=\"south\""}),
             Catch::Contains("expected an availability link (or a path of them) from the OMS \"oms-s\" to \"web\", "
                             "as from \"oms-n\", found none"));
  // A shard the storefront cannot reach with orders.
  CHECK_THAT(errors_of(kShards, {"/links/0/to=\"oms-n\"", "/demand/web/trace/1/region=\"south\""}),
             Catch::Contains("expected an orders link (or a path of them) from \"web\" to the OMS \"oms-s\""));
}
