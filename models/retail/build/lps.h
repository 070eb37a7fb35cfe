// models/retail/build/lps.h — one LP per node, by kind: the registry's LP factories.
//
// models/registry.cpp names one of these for each node kind. A factory reads the
// node's spec and what the earlier build steps left in the BuildContext, and
// sets `load`, the LP's expected share of the work, for partitioning.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace models::retail {

class RetailLp;
struct BuildContext;

// store, warehouse: physical stock, walk-in sales, picking, returns.
std::unique_ptr<RetailLp> make_physical_lp(BuildContext& context, std::size_t node, double& load);
// storefront, marketplace: online capture against an availability view (a relay when no channel captures there).
std::unique_ptr<RetailLp> make_capture_lp(BuildContext& context, std::size_t node, double& load);
// oms: the hub that sources and releases.
std::unique_ptr<RetailLp> make_oms_lp(BuildContext& context, std::size_t node, double& load);
// erp, wms, broker, customer_service: systems that relay, keep positions, post or show status.
std::unique_ptr<RetailLp> make_system_lp(BuildContext& context, std::size_t node, double& load);
// vendor: takes replenishment orders and ships them (build/supply.cpp).
std::unique_ptr<RetailLp> make_vendor_lp(BuildContext& context, std::size_t node, double& load);
// Once every LP is made: each replenishing node's policy, dock and targets, and its lanes to and
// from its supplier (build/supply.cpp).
void add_supply(BuildContext& context, const std::vector<RetailLp*>& lps);

}  // namespace models::retail
