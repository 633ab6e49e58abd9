#include "run/single_neuron.h"

#include <algorithm>
#include <cmath>

namespace spikescope {

SingleNeuronRun run_single_neuron(const ModelDescriptor& model, std::span<const double> parameters,
                                  std::size_t method, double dt_ms, std::int64_t steps,
                                  double current, double onset_ms, bool trace) {
  PopulationSetup setup;
  setup.size = 1;
  for (const double value : parameters) setup.parameters.emplace_back(value);
  setup.method = method;
  setup.dt_ms = dt_ms;
  std::unique_ptr<NeuronPopulation> neuron = model.make(setup);

  constexpr int kChunk = 64;
  const auto onset_step = static_cast<std::int64_t>(std::llround(onset_ms / dt_ms));
  SingleNeuronRun run;
  const std::size_t variables = model.state.size();
  if (trace) {
    run.trace.assign(variables, {});
    for (std::size_t v = 0; v < variables; ++v) {
      run.trace[v].reserve(static_cast<std::size_t>(steps) + 1);
      run.trace[v].push_back(neuron->state_value(v, 0));
    }
  }
  std::vector<double> clock(kChunk);
  std::vector<double> drive(kChunk);
  std::vector<std::uint32_t> counts(kChunk);
  std::vector<std::uint32_t> probe_neurons(variables, 0);
  std::vector<std::uint32_t> probe_variables(variables);
  for (std::size_t v = 0; v < variables; ++v) probe_variables[v] = static_cast<std::uint32_t>(v);
  std::vector<double> values(variables * kChunk);
  std::vector<std::uint8_t> spiked(variables * kChunk);
  std::vector<SpikeEvent> events;
  double t = 0.0;
  for (std::int64_t first = 0; first < steps; first += kChunk) {
    const int n = static_cast<int>(std::min<std::int64_t>(kChunk, steps - first));
    for (int s = 0; s < n; ++s) {
      clock[s] = t;
      t += dt_ms;
      drive[s] = first + s >= onset_step ? current : 0.0;
    }
    ChunkInput in;
    in.first_iteration = first;
    in.steps = n;
    in.clock_ms = clock.data();
    in.uniform_current = drive.data();
    ChunkOutput out;
    std::fill(counts.begin(), counts.end(), 0u);
    out.spike_counts = counts.data();
    if (trace) {
      out.probe_neurons = probe_neurons;
      out.probe_variables = probe_variables;
      out.probe_values = values.data();
      out.probe_spiked = spiked.data();
    }
    events.clear();
    out.events = &events;
    neuron->advance(in, out, 1);
    for (const SpikeEvent& event : events) run.spike_steps.push_back(event.iteration);
    if (trace) {
      for (std::size_t v = 0; v < variables; ++v) {
        for (int s = 0; s < n; ++s) run.trace[v].push_back(values[v * n + s]);
      }
    }
  }
  return run;
}

}  // namespace spikescope
