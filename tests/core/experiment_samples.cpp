#include "experiment_samples.h"

#include <limits>
#include <stdexcept>

#include "experiment/seed_experiment.h"
#include "model/model_registry.h"

namespace spikescope::testing {
namespace {

// Every parameter of the lif model at its default, in descriptor order, then `changes`.
std::vector<NamedValue> lif_parameters(const std::vector<NamedValue>& changes) {
  std::vector<NamedValue> parameters;
  for (const ParameterDescriptor& parameter : find_model("lif")->parameters) {
    parameters.push_back(NamedValue{std::string(parameter.key), parameter.default_value});
  }
  for (const NamedValue& change : changes) {
    for (NamedValue& entry : parameters) {
      if (entry.key == change.key) entry.value = change.value;
    }
  }
  return parameters;
}

}  // namespace

Experiment unusual_experiment() {
  constexpr std::uint64_t kMaxSeed = std::numeric_limits<std::uint64_t>::max();
  Experiment e;
  e.name = "unusual \"quoted\" name, caf\u00e9";
  e.notes = "line one\nline two";
  e.steps = 12345;
  NetworkSpec& n = e.network;
  n.dt_ms = 0.1;
  PopulationSpec excitatory;
  excitatory.name = "E";
  excitatory.model = "lif";
  excitatory.method = "exact";
  excitatory.size = 7;
  excitatory.parameters = lif_parameters({
      {"membrane_resistance_kohm", 1.0 / 3.0},
      {"membrane_capacitance_uf", 0.1 + 0.2},
      {"refractory_ms", 1.5},
      {"threshold_v", 0.7000000000000001},
      {"spike_height_v", -2.5e-7},
      {"reset_v", -1e-300},
      {"rest_v", -0.01},
  });
  excitatory.initial = {{"vm_v", std::vector<double>{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6}}};
  excitatory.seed = 99;
  // lif takes one value per parameter for all neurons; izhikevich takes every form.
  PopulationSpec inhibitory;
  inhibitory.name = "I.slow";  // a dot: only the bracket form of settings reaches it
  inhibitory.model = "izhikevich";
  inhibitory.method = "euler";
  inhibitory.size = 3;
  inhibitory.parameters = {
      {"a", UniformDraw{0.01, 0.03, kMaxSeed}},
      {"b", NormalDraw{0.2, 0.01, 5, 0.15, 0.25}},
      {"c_mV", RangeValues{-65.0, {{0, 1, -50.0}, {1, 3, -55.5}}}},
      {"d", std::vector<double>{8.0, 2.0, 0.1 + 0.2}},
      {"v_peak_mV", 30.0},
  };
  inhibitory.initial = {{"v_mV", -70.0}, {"u", std::vector<double>{-14.0, -13.0, -12.5}}};
  n.populations = {excitatory, inhibitory};

  ProjectionSpec e_to_i;
  e_to_i.name = "E->I";
  e_to_i.source = "E";
  e_to_i.target = "I.slow";
  e_to_i.connector = {ConnectorRule::kFixedProbability, 0.25, 1, false, 3};
  e_to_i.weight = -0.125;
  e_to_i.delay_ms = 0.3;
  e_to_i.synapse = {SynapseKind::kExpCurrent, 5.0, 0.0};
  ProjectionSpec i_to_e;
  i_to_e.name = "I->E";
  i_to_e.source = "I.slow";
  i_to_e.target = "E";
  i_to_e.connector = {ConnectorRule::kFixedInDegree, 1.0, 2, true, 4};
  i_to_e.weight = UniformDraw{0.1, 0.2, 8};
  i_to_e.delay_steps = 3;
  i_to_e.synapse = {SynapseKind::kExpConductance, 2.5, -70.0};
  ProjectionSpec recurrent;
  recurrent.name = "E->E";
  recurrent.source = "E";
  recurrent.target = "E";
  recurrent.connector = {ConnectorRule::kOneToOne, 0.5, 3, true, 11};  // p, k, seed kept
  recurrent.weight = 0.5;
  recurrent.delay_ms = 1.0;
  recurrent.synapse = {SynapseKind::kPulse, 7.0, -80.0};  // kept for a change of type
  n.projections = {e_to_i, i_to_e, recurrent};

  OnsetStepInput onsets;
  onsets.amplitude = 1.1;
  onsets.onset_steps = std::vector<std::int32_t>{0, 1, 2, 3, 2147483647, 5, 6};
  onsets.onset_max_steps = 17;
  onsets.seed = kMaxSeed;
  n.inputs = {
      InputSpec{"onsets", "E", onsets},
      InputSpec{"dc", "I.slow", DcInput{std::vector<double>{0.5, -0.25, 3.0}, 10.0, 20.0}},
      InputSpec{"kicks", "E", PulsesInput{{{1.0, 2.0, 0.25}, {1.5, 3.0, -0.125}}}},
      InputSpec{"sine", "I.slow", SineInput{0.2, 40.0, 90.0, 0.1}},
      InputSpec{"noise", "E", NoiseInput{0.01, 0.02, 7}},
  };
  e.recording.probes = {{"E", 6, "vm_v"}, {"I.slow", 2, ""}};
  e.recording.all_spikes = false;
  e.recording.spike_populations = {"I.slow"};
  e.recording.spike_capacity = 1000;
  e.view.run_mode = RunMode::kLive;
  e.view.selected_neuron = 6;
  e.view.live_window_ms = 250.25;
  e.view.live_speed = 0.0;
  return e;
}

Experiment notebook_experiment() {
  Experiment e;
  e.name = "SNN_0 notebook";
  e.steps = 4000;
  e.network.dt_ms = 0.125;
  for (const char* name : {"layer0", "layer1"}) {
    PopulationSpec population;
    population.name = name;
    population.model = "lif";
    population.method = "notebook";
    population.size = e.network.populations.empty() ? 100 : 1;
    population.parameters = lif_parameters({{"membrane_resistance_kohm", 1.0},
                                            {"membrane_capacitance_uf", 10.0},
                                            {"refractory_ms", 4.0},
                                            {"threshold_v", 0.75},
                                            {"spike_height_v", 1.0},
                                            {"reset_v", 0.0},
                                            {"rest_v", 0.0}});
    e.network.populations.push_back(population);
  }
  ProjectionSpec projection;
  projection.name = "layer0->layer1";
  projection.source = "layer0";
  projection.target = "layer1";
  projection.weight = 1.0;
  projection.delay_steps = 2;
  e.network.projections = {projection};
  OnsetStepInput onsets;
  onsets.amplitude = 1.0;
  onsets.onset_max_steps = 100;
  onsets.seed = 42;
  e.network.inputs = {InputSpec{"onsets", "layer0", onsets}};
  e.recording.probes = {{"layer0", 0, "vm_v"}, {"layer1", 0, "vm_v"}};
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

std::string message_of_setting(Experiment experiment, const std::string& key,
                               const std::string& value) {
  try {
    apply_setting(experiment, key, value);
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

std::string version1_seed_text() {
  return R"v1({
  "format": "spikescope-experiment",
  "version": 1,
  "name": "SNN_0 notebook",
  "notes": "The SNN_0 notebook: 100 LIF neurons get a constant input that switches on at a random step from 0 to 100, and their summed spikes drive one neuron in layer 1. Notice that each layer-0 neuron fires regularly once its input is on, and that the layer-1 neuron fires only when enough layer-0 spikes arrive within about one membrane time constant (10 ms); with stimulus.onset_max_steps = 0 every volley makes it fire.",
  "model": {
    "integration": "notebook",
    "neuron": {
      "membrane_resistance_kohm": 1.0,
      "membrane_capacitance_uf": 10.0,
      "refractory_ms": 4.0,
      "threshold_v": 0.75,
      "spike_height_v": 1.0,
      "reset_v": 0.0
    },
    "layer_sizes": [
      100,
      1
    ],
    "weight": 1.0
  },
  "stimulus": {
    "amplitude": 1.0,
    "onset_max_steps": 100
  },
  "simulation": {
    "dt_ms": 0.125,
    "steps": 4000,
    "seed": 42
  },
  "view": {
    "run_mode": "trial",
    "selected_neuron": 0,
    "live_window_ms": 500.0,
    "live_speed": 1.0
  }
}
)v1";
}

std::string version1_exact_text() {
  return R"v1({
  "format": "spikescope-experiment",
  "version": 1,
  "name": "Exact integration at a coarse dt",
  "notes": "The same coarse dt = 2.5 ms as the previous preset, integrated exactly (exponential solution). Notice that V lies on the true exponential at every step and that the first spike comes one step later than with Euler.",
  "model": {
    "integration": "exact",
    "neuron": {
      "membrane_resistance_kohm": 1.0,
      "membrane_capacitance_uf": 10.0,
      "refractory_ms": 4.0,
      "threshold_v": 0.75,
      "spike_height_v": 1.0,
      "reset_v": 0.0
    },
    "layer_sizes": [
      100,
      1
    ],
    "weight": 1.0
  },
  "stimulus": {
    "amplitude": 1.0,
    "onset_max_steps": 5
  },
  "simulation": {
    "dt_ms": 2.5,
    "steps": 200,
    "seed": 42
  },
  "view": {
    "run_mode": "trial",
    "selected_neuron": 0,
    "live_window_ms": 500.0,
    "live_speed": 1.0
  }
}
)v1";
}

}  // namespace spikescope::testing
