#pragma once
// The interface every neuron model implements: a population of neurons of one model advances a
// chunk of steps at a time and reports what the network and the recorder need; how it stores
// and updates its state is its own business (structure of arrays, blocked loops, threads).
//
// A step is the update from k*dt to (k+1)*dt ("iteration k"). Inside a step, as Brian2 does:
// the state update from the values at the step's start, then the threshold test on the updated
// state, then the reset. A spike found in step k is reported as iteration k.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "model/synapse_channel.h"
#include "model/value_column.h"

namespace spikescope {

struct ModelDescriptor;

struct SpikeEvent {
  std::int64_t iteration;  // the step the spike was found in
  std::uint32_t population;
  std::uint32_t neuron;
  bool operator==(const SpikeEvent&) const = default;
};

// The notebook's step current: off until a neuron's onset, then `amplitude`. Iteration i reads
// stimulus sample i - 1 (the notebook reads neuron_input[i-1]), so a neuron with onset k is
// first driven in iteration k + 1.
struct OnsetDrive {
  double amplitude = 0.0;
  std::span<const std::int32_t> onset_steps;  // one per neuron
};

// What drives a population during one chunk. The input current of neuron j in step s is
//   (onset on ? onset->amplitude : 0) + uniform_current[s] + neuron_current[s][j]
// (absent terms are left out, not added as 0, so that the notebook's arithmetic is unchanged),
// plus whatever its synaptic channels deliver.
struct ChunkInput {
  std::int64_t first_iteration = 0;  // iteration index of the chunk's first step
  int steps = 0;
  // The notebook's neuron clock t (ms) at each step, accumulated as t += dt. Notebook LIF only.
  const double* clock_ms = nullptr;
  const OnsetDrive* onset = nullptr;
  const double* uniform_current = nullptr;        // [step]: DC, pulses, sine
  const double* const* neuron_current = nullptr;  // [step] -> [neuron]: noise
  std::span<const ChannelArrivals> channels;      // one per channel of the population

  // The stimulus sample that drives `step`, clamped so that an endless run cannot overflow the
  // int32 onsets.
  std::int32_t stimulus_sample(int step) const {
    const std::int64_t sample = first_iteration + step - 1;
    return static_cast<std::int32_t>(
        std::clamp<std::int64_t>(sample, -1, std::numeric_limits<std::int32_t>::max()));
  }
};

// What a population reports for one chunk. Every array is indexed by the step within the chunk.
struct ChunkOutput {
  std::uint32_t* spike_counts = nullptr;  // [steps], added to

  // State variables of a few neurons, probe-major: [probe * steps + step], after the step.
  std::span<const std::uint32_t> probe_neurons;
  std::span<const std::uint32_t> probe_variables;  // index into the model's state variables
  double* probe_values = nullptr;
  std::uint8_t* probe_spiked = nullptr;

  // Pooled raster: rows of `raster_group` consecutive neurons, counts [step * raster_rows + row].
  std::uint32_t raster_group = 0;  // 0 = off
  std::uint32_t raster_rows = 0;
  std::uint32_t* raster_counts = nullptr;

  // Every spike, when non-null, appended in (iteration, neuron) order.
  std::vector<SpikeEvent>* events = nullptr;
  std::uint32_t population_index = 0;
};

// How a population is made: everything is validated before (network/validate_network.h).
struct PopulationSetup {
  std::size_t size = 0;
  ParameterColumns parameters;  // one per descriptor parameter
  // One per state variable, or empty; a variable without a value starts as the model says.
  std::vector<std::optional<ValueColumn>> initial;
  std::size_t method = 0;  // index into the descriptor's methods
  double dt_ms = 0.1;
  std::vector<ChannelSpec> channels;  // synaptic channels, in the network's order
  std::uint64_t seed = 0;             // a stochastic model's own draws (Poisson)
};

class NeuronPopulation {
 public:
  virtual ~NeuronPopulation() = default;
  virtual const ModelDescriptor& model() const = 0;
  virtual std::size_t size() const = 0;
  // New parameter values (validated), from the next step on; the state is kept.
  virtual void set_parameters(const ParameterColumns& parameters) = 0;
  // Back to the initial state of the setup (the same draw), channels emptied. Defaults that
  // depend on parameters (Izhikevich u = b v) take the present parameters.
  virtual void reset() = 0;
  // Advances input.steps steps, using up to `threads` threads (1 = the caller's only).
  virtual void advance(const ChunkInput& input, ChunkOutput& output, int threads) = 0;
  // Present value of a state variable (index into the descriptor's state) of one neuron.
  virtual double state_value(std::size_t variable, std::size_t neuron) const = 0;
  // What one spike adds to the population's summed output (the notebook's V_spike); 1 for models
  // without a spike height.
  virtual double spike_height() const { return 1.0; }
  // A new population of this model and parameters with source_of.size() neurons, neuron j in
  // the present state of neuron source_of[j]. Regroups neurons that share a trajectory
  // (network/shared_onset_population.h) without disturbing a run; per-neuron parameters and
  // initial values travel with their neurons.
  virtual std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const = 0;
  // Whether the per-neuron arrivals of `channel` may come as ChannelArrivals::per_neuron_f32
  // (binary32) instead of per_neuron (binary64). A population that says yes sets every such
  // cell of the chunk's steps to 0 when it has read it: nothing else empties them.
  virtual bool reads_float_arrivals(std::size_t /*channel*/) const { return false; }
  // The binary32 synaptic current [neuron] of `channel` that the next step starts from, if the
  // network may add arriving weights to it directly: an arrival due at the very next step then
  // needs no buffer. The step must then take I_syn + arrivals as it finds I_syn (adding the
  // channel's uniform arrivals, and no per-neuron ones). nullptr: arrivals go through buffers.
  virtual float* next_step_current(std::size_t /*channel*/) { return nullptr; }
};

}  // namespace spikescope
