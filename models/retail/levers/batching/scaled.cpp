// batching `scaled`: every batch and file interval multiplied by `factor`.
#include "models/retail/levers/options.h"

namespace models::retail {
namespace {

class Scaled final : public BatchingPolicy {
 public:
  explicit Scaled(double factor) : factor_(factor) {}
  [[nodiscard]] bool streams(Traffic) const override { return false; }
  [[nodiscard]] double interval_factor() const override { return factor_; }

 private:
  double factor_;
};

}  // namespace

std::unique_ptr<BatchingPolicy> make_batching_scaled(const scenario::ParamValues& params) {
  return std::make_unique<Scaled>(params.number("factor"));
}

}  // namespace models::retail
