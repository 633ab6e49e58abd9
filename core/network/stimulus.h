#pragma once
// The layer-0 stimulus of SNN_0: a constant input that switches on, per neuron, at an onset
// offset counted in steps. Iteration i is driven by stimulus sample i - 1 (the notebook reads
// neuron_input[i-1]), so a neuron with onset k is first driven in iteration k + 1.
#include <cstdint>
#include <vector>

namespace spikescope {

struct Stimulus {
  double amplitude = 1.0;                   // input current once on (notebook unit; Rm*I in V)
  std::vector<std::int32_t> onset_steps;    // one per layer-0 neuron, >= 0

  bool operator==(const Stimulus&) const = default;
};

// Throws ParameterError: non-finite amplitude, negative onsets, a count that differs from the
// layer-0 size.
void validate(const Stimulus& stimulus, std::size_t layer0_size);

}  // namespace spikescope
