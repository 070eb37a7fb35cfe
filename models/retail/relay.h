// models/retail/relay.h — ERP, WMS, broker, customer service: systems that pass messages on.
//
// A relay forwards each message toward where it is going: routed messages
// (fulfilment to a node, replies to the OMS or to a capture node) along the
// shortest path of links that carry their kind of traffic; inventory deltas to
// every inventory link, once, and only when they arrived by the shortest path
// (so a delta reaching the relay twice is applied and passed on once);
// availability to every availability link. The ERP is the system of record: each
// delta it applies is reported (kViewApplied), and analysis tracks its position per
// node and SKU from those reports; the ERP itself keeps only a digest of them.
// A broker with a throughput capacity queues what arrives, first in first out,
// and passes one message on every 1/capacity seconds (queue_limit 0: unbounded;
// beyond it a message is refused and lost).
// The ERP and customer service also act on returns, refunds and status (BackOffice).
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "models/retail/messages.h"
#include "models/retail/retail_lp.h"

namespace models::retail {

class Relay final : public RetailLp {
 public:
  struct Capacity {
    double per_second = 0.0;  // 0: passes messages on at once
    std::int64_t queue_limit = 0;
    std::int64_t label = 0;   // probe label: the broker's index
  };
  Relay(std::size_t node, const Topology& topology, bool keeps_position, std::size_t sku_count, Capacity capacity);
  [[nodiscard]] std::uint64_t state_digest() const override;
  // The ERP posts each return record it receives after `posting_delay` and
  // sends the refund on its refunds links toward the OMS (a refund already
  // made at a store's till is reconciled there and then). Customer service
  // shows the statuses it has received at each multiple of `status_refresh`.
  struct BackOffice {
    std::optional<scenario::DurationDistribution> posting_delay;  // set: this relay is the ERP
    std::optional<sim::Duration> status_refresh;                  // set: this relay is customer service
    // Set: this relay is a WMS, which takes this long to confirm a pick (or a short
    // pick) before passing the confirmation on toward the OMS.
    std::optional<scenario::DurationDistribution> confirm_delay;
  };
  void set_back_office(BackOffice office) { office_ = std::move(office); }

 private:
  void on_message(const sim::Event& ev, sim::Context& ctx) override;
  // Passes `message`, which LP `from` sent, on toward where it is going.
  void forward(const Message& message, sim::LpId from, sim::Context& ctx);
  void forward_delta(const InventoryDelta& delta, sim::LpId from, sim::Context& ctx);
  void start(sim::Context& ctx) override;
  // The back office's timers: customer service refreshes its view; the ERP has posted a return.
  void refresh_status_view(sim::Context& ctx);
  void post_return(const ReturnNotice& posted, sim::Context& ctx);

  bool keeps_position_;
  std::size_t sku_count_;
  // ERP: every delta it applied, (node, SKU, units) in the order applied, folded into one
  // digest (analysis tracks the positions from the kViewApplied probes; a table per
  // node and SKU would cost 8 bytes a position for the digest alone).
  std::uint64_t applied_digest_ = 0;
  std::uint64_t forwarded_ = 0;
  Capacity capacity_;
  sim::Duration service_;  // 1 / capacity: the time to deliver one message
  struct Queued {
    Message message;
    sim::LpId from;  // the LP that sent it
    sim::Time arrived;
  };
  std::deque<Queued> queue_;
  BackOffice office_;
  sim::LpRandom posting_rng_;
  sim::LpRandom confirm_rng_;
  struct Status {
    std::int64_t line;
    OrderStatus status;
  };
  std::vector<Status> unshown_;  // customer service: received since the last refresh
};

}  // namespace models::retail
