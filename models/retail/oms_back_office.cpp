// The OMS's back office: the status of each line for customer service, and the
// refunds the ERP posts, matched at once or by the next finance job.
#include "models/retail/oms.h"

#include "models/retail/messages.h"
#include "models/retail/probes.h"
#include "sim/context.h"

namespace models::retail {

void Oms::send_status(sim::Context& ctx, const OrderLine& line, OrderStatus status) {
  if (!has_status_links_) {
    return;
  }
  ctx.emit(probes::kStatusSent, status_code(status), static_cast<std::int64_t>(line.id()));
  broadcast(ctx, Traffic::Status, StatusUpdate{line, status}.encode());
}

void Oms::on_refund(const RefundNotice& refund, sim::Context& ctx) {
  const ReturnRecord& record = refund.record;
  const auto label = static_cast<std::int64_t>(record.id());
  const std::uint16_t channel = refund.channel;
  if (refund.reconcile_timer) {
    ctx.emit(probes::kRefundReconciled, channel, label);  // the finance job matched it
    return;
  }
  ctx.emit(probes::kRefundAtChannel, channel, label);
  if (!record.foreign_code) {
    ctx.emit(probes::kRefundReconciled, channel, label);  // both systems hold the same record
    return;
  }
  // The codes disagree: an exception until the next run of the finance job (at a multiple of the interval).
  ctx.emit(probes::kRefundMismatched, channel, label);
  const std::int64_t every = config_.reconcile_interval.count_us();
  const std::int64_t now = ctx.now().count_us();
  const std::int64_t next = (now + every - 1) / every * every;
  schedule_self(ctx, sim::Duration::micros(next - now), RefundNotice{channel, record, /*reconcile_timer=*/true}.encode());
}

}  // namespace models::retail
