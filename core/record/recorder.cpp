#include "record/recorder.h"

#include <algorithm>
#include <string>

#include "common/parameter_error.h"

namespace spikescope {

Recorder::Recorder(const RecordingConfig& config, const std::vector<std::uint32_t>& layer_sizes)
    : config_(config) {
  for (std::size_t p = 0; p < config.probes.size(); ++p) {
    const Probe& probe = config.probes[p];
    const std::string field = "recording.probes[" + std::to_string(p) + "]";
    if (probe.layer >= layer_sizes.size()) {
      throw ParameterError(field + ".layer: no layer " + std::to_string(probe.layer) +
                           " in a network of " + std::to_string(layer_sizes.size()) + " layers");
    }
    if (probe.neuron >= layer_sizes[probe.layer]) {
      throw ParameterError(field + ".neuron: no neuron " + std::to_string(probe.neuron) +
                           " in layer " + std::to_string(probe.layer) + " of " +
                           std::to_string(layer_sizes[probe.layer]) + " neurons");
    }
  }
  if (config.raster_rows != 0 && !layer_sizes.empty()) {
    const std::uint32_t n = layer_sizes[0];
    raster_group_ = (n + config.raster_rows - 1) / config.raster_rows;
    raster_rows_ = (n + raster_group_ - 1) / raster_group_;
  }
  const std::size_t capacity = std::max<std::size_t>(1, config.capacity_steps);
  layer_sums_ = StepRing<double>(layer_sizes.size(), capacity);
  probe_vm_ = StepRing<double>(config.probes.size(), capacity);
  probe_spiked_ = StepRing<std::uint8_t>(config.probes.size(), capacity);
  raster_ = StepRing<std::uint32_t>(raster_rows_, raster_rows_ == 0 ? 1 : capacity);
}

void Recorder::restart(const std::vector<double>& initial_probe_vm) {
  layer_sums_.clear();
  probe_vm_.clear();
  probe_spiked_.clear();
  raster_.clear();
  events_.clear();
  events_dropped_ = 0;
  std::fill_n(layer_sums_.append(), layer_sums_.width(), 0.0);
  std::copy(initial_probe_vm.begin(), initial_probe_vm.end(), probe_vm_.append());
  std::fill_n(probe_spiked_.append(), probe_spiked_.width(), std::uint8_t{0});
  if (raster_rows_ != 0) std::fill_n(raster_.append(), raster_rows_, 0u);
}

void Recorder::append(const Chunk& chunk) {
  for (int s = 0; s < chunk.steps; ++s) {
    double* sums = layer_sums_.append();
    for (std::size_t l = 0; l < layer_sums_.width(); ++l) sums[l] = (*chunk.layer_sums)[l][s];
    double* vm = probe_vm_.append();
    std::uint8_t* spiked = probe_spiked_.append();
    for (std::size_t p = 0; p < probe_vm_.width(); ++p) {
      vm[p] = (*chunk.probe_vm)[p][s];
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
