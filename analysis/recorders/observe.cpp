#include "analysis/recorders/observe.h"

#include <limits>

namespace analysis::recorders {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

void ObservationWriter::count_over(const std::string& name, const Labels& labels, const std::string& unit,
                                   std::uint64_t value, double hours) {
  out_.push_back(Observation{name, labels, "mean", unit, static_cast<double>(value)});
  out_.push_back(Observation{name, labels, "rate", unit + "/h", hours > 0 ? static_cast<double>(value) / hours : kNaN});
}

void ObservationWriter::amount(const std::string& name, const Labels& labels, const std::string& unit,
                               double value) {
  out_.push_back(Observation{name, labels, "mean", unit, value});
  out_.push_back(Observation{name, labels, "rate", unit + "/h", hours_ > 0 ? value / hours_ : kNaN});
}

void ObservationWriter::ratio(const std::string& name, const Labels& labels, const std::string& unit, double value) {
  out_.push_back(Observation{name, labels, "mean", unit, value});
}

void ObservationWriter::fraction(const std::string& name, const Labels& labels, std::uint64_t num, std::uint64_t den) {
  ratio(name, labels, "ratio", den == 0 ? kNaN : static_cast<double>(num) / static_cast<double>(den));
}

void ObservationWriter::latency(const std::string& name, const Labels& labels, const LatencyHistogram& seconds) {
  out_.push_back(Observation{name, labels, "mean", "s", seconds.mean()});
  out_.push_back(Observation{name, labels, "p50", "s", seconds.percentile(0.50)});
  out_.push_back(Observation{name, labels, "p95", "s", seconds.percentile(0.95)});
  out_.push_back(Observation{name, labels, "p99", "s", seconds.percentile(0.99)});
  out_.push_back(Observation{name, labels, "max", "s", seconds.max()});
}

void ObservationWriter::distribution(const std::string& name, const Labels& labels, const std::string& unit,
                                     const Quantiles& q) {
  out_.push_back(Observation{name, labels, "mean", unit, q.mean});
  out_.push_back(Observation{name, labels, "p50", unit, q.p50});
  out_.push_back(Observation{name, labels, "p95", unit, q.p95});
  out_.push_back(Observation{name, labels, "p99", unit, q.p99});
  out_.push_back(Observation{name, labels, "max", unit, q.max});
}

void ObservationWriter::level(const std::string& name, const Labels& labels, const std::string& unit, double mean,
                              double max) {
  out_.push_back(Observation{name, labels, "mean", unit, mean});
  out_.push_back(Observation{name, labels, "max", unit, max});
}

}  // namespace analysis::recorders
