#include "run/network_benchmark.h"

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <ostream>

namespace spikescope {
namespace {

double peak_rss_mb() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0.0;
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

}  // namespace

NetworkBenchmark run_network_benchmark(const NetworkSpec& spec, double duration_ms,
                                       const EngineOptions& options) {
  using Clock = std::chrono::steady_clock;
  RecordingConfig recording;
  recording.probes.clear();
  recording.capacity_steps = 1;
  NetworkBenchmark result;
  const auto build_start = Clock::now();
  Network network(spec, recording, options);
  const auto run_start = Clock::now();
  result.steps = static_cast<std::uint64_t>(std::llround(duration_ms / spec.dt_ms));
  network.advance(static_cast<std::int64_t>(result.steps));
  const auto end = Clock::now();
  result.build_s = std::chrono::duration<double>(run_start - build_start).count();
  result.run_s = std::chrono::duration<double>(end - run_start).count();
  result.simulated_s = static_cast<double>(result.steps) * spec.dt_ms * 1e-3;
  for (std::size_t p = 0; p < spec.populations.size(); ++p) {
    result.neurons += spec.populations[p].size;
    result.spikes += network.spike_count(p);
  }
  for (std::size_t k = 0; k < spec.projections.size(); ++k) {
    const Connectivity& synapses = network.connectivity(k);
    result.synapses += synapses.synapse_count();
  }
  result.synaptic_events = network.synaptic_events();
  result.peak_rss_mb = peak_rss_mb();
  return result;
}

void print_network_benchmark(std::ostream& out, const char* name, int threads,
                             const NetworkBenchmark& r) {
  out << "network=" << name << " neurons=" << r.neurons << " synapses=" << r.synapses
      << " threads=" << threads << " duration_ms=" << r.simulated_s * 1e3 << " build_s=" << r.build_s
      << " run_s=" << r.run_s << " realtime_factor=" << r.realtime_factor()
      << " neuron_updates_per_s=" << r.neuron_updates_per_s()
      << " synaptic_events_per_s=" << r.synaptic_events_per_s() << " rate_hz=" << r.rate_hz()
      << " peak_rss_mb=" << r.peak_rss_mb << '\n';
}

}  // namespace spikescope
