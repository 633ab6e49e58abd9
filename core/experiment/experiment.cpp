#include "experiment/experiment.h"

#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "network/validate_network.h"

namespace spikescope {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
  throw ParameterError(path + ": " + reason);
}

void validate_recording(const RecordingSpec& recording, const NetworkSpec& network) {
  if (recording.probes.size() > kMaxProbes) {
    refuse("recording.probes", "at most " + std::to_string(kMaxProbes) + " probes, got " +
                                   std::to_string(recording.probes.size()));
  }
  for (std::size_t k = 0; k < recording.probes.size(); ++k) {
    const ProbeSpec& probe = recording.probes[k];
    const std::string path = "recording.probes[" + std::to_string(k) + "]";
    const std::size_t p = network.population_index(probe.population);
    if (p == NetworkSpec::npos) {
      refuse(path + ".population", "no population \"" + probe.population + "\"");
    }
    const PopulationSpec& population = network.populations[p];
    if (probe.neuron >= population.size) {
      refuse(path + ".neuron", "population " + population.name + " has " +
                                   std::to_string(population.size) + " neurons, got " +
                                   std::to_string(probe.neuron));
    }
    const ModelDescriptor& model = model_named(population.model, path);
    if (!probe.variable.empty() && model.state_index(probe.variable) == ModelDescriptor::npos) {
      std::string known;
      for (const StateVariableDescriptor& variable : model.state) {
        if (!known.empty()) known += ", ";
        known += variable.key;
      }
      refuse(path + ".variable", "model " + std::string(model.name) +
                                     " has no state variable \"" + probe.variable +
                                     "\"; its state variables: " + known);
    }
  }
  for (const std::string& name : recording.spike_populations) {
    if (network.population_index(name) == NetworkSpec::npos) {
      refuse("recording.spikes", "no population \"" + name + "\"");
    }
  }
  if (recording.spike_capacity > kMaxSpikeCapacity) {
    refuse("recording.spike_capacity",
           "at most " + std::to_string(kMaxSpikeCapacity) + " spikes, got " +
               std::to_string(recording.spike_capacity));
  }
}

}  // namespace

void validate(const Experiment& e) {
  if (e.steps < 1 || e.steps > kMaxTrialSteps) {
    refuse("simulation.steps", "must be 1 to " + std::to_string(kMaxTrialSteps) + ", got " +
                                   std::to_string(e.steps));
  }
  validate(e.network);
  validate_recording(e.recording, e.network);
  const PopulationSpec& shown = e.network.populations.front();
  if (e.view.selected_neuron >= shown.size) {
    refuse("view.selected_neuron", "population " + shown.name + " has " +
                                       std::to_string(shown.size) + " neurons, got " +
                                       std::to_string(e.view.selected_neuron));
  }
  require_positive("view.live_window_ms", e.view.live_window_ms);
  require_non_negative("view.live_speed", e.view.live_speed);
}

RecordingConfig recording_config(const Experiment& e, std::size_t capacity_steps) {
  RecordingConfig recording;
  recording.probes.clear();
  const RecordingSpec& spec = e.recording;
  for (const ProbeSpec& probe : spec.probes) {
    const std::size_t p = e.network.population_index(probe.population);
    const ModelDescriptor& model = model_named(e.network.populations[p].model, "");
    const std::size_t variable = probe.variable.empty() ? 0 : model.state_index(probe.variable);
    recording.probes.push_back(Probe{static_cast<std::uint32_t>(p), probe.neuron,
                                     static_cast<std::uint32_t>(variable)});
  }
  recording.capacity_steps = capacity_steps;
  recording.spike_events = spec.all_spikes || !spec.spike_populations.empty();
  for (const std::string& name : spec.spike_populations) {
    recording.event_populations.push_back(
        static_cast<std::uint32_t>(e.network.population_index(name)));
  }
  recording.event_capacity = static_cast<std::size_t>(spec.spike_capacity);
  return recording;
}

}  // namespace spikescope
