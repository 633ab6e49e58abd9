#include "experiment/experiment.h"

#include "common/onset_generator.h"
#include "common/parameter_error.h"

namespace spikescope {

std::vector<std::int32_t> resolve_onsets(const Experiment& experiment) {
  if (experiment.onsets.explicit_steps) return *experiment.onsets.explicit_steps;
  const std::size_t layer0 = experiment.layer_sizes.empty() ? 0 : experiment.layer_sizes[0];
  return draw_onsets(layer0, experiment.onsets.max_steps, experiment.onsets.seed);
}

namespace {

// Everything but the onsets, which may be a large draw: validation looks at the shape first.
NetworkConfig network_config_without_onsets(const Experiment& e) {
  NetworkConfig config;
  config.mode = e.mode;
  config.neuron = e.neuron;
  config.layer_sizes = e.layer_sizes;
  config.weight = e.weight;
  config.dt_ms = e.dt_ms;
  config.stimulus.amplitude = e.input_amplitude;
  return config;
}

}  // namespace

NetworkConfig network_config(const Experiment& e) {
  NetworkConfig config = network_config_without_onsets(e);
  config.stimulus.onset_steps = resolve_onsets(e);
  return config;
}

void validate(const Experiment& e) {
  if (e.steps < 1 || e.steps > kMaxTrialSteps) {
    throw ParameterError("simulation.steps: must be 1 to " + std::to_string(kMaxTrialSteps) +
                         ", got " + std::to_string(e.steps));
  }
  if (!e.layer_sizes.empty() && e.view.selected_neuron >= e.layer_sizes[0]) {
    throw ParameterError("view.selected_neuron: layer 0 has " + std::to_string(e.layer_sizes[0]) +
                         " neurons, got " + std::to_string(e.view.selected_neuron));
  }
  require_positive("view.live_window_ms", e.view.live_window_ms);
  require_non_negative("view.live_speed", e.view.live_speed);
  // Check the network before drawing onsets, so that a huge layer is refused before allocating.
  NetworkConfig config = network_config_without_onsets(e);
  validate_except_onsets(config);
  if (e.onsets.explicit_steps) {
    config.stimulus.onset_steps = *e.onsets.explicit_steps;
    validate(config.stimulus, config.layer_sizes[0]);
  } else if (e.onsets.max_steps < 0) {
    throw ParameterError("stimulus.onset_max_steps: must not be negative, got " +
                         std::to_string(e.onsets.max_steps));
  }
}

}  // namespace spikescope
