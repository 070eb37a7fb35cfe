// models/scenario/spec.h — a scenario after loading: checked, expanded, typed.
//
// What the loader hands to the model builders: templates are expanded ("180
// stores" are 180 NodeSpecs), globs are resolved to node indices, durations are
// sim::Duration, parameters are checked ParamValues with defaults filled in.
// Each experiment variant is a ScenarioSpec of its own, built from the file
// with that variant's overrides applied and checked like the file itself.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/distribution.h"
#include "models/scenario/param_table.h"
#include "models/vocabulary.h"
#include "sim/time.h"

namespace models::scenario {

struct SkuSpec {
  std::string id;
  double price = 0.0;
  double unit_cost = 0.0;
  double popularity = 0.0;  // normalised weight: all SKUs sum to 1
};

// A node's initial units per SKU (catalog order), read-only once drawn. Variants
// that draw the same stock share one copy (the loader's dedupe): at 1,000 stores x
// 50,000 SKUs one copy is 400 MB, and a scenario has a dozen variants.
class StockLevels {
 public:
  StockLevels() = default;
  StockLevels(std::vector<std::int64_t> units)  // NOLINT(google-explicit-constructor): assigned from a draw
      : units_(std::make_shared<const std::vector<std::int64_t>>(std::move(units))) {}
  [[nodiscard]] const std::vector<std::int64_t>& get() const {
    static const std::vector<std::int64_t> kNone;
    return units_ ? *units_ : kNone;
  }
  operator const std::vector<std::int64_t>&() const { return get(); }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] std::size_t size() const { return get().size(); }
  [[nodiscard]] bool empty() const { return get().empty(); }
  // The shared copy itself (null when there is none), for holders that keep it past the spec.
  [[nodiscard]] const std::shared_ptr<const std::vector<std::int64_t>>& shared() const { return units_; }
  // These levels over `skus` SKUs (0 beyond the listed ones): the same shared copy when it has that many.
  [[nodiscard]] StockLevels sized(std::size_t skus) const {
    if (units_ && units_->size() == skus) {
      return *this;
    }
    std::vector<std::int64_t> out = get();
    out.resize(skus, 0);
    return out;
  }
  [[nodiscard]] std::int64_t operator[](std::size_t sku) const { return get()[sku]; }
  [[nodiscard]] auto begin() const { return get().begin(); }
  [[nodiscard]] auto end() const { return get().end(); }
  bool operator==(const std::vector<std::int64_t>& other) const { return get() == other; }
  bool operator==(const StockLevels& other) const { return units_ == other.units_ || get() == other.get(); }
  // Points at `other`'s copy when the units are the same.
  void share_with(const StockLevels& other) {
    if (units_ != other.units_ && get() == other.get()) {
      units_ = other.units_;
    }
  }

 private:
  std::shared_ptr<const std::vector<std::int64_t>> units_;
};

// A window in which a system is down (NodeSpec::outages), from the start of the horizon.
struct DownWindow {
  sim::Duration start;
  sim::Duration duration;
  [[nodiscard]] sim::Duration end() const { return start + duration; }
};

struct NodeSpec {
  std::string id;
  NodeKind kind = NodeKind::Store;
  std::string region;
  ParamValues params;
  StockLevels inventory;  // initial units per SKU (catalog order); empty for systems
  std::vector<DownWindow> outages;  // when the system is down, in time order, disjoint
  std::string source_pointer;           // where in the file this node was declared
};

struct FaultSpec {
  struct Outage {
    sim::Duration start;
    sim::Duration duration;
    bool replay = true;  // held and replayed in order afterwards; false: lost
  };
  std::vector<Outage> outages;
  double duplicate = 0.0;
  double reorder = 0.0;
  double loss = 0.0;
  double malformed = 0.0;  // chance a message is a record its consumer cannot read (dead-lettered)
  double resend = 0.0;     // chance a batch or file (a stream link: a message) is sent a second time
};

// A link's producer switches to a new schema version at `switch_at`; its consumer
// reads the new version only from `accepts_at` (the mapping's release; none: not
// within the run). A message sent on the new version that arrives before then is
// rejected by its consumer (dead-lettered, or lost without a dead-letter queue).
struct SchemaChange {
  sim::Duration switch_at;
  std::optional<sim::Duration> accepts_at;
};

