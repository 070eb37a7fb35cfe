// models/retail/sourcing.h — sourcing policies: which node ships an order's lines.
//
// Each policy is a small class behind one interface, selected by name in the
// scenario (`policies.sourcing`), and called by the OMS at release with what
// the OMS believes — possibly stale — about every candidate node. Policies are
// pure: the same order and candidates give the same decision, so they can be
// tested directly on hand-made candidates (tests/models/sourcing_test.cpp).
// A decision carries the components of its score, so it can be explained.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/retail/ids.h"
#include "models/scenario/param_table.h"

namespace models::retail {

// What the OMS knows of one node it can source from.
struct SourcingCandidate {
  std::size_t slot = 0;         // the OMS's index of the node (what decisions name)
  std::uint16_t region = 0;     // 0: none given
  bool is_store = false;        // a store (ship-from-store) rather than a distribution centre
  std::int64_t queue = 0;       // orders the OMS believes are waiting at the node (released, not shipped)
  double picks_per_hour = 0.0;  // the node's pick capacity (pickers / mean pick+pack time); 0: unknown
  double hours_to_cutoff = 0.0; // from now to the node's next carrier cutoff
  double distance = 0.0;        // node region to customer region, in transit hours (0 in the same region)
};

// One line of the order being sourced.
struct SourcingLine {
  std::uint32_t sku = 0;
  std::int64_t units = 1;
};

struct SourcingRequest {
  std::vector<SourcingLine> lines;  // an order's lines (at least one)
  std::uint16_t customer_region = 0;
  double hours_to_promise = 0.0;    // from now to the promised ship-by
  // When not 0: candidates [0, near_first) are in the customer's region and no later
  // one is (the OMS lists them so). Nearest then looks no further when one of them
  // covers a line. 0: nothing is known of the order (any list is valid).
  std::size_t near_first = 0;
  // Units the OMS shows for each line's SKU at each candidate, candidate-major:
  // shown[candidate index * lines.size() + line index]. The OMS fills it as it lists
  // its candidates (one pass over each SKU's nodes); left empty, the policy fills it
  // from `available` (tests, and callers that have no table).
  std::vector<std::int64_t> shown;
  // Units the OMS shows as available at candidate `slot` for `sku`.
  std::function<std::int64_t(std::size_t slot, std::uint32_t sku)> available;
};

struct SourcingDecision {
  std::vector<std::size_t> slot_of_line;  // per request line: the chosen candidate slot, or kNoNode
  // Why, for the chosen nodes: named parts of the score, e.g. {"backlog_hours", 1.5}.
  std::vector<std::pair<std::string_view, double>> components;  // names: probes::kSourcingParts
  double score = 0.0;  // the policy's own measure (cost, risk, ...); lower is better
};

// What each candidate shows for each line: SourcingRequest::shown, as the policies read it.
class ShownUnits {
 public:
  ShownUnits(std::span<const std::int64_t> units, std::size_t lines) : units_(units), lines_(lines) {}
  [[nodiscard]] std::int64_t at(std::size_t candidate, std::size_t line) const { return units_[candidate * lines_ + line]; }

 private:
  std::span<const std::int64_t> units_;
  std::size_t lines_;
};

class SourcingPolicy {
 public:
  virtual ~SourcingPolicy() = default;
  // The policy's choice for each line of `request` among `candidates`. Throws
  // std::invalid_argument when `request.shown` is neither empty nor one figure per
  // candidate and line, or is empty without `available`.
  [[nodiscard]] SourcingDecision choose(const SourcingRequest& request,
                                        const std::vector<SourcingCandidate>& candidates) const;
  [[nodiscard]] virtual const char* name() const = 0;

 protected:
  [[nodiscard]] virtual SourcingDecision decide(const SourcingRequest& request,
                                                const std::vector<SourcingCandidate>& candidates,
                                                const ShownUnits& shown) const = 0;
};

// What a sourcing policy may be built with besides its parameters: nothing
// today (every figure a policy uses is one of its parameters); kept so that a
// policy needing the scenario's data has a place for it.
struct SourcingSetup {};

// The policy of that name, built by its registry factory (models/registry.cpp lists
// them and their parameters); throws std::invalid_argument for an unknown name.
[[nodiscard]] std::unique_ptr<SourcingPolicy> make_sourcing_policy(const std::string& name,
                                                                   const scenario::ParamValues& params);

}  // namespace models::retail
