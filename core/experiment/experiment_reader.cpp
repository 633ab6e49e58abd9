// The version-2 document as a whole: the top level, simulation, the lists of the network
// (network_reader.cpp reads their elements), recording and view.
#include <set>

#include "experiment/experiment_json.h"
#include "experiment/experiment_keys.h"
#include "network/validate_network.h"

namespace spikescope::experiment_json {
namespace {

using namespace experiment_keys;
using json_input::child;
using json_input::describe;
using json_input::ObjectReader;
using json_input::read_integer;
using json_input::read_list;
using json_input::read_name;
using json_input::read_number;
using json_input::read_string;
using json_input::read_word;
using json_input::refuse;
using Warnings = std::vector<std::string>;

// A version-1 block would be ignored with a warning, and the network it describes lost: refuse.
void refuse_version1_fields(const Json& document) {
  for (const std::string_view key : kVersion1Only) {
    if (document.contains(key)) {
      refuse(std::string(key),
             "a version-1 field in a version-2 file; the network is in populations, "
             "projections and inputs");
    }
  }
  const auto simulation = document.find("simulation");
  if (simulation != document.end() && simulation->is_object() && simulation->contains("seed")) {
    refuse("simulation.seed",
           "a version-1 field in a version-2 file; each input, connector and draw that is "
           "random has its own seed");
  }
}

void read_simulation(const Json& value, Experiment& experiment, Warnings& warnings) {
  ObjectReader o(value, "simulation", keys(kSimulation));
  o.warn_unknown(warnings);
  experiment.network.dt_ms = read_number(o.require("dt_ms"), o.path("dt_ms"));
  experiment.steps =
      read_integer<std::int64_t>(o.require("steps"), o.path("steps"), 1, kMaxTrialSteps);
}

void refuse_repeated_input_names(const std::vector<InputSpec>& inputs) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!names.insert(inputs[i].name).second) {
      // Settings reach an input by its name, so it must say which one.
      throw ExperimentFileError(element_path("inputs", inputs[i].name, i) + ".name: the name \"" +
                                    inputs[i].name +
                                    "\" is used twice; give each input a name of its own",
                                ExperimentFileError::Kind::kMeaning);
    }
  }
}

ProbeSpec read_probe(const Json& value, const std::string& path, Warnings& warnings) {
  ObjectReader o(value, path, keys(kProbe));
  o.warn_unknown(warnings);
  ProbeSpec probe;
  probe.population = read_name(o.require("population"), o.path("population"));
  probe.neuron = read_integer<std::uint32_t>(o.require("neuron"), o.path("neuron"), 0);
  if (const Json* variable = o.find("variable")) {
    probe.variable = read_name(*variable, o.path("variable"));
  }
  return probe;
}

void read_spikes(const Json& value, RecordingSpec& recording) {
  const std::string path = "recording.spikes";
  const std::string expected = "expected \"all\" or a list of population names, got ";
  if (value.is_string()) {
    if (value.get_ref<const std::string&>() != "all") refuse(path, expected + describe(value));
    recording.all_spikes = true;
    return;
  }
  if (!value.is_array()) refuse(path, expected + describe(value));
  const Json& list = read_list(value, path, kMaxPopulations);
  recording.all_spikes = false;
  for (std::size_t i = 0; i < list.size(); ++i) {
    recording.spike_populations.push_back(read_name(list[i], child(path, i)));
  }
}

void read_recording(const Json* value, Experiment& experiment, Warnings& warnings) {
  RecordingSpec& recording = experiment.recording;
  recording = RecordingSpec{};
  recording.probes = default_probes(experiment.network);
  if (value == nullptr) return;
  ObjectReader o(*value, "recording", keys(kRecording));
  o.warn_unknown(warnings);
  if (const Json* probes = o.find("probes")) {
    const std::string path = o.path("probes");
    const Json& list = read_list(*probes, path, kMaxProbes);
    recording.probes.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
      recording.probes.push_back(read_probe(list[i], child(path, i), warnings));
    }
  }
  if (const Json* spikes = o.find("spikes")) read_spikes(*spikes, recording);
  if (const Json* capacity = o.find("spike_capacity")) {
    recording.spike_capacity =
        read_integer<std::uint64_t>(*capacity, o.path("spike_capacity"), 1, kMaxSpikeCapacity);
  }
}

void read_view(const Json& value, ViewSettings& view, Warnings& warnings) {
  ObjectReader o(value, "view", keys(kView));
  o.warn_unknown(warnings);
  if (const Json* mode = o.find("run_mode")) {
    view.run_mode = static_cast<RunMode>(read_word(*mode, o.path("run_mode"), kRunModes));
  }
  if (const Json* neuron = o.find("selected_neuron")) {
    view.selected_neuron = read_integer<std::uint32_t>(*neuron, o.path("selected_neuron"), 0);
  }
  if (const Json* window = o.find("live_window_ms")) {
    view.live_window_ms = read_number(*window, o.path("live_window_ms"));
  }
  if (const Json* speed = o.find("live_speed")) {
    view.live_speed = read_number(*speed, o.path("live_speed"));
  }
}

}  // namespace

Experiment read_experiment(const Json& document, Warnings& warnings) {
  refuse_version1_fields(document);
  ObjectReader top(document, "", keys(kTop));
  top.warn_unknown(warnings);
  Experiment experiment;
  experiment.name.clear();  // load_experiment_file names it after the file
  if (const Json* name = top.find("name")) experiment.name = read_string(*name, "name");
  if (const Json* notes = top.find("notes")) experiment.notes = read_string(*notes, "notes");
  read_simulation(top.require("simulation"), experiment, warnings);

  NetworkSpec& network = experiment.network;
  const Json& populations = read_list(top.require("populations"), "populations", kMaxPopulations);
  if (populations.empty()) refuse("populations", "need at least one population");
  for (std::size_t p = 0; p < populations.size(); ++p) {
    network.populations.push_back(read_population(populations[p], p, warnings));
  }
  if (const Json* projections = top.find("projections")) {
    const Json& list = read_list(*projections, "projections", kMaxProjections);
    for (std::size_t k = 0; k < list.size(); ++k) {
      network.projections.push_back(read_projection(list[k], k, warnings));
    }
  }
  if (const Json* inputs = top.find("inputs")) {
    const Json& list = read_list(*inputs, "inputs", kMaxInputs);
    for (std::size_t i = 0; i < list.size(); ++i) {
      network.inputs.push_back(read_input(list[i], i, warnings));
    }
  }
  refuse_repeated_input_names(network.inputs);
  read_recording(top.find("recording"), experiment, warnings);
  if (const Json* view = top.find("view")) read_view(*view, experiment.view, warnings);
  return experiment;
}

}  // namespace spikescope::experiment_json
