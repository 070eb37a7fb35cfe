#include "cli/retail_run.h"

#include "models/retail/build.h"
#include "sim/hash.h"
#include "sim/memory.h"
#include "sim/parallel_engine.h"
#include "sim/sequential_engine.h"

namespace peaksim {

namespace {

// The ERP's ledger parameters (the first ERP that keeps one), for analysis's ledger
// (analysis/recorders/finance.h); a case's handling time is drawn from its own stream,
// keyed by the case, so it does not depend on the order cases are read in.
void set_ledger(const models::scenario::ScenarioSpec& spec, std::uint32_t replication,
                analysis::RetailRecorder::Context::Finance& finance) {
  for (const auto& node : spec.nodes) {
    if (node.kind != models::NodeKind::Erp || !node.params.boolean("ledger")) {
      continue;
    }
    finance.ledger = true;
    finance.post_every = node.params.duration("post_every");
    finance.post_capacity = node.params.integer("post_capacity");
    finance.reconcile_every = node.params.duration("reconcile_interval");
    finance.staff = node.params.integer("finance_staff");
    const std::uint64_t salt = sim::run_salt(spec.seed, replication) ^ sim::weyl(0xF1);
    finance.salt = salt;
    finance.handling = [handling = node.params.distribution("finance_handling_time"), salt,
                        replication](std::uint64_t key) {
      sim::LpRandom rng(salt ^ sim::splitmix64(key), replication, 0);
      return handling.sample(rng);
    };
    return;
  }
}

}  // namespace

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
    context.finance.split_tender_share.push_back(channel.split_tender_share);
    context.finance.tender_mismatch.push_back(channel.tender_mismatch);
    context.finance.chargeback_cost.push_back(channel.chargeback_cost);
  }
  set_ledger(spec, replication, context.finance);
  // The model's LPs (every node's stock and every system's view) are done with: free them
  // before analysis builds its own arrays, so the two never peak together.
  model.network.release_processes();
  sim::return_free_memory();
  run.metrics = recorder.compute(context);
  run.notes = std::move(model.notes);
  return run;
}

}  // namespace peaksim
