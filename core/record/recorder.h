#pragma once
// What a run leaves behind, in bounded buffers. Steps are the notebook's *stored* steps: step 0
// is the leading sample every stored array starts with, step k >= 1 is iteration k - 1.
//
// Per step: the summed output of every layer (sum of spike heights, the notebook's
// layer_spikes), Vm and spike flag of each probe, and optionally the layer-0 raster pooled into
// rows. Every spike as (iteration, layer, neuron) when asked, up to a bounded count.
#include <cstdint>
#include <deque>
#include <vector>

#include "model/neuron_layer.h"
#include "record/step_ring.h"

namespace spikescope {

struct Probe {
  std::uint32_t layer = 0;
  std::uint32_t neuron = 0;
  bool operator==(const Probe&) const = default;
};

struct RecordingConfig {
  std::vector<Probe> probes{{0, 0}, {1, 0}};
  std::size_t capacity_steps = 4001;     // history kept per step-series
  bool spike_events = false;             // every spike as (iteration, layer, neuron)
  std::size_t event_capacity = 1 << 20;  // oldest events dropped beyond this
  std::uint32_t raster_rows = 0;         // layer-0 raster pooled into this many rows; 0 = off
};

class Recorder {
 public:
  Recorder(const RecordingConfig& config, const std::vector<std::uint32_t>& layer_sizes);

  const RecordingConfig& config() const { return config_; }
  // Rows the layer-0 raster really has (at most raster_rows) and neurons per row.
  std::uint32_t raster_rows() const { return raster_rows_; }
  std::uint32_t raster_group() const { return raster_group_; }

  const StepRing<double>& layer_sums() const { return layer_sums_; }            // [layer]
  const StepRing<double>& probe_vm() const { return probe_vm_; }                // [probe]
  const StepRing<std::uint8_t>& probe_spiked() const { return probe_spiked_; }  // [probe]
  const StepRing<std::uint32_t>& raster() const { return raster_; }             // [row]
  const std::deque<SpikeEvent>& events() const { return events_; }
  std::uint64_t events_dropped() const { return events_dropped_; }
  std::int64_t end_step() const { return layer_sums_.end_step(); }

  // Used by Network: probe `index` now watches `neuron` (checked by the caller).
  void set_probe_neuron(std::size_t index, std::uint32_t neuron) {
    config_.probes.at(index).neuron = neuron;
  }
  // Used by Network: start over with the leading step-0 sample.
  void restart(const std::vector<double>& initial_probe_vm);
  // Appends one chunk (already laid out per step) to every series.
  struct Chunk {
    int steps;
    const std::vector<std::vector<double>>* layer_sums;  // [layer][step]
    const std::vector<std::vector<double>>* probe_vm;    // [probe][step]
    const std::vector<std::vector<std::uint8_t>>* probe_spiked;
    const std::vector<std::uint32_t>* raster;  // [step * rows + row]
    const std::vector<SpikeEvent>* events;
  };
  void append(const Chunk& chunk);

 private:
  RecordingConfig config_;
  std::uint32_t raster_rows_ = 0;
  std::uint32_t raster_group_ = 0;
  StepRing<double> layer_sums_;
  StepRing<double> probe_vm_;
  StepRing<std::uint8_t> probe_spiked_;
  StepRing<std::uint32_t> raster_;
  std::deque<SpikeEvent> events_;
  std::uint64_t events_dropped_ = 0;
};

}  // namespace spikescope
