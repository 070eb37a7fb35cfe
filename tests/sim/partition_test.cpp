#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

#include "lambda_lp.h"
#include "models/synthetic/relay.h"
#include "sim/partition.h"

using sim::Duration;

TEST_CASE("partition_network: LPs joined by zero-latency links share a partition", "[sim][partition]") {
  models::RelayParams params;
  params.lps = 40;
  params.block = 4;
  const sim::Network net = models::build_relay(params);
  const std::uint32_t requested = GENERATE(1u, 2u, 3u, 7u);
  const sim::Partitioning split = sim::partition_network(net, requested);
  CHECK(split.count == requested);
  for (const sim::Link& link : net.links()) {
    if (link.min_latency == Duration::zero()) {
      INFO("link " << link.name);
      CHECK(split.partition_of[link.from] == split.partition_of[link.to]);
    }
  }
  // The lookahead is the smallest latency of a link that leaves the partition,
  // never zero; nothing leaves a lone partition.
  std::vector<Duration> want(split.count, Duration::max());
  for (const sim::Link& link : net.links()) {
    const std::uint32_t from = split.partition_of[link.from];
    if (from != split.partition_of[link.to]) {
      want[from] = std::min(want[from], link.min_latency);
    }
  }
  for (std::uint32_t p = 0; p < split.count; ++p) {
    INFO("partition " << p);
    CHECK(split.lookahead[p] == want[p]);
    CHECK(split.lookahead[p] >= Duration::millis(1));
  }
}

TEST_CASE("partition_network: loads are balanced within LPT's 4/3 bound", "[sim][partition]") {
  sim::Network net;
  // Weights 1..30 on singleton components.
  for (int idx = 1; idx <= 30; ++idx) {
    net.add_lp(test::lambda_lp({}), "lp" + std::to_string(idx), static_cast<double>(idx));
  }
  const std::uint32_t parts = GENERATE(2u, 3u, 4u);
  const sim::Partitioning split = sim::partition_network(net, parts);
  const double total = 30.0 * 31.0 / 2.0;
  const double heaviest = *std::max_element(split.load.begin(), split.load.end());
  INFO("parts " << parts << " heaviest " << heaviest);
  CHECK(heaviest <= (4.0 / 3.0) * total / parts + 1e-6);
  CHECK(std::accumulate(split.load.begin(), split.load.end(), 0.0) == Approx(total));
}

TEST_CASE("partition_network: never more partitions than components; a zero-latency mesh is one",
          "[sim][partition]") {
  sim::Network net;
  for (int idx = 0; idx < 3; ++idx) {
    net.add_lp(test::lambda_lp({}), "lp" + std::to_string(idx));
  }
  CHECK(sim::partition_network(net, 8).count == 3);
  net.set_mesh(Duration::millis(5));
  const sim::Partitioning with_mesh = sim::partition_network(net, 2);
  CHECK(with_mesh.count == 2);
  CHECK(with_mesh.lookahead[0] == Duration::millis(5));
  net.set_mesh(Duration::zero());
  CHECK(sim::partition_network(net, 2).count == 1);
}

namespace {

// Two hubs, each with three spokes on 200 ms links (both ways), and the hubs joined
// by 1 s links; every LP weighs `spoke` but the hubs, which weigh 3. A last LP, on
// 1 s links to both hubs, weighs `extra`.
sim::Network two_regions(double spoke, double extra) {
  sim::Network net;
  const sim::LpId hub_a = net.add_lp(test::lambda_lp({}), "hub-a", 3.0);
  const sim::LpId hub_b = net.add_lp(test::lambda_lp({}), "hub-b", 3.0);
  for (const sim::LpId hub : {hub_a, hub_b}) {
    for (int i = 0; i < 3; ++i) {
      const sim::LpId s = net.add_lp(test::lambda_lp({}), "spoke", spoke);
      net.add_link(hub, s, Duration::millis(200));
      net.add_link(s, hub, Duration::millis(200));
    }
  }
  net.add_link(hub_a, hub_b, Duration::seconds(1));
  net.add_link(hub_b, hub_a, Duration::seconds(1));
  const sim::LpId last = net.add_lp(test::lambda_lp({}), "extra", extra);
  net.add_link(last, hub_a, Duration::seconds(1));
  net.add_link(hub_b, last, Duration::seconds(1));
  return net;
}

}  // namespace

TEST_CASE("partition_network: keeps LPs on short links together when that balances as well", "[sim][partition]") {
  // Each hub with its spokes weighs 6: cutting only 1 s links balances as well as
  // the finest split, and every window is five times longer.
  const sim::Network net = two_regions(1.0, 0.0);
  const sim::Partitioning split = sim::partition_network(net, 2);
  REQUIRE(split.count == 2);
  for (const sim::Link& link : net.links()) {
    if (link.min_latency < Duration::seconds(1)) {
      CHECK(split.partition_of[link.from] == split.partition_of[link.to]);
    }
  }
  CHECK(split.partition_of[0] != split.partition_of[1]);
  CHECK(split.lookahead[0] == Duration::seconds(1));
  CHECK(split.lookahead[1] == Duration::seconds(1));
}

TEST_CASE("partition_network: splits short links when keeping them together would unbalance", "[sim][partition]") {
  // The extra LP weighs 6: {hub-a + spokes} against {hub-b + spokes + extra} is 6
  // against 12 (balance 1.5), while the finest split reaches 2: the spokes go where
  // they balance, and the lookahead is the 200 ms of their links.
  const sim::Network net = two_regions(1.0, 6.0);
  const sim::Partitioning split = sim::partition_network(net, 2);
  REQUIRE(split.count == 2);
  CHECK(std::abs(split.load[0] - split.load[1]) < 1e-9);
  CHECK(std::min(split.lookahead[0], split.lookahead[1]) == Duration::millis(200));
}
