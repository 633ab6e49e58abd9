#include "experiment_samples.h"

#include <limits>
#include <stdexcept>

#include "experiment/seed_experiment.h"

namespace spikescope::testing {

Experiment unusual_experiment() {
  Experiment e;
  e.name = "unusual \"quoted\" name, caf\u00e9";
  e.notes = "line one\nline two";
  e.mode = IntegrationMode::kExact;
  e.neuron.membrane_resistance_kohm = 1.0 / 3.0;
  e.neuron.membrane_capacitance_uf = 0.1 + 0.2;
  e.neuron.refractory_ms = 1.5;
  e.neuron.threshold_v = 0.7000000000000001;
  e.neuron.spike_height_v = -2.5e-7;
  e.neuron.reset_v = -1e-300;
  e.layer_sizes = {7, 3, 2};
  e.weight = -0.125;
  e.input_amplitude = 1.1;
  e.onsets.explicit_steps = std::vector<std::int32_t>{0, 1, 2, 3, 2147483647, 5, 6};
  e.onsets.max_steps = 17;
  e.onsets.seed = std::numeric_limits<std::uint64_t>::max();
  e.dt_ms = 0.1;
  e.steps = 12345;
  e.view.run_mode = RunMode::kLive;
  e.view.selected_neuron = 6;
  e.view.live_window_ms = 250.25;
  e.view.live_speed = 0.0;
  return e;
}

std::string message_of_parse(const std::string& text) {
  try {
    (void)parse_experiment(text);
  } catch (const ExperimentFileError& error) {
    return error.what();
  }
  return "(accepted)";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("test text lacks " + from);
  return text.replace(at, from.size(), to);
}

std::string seed_text() {
  return serialize_experiment(seed_experiment());
}

}  // namespace spikescope::testing
