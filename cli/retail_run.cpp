#include "cli/retail_run.h"

#include "models/retail/build.h"
#include "sim/memory.h"
#include "sim/parallel_engine.h"
#include "sim/sequential_engine.h"

namespace peaksim {

RetailRun run_retail(const models::scenario::ScenarioSpec& spec, std::uint32_t replication,
                     const RunSettings& settings) {
  models::retail::RetailModel model = models::retail::build(spec, replication);
  analysis::RetailRecorder recorder(model.network.lp_count());
  sim::EngineOptions options;
  options.seed = spec.seed;
  options.replication = replication;
  options.end = sim::Time::zero() + spec.horizon;
  options.threads = settings.threads;
  options.partitions = settings.partitions;
  options.fall_back = settings.fall_back;
  options.probes = &recorder;
  options.progress = settings.progress;
  RetailRun run;
  run.stats = settings.parallel ? sim::ParallelEngine(options).run(model.network)
                                : sim::SequentialEngine(options).run(model.network);
  analysis::RetailRecorder::Context context{model.channels, model.promises, model.groups, model.group_pickers,
                                            model.brokers, sim::Time::zero() + spec.warmup, options.end,
                                            model.bopis_promises, model.reasons, {}, model.sources, {}, {}, {},
                                            model.replenishment, model.receiving_groups, model.shards};
  context.outages = model.outages;
  for (sim::LpId lp = 0; lp < model.network.lp_count(); ++lp) {
    context.nodes.push_back(model.network.lp_name(lp));
  }
  for (const auto& sku : spec.skus) {
    context.prices.push_back(sku.price);
    context.unit_costs.push_back(sku.unit_cost);
  }
  for (const auto& channel : spec.channels) {
    context.cancellation_costs.push_back(channel.cancellation_cost);
  }
  // The model's LPs (every node's stock and every system's view) are done with: free them
  // before analysis builds its own arrays, so the two never peak together.
  model.network.release_processes();
  sim::return_free_memory();
  run.metrics = recorder.compute(context);
  run.notes = std::move(model.notes);
  return run;
}

}  // namespace peaksim
