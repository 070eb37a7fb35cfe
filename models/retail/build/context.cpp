// What the build steps share (build/context.h): the context itself, region codes, times of day.
#include "models/retail/build/context.h"

#include "models/scenario/opening_hours.h"

namespace models::retail {

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

sim::Duration since_midnight(const std::string& hh_mm) {
  return sim::Duration::minutes(scenario::minutes_of_day(hh_mm).value());  // checked at load
}

}  // namespace models::retail
