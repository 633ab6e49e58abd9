#include "analysis/spike_statistics.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/parameter_error.h"

namespace spikescope {
namespace {

void check(const StatisticsWindow& w) {
  const auto refuse = [](const char* field, const std::string& reason) {
    throw ParameterError(std::string("window.") + field + ": " + reason);
  };
  std::ostringstream got;
  got << w.start_ms << " to " << w.end_ms << " ms";
  if (!std::isfinite(w.start_ms) || !std::isfinite(w.end_ms) || !(w.end_ms > w.start_ms)) {
    refuse("end_ms", "the window " + got.str() + " is empty or reversed");
  }
  if (!(w.dt_ms > 0)) refuse("dt_ms", "must be positive");
  if (!(w.fano_bin_ms > 0) || !std::isfinite(w.fano_bin_ms))
    refuse("fano_bin_ms", "must be positive");
  if (!(w.isi_bin_ms > 0) || !std::isfinite(w.isi_bin_ms)) refuse("isi_bin_ms", "must be positive");
}

}  // namespace

SpikeStatistics spike_statistics(std::span<const std::vector<std::int64_t>> trains,
                                 const StatisticsWindow& window) {
  check(window);
  SpikeStatistics stats;
  stats.neurons = trains.size();
  const double length = window.end_ms - window.start_ms;
  const auto bins = static_cast<std::size_t>(std::floor(length / window.fano_bin_ms + 1e-9));
  std::vector<std::uint64_t> bin_counts(bins, 0);
  std::vector<double> intervals;
  for (const std::vector<std::int64_t>& train : trains) {
    std::optional<double> previous;
    for (const std::int64_t k : train) {
      const double t = static_cast<double>(k) * window.dt_ms;
      if (t < window.start_ms || t >= window.end_ms) continue;
      ++stats.spikes;
      const double since_start = t - window.start_ms;
      if (!stats.first_spike_ms || since_start < *stats.first_spike_ms) {
        stats.first_spike_ms = since_start;
      }
      const auto bin = static_cast<std::size_t>(since_start / window.fano_bin_ms);
      if (bin < bins) ++bin_counts[bin];
      if (previous) intervals.push_back(t - *previous);
      previous = t;
    }
  }
  if (stats.neurons != 0) {
    stats.rate_hz =
        1000.0 * static_cast<double>(stats.spikes) / (static_cast<double>(stats.neurons) * length);
  }
  stats.intervals = intervals.size();
  stats.isi_bin_ms = window.isi_bin_ms;
  if (!intervals.empty()) {
    double sum = 0.0;
    for (const double isi : intervals) sum += isi;
    const double mean = sum / static_cast<double>(intervals.size());
    stats.isi_mean_ms = mean;
    if (intervals.size() >= 2) {
      double squares = 0.0;
      for (const double isi : intervals) squares += (isi - mean) * (isi - mean);
      stats.isi_cv = std::sqrt(squares / static_cast<double>(intervals.size())) / mean;
    }
    const double longest = *std::max_element(intervals.begin(), intervals.end());
    while (longest / stats.isi_bin_ms >= static_cast<double>(kMaxIsiBins)) stats.isi_bin_ms *= 2;
    stats.isi_histogram.assign(static_cast<std::size_t>(longest / stats.isi_bin_ms) + 1, 0);
    for (const double isi : intervals) {
      ++stats.isi_histogram[static_cast<std::size_t>(isi / stats.isi_bin_ms)];
    }
  }
  if (bins != 0) {
    double sum = 0.0;
    for (const std::uint64_t c : bin_counts) sum += static_cast<double>(c);
    const double mean = sum / static_cast<double>(bins);
    if (mean > 0) {
      double squares = 0.0;
      for (const std::uint64_t c : bin_counts) {
        squares += (static_cast<double>(c) - mean) * (static_cast<double>(c) - mean);
      }
      stats.fano_factor = squares / static_cast<double>(bins) / mean;
    }
  }
  return stats;
}

}  // namespace spikescope
