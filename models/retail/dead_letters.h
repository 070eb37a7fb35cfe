// models/retail/dead_letters.h — a consuming system's dead-letter queue and the
// exception team that works it (scenarios/README.md, "Dead letters and schema changes").
//
// A message its consumer rejects (a schema version it does not read yet, a malformed
// record) or whose delivery retries ran out is dead-lettered at the consumer, when the
// middleware keeps dead letters (`dead_letter`: auto or manual; none: it is lost):
//   auto    re-driven `redrive_after` after it was dead-lettered, and again every
//           `redrive_after` while its consumer still rejects it (a schema change: until
//           the mapping's release); a malformed record cannot be fixed by re-driving it,
//           so it goes to the exception team;
//   manual  every dead letter goes to the exception team.
// The team: `exception_staff` people working while `exception_hours` say so, first in
// first out, each case taking a `handling_time` draw; a case in hand when the shift
// ends is finished. A re-driven message is then handled as if it had just arrived.
// A queue with Poisson arrivals, exponential handling and staff always on is M/M/c
// (tests/models/dead_letters_test.cpp checks the mean time in it against Erlang C).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "models/retail/open_hours.h"
#include "models/scenario/distribution.h"
#include "sim/context.h"
#include "sim/event.h"

namespace models::retail {

// The middleware's dead-letter terms (levers/middleware.h), shared by every consumer.
struct DeadLetterTerms {
  enum class Mode { None, Auto, Manual };
  Mode mode = Mode::None;
  sim::Duration redrive_after = sim::Duration::minutes(15);
  std::int64_t staff = 0;
  nlohmann::json hours = "always";  // weekly hours; the build places them on the clock (`shift`)
  OpenHours shift;
  scenario::DurationDistribution handling;
};

// Why a consumer rejected a message (the flag it arrives with; probes::kDeadLettered's label).
enum class Rejection : std::uint8_t { Schema = 0, Malformed = 1, RetriesExhausted = 2 };

// An event kind's high bits say the consumer rejects it (link_sender.h sets them).
inline constexpr sim::EventKind kRejectedSchema = 0x4000;
inline constexpr sim::EventKind kRejectedMalformed = 0x2000;
inline constexpr sim::EventKind kRejectedExhausted = 0x1000;
inline constexpr sim::EventKind kRejectedBits = kRejectedSchema | kRejectedMalformed | kRejectedExhausted;
[[nodiscard]] constexpr sim::EventKind rejection_bit(Rejection why) {
  return why == Rejection::Schema ? kRejectedSchema : why == Rejection::Malformed ? kRejectedMalformed : kRejectedExhausted;
}
[[nodiscard]] constexpr Rejection rejection_of(sim::EventKind kind) {
  return (kind & kRejectedSchema) != 0 ? Rejection::Schema
         : (kind & kRejectedMalformed) != 0 ? Rejection::Malformed
                                             : Rejection::RetriesExhausted;
}

class DeadLetterQueue {
 public:
  explicit DeadLetterQueue(const DeadLetterTerms& terms) : terms_(&terms) {}

  // `ev` (its rejection bits cleared) was rejected for `why`; `readable_from`: when its
  // consumer reads it on re-drive (none: never within the run; a schema change's mapping).
  void take(sim::Context& ctx, const sim::Event& ev, Rejection why, std::optional<sim::Time> readable_from);
  // One of the queue's timers (Kind::Redrive, CaseDone, TeamShift): the message to
  // handle now, if one is re-driven.
  [[nodiscard]] std::optional<sim::Event> on_timer(const sim::Event& timer, sim::Context& ctx);
  // Dead letters not re-driven (yet).
  [[nodiscard]] std::size_t held() const { return held_.size(); }

 private:
  struct Held {
    sim::Event ev;
    sim::Time since;
    std::optional<sim::Time> readable_from;
  };
  void to_team(sim::Context& ctx, std::uint64_t id);
  void start_cases(sim::Context& ctx);
  sim::Event release(sim::Context& ctx, std::uint64_t id, bool by_hand);

  const DeadLetterTerms* terms_;
  std::map<std::uint64_t, Held> held_;  // by id, in the order dead-lettered
  std::deque<std::uint64_t> waiting_;   // for a person, first in first out
  std::uint64_t next_id_ = 0;
  std::int64_t busy_ = 0;
  bool staffed_ = false;      // told analysis the team's size
  bool shift_wakeup_ = false; // a TeamShift timer is set
};

}  // namespace models::retail