struct LinkSpec {
  std::size_t from = 0;  // node index
  std::size_t to = 0;
  Traffic carries = Traffic::Inventory;
  LinkMode mode = LinkMode::Stream;
  DurationDistribution latency;
  std::optional<sim::Duration> interval;  // batch and file modes
  std::optional<std::int64_t> max_batch;
  std::optional<double> capacity_per_s;  // an API gateway's rate limit (calls per second)
  std::int64_t burst = 1;                // calls the gateway lets through at once after a quiet spell
  std::int64_t low_stock_threshold = 0;  // availability links: publish at once below it
  std::optional<sim::Duration> timeout;  // sync links: how long the caller waits for a response
  FaultSpec faults;
  std::optional<SchemaChange> schema;
  std::string source_pointer;
};

struct ProfilePoint {
  sim::Duration at;
  double multiplier = 1.0;
};

// A promotion multiplies the demand for its SKUs while it runs: every SKU when
// `skus` is empty, else only those (the channel's rate and its SKU mix both
// change; see models/retail/demand.h).
struct Promotion {
  std::string name;
  sim::Duration start;
  sim::Duration duration;
  double multiplier = 1.0;
  std::vector<std::uint32_t> skus;  // catalog indices, ascending; empty: every SKU
};

struct TraceLine {
  std::uint32_t sku = 0;  // index into the catalog
  std::int64_t units = 1;
};

struct TraceEntry {
  sim::Duration at;
  std::vector<TraceLine> lines;  // one order: distinct SKUs
  std::string region;            // the customer's; empty: drawn from the channel's "regions"
};

class OrderLog;  // models/scenario/data/order_log.h

// Demand replayed from an order log (a CSV file): the orders of one of the log's
// channels, each at its time + time_shift, kept if that falls in [from, to) and
// inside the horizon, and replayed floor(scale) times, once more with probability
// scale - floor(scale) (drawn per order from the capture node's demand stream).
struct OrderLogReplay {
  std::shared_ptr<const OrderLog> log;  // read once, shared by every variant and run
  std::uint16_t channel = 0;            // index into the log's channels
  sim::Duration time_shift;             // may be negative
  sim::Duration from;
  sim::Duration to;
  double scale = 1.0;

  // Whether an order the log puts at `at` is replayed: its shifted time in [from, to) and in the horizon.
  [[nodiscard]] bool keeps(sim::Duration at, sim::Duration horizon) const {
    const sim::Duration t = at + time_shift;
    return t >= from && t < to && t >= sim::Duration::zero() && t < horizon;
  }
  // Whether it and every later order (the log is in time order) fall past the window or the horizon.
  [[nodiscard]] bool past(sim::Duration at, sim::Duration horizon) const {
    const sim::Duration t = at + time_shift;
    return t >= to || t >= horizon;
  }
};

// Units on an order line: value -> weight (an empirical distribution).
struct UnitsPoint {
  std::int64_t value = 1;
  double weight = 1.0;
};
inline constexpr std::int64_t kMaxLineUnits = 63;  // OrderLine's quantity field holds 6 bits

struct ChannelSpec {
  std::string name;
  std::vector<TraceEntry> trace;  // a fixed list of customers instead of the Poisson process
  std::optional<OrderLogReplay> order_log;  // or last year's orders from a CSV file
  std::vector<std::size_t> nodes;  // capture nodes
  double orders_per_hour = 0.0;    // per capture node
  std::vector<ProfilePoint> profile;
  std::vector<Promotion> promotions;
  double basket_mean = 1.0;
  std::int64_t basket_max = 1;
  std::vector<UnitsPoint> units_per_line;  // empty: one unit per line
  std::optional<double> zipf;  // overrides the catalog's popularity for this channel
  std::map<std::string, double> regions;
  double bopis_share = 0.0;                              // orders picked up in a store
  sim::Duration bopis_promise = sim::Duration::hours(2);  // capture to ready for pickup
  sim::Duration promise = sim::Duration::hours(48);  // capture to shipped, as promised to the customer
  double return_rate = 0.0;
  std::map<std::string, double> return_reasons;
  std::optional<double> return_in_store;  // online channels: share returned in a store (unset: by node kind)
  double return_resellable = 0.7;         // share of returned units fit to sell again
  double cancellation_cost = 0.0;  // currency per promised line canceled (appeasement, marketplace penalties)
  // The ledger (the ERP's `ledger`): the share of orders paid with two tenders, the
  // chance a tender's settlement disagrees with the posted sale, and a marketplace's
  // chargeback per canceled or late line.
  double split_tender_share = 0.0;
  double tender_mismatch = 0.0;
  double chargeback_cost = 0.0;
};

}  // namespace models::scenario
namespace models {
struct PolicyOption;     // models/registry.h
struct SafetyStockOption;  // models/registry.h
}
namespace models::scenario {

// A lever's chosen option (from the registry, which knows how to build it) and its checked parameters.
struct PolicySpec {
  const PolicyOption* option = nullptr;
  ParamValues params;

