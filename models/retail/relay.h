// models/retail/relay.h — ERP, WMS, broker, customer service: systems that pass messages on.
//
// A relay forwards each message toward where it is going: routed messages
// (fulfilment to a node, replies to the OMS or to a capture node) along the
// shortest path of links that carry their kind of traffic; inventory deltas to
// every inventory link, once, and only when they arrived by the shortest path
// (so a delta reaching the relay twice is applied and passed on once);
// availability to every availability link. The ERP also keeps the system-of-
// record position per node and SKU from the deltas it applies.
// A broker with a throughput capacity queues what arrives, first in first out,
// and passes one message on every 1/capacity seconds (queue_limit 0: unbounded;
// beyond it a message is refused and lost).
#pragma once

#include <deque>
#include <vector>

#include "models/retail/retail_lp.h"

namespace models::retail {

class Relay final : public RetailLp {
 public:
  struct Capacity {
    double per_second = 0.0;  // 0: passes messages on at once
    std::int64_t queue_limit = 0;
    std::int64_t label = 0;   // probe label: the broker's index
  };
  Relay(std::size_t node, const Topology& topology, bool keeps_position, std::size_t node_count, std::size_t sku_count,
        Capacity capacity);
  [[nodiscard]] std::uint64_t state_digest() const override;

 private:
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  void forward(const sim::Event& ev, sim::Context& ctx);

  bool keeps_position_;
  std::size_t sku_count_;
  std::vector<std::vector<std::int64_t>> position_;  // ERP: [node][sku] deltas applied since the start
  std::uint64_t forwarded_ = 0;
  Capacity capacity_;
  sim::Duration service_;  // 1 / capacity: the time to deliver one message
  struct Queued {
    sim::Event event;
    sim::Time arrived;
  };
  std::deque<Queued> queue_;
};

}  // namespace models::retail
