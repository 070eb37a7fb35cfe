// models/retail/build/context.h — what the steps of building a retail model share.
//
// build() (models/retail/build.cpp) runs the steps in order: topology and routes
// (topology.cpp), the levers (levers.cpp), the OMS's configuration
// (oms_setup.cpp), the returns plan (returns_plan.cpp), then one LP per node by
// its kind's registry factory (lps.cpp) and one sender per link. Each step reads
// what the earlier ones left here.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "models/retail/build.h"
#include "models/retail/demand.h"
#include "models/retail/open_hours.h"
#include "models/retail/levers/allocation.h"
#include "models/retail/levers/batching.h"
#include "models/retail/levers/middleware.h"
#include "models/retail/levers/reservation.h"
#include "models/retail/oms.h"
#include "models/retail/returns.h"

namespace models::retail {

// The scenario's levers, built by their registry factories.
struct Levers {
  std::unique_ptr<ReservationPolicy> reservation;
  std::shared_ptr<const AllocationPolicy> allocation;  // shared with the OMS
  std::unique_ptr<BatchingPolicy> batching;
  std::unique_ptr<MiddlewarePolicy> middleware;
};

// Region names as small codes: 1-based in name order, 0 for none or unknown.
class RegionCodes {
 public:
  explicit RegionCodes(const scenario::ScenarioSpec& spec);
  [[nodiscard]] std::uint16_t code(const std::string& name) const;
  [[nodiscard]] std::size_t size() const { return names_.size(); }

 private:
  std::set<std::string> names_;
};

struct BuildContext {
  BuildContext(const scenario::ScenarioSpec& spec, std::uint32_t replication, RetailModel& model);

  const scenario::ScenarioSpec& spec;
  std::uint32_t replication;
  RetailModel& model;
  std::shared_ptr<Topology> topology;
  std::vector<std::uint16_t> slot_of_link;  // a link's index among its sending LP's senders
  Levers levers;
  RegionCodes regions;
  OmsConfig oms;                                        // empty when the scenario has no OMS; every shard's candidates
  std::vector<std::vector<OmsConfig::Feed>> shard_feeds;  // [shard][sender slot]: the feeds of each OMS shard
  std::vector<std::int64_t> network_available;          // [shard * SKUs + SKU]: what capture nodes start from
  std::vector<std::vector<ReturnSource>> return_sources;  // per node
  // Per channel: its SKU draw, built by its first demand process and shared by the others.
  std::vector<std::shared_ptr<const DemandProcess::SkuDraw>> sku_draws;
  // Stores' opening hours by their JSON text: stores with the same hours share one.
  std::map<std::string, OpenHours> open_hours;
};

// A weekly-hours parameter on the clock, shared by every node with the same hours (lps.cpp).
[[nodiscard]] OpenHours hours_of(BuildContext& context, const nlohmann::json& hours);

// The steps, in the order build() runs them.
[[nodiscard]] std::shared_ptr<Topology> make_topology(const scenario::ScenarioSpec& spec, std::uint32_t replication,
                                                      std::vector<std::uint16_t>& slot_of_link);
[[nodiscard]] Levers make_levers(const scenario::ScenarioSpec& spec);
void set_up_oms(BuildContext& context);
// Called by set_up_oms once its candidates are known (build/safety_stock.cpp): the
// policies.safety_stock rules as units, into oms (candidates' safety, network and channel safety).
void set_up_safety_stock(BuildContext& context);
// Per SKU: the safety stock the OMS (shard `shard`) holds back from what it publishes toward a capture node.
// An OMS node's own settings (release interval, backorders, re-routes), into `oms`.
void set_shard_params(const scenario::ParamValues& params, OmsConfig& oms);
// The configuration of OMS shard `shard` (its own settings): the candidates it owns and its feeds (the whole when unsharded).
[[nodiscard]] OmsConfig shard_config(const BuildContext& context, std::size_t shard);
[[nodiscard]] std::vector<std::int64_t> safety_toward(const BuildContext& context, std::size_t capture_node,
                                                     std::size_t shard = 0);
[[nodiscard]] std::vector<std::vector<ReturnSource>> plan_returns(const scenario::ScenarioSpec& spec,
                                                                  const std::vector<std::size_t>& channel_of_node,
                                                                  RetailModel& model);

// "16:00" -> 16 hours since midnight (the loader has checked the form).
[[nodiscard]] sim::Duration since_midnight(const std::string& hh_mm);

}  // namespace models::retail
