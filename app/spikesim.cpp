// spikesim: the command-line front end of the simulation core (see spikesim_cli.h).
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "spikesim_cli.h"

namespace {

// A signal handler can reach nothing but static storage; a lock-free atomic is safe to set there.
std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void request_stop(int) {
  stop_requested.store(true, std::memory_order_relaxed);
}

// Ctrl+C, kill and a closed terminal stop a run cleanly (no half-written file left behind); the
// handler is reset at once, so that a second signal ends the process right away. A signal the
// parent chose to ignore (nohup, a background job) stays ignored.
void stop_cleanly_on_termination_signals() {
  struct sigaction action {};
  action.sa_handler = request_stop;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction inherited {};
    if (sigaction(signal, nullptr, &inherited) == 0 && inherited.sa_handler == SIG_IGN) continue;
    sigaction(signal, &action, nullptr);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  // Only `run` writes a file; every other command keeps the signals' default action.
  if (!args.empty() && args.front() == "run") stop_cleanly_on_termination_signals();
  return spikescope::cli::run_spikesim(args, std::cout, std::cerr, &stop_requested);
}
