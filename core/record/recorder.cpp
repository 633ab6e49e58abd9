#include "record/recorder.h"

#include <algorithm>
#include <string>

#include "common/parameter_error.h"

namespace spikescope {

bool RecordingConfig::records_events_of(std::uint32_t population) const {
  return spike_events &&
         (event_populations.empty() || std::find(event_populations.begin(), event_populations.end(),
                                                 population) != event_populations.end());
}

Recorder::Recorder(const RecordingConfig& config,
                   const std::vector<std::uint64_t>& population_sizes)
    : config_(config) {
  for (std::size_t p = 0; p < config.probes.size(); ++p) {
    const Probe& probe = config.probes[p];
    const std::string field = "recording.probes[" + std::to_string(p) + "]";
    if (probe.population >= population_sizes.size()) {
      throw ParameterError(field + ".population: no population " +
                           std::to_string(probe.population) + " in a network of " +
                           std::to_string(population_sizes.size()) + " populations");
    }
    if (probe.neuron >= population_sizes[probe.population]) {
      throw ParameterError(field + ".neuron: no neuron " + std::to_string(probe.neuron) +
                           " in population " + std::to_string(probe.population) + " of " +
                           std::to_string(population_sizes[probe.population]) + " neurons");
    }
  }
  if (config.raster_rows != 0 && config.raster_population < population_sizes.size()) {
    const std::uint64_t n = population_sizes[config.raster_population];
    raster_group_ = static_cast<std::uint32_t>((n + config.raster_rows - 1) / config.raster_rows);
    raster_rows_ = static_cast<std::uint32_t>((n + raster_group_ - 1) / raster_group_);
  }
  const std::size_t capacity = std::max<std::size_t>(1, config.capacity_steps);
  sums_ = StepRing<double>(population_sizes.size(), capacity);
  probe_values_ = StepRing<double>(config.probes.size(), capacity);
  probe_spiked_ = StepRing<std::uint8_t>(config.probes.size(), capacity);
  raster_ = StepRing<std::uint32_t>(raster_rows_, raster_rows_ == 0 ? 1 : capacity);
}

void Recorder::restart(const std::vector<double>& initial_probe_values) {
  sums_.clear();
  probe_values_.clear();
  probe_spiked_.clear();
  raster_.clear();
  events_.clear();
  events_dropped_ = 0;
  std::fill_n(sums_.append(), sums_.width(), 0.0);
  std::copy(initial_probe_values.begin(), initial_probe_values.end(), probe_values_.append());
  std::fill_n(probe_spiked_.append(), probe_spiked_.width(), std::uint8_t{0});
  if (raster_rows_ != 0) std::fill_n(raster_.append(), raster_rows_, 0u);
}

void Recorder::append(const Chunk& chunk) {
  for (int s = 0; s < chunk.steps; ++s) {
    double* sums = sums_.append();
    for (std::size_t l = 0; l < sums_.width(); ++l) sums[l] = (*chunk.population_sums)[l][s];
    double* values = probe_values_.append();
    std::uint8_t* spiked = probe_spiked_.append();
    for (std::size_t p = 0; p < probe_values_.width(); ++p) {
      values[p] = (*chunk.probe_values)[p][s];
      spiked[p] = (*chunk.probe_spiked)[p][s];
    }
    if (raster_rows_ != 0) {
      const std::uint32_t* row = chunk.raster->data() + static_cast<std::size_t>(s) * raster_rows_;
      std::copy(row, row + raster_rows_, raster_.append());
    }
  }
  if (config_.spike_events && chunk.events != nullptr) {
    for (const SpikeEvent& event : *chunk.events) {
      if (config_.event_capacity == 0) {
        ++events_dropped_;
        continue;
      }
      if (events_.size() == config_.event_capacity) {
        events_.pop_front();
        ++events_dropped_;
      }
      events_.push_back(event);
    }
  }
}

}  // namespace spikescope
