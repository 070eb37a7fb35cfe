// models/retail/link_sender.h — one outgoing integration: stream, batch or file.
//
// `stream` links deliver each message after its own latency draw. A `sync` link
// is a synchronous client's call: the request arrives after one latency draw,
// the response comes back after a second, independent draw (the receiver
// answers on arrival), and the caller waits for it before its next call on the
// link — messages sent meanwhile queue in order behind it. With the link's
// `timeout`, the caller gives up on a response that has not come `timeout`
// after the call started, and makes its next call then (counted
// `calls_timed_out`); the request still arrives (a call cannot be taken back).
// A call whose request is lost or held by an outage gets no response: the
// caller waits its timeout (with none, one round trip).
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
// A system outage (a node's `outages`) is an outage of the links into the node,
// held and replayed when the middleware is durable (at_least_once) and lost when it
// is not; a store's POS offline is also an outage of the store's own links, always
// replayed (store-and-forward: the till keeps its journal). When the last window
// covering a moment ends, its replays' last arrival less that end is the drain time.
// With `faults.duplicate`, an inventory delta or an order line is delivered a second
// time (after its own latency draw), marked for the consumer to suppress or apply.
// With `faults.resend`, a batch or file is sent a second time (a stream link: each
// message by itself), one more latency draw after the first: its order lines arrive
// marked `resent` (an idempotent OMS drops the copy, another takes it for a new order)
// and its inventory deltas marked `duplicate`; other messages are not copied (their
// consumers recognise them by what they say).
// A message its consumer will reject arrives marked so (dead_letters.h): sent on a
// link's new schema (`schema.switch_at` or later) and arriving before the consumer
// reads it (`schema.accepts_at`); else malformed, with `faults.malformed`; or, under a
// middleware that keeps dead letters, after its last retry was lost (it reaches the
// consumer's dead-letter queue when that retry would have been delivered).
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
#include <vector>

#include "models/retail/messages.h"
#include "models/scenario/spec.h"
#include "sim/context.h"
#include "sim/flat_hash.h"

namespace models::retail {

// A message lost for good (probes::kMessageLost with `label`); a promised order
// line's loss is also told by the line (probes::kOrderLineLost).
void emit_lost(sim::Context& ctx, const Message& message, std::int64_t label);

// The middleware lever, as every link applies it.
struct DeliveryPolicy {
  bool ordered = false;          // consumers see each link's messages in the order sent
  bool durable = false;          // messages for a system that is down wait for it (else they are lost)
  bool dead_letter = false;      // a message whose retries ran out is dead-lettered at its consumer (else lost)
  std::int64_t max_retries = 0;  // after a lost attempt
  sim::Duration backoff = sim::Duration::seconds(1);  // before the first retry, doubled each retry
};

class LinkSender {
 public:
  // `slot`: this sender's index among its LP's senders (the port of its flush ticks).
  // `system_outages`: windows of the systems at either end, beside the link's own;
  // `horizon`: messages arriving at or after it are counted in flight at the end.
  LinkSender(sim::LinkId link, const scenario::LinkSpec& spec, std::uint16_t slot, bool force_stream,
             double interval_factor, DeliveryPolicy delivery = {},
             const std::vector<scenario::FaultSpec::Outage>& system_outages = {},
             sim::Time horizon = sim::Time::infinity());

  void start(sim::Context& ctx);
  void send(sim::Context& ctx, const Message& message);
  // Sends now, unbatched (hard reservations' requests and replies); a sync link's
  // call still waits for the call before it.
  void send_now(sim::Context& ctx, const Message& message);
  void on_flush_tick(sim::Context& ctx);
  void on_outage_end(sim::Context& ctx);

  [[nodiscard]] sim::LinkId link() const { return link_; }
  [[nodiscard]] std::size_t to() const { return to_; }
  [[nodiscard]] Traffic traffic() const { return traffic_; }
  [[nodiscard]] bool batched() const { return interval_.has_value() || max_batch_.has_value(); }
  [[nodiscard]] std::optional<sim::Duration> interval() const { return interval_; }
  // Messages handed to the link (each copy of a duplicate), and of them those held by
  // an outage or arriving at or after the horizon: in flight at the end.
  [[nodiscard]] std::uint64_t sent() const { return sent_; }
  [[nodiscard]] std::uint64_t in_flight() const { return held_.size() + past_horizon_; }

 private:
  struct Pending {
    Message message;
    bool superseded = false;  // a later value went out at once (low stock): skipped at flush
  };
  void flush(sim::Context& ctx);
  // A sync link's call: after the previous one's response (or timeout).
  void call(sim::Context& ctx, const Message& message);
  // Every message leaves through here: held or lost by an outage, else
  // transmitted. Returns when it arrives (none: held or lost).
  std::optional<sim::Time> deliver(sim::Context& ctx, sim::Duration delay, const Message& message);
  // Through the gateway, loss and retries, reordering and ordering, onto the link.
  std::optional<sim::Time> transmit(sim::Context& ctx, sim::Duration delay, const Message& message);
  // The rejection bits a message arriving at `arrival` carries (0: its consumer reads it).
  [[nodiscard]] sim::EventKind rejected(sim::Context& ctx, sim::Time arrival);
  // The copy a duplicate or a re-send delivers of `message`, marked so (none: such
  // messages are not copied).
  [[nodiscard]] static std::optional<Message> second_copy(const Message& message);
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
  sim::FlatHashMap<std::uint64_t, std::size_t> coalesce_;  // key -> index in buffer_
  std::vector<scenario::FaultSpec::Outage> outages_;
  std::vector<Message> held_;  // during an outage that replays
  double duplicate_ = 0.0;     // chance an inventory delta is delivered twice
  double loss_ = 0.0;          // chance a delivery attempt is lost
  double reorder_ = 0.0;       // chance a message is held back by a second latency draw
  double malformed_ = 0.0;     // chance a message is a record its consumer cannot read
  double resend_ = 0.0;        // chance a batch, file or stream message is sent twice
  std::optional<sim::Duration> resending_;  // during a flush being re-sent: the copies' delay
  std::optional<scenario::SchemaChange> schema_;
  DeliveryPolicy delivery_;
  std::optional<sim::Duration> token_every_;  // the gateway's 1 / capacity_per_s
  sim::Duration burst_slack_;                 // (burst - 1) tokens' worth of time
  sim::Time theoretical_arrival_;             // GCRA: when the next call would be on schedule
  sim::Time last_arrival_;                    // latest arrival so far on this link
  bool sync_ = false;                         // a synchronous call per message
  std::optional<sim::Duration> call_timeout_; // sync: how long the caller waits for a response
  sim::Time caller_free_;                     // sync: when the previous call's response came (or timed out)
  sim::Time horizon_;
  std::uint64_t sent_ = 0;
  std::uint64_t past_horizon_ = 0;
};

}  // namespace models::retail
