#include "network/stimulus.h"

#include <string>

#include "common/parameter_error.h"

namespace spikescope {

void validate(const Stimulus& stimulus, std::size_t layer0_size) {
  require_finite("stimulus.amplitude", stimulus.amplitude);
  if (stimulus.onset_steps.size() != layer0_size) {
    throw ParameterError("stimulus.onset_steps: " + std::to_string(stimulus.onset_steps.size()) +
                         " onsets given for " + std::to_string(layer0_size) +
                         " layer-0 neurons; need one per neuron");
  }
  for (std::size_t j = 0; j < stimulus.onset_steps.size(); ++j) {
    if (stimulus.onset_steps[j] < 0) {
      throw ParameterError("stimulus.onset_steps[" + std::to_string(j) +
                           "]: must not be negative, got " +
                           std::to_string(stimulus.onset_steps[j]));
    }
  }
}

}  // namespace spikescope
