// Build step 2: the scenario's levers, each by its registry factory, and region codes.
#include "models/registry.h"
#include "models/retail/build/context.h"
#include "models/retail/levers/options.h"

namespace models::retail {

Levers make_levers(const scenario::ScenarioSpec& spec) {
  const scenario::PolicySpec& reservation = spec.policies.at(Lever::Reservation);
  const scenario::PolicySpec& batching = spec.policies.at(Lever::Batching);
  const scenario::PolicySpec& middleware = spec.policies.at(Lever::Middleware);
  Levers levers;
  levers.reservation = reservation.option->make.reservation(reservation.params);
  levers.allocation = levers.reservation->allocation();
  levers.batching = batching.option->make.batching(batching.params);
  levers.middleware = middleware.option->make.middleware(middleware.params);
  return levers;
}

RegionCodes::RegionCodes(const scenario::ScenarioSpec& spec) {
  for (const auto& node : spec.nodes) {
    if (!node.region.empty()) {
      names_.insert(node.region);
    }
  }
  for (const auto& channel : spec.channels) {
    for (const auto& [name, weight] : channel.regions) {
      names_.insert(name);
    }
  }
}

std::uint16_t RegionCodes::code(const std::string& name) const {
  const auto it = names_.find(name);
  return it == names_.end() ? 0 : static_cast<std::uint16_t>(std::distance(names_.begin(), it) + 1);
}

BuildContext::BuildContext(const scenario::ScenarioSpec& spec_in, std::uint32_t replication_in, RetailModel& model_in)
    : spec(spec_in), replication(replication_in), model(model_in), regions(spec_in) {}

}  // namespace models::retail
