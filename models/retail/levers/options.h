// models/retail/levers/options.h — every lever option's factory, as the registry lists them.
//
// Each option is one file under levers/<lever>/ (sourcing's in sourcing/) that
// defines its class in an unnamed namespace and one factory declared here;
// models/registry.cpp names the factory next to the option's name, help and
// parameters. Adding an option: its file, its line here, its registry line.
#pragma once

#include <memory>

#include "models/retail/levers/allocation.h"
#include "models/retail/levers/batching.h"
#include "models/retail/levers/middleware.h"
#include "models/retail/levers/reservation.h"
#include "models/retail/levers/safety_stock.h"
#include "models/retail/sourcing.h"

namespace models::retail {

using scenario::ParamValues;

std::unique_ptr<ReservationPolicy> make_reservation_none(const ParamValues& params);
std::unique_ptr<ReservationPolicy> make_reservation_local(const ParamValues& params);
std::unique_ptr<ReservationPolicy> make_reservation_hard(const ParamValues& params);
std::unique_ptr<ReservationPolicy> make_reservation_soft(const ParamValues& params);

// Allocation options take the scenario's demand channel names, by channel index.
std::unique_ptr<AllocationPolicy> make_allocation_shared_pool(const ParamValues& params,
                                                              const std::vector<std::string>& channels);
std::unique_ptr<AllocationPolicy> make_allocation_ats_share(const ParamValues& params,
                                                            const std::vector<std::string>& channels);
std::unique_ptr<AllocationPolicy> make_allocation_ring_fenced(const ParamValues& params,
                                                              const std::vector<std::string>& channels);

std::unique_ptr<SafetyStockForm> make_safety_stock_fixed(const ParamValues& params);
std::unique_ptr<SafetyStockForm> make_safety_stock_percent(const ParamValues& params);
std::unique_ptr<SafetyStockForm> make_safety_stock_velocity(const ParamValues& params);
std::unique_ptr<SafetyStockForm> make_safety_stock_service_level(const ParamValues& params);

std::unique_ptr<BatchingPolicy> make_batching_as_configured(const ParamValues& params);
std::unique_ptr<BatchingPolicy> make_batching_stream_inventory(const ParamValues& params);
std::unique_ptr<BatchingPolicy> make_batching_scaled(const ParamValues& params);

std::unique_ptr<SourcingPolicy> make_sourcing_nearest(const ParamValues& params, const SourcingSetup& setup);
std::unique_ptr<SourcingPolicy> make_sourcing_dc_first(const ParamValues& params, const SourcingSetup& setup);
std::unique_ptr<SourcingPolicy> make_sourcing_store_first(const ParamValues& params, const SourcingSetup& setup);
std::unique_ptr<SourcingPolicy> make_sourcing_min_split(const ParamValues& params, const SourcingSetup& setup);
std::unique_ptr<SourcingPolicy> make_sourcing_capacity_aware(const ParamValues& params, const SourcingSetup& setup);
std::unique_ptr<SourcingPolicy> make_sourcing_cost(const ParamValues& params, const SourcingSetup& setup);
std::unique_ptr<SourcingPolicy> make_sourcing_sla_risk(const ParamValues& params, const SourcingSetup& setup);

std::unique_ptr<MiddlewarePolicy> make_middleware_at_least_once(const ParamValues& params);
std::unique_ptr<MiddlewarePolicy> make_middleware_at_most_once(const ParamValues& params);

}  // namespace models::retail
