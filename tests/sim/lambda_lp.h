// tests/sim/lambda_lp.h — an LP whose behaviour a test writes inline.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include "sim/context.h"
#include "sim/logical_process.h"

namespace test {

class LambdaLp final : public sim::LogicalProcess {
 public:
  using StartFn = std::function<void(sim::Context&)>;
  using EventFn = std::function<void(const sim::Event&, sim::Context&)>;
  LambdaLp(StartFn start, EventFn event) : start_(std::move(start)), event_(std::move(event)) {}
  void on_start(sim::Context& ctx) override {
    if (start_) {
      start_(ctx);
    }
  }
  void on_event(const sim::Event& ev, sim::Context& ctx) override {
    if (event_) {
      event_(ev, ctx);
    }
  }

 private:
  StartFn start_;
  EventFn event_;
};

inline std::unique_ptr<LambdaLp> lambda_lp(LambdaLp::StartFn start, LambdaLp::EventFn event = {}) {
  return std::make_unique<LambdaLp>(std::move(start), std::move(event));
}

}  // namespace test
