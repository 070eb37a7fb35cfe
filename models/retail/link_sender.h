// models/retail/link_sender.h — one outgoing integration: stream, batch or file.
//
// `stream` and `sync` links deliver each message after its own latency draw.
// `batch` links buffer and flush every `interval` and/or when `max_batch`
// messages wait; `file` links flush every `interval`. A flush delivers the
// whole batch after one latency draw, at one instant — the hourly file drop.
// Buffers coalesce what a real integration would: inventory deltas of one node
// and SKU add up, and only the latest availability of a SKU is sent.
// An availability below the link's low-stock threshold is sent at once, and so is
// an `urgent` inventory delta (a short pick's adjustment), carrying with it the
// buffered deltas of its node and SKU.
// During an outage window (`faults.outages`) nothing leaves: messages are held
// and replayed in order when it ends, after the link's shortest latency (so no
// later message overtakes them), or lost when the outage says `"replay": false`.
// With `faults.duplicate`, an inventory delta is delivered a second time (after
// its own latency draw), marked `duplicate` for the consumer to suppress or apply.
//
// Every message that leaves, in this order:
//   1. an API gateway (`capacity_per_s`, `burst`) lets it through when a token is
//      free (GCRA: one token every 1/capacity, at most `burst` banked); it waits
//      for its turn otherwise — throttled;
//   2. each delivery attempt is lost with `faults.loss`; the middleware retries
//      after `backoff`, doubling each time, up to `max_retries` (at_most_once: none),
//      then the message is lost for good;
//   3. with `faults.reorder` it is held back by a second latency draw, so later
//      messages can overtake it;
//   4. an `ordered` middleware delivers each link's messages in the order sent:
//      a message never arrives before one sent earlier (head-of-line blocking);
//      otherwise a message that arrives before one sent earlier is counted reordered
//      (the overtaker: one slow message overtaken by five counts five).
//
// The owning LP forwards its LinkTimer self-events (messages.h) to on_flush_tick() and on_outage_end().
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "models/retail/messages.h"
#include "models/scenario/spec.h"
#include "sim/context.h"

namespace models::retail {

// The middleware lever, as every link applies it.
struct DeliveryPolicy {
  bool ordered = false;          // consumers see each link's messages in the order sent
  std::int64_t max_retries = 0;  // after a lost attempt
  sim::Duration backoff = sim::Duration::seconds(1);  // before the first retry, doubled each retry
};

class LinkSender {
 public:
  // `slot`: this sender's index among its LP's senders (the port of its flush ticks).
  LinkSender(sim::LinkId link, const scenario::LinkSpec& spec, std::uint16_t slot, bool force_stream,
             double interval_factor, DeliveryPolicy delivery = {});

  void start(sim::Context& ctx);
  void send(sim::Context& ctx, const Message& message);
  // Sends now, whatever the mode (sync calls of hard reservations).
  void send_now(sim::Context& ctx, const Message& message);
  void on_flush_tick(sim::Context& ctx);
  void on_outage_end(sim::Context& ctx);

  [[nodiscard]] sim::LinkId link() const { return link_; }
  [[nodiscard]] std::size_t to() const { return to_; }
  [[nodiscard]] Traffic traffic() const { return traffic_; }
  [[nodiscard]] bool batched() const { return interval_.has_value() || max_batch_.has_value(); }
  [[nodiscard]] std::optional<sim::Duration> interval() const { return interval_; }

 private:
  struct Pending {
    Message message;
    bool superseded = false;  // a later value went out at once (low stock): skipped at flush
  };
  void flush(sim::Context& ctx);
  // Every message leaves through here: held or lost by an outage, else transmitted.
  void deliver(sim::Context& ctx, sim::Duration delay, const Message& message);
  // Through the gateway, loss and retries, reordering and ordering, onto the link.
  void transmit(sim::Context& ctx, sim::Duration delay, const Message& message);
  [[nodiscard]] const scenario::FaultSpec::Outage* outage_at(sim::Time now) const;

  sim::LinkId link_;
  std::size_t to_;
  Traffic traffic_;
  std::uint16_t slot_;
  scenario::DurationDistribution latency_;
  std::optional<sim::Duration> interval_;
  std::optional<std::int64_t> max_batch_;
  std::int64_t low_stock_threshold_;
  std::vector<Pending> buffer_;
  std::unordered_map<std::uint64_t, std::size_t> coalesce_;  // key -> index in buffer_
  std::vector<scenario::FaultSpec::Outage> outages_;
  std::vector<Message> held_;  // during an outage that replays
  double duplicate_ = 0.0;     // chance an inventory delta is delivered twice
  double loss_ = 0.0;          // chance a delivery attempt is lost
  double reorder_ = 0.0;       // chance a message is held back by a second latency draw
  DeliveryPolicy delivery_;
  std::optional<sim::Duration> token_every_;  // the gateway's 1 / capacity_per_s
  sim::Duration burst_slack_;                 // (burst - 1) tokens' worth of time
  sim::Time theoretical_arrival_;             // GCRA: when the next call would be on schedule
  sim::Time last_arrival_;                    // latest arrival so far on this link
};

}  // namespace models::retail