  [[nodiscard]] const std::string& name() const;  // the option's name, for messages and reports
};

// One safety stock rule (policies.safety_stock): where it holds units, and how many (its form).
struct SafetyRuleSpec {
  enum class Scope : std::uint8_t { Node, Kind, Network, Channel };
  Scope scope = Scope::Network;
  std::string selector;            // the node id or glob, the kind, or the channel as written
  int specificity = 0;             // node-level rules: 3 a node id, 2 a glob, 1 a kind
  std::vector<std::size_t> nodes;  // Node and Kind: the nodes it matches
  std::size_t channel = 0;         // Channel: the demand channel
  const models::SafetyStockOption* form = nullptr;
  ParamValues params;              // the form's, checked
  std::string pointer;             // where in the file
};

struct GateSpec {
  std::string name;
  std::string metric;
  std::map<std::string, std::string> labels;
  std::string statistic;
  std::string comparison;
  double threshold = 0.0;
  bool inconclusive_passes = false;
  // Which variants it judges: empty, every one (the file's order); names, these.
  std::vector<std::string> variants;
  // Empty: the gate judges the metric's own interval. A variant's name: the paired
  // difference (this variant - that one), replication by replication, and the
  // gate never judges that variant itself.
  std::string relative;
  std::string pointer;  // where in the file, for errors found once the variants are known

  // Whether this gate judges `variant`.
  [[nodiscard]] bool judges(const std::string& variant) const {
    return variant != relative &&
           (variants.empty() || std::find(variants.begin(), variants.end(), variant) != variants.end());
  }
};

// A sweep variant's value on one axis of its experiment's "axes".
struct SweepPoint {
  std::string sweep;  // the experiment's name
  std::string axis;   // the axis's name
  std::string label;  // the value as the variant's name spells it
  double value = 0.0;  // a number, or a duration in seconds; NaN when the axis is not numeric
  std::string unit;    // "s" for durations, "" otherwise
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string variant = "baseline";
  std::vector<SweepPoint> sweep;  // empty: not a sweep's variant
  std::uint64_t seed = 1;
  sim::Duration horizon;
  sim::Duration warmup;
  int start_weekday = 0;  // of the horizon's first day: 0 Monday ... 6 Sunday (start_date)
  std::optional<std::int64_t> start_day;  // start_date as days from 1970-01-01; none without it
  std::uint32_t replications = 1;
  std::vector<SkuSpec> skus;
  std::vector<NodeSpec> nodes;
  std::vector<LinkSpec> links;
  std::vector<ChannelSpec> channels;
  std::map<Lever, PolicySpec> policies;  // every lever, after loading
  std::vector<SafetyRuleSpec> safety_stock;  // policies.safety_stock, in file order
  std::vector<GateSpec> gates;

  [[nodiscard]] std::optional<std::size_t> node_index(const std::string& id) const;
};

// A scenario file, loaded: the baseline and each experiment variant.
struct Scenario {
  std::string path;
  nlohmann::json document;  // after --set overrides
  ScenarioSpec baseline;
  std::vector<ScenarioSpec> variants;  // experiments, in file order
  std::vector<std::pair<std::string, std::string>> data_files;  // CSV files read: (as written, resolved)
};

}  // namespace models::scenario
