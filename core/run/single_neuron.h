#pragma once
// The protocol every model tutorial starts with: one neuron, a step current switched on at
// onset_ms, run for a number of steps from the model's documented initial state. `spikesim
// neuron` and the model tests use it.
//
// Step convention (../shared/models/README.md): step k is the update from k*dt to (k+1)*dt; a
// spike found in it is reported as step k, at k*dt. The current drives step k when
// k >= round(onset_ms / dt).
#include <cstdint>
#include <span>
#include <vector>

#include "model/model_descriptor.h"

namespace spikescope {

struct SingleNeuronRun {
  std::vector<std::int64_t> spike_steps;
  // With a trace: trace[variable][k] is the state variable at the start of step k (after any
  // reset of step k - 1), k = 0 .. steps (the last one the state after the run).
  std::vector<std::vector<double>> trace;
};

// `parameters` has one value per descriptor parameter (validated by the caller, e.g. through
// resolve_network, or the descriptor's defaults).
SingleNeuronRun run_single_neuron(const ModelDescriptor& model, std::span<const double> parameters,
                                  std::size_t method, double dt_ms, std::int64_t steps,
                                  double current, double onset_ms, bool trace);

}  // namespace spikescope
