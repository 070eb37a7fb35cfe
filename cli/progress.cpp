#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace peaksim {
namespace {
constexpr auto kTerminalEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 24;

std::string eta_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return "?";
  }
  char buf[32];
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%llds", s);
  }
  return buf;
}
}  // namespace

Progress::Progress(std::string label, sim::Time end, Mode mode)
    : label_(std::move(label)), end_(end), start_(std::chrono::steady_clock::now()), last_(start_) {
  terminal_ = ::isatty(STDERR_FILENO) == 1;
  enabled_ = mode != Mode::Quiet && terminal_;
}

Progress::~Progress() { finish(); }

std::string Progress::bar(double fraction, int width) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(fraction * width + 1e-9);
  std::string out;  // appended, not "[" + ...: GCC 12 warns falsely on that (bug 105329)
  out.reserve(static_cast<std::size_t>(width) + 2);
  out += '[';
  out.append(static_cast<std::size_t>(filled), '#');
  out.append(static_cast<std::size_t>(width - filled), '-');
  out += ']';
  return out;
}

std::string Progress::line(sim::Time now, std::uint64_t events) const {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const bool bounded = end_ != sim::Time::infinity() && end_ > sim::Time::zero();
  const double fraction = bounded ? now.to_seconds() / end_.to_seconds() : 0.0;
  const double rate = elapsed > 0 ? static_cast<double>(events) / elapsed : 0.0;
  char buf[256];
  if (bounded) {
    const double eta = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : NAN;
    std::snprintf(buf, sizeof buf, "%s %s %3.0f%%  sim %s / %s  %.1f M ev/s  ETA %s", label_.c_str(),
                  bar(fraction, kBarWidth).c_str(), 100.0 * std::clamp(fraction, 0.0, 1.0),
                  sim::format_time(now).c_str(), sim::format_time(end_).c_str(), rate / 1e6, eta_text(eta).c_str());
  } else {
    std::snprintf(buf, sizeof buf, "%s sim %s  %.1f M ev/s", label_.c_str(), sim::format_time(now).c_str(), rate / 1e6);
  }
  return buf;
}

bool Progress::due() {
  if (!enabled_) {
    return false;
  }
  const auto t = std::chrono::steady_clock::now();
  if (t - last_ < std::chrono::duration_cast<std::chrono::steady_clock::duration>(kTerminalEvery)) {
    return false;
  }
  last_ = t;
  return true;
}

void Progress::show(const std::string& text) {
  std::fprintf(stderr, "\r\033[K%s", text.c_str());
  drawn_ = true;
  std::fflush(stderr);
}

void Progress::update(sim::Time now, std::uint64_t events) {
  if (due()) {
    show(line(now, events));
  }
}

void Progress::update_runs(std::uint64_t done, std::uint64_t total, std::uint64_t events, double running,
                           sim::Time sim_now) {
  if (due()) {
    show(runs_line(done, total, events, running, sim_now));
  }
}

std::string Progress::runs_line(std::uint64_t done, std::uint64_t total, std::uint64_t events, double running,
                                sim::Time sim_now) const {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction =
      total == 0 ? 1.0 : std::clamp((static_cast<double>(done) + running) / static_cast<double>(total), 0.0, 1.0);
  const double eta = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : NAN;
  std::string clock;
  if (sim_now != sim::Time::infinity()) {
    clock = "  sim " + sim::format_time(sim_now);
  }
  char buf[320];
  std::snprintf(buf, sizeof buf, "%s %s %3.0f%%  runs %llu / %llu%s  %.1f M ev/s  ETA %s", label_.c_str(),
                bar(fraction, kBarWidth).c_str(), 100.0 * fraction, static_cast<unsigned long long>(done),
                static_cast<unsigned long long>(total), clock.c_str(),
                elapsed > 0 ? static_cast<double>(events) / elapsed / 1e6 : 0.0, eta_text(eta).c_str());
  return buf;
}

void Progress::finish() {
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace peaksim
