#pragma once
// What a run leaves behind, in bounded buffers. Steps are the notebook's *stored* steps: step 0
// is the leading sample every stored array starts with, step k >= 1 is iteration k - 1.
//
// Per step: the summed output of every population (sum of spike heights, the notebook's
// layer_spikes; the spike count for models without a spike height), the value of a state
// variable and the spike flag of each probe, and optionally one population's raster pooled into
// rows. Every spike as (iteration, population, neuron) when asked, up to a bounded count.
#include <cstdint>
#include <deque>
#include <vector>

#include "model/neuron_population.h"
#include "record/step_ring.h"

namespace spikescope {

struct Probe {
  std::uint32_t population = 0;
  std::uint32_t neuron = 0;
  std::uint32_t variable = 0;  // index into the model's state variables; 0 = membrane potential
  bool operator==(const Probe&) const = default;
};

struct RecordingConfig {
  std::vector<Probe> probes{{0, 0, 0}, {1, 0, 0}};
  std::size_t capacity_steps = 4001;  // history kept per step-series
  // Every spike as (iteration, population, neuron) of these populations (all when empty).
  bool spike_events = false;
  std::vector<std::uint32_t> event_populations;
  std::size_t event_capacity = 1 << 20;  // oldest events dropped beyond this
  std::uint32_t raster_population = 0;   // whose raster is pooled
  std::uint32_t raster_rows = 0;         // into this many rows; 0 = off
  bool records_events_of(std::uint32_t population) const;
};

class Recorder {
 public:
  // Throws ParameterError for a probe or raster of a population or neuron that does not exist.
  Recorder(const RecordingConfig& config, const std::vector<std::uint64_t>& population_sizes);

  const RecordingConfig& config() const { return config_; }
  // Rows the raster really has (at most raster_rows) and neurons per row.
  std::uint32_t raster_rows() const { return raster_rows_; }
  std::uint32_t raster_group() const { return raster_group_; }

  const StepRing<double>& population_sums() const { return sums_; }             // [population]
  const StepRing<double>& probe_values() const { return probe_values_; }        // [probe]
  const StepRing<std::uint8_t>& probe_spiked() const { return probe_spiked_; }  // [probe]
  const StepRing<std::uint32_t>& raster() const { return raster_; }             // [row]
  const std::deque<SpikeEvent>& events() const { return events_; }
  std::uint64_t events_dropped() const { return events_dropped_; }
  // Forgets the events recorded so far (a reader that streams them has written them).
  void clear_events() { events_.clear(); }
  std::int64_t end_step() const { return sums_.end_step(); }

  // Used by Network: probe `index` now watches `neuron` (checked by the caller).
  void set_probe_neuron(std::size_t index, std::uint32_t neuron) {
    config_.probes.at(index).neuron = neuron;
  }
  // Used by Network: start over with the leading step-0 sample.
  void restart(const std::vector<double>& initial_probe_values);
  // Appends one chunk (already laid out per step) to every series.
  struct Chunk {
    int steps;
    const std::vector<std::vector<double>>* population_sums;  // [population][step]
    const std::vector<std::vector<double>>* probe_values;     // [probe][step]
    const std::vector<std::vector<std::uint8_t>>* probe_spiked;
    const std::vector<std::uint32_t>* raster;  // [step * rows + row]
    const std::vector<SpikeEvent>* events;
  };
  void append(const Chunk& chunk);

 private:
  RecordingConfig config_;
  std::uint32_t raster_rows_ = 0;
  std::uint32_t raster_group_ = 0;
  StepRing<double> sums_;
  StepRing<double> probe_values_;
  StepRing<std::uint8_t> probe_spiked_;
  StepRing<std::uint32_t> raster_;
  std::deque<SpikeEvent> events_;
  std::uint64_t events_dropped_ = 0;
};

}  // namespace spikescope
