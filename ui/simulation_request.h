#pragma once
// What the GUI asks of the worker: the whole wish, never a delta, so that the worker can drop
// every request but the newest. Commands that must not be lost in that coalescing (single
// steps, resets) are running totals; the worker acts on the difference to what it has done.
#include <atomic>
#include <cstdint>

#include "experiment/experiment.h"
#include "network/network.h"
#include "plot_snapshot.h"

namespace spikescope {

struct LiveCommands {
  bool playing = true;
  std::uint64_t single_steps = 0;  // single steps asked for so far
  std::uint64_t resets = 0;        // resets asked for so far
  bool operator==(const LiveCommands&) const = default;
};

struct SimulationRequest {
  std::uint64_t generation = 0;  // increases with every request
  Experiment experiment;
  PlotGeometry geometry;
  LiveCommands live;
  // Benchmarks of the per-neuron engine switch trajectory sharing off (network.h); the
  // results are the same either way.
  NeuronSharing sharing = NeuronSharing::kAutomatic;
  bool quit = false;  // the session is closing: stop all work
};

// Counters the worker keeps for the GUI's status and for tests; read from any thread.
struct WorkerStatistics {
  std::atomic<std::uint64_t> trials_started{0};
  std::atomic<std::uint64_t> trials_completed{0};
  std::atomic<std::uint64_t> trials_abandoned{0};
  std::atomic<std::uint64_t> network_builds{0};
};

}  // namespace spikescope
