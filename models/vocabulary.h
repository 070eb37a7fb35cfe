// models/vocabulary.h — the typed words of a scenario: node kinds, traffic, link modes, levers.
//
// Scenario files spell these as strings; the loader (models/scenario/) turns each
// into one of the enums below, once, and no code after loading compares a name.
// The spelling of each value is its to_string(), which is also what the schema,
// the errors and the reports print.
//
//   if (const auto kind = parse<NodeKind>("warehouse")) { ... *kind == NodeKind::Warehouse ... }
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

namespace models {

enum class NodeKind : std::uint8_t { Store, Warehouse, Storefront, Marketplace, Oms, Erp, Wms, Broker, CustomerService, Vendor };
inline constexpr std::array<std::string_view, 10> kNodeKindNames = {
    "store", "warehouse", "storefront", "marketplace", "oms", "erp", "wms", "broker", "customer_service", "vendor"};

// What a link carries (one traffic class per link).
enum class Traffic : std::uint8_t { Inventory, Orders, Availability, Status, Shipments, Returns, Refunds };
inline constexpr std::array<std::string_view, 7> kTrafficNames = {"inventory", "orders",  "availability", "status",
                                                                  "shipments", "returns", "refunds"};
inline constexpr std::size_t kTrafficKinds = kTrafficNames.size();

// Nodes of kind oms a scenario may have: shards of one order management by region
// (an availability figure names its shard in 4 bits).
inline constexpr std::uint32_t kMaxOmsShards = 16;

// How a link sends: each message as it happens, in batches, as a file drop, or as a synchronous call.
enum class LinkMode : std::uint8_t { Stream, Batch, File, Sync };
inline constexpr std::array<std::string_view, 4> kLinkModeNames = {"stream", "batch", "file", "sync"};

// The levers users compare; each has its options in the registry (models/registry.cpp).
enum class Lever : std::uint8_t { Reservation, Batching, Sourcing, Middleware, Allocation };
inline constexpr std::array<std::string_view, 5> kLeverNames = {"reservation", "batching", "sourcing", "middleware",
                                                                "allocation"};
inline constexpr std::size_t kLevers = kLeverNames.size();

namespace detail {
template <class Enum>
constexpr const auto& names_of() {
  if constexpr (std::is_same_v<Enum, NodeKind>) {
    return kNodeKindNames;
  } else if constexpr (std::is_same_v<Enum, Traffic>) {
    return kTrafficNames;
  } else if constexpr (std::is_same_v<Enum, LinkMode>) {
    return kLinkModeNames;
  } else {
    static_assert(std::is_same_v<Enum, Lever>, "not a vocabulary enum");
    return kLeverNames;
  }
}
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(NodeKind value) { return kNodeKindNames[static_cast<std::size_t>(value)]; }
[[nodiscard]] constexpr std::string_view to_string(Traffic value) { return kTrafficNames[static_cast<std::size_t>(value)]; }
[[nodiscard]] constexpr std::string_view to_string(LinkMode value) { return kLinkModeNames[static_cast<std::size_t>(value)]; }
[[nodiscard]] constexpr std::string_view to_string(Lever value) { return kLeverNames[static_cast<std::size_t>(value)]; }

// The value spelled `name`, or nullopt.
template <class Enum>
[[nodiscard]] constexpr std::optional<Enum> parse(std::string_view name) {
  const auto& names = detail::names_of<Enum>();
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    if (names[idx] == name) {
      return static_cast<Enum>(idx);
    }
  }
  return std::nullopt;
}

// Every value of an enum, in declaration order.
template <class Enum>
[[nodiscard]] constexpr auto all_values() {
  constexpr std::size_t n = detail::names_of<Enum>().size();
  std::array<Enum, n> out{};
  for (std::size_t idx = 0; idx < n; ++idx) {
    out[idx] = static_cast<Enum>(idx);
  }
  return out;
}

}  // namespace models
