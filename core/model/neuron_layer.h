#pragma once
// The interface every neuron model implements. A layer advances a chunk of steps at a time and
// reports what the network and the recorder need; how it stores and updates its state is its
// own business. New models (Izhikevich, AdEx, Hodgkin-Huxley) implement this interface and plug
// into Network without any change to the GUI.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "models/lif/lif_parameters.h"
#include "network/stimulus.h"

namespace spikescope {

struct SpikeEvent {
  std::int64_t iteration;  // notebook iteration (stored step = iteration + 1)
  std::uint32_t layer;
  std::uint32_t neuron;
  bool operator==(const SpikeEvent&) const = default;
};

// What drives a layer during one chunk.
struct ChunkInput {
  std::int64_t first_iteration = 0;  // iteration index of the chunk's first step
  int steps = 0;
  // The notebook's neuron clock t (ms) at each step, accumulated as t += dt. Notebook only.
  const double* clock_ms = nullptr;
  // Layer 0: the onset stimulus. Deeper layers: nullptr.
  const Stimulus* stimulus = nullptr;
  // Deeper layers: the input current shared by all neurons at each step. Layer 0: nullptr.
  const double* shared_current = nullptr;

  // The stimulus sample that drives `step`: iteration i reads sample i - 1 (the notebook's
  // neuron_input[i-1]), clamped so that an endless run cannot overflow the int32 onsets.
  std::int32_t stimulus_sample(int step) const {
    const std::int64_t sample = first_iteration + step - 1;
    return static_cast<std::int32_t>(
        std::clamp<std::int64_t>(sample, -1, std::numeric_limits<std::int32_t>::max()));
  }
};

// What a layer reports for one chunk. Every array is indexed by the step within the chunk.
struct ChunkOutput {
  std::uint32_t* spike_counts = nullptr;  // [steps], added to

  // Membrane potential and spike flag of a few neurons, probe-major: [probe * steps + step].
  std::span<const std::uint32_t> probe_neurons;
  double* probe_vm = nullptr;
  std::uint8_t* probe_spiked = nullptr;

  // Pooled raster: rows of `raster_group` consecutive neurons, counts [step * raster_rows + row].
  std::uint32_t raster_group = 0;  // 0 = off
  std::uint32_t raster_rows = 0;
  std::uint32_t* raster_counts = nullptr;

  // Every spike, when non-null, in (iteration, neuron) order.
  std::vector<SpikeEvent>* events = nullptr;
  std::uint32_t layer_index = 0;
};

class NeuronLayer {
 public:
  virtual ~NeuronLayer() = default;
  virtual std::size_t size() const = 0;
  virtual IntegrationMode mode() const = 0;
  // Takes effect at the next step; the state is kept.
  virtual void set_parameters(const LifParameters& parameters, double dt_ms) = 0;
  // Back to rest: V = reset, not refractory.
  virtual void reset() = 0;
  // Advances input.steps steps, using up to `threads` threads (1 = the caller's only).
  virtual void advance(const ChunkInput& input, ChunkOutput& output, int threads) = 0;
  // Present state of one neuron, for probes and tests.
  virtual double membrane_potential(std::size_t neuron) const = 0;
  // A new layer of this model and parameters with source_of.size() neurons, neuron j in the
  // present state of this layer's neuron source_of[j]. Regroups neurons that share a trajectory
  // (shared_onset_layer.h) without disturbing a run.
  virtual std::unique_ptr<NeuronLayer> gathered(std::span<const std::uint32_t> source_of) const = 0;
};

// Bytes of state one neuron of this mode takes; used to refuse networks that would not fit.
std::size_t state_bytes_per_neuron(IntegrationMode mode);

std::unique_ptr<NeuronLayer> make_lif_layer(IntegrationMode mode, std::size_t size,
                                            const LifParameters& parameters, double dt_ms);

}  // namespace spikescope
