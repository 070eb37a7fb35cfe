// bench/order_log_bench.cpp — an order log of a million lines: how long loading
// (reading and checking every line) takes, what a run's replay of it costs beyond
// the simulation, and the memory the compact records and the process take.
//
//   build/release/bench/order_log_bench [LINES] [FOLDER]
//
// Writes FOLDER/orders.csv (LINES lines, default 1,000,000: one to three lines an
// order over 24 hours), FOLDER/catalogue.csv (1,000 SKUs) and FOLDER/scenario.json
// (one storefront replaying the log x 1.3), loads the scenario with the loader
// `peaksim run` uses, then replays the log as a run's demand process does (cursor,
// scale draws, baskets) and prints the figures. The whole run, simulation
// included: /usr/bin/time -v build/release/peaksim run FOLDER/scenario.json --replications 1 --quiet
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "models/retail/demand.h"
#include "models/scenario/data/order_log.h"
#include "models/scenario/loader.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

void write_files(const std::filesystem::path& folder, std::size_t lines) {
  std::filesystem::create_directories(folder);
  constexpr int kSkus = 1000;
  {
    std::ofstream out(folder / "catalogue.csv");
    out << "sku,price,unit_cost,popularity\n";
    for (int sku = 1; sku <= kSkus; ++sku) {
      out << "SKU-" << sku << ',' << 10 + sku % 90 << ".99,," << 1.0 / sku << '\n';
    }
  }
  {
    std::ofstream out(folder / "orders.csv");
    out << "timestamp,channel,order_id,sku,units,region\n";
    const char* regions[] = {"north", "south", ""};
    std::uint64_t state = 42;  // a fixed LCG: the same file every time
    const auto draw = [&state](std::uint64_t n) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % n;
    };
    const double gap_s = 86400.0 / (static_cast<double>(lines) / 2.0);  // about two lines an order
    double at_s = 0.0;
    std::size_t written = 0;
    for (std::size_t order = 0; written < lines; ++order) {
      at_s += gap_s;
      const std::size_t count = std::min<std::size_t>(1 + draw(3), lines - written);
      const char* region = regions[draw(3)];
      char stamp[32];
      std::snprintf(stamp, sizeof stamp, "%.3fs", std::min(at_s, 86399.0));
      const std::uint64_t first = draw(kSkus);
      for (std::size_t line = 0; line < count; ++line) {
        // Distinct SKUs within the order: consecutive ones from a drawn first.
        const std::uint64_t sku = 1 + (first + line) % kSkus;
        out << stamp << ",web,O" << order << ",SKU-" << sku << ',' << 1 + draw(2) << ',' << region << '\n';
      }
      written += count;
    }
  }
  std::ofstream(folder / "scenario.json") << R"({
  "name": "order-log-bench", "seed": 1, "horizon": "24h", "replications": 1,
  "catalog": { "csv": "catalogue.csv" },
  "nodes": [
    { "id": "dc-1", "kind": "warehouse", "region": "north", "inventory": { "units_per_sku": 100000 } },
    { "id": "storefront", "kind": "storefront" },
    { "id": "oms", "kind": "oms" }
  ],
  "links": [
    { "from": "oms", "to": "storefront", "carries": "availability", "mode": "batch", "interval": "5m", "latency": "1s" },
    { "from": "storefront", "to": "oms", "carries": "orders", "mode": "stream", "latency": "1s" },
    { "from": "oms", "to": "dc-1", "carries": "orders", "mode": "stream", "latency": "2s" },
    { "from": "dc-1", "to": "oms", "carries": "shipments", "mode": "stream", "latency": "2s" }
  ],
  "demand": { "web": { "nodes": "storefront", "order_log": { "csv": "orders.csv", "scale": 1.3 }, "regions": { "north": 1, "south": 1 } } }
}
)";
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t lines = argc > 1 ? std::stoul(argv[1]) : 1'000'000;
  const std::filesystem::path folder =
      argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path() / "peaksim-order-log-bench";
  auto start = std::chrono::steady_clock::now();
  write_files(folder, lines);
  std::cout << "wrote " << lines << " lines to " << (folder / "orders.csv").string() << " ("
            << std::filesystem::file_size(folder / "orders.csv") / (1 << 20) << " MiB) in " << seconds_since(start) << " s\n";
  const double before_load = peak_mib();
  start = std::chrono::steady_clock::now();
  const auto loaded = models::scenario::load_scenario_file((folder / "scenario.json").string());
  const double load_s = seconds_since(start);
  if (!loaded.ok()) {
    std::cerr << loaded.diags.format((folder / "scenario.json").string());
    return 2;
  }
  const auto& spec = loaded.scenario->baseline;
  const auto& channel = spec.channels.front();
  const auto& log = *channel.order_log->log;
  std::cout << "load and check: " << load_s << " s (" << log.orders() << " orders, " << log.lines() << " lines)\n"
            << "compact records: " << log.bytes() << " bytes, " << static_cast<double>(log.bytes()) / static_cast<double>(log.lines())
            << " bytes a line\n"
            << "peak resident memory: " << before_load << " MiB before loading, " << peak_mib() << " MiB after\n";
  // What a run's capture node does with it: arrivals and baskets, scale 1.3 drawn per order.
  start = std::chrono::steady_clock::now();
  models::retail::DemandProcess demand(channel, spec.skus, spec.horizon);
  sim::LpRandom rng(spec.seed, 0, 1);
  std::size_t orders = 0;
  std::size_t basket_lines = 0;
  sim::Time now = sim::Time::zero();
  while (const auto next = demand.next_arrival(now, rng)) {
    now = *next;
    basket_lines += demand.basket(rng, now).size();
    ++orders;
  }
  std::cout << "replay (x1.3): " << seconds_since(start) << " s for " << orders << " orders, " << basket_lines
            << " lines\n"
            << "peak resident memory: " << peak_mib() << " MiB\n";
  return 0;
}
