// Build step 2: the scenario's levers, each by its registry factory.
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
  std::vector<std::string> channels;
  for (const auto& channel : spec.channels) {
    channels.push_back(channel.name);
  }
  const auto allocation = spec.policies.find(Lever::Allocation);
  levers.allocation = allocation == spec.policies.end()
                          ? make_allocation_shared_pool({}, channels)
                          : allocation->second.option->make.allocation(allocation->second.params, channels);
  levers.batching = batching.option->make.batching(batching.params);
  levers.middleware = middleware.option->make.middleware(middleware.params);
  return levers;
}

}  // namespace models::retail
