#include "cli/interrupt.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace peaksim {

namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM};

// Set on the main thread before the handlers are installed, read by the handlers.
pthread_t g_main_thread;
pid_t g_main_tid = 0;
bool g_stderr_is_terminal = false;
bool g_ignored_at_start[2] = {false, false};  // per kSignals entry
bool g_installed = false;
// Lock-free, so the handler may read it.
std::atomic<InterruptCleanup> g_cleanup{nullptr};
static_assert(std::atomic<InterruptCleanup>::is_always_lock_free);

void say(const char* text) {
  [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, text, std::strlen(text));
}

extern "C" void on_interrupt(int signo) {
  if (::gettid() != g_main_tid) {
    // A worker thread: the main thread may be in the middle of a rename or a
    // write; let it be interrupted between two of them and clean up itself.
    ::pthread_kill(g_main_thread, signo);
    return;
  }
  const InterruptCleanup cleanup = g_cleanup.load();
  const char* tail = cleanup != nullptr ? cleanup() : "no output written";
  if (g_stderr_is_terminal) {
    say("\n");  // past a progress line
  }
  say(signo == SIGINT ? "peaksim: interrupted (SIGINT); " : "peaksim: interrupted (SIGTERM); ");
  say(tail);
  say("\n");
  ::_exit(128 + signo);
}

}  // namespace

void install_interrupt_handlers() {
  if (!g_installed) {
    g_main_thread = ::pthread_self();
    g_main_tid = ::gettid();
    g_stderr_is_terminal = ::isatty(STDERR_FILENO) == 1;
  }
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  // Both blocked while the handler runs: a second Ctrl-C, or the signal a worker
  // forwards, waits (and is dropped by _exit) instead of re-entering the clean-up.
  sigemptyset(&action.sa_mask);
  for (const int signo : kSignals) {
    sigaddset(&action.sa_mask, signo);
  }
  action.sa_flags = SA_RESTART;  // a worker's interrupted wait resumes after forwarding
  for (std::size_t i = 0; i < std::size(kSignals); ++i) {
    struct sigaction previous {};
    if (!g_installed) {
      ::sigaction(kSignals[i], nullptr, &previous);
      g_ignored_at_start[i] = previous.sa_handler == SIG_IGN;
    }
    if (!g_ignored_at_start[i]) {
      ::sigaction(kSignals[i], &action, nullptr);
    }
  }
  g_installed = true;
}

void set_interrupt_cleanup(InterruptCleanup cleanup) { g_cleanup.store(cleanup); }

}  // namespace peaksim
