#include "models/retail/dead_letters.h"

#include "models/retail/messages.h"
#include "models/retail/probes.h"

namespace models::retail {

void DeadLetterQueue::take(sim::Context& ctx, const sim::Event& ev, Rejection why,
                           std::optional<sim::Time> readable_from) {
  const std::uint64_t id = next_id_++;
  held_.emplace(id, Held{ev, ctx.now(), readable_from});
  ctx.emit(probes::kDeadLettered, 1.0, static_cast<std::int64_t>(why));
  ctx.emit(probes::kDeadLetterDepth, 1.0, 0);
  if (kind_of(ev) == Kind::OrderLine) {
    ctx.emit(probes::kOrderLineDeadLettered, 1.0, static_cast<std::int64_t>(OrderLine::unpack(ev.payload).id()));
  }
  if (terms_->mode == DeadLetterTerms::Mode::Auto && why != Rejection::Malformed) {
    schedule_self(ctx, terms_->redrive_after, Message{Kind::Redrive, 0, sim::Payload::of_u64(id)});
    return;
  }
  to_team(ctx, id);
}

void DeadLetterQueue::to_team(sim::Context& ctx, std::uint64_t id) {
  if (!staffed_) {
    staffed_ = true;
    ctx.emit(probes::kExceptionStaff, static_cast<double>(terms_->staff), 0);
  }
  waiting_.push_back(id);
  start_cases(ctx);
}

void DeadLetterQueue::start_cases(sim::Context& ctx) {
  if (waiting_.empty() || busy_ >= terms_->staff) {
    return;
  }
  if (!terms_->shift.open(ctx.now())) {
    const sim::Time opens = terms_->shift.next_open(ctx.now());
    if (!shift_wakeup_ && opens != sim::Time::infinity()) {
      shift_wakeup_ = true;
      schedule_self(ctx, opens - ctx.now(), Message{Kind::TeamShift});
    }
    return;
  }
  while (!waiting_.empty() && busy_ < terms_->staff) {
    const std::uint64_t id = waiting_.front();
    waiting_.pop_front();
    ++busy_;
    ctx.emit(probes::kExceptionBusy, 1.0, 0);
    schedule_self(ctx, terms_->handling.sample(ctx.rng()), Message{Kind::CaseDone, 0, sim::Payload::of_u64(id)});
  }
}

sim::Event DeadLetterQueue::release(sim::Context& ctx, std::uint64_t id, bool by_hand) {
  const auto it = held_.find(id);
  const sim::Event ev = it->second.ev;
  ctx.emit(probes::kRedriven, (ctx.now() - it->second.since).to_seconds(), by_hand ? 1 : 0);
  ctx.emit(probes::kDeadLetterDepth, -1.0, 0);
  held_.erase(it);
  return ev;
}

std::optional<sim::Event> DeadLetterQueue::on_timer(const sim::Event& timer, sim::Context& ctx) {
  switch (kind_of(timer)) {
    case Kind::Redrive: {
      const std::uint64_t id = timer.payload.as_u64();
      const Held& held = held_.at(id);
      if (!held.readable_from || ctx.now() < *held.readable_from) {
        // Still rejected: back to the queue, re-driven again later.
        schedule_self(ctx, terms_->redrive_after, Message{Kind::Redrive, 0, sim::Payload::of_u64(id)});
        return std::nullopt;
      }
      return release(ctx, id, /*by_hand=*/false);
    }
    case Kind::CaseDone: {
      --busy_;
      ctx.emit(probes::kExceptionBusy, -1.0, 0);
      const sim::Event ev = release(ctx, timer.payload.as_u64(), /*by_hand=*/true);
      start_cases(ctx);
      return ev;
    }
    case Kind::TeamShift:
      shift_wakeup_ = false;
      start_cases(ctx);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace models::retail
