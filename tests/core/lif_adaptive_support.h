#pragma once
// What the LIF-with-adaptation tests share: parameter values from the declaration, a population's
// setup, and a driver that records every spike and V, I_a of every neuron step by step.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "model/neuron_population.h"
#include "models/lif_adaptive/lif_adaptive_model.h"
#include "models/lif_adaptive/lif_adaptive_parameters.h"

namespace spikescope::testing {

inline std::vector<double> defaults() {
  return lif_adaptive_model().default_values();
}

// The defaults with some values changed: {{kLifAdaptiveJump, 0.0}, ...}.
inline std::vector<double> with(
    std::initializer_list<std::pair<LifAdaptiveParameter, double>> changes) {
  std::vector<double> values = defaults();
  for (const auto& [parameter, value] : changes) values[parameter] = value;
  return values;
}

inline PopulationSetup setup_of(std::size_t size, ParameterColumns parameters, double dt_ms) {
  PopulationSetup setup;
  setup.size = size;
  setup.parameters = std::move(parameters);
  setup.dt_ms = dt_ms;
  return setup;
}

inline ParameterColumns uniform_columns(const std::vector<double>& values) {
  return ParameterColumns(values.begin(), values.end());
}

// What a population did: every spike per neuron (iterations from the drive's first) and V and
// I_a (or only V, for a model with one variable) of every neuron after each step.
struct Recorded {
  std::vector<std::vector<std::int64_t>> spikes;  // [neuron]
  std::vector<std::vector<double>> trace;         // [neuron * variables + variable][step]
};

// Drives `population` for `steps` steps from iteration `first`: the current from iteration
// `onset` on, and on each channel c the uniform arrivals arriving(c, iteration). Chunks of 77
// steps, so that chunk boundaries fall anywhere.
inline Recorded drive(NeuronPopulation& population, std::int64_t first, int steps, double current,
                      int threads, std::int64_t onset = 0, std::size_t channels = 0,
                      const std::function<double(std::size_t, std::int64_t)>& arriving = {}) {
  constexpr int kChunk = 77;
  const std::size_t size = population.size();
  const std::size_t variables = population.model().state.size();
  Recorded recorded;
  recorded.spikes.resize(size);
  recorded.trace.resize(size * variables);
  std::vector<std::uint32_t> probe_neurons;
  std::vector<std::uint32_t> probe_variables;
  for (std::uint32_t j = 0; j < size; ++j) {
    for (std::uint32_t v = 0; v < variables; ++v) {
      probe_neurons.push_back(j);
      probe_variables.push_back(v);
    }
  }
  for (int done = 0; done < steps; done += kChunk) {
    const int n = std::min(kChunk, steps - done);
    std::vector<double> drive(n);
    for (int s = 0; s < n; ++s) drive[s] = first + done + s >= onset ? current : 0.0;
    std::vector<std::vector<double>> arrivals(channels, std::vector<double>(n, 0.0));
    std::vector<ChannelArrivals> channel_input(channels);
    for (std::size_t c = 0; c < channels; ++c) {
      for (int s = 0; s < n; ++s) arrivals[c][s] = arriving(c, first + done + s);
      channel_input[c].uniform = arrivals[c].data();
    }
    ChunkInput in;
    in.first_iteration = first + done;
    in.steps = n;
    in.uniform_current = drive.data();
    in.channels = channel_input;
    std::vector<std::uint32_t> counts(n, 0);
    std::vector<double> values(probe_neurons.size() * n);
    std::vector<std::uint8_t> spiked(probe_neurons.size() * n);
    std::vector<SpikeEvent> events;
    ChunkOutput out;
    out.spike_counts = counts.data();
    out.probe_neurons = probe_neurons;
    out.probe_variables = probe_variables;
    out.probe_values = values.data();
    out.probe_spiked = spiked.data();
    out.events = &events;
    population.advance(in, out, threads);
    for (const SpikeEvent& event : events) {
      recorded.spikes[event.neuron].push_back(event.iteration - first);
    }
    for (std::size_t p = 0; p < probe_neurons.size(); ++p) {
      for (int s = 0; s < n; ++s) recorded.trace[p].push_back(values[p * n + s]);
    }
  }
  return recorded;
}

inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace spikescope::testing
