#pragma once
// Statistics of spike trains over a window, from the steps the spikes were found in (a spike in
// step k is at t = k*dt, ../shared/models/README.md): for one neuron, or pooled over a
// population.
//   rate:       spikes / (neurons x window length)
//   ISIs:       the intervals between consecutive spikes of each neuron inside the window,
//               pooled; CV = standard deviation / mean (population sd, n in the denominator)
//   latency:    the first spike at or after the window's start, from the start
//   Fano factor: variance / mean of the summed spike count in consecutive bins of bin_ms
//               (a complete bin only); 1 for a Poisson process, 0 for a clock
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace spikescope {

struct StatisticsWindow {
  double start_ms = 0.0;
  double end_ms = 0.0;  // exclusive
  double dt_ms = 0.1;
  double fano_bin_ms = 10.0;
  double isi_bin_ms = 1.0;  // histogram bins; widened so that at most kMaxIsiBins are used
};

inline constexpr std::size_t kMaxIsiBins = 1000;

struct SpikeStatistics {
  std::uint64_t neurons = 0;
  std::uint64_t spikes = 0;
  double rate_hz = 0.0;
  std::uint64_t intervals = 0;
  std::optional<double> isi_mean_ms;  // with at least one interval
  std::optional<double> isi_cv;       // with at least two intervals
  std::optional<double> first_spike_ms;
  std::optional<double> fano_factor;  // with at least one full bin holding a spike
  double isi_bin_ms = 0.0;
  std::vector<std::uint64_t> isi_histogram;  // bin b counts ISIs in [b, b + 1) x isi_bin_ms
};

// trains[j]: the spike steps of neuron j, ascending. Throws ParameterError naming the window's
// field for an empty or reversed window or non-positive bins.
SpikeStatistics spike_statistics(std::span<const std::vector<std::int64_t>> trains,
                                 const StatisticsWindow& window);

}  // namespace spikescope
