// bench/scenario_load_bench.cpp — how long loading a scenario takes, expansion and
// all five variants included (parse, schema check, semantic pass, templates, globs).
#include <benchmark/benchmark.h>

#include <string>

#include "models/scenario/loader.h"

namespace {

void BM_LoadScenario(benchmark::State& state, const std::string& file) {
  const std::string path = std::string(PEAKSIM_SOURCE_DIR) + "/scenarios/" + file;
  std::size_t links = 0;
  for (auto _ : state) {
    const auto result = models::scenario::load_scenario_file(path);
    if (!result.ok()) {
      state.SkipWithError("the scenario does not load");
      return;
    }
    links = result.scenario->baseline.links.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["links"] = static_cast<double>(links);
}

BENCHMARK_CAPTURE(BM_LoadScenario, omnichannel_180_stores, std::string("omnichannel-180-stores.json"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LoadScenario, one_sku_one_store, std::string("one-sku-one-store.json"))
    ->Unit(benchmark::kMillisecond);

}  // namespace
