#pragma once
// A whole network run for a simulated duration, timed (spikesim bench --network): how many
// times faster than real time it runs, neuron updates and synaptic events per second, the
// firing rate and the peak resident memory. Building the network (drawing the synapses) is
// timed apart, as Brian2's and NEST's benchmarks do.
#include <cstdint>
#include <iosfwd>

#include "network/network.h"

namespace spikescope {

struct NetworkBenchmark {
  std::uint64_t neurons = 0;
  std::uint64_t synapses = 0;
  std::uint64_t steps = 0;
  double simulated_s = 0.0;
  double build_s = 0.0;
  double run_s = 0.0;
  std::uint64_t spikes = 0;
  std::uint64_t synaptic_events = 0;
  double peak_rss_mb = 0.0;

  double realtime_factor() const { return simulated_s / run_s; }
  double neuron_updates_per_s() const { return double(neurons) * double(steps) / run_s; }
  double synaptic_events_per_s() const { return double(synaptic_events) / run_s; }
  double rate_hz() const { return double(spikes) / (double(neurons) * simulated_s); }
};

// Builds `spec` (no probes, no spike list) and runs it for duration_ms.
NetworkBenchmark run_network_benchmark(const NetworkSpec& spec, double duration_ms,
                                       const EngineOptions& options);
// One line: `network=<name> neurons=... synapses=... build_s=... run_s=... realtime_factor=...
// neuron_updates_per_s=... synaptic_events_per_s=... rate_hz=... peak_rss_mb=...`.
void print_network_benchmark(std::ostream& out, const char* name, int threads,
                             const NetworkBenchmark& result);

}  // namespace spikescope
