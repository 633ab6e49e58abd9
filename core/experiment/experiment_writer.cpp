// The version-2 document from an experiment, every field in the order of experiment_keys.h.
// Fields that do not apply to what is chosen (a connector's p for all_to_all, a pulse synapse's
// tau_ms) are written only when they differ from their defaults, so that nothing set is lost and
// the usual file stays short.
#include "experiment/experiment_json.h"
#include "experiment/experiment_keys.h"
#include "model/model_registry.h"

namespace spikescope::experiment_json {
namespace {

using namespace experiment_keys;

Json write_population(const PopulationSpec& population) {
  const ModelDescriptor* model = find_model(population.model);
  Json out;
  out["name"] = population.name;
  out["model"] = population.model;
  out["method"] = population.method.empty() && model != nullptr
                      ? std::string(model->methods.front().key)
                      : population.method;
  out["size"] = population.size;
  Json parameters = Json::object();
  if (model != nullptr) {
    for (const ParameterDescriptor& parameter : model->parameters) {
      const ValueSpec* given = population.parameter(std::string(parameter.key));
      parameters[std::string(parameter.key)] =
          given != nullptr ? write_value(*given) : Json(parameter.default_value);
    }
  }
  // An unknown model (refused on saving) or an unknown key: written as given.
  for (const NamedValue& entry : population.parameters) {
    if (!parameters.contains(entry.key)) parameters[entry.key] = write_value(entry.value);
  }
  out["parameters"] = std::move(parameters);
  Json initial = Json::object();
  if (model != nullptr) {
    for (const StateVariableDescriptor& variable : model->state) {
      for (const NamedValue& entry : population.initial) {
        if (entry.key == variable.key) initial[entry.key] = write_value(entry.value);
      }
    }
  }
  for (const NamedValue& entry : population.initial) {
    if (!initial.contains(entry.key)) initial[entry.key] = write_value(entry.value);
  }
  if (!initial.empty()) out["initial"] = std::move(initial);
  out["seed"] = population.seed;
  return out;
}

Json write_projection(const ProjectionSpec& projection) {
  static const ProjectionSpec defaults;
  Json out;
  out["name"] = projection.name.empty() ? default_name(projection) : projection.name;
  out["source"] = projection.source;
  out["target"] = projection.target;
  const ConnectorSpec& c = projection.connector;
  const bool probability = c.rule == ConnectorRule::kFixedProbability;
  const bool in_degree = c.rule == ConnectorRule::kFixedInDegree;
  Json connector;
  connector["rule"] = kRules[static_cast<std::size_t>(c.rule)];
  if (probability || c.p != defaults.connector.p) connector["p"] = c.p;
  if (in_degree || c.k != defaults.connector.k) connector["k"] = c.k;
  connector["allow_self"] = c.allow_self;
  if (probability || in_degree || c.seed != defaults.connector.seed) connector["seed"] = c.seed;
  out["connector"] = std::move(connector);
  out["weight"] = write_value(projection.weight);
  if (projection.delay_steps) {
    out["delay_steps"] = *projection.delay_steps;
  } else {
    out["delay_ms"] = projection.delay_ms;
  }
  const ChannelSpec& s = projection.synapse;
  Json synapse;
  synapse["type"] = kSynapseTypes[static_cast<std::size_t>(s.kind)];
  if (s.kind != SynapseKind::kPulse || s.tau_ms != defaults.synapse.tau_ms) {
    synapse["tau_ms"] = s.tau_ms;
  }
  if (s.kind == SynapseKind::kExpConductance || s.e_rev_mV != defaults.synapse.e_rev_mV) {
    synapse["e_rev_mV"] = s.e_rev_mV;
  }
  out["synapse"] = std::move(synapse);
  return out;
}

struct InputWriter {
  Json& out;
  void operator()(const OnsetStepInput& onset) const {
    out["amplitude"] = onset.amplitude;
    out["onset_max_steps"] = onset.onset_max_steps;
    out["seed"] = onset.seed;
    if (onset.onset_steps) out["onset_steps"] = *onset.onset_steps;
  }
  void operator()(const DcInput& dc) const {
    out["amplitude"] = write_value(dc.amplitude);
    out["start_ms"] = dc.start_ms;
    if (dc.stop_ms) out["stop_ms"] = *dc.stop_ms;
  }
  void operator()(const PulsesInput& pulses) const {
    Json list = Json::array();
    for (const CurrentPulse& pulse : pulses.pulses) {
      Json entry;
      entry["start_ms"] = pulse.start_ms;
      entry["stop_ms"] = pulse.stop_ms;
      entry["amplitude"] = pulse.amplitude;
      list.push_back(std::move(entry));
    }
    out["pulses"] = std::move(list);
  }
  void operator()(const SineInput& sine) const {
    out["amplitude"] = sine.amplitude;
    out["frequency_hz"] = sine.frequency_hz;
    out["phase_deg"] = sine.phase_deg;
    out["offset"] = sine.offset;
  }
  void operator()(const NoiseInput& noise) const {
    out["mean"] = noise.mean;
    out["sd"] = noise.sd;
    out["seed"] = noise.seed;
  }
};

Json write_input(const InputSpec& input) {
  Json out;
  out["name"] = input.name.empty() ? default_name(input) : input.name;
  out["target"] = input.target;
  out["type"] = kInputTypes[input.kind.index()];
  std::visit(InputWriter{out}, input.kind);
  return out;
}

Json write_recording(const RecordingSpec& recording) {
  Json probes = Json::array();
  for (const ProbeSpec& probe : recording.probes) {
    Json entry;
    entry["population"] = probe.population;
    entry["neuron"] = probe.neuron;
    if (!probe.variable.empty()) entry["variable"] = probe.variable;
    probes.push_back(std::move(entry));
  }
  Json out;
  out["probes"] = std::move(probes);
  if (recording.all_spikes) {
    out["spikes"] = "all";
  } else {
    out["spikes"] = recording.spike_populations;
  }
  out["spike_capacity"] = recording.spike_capacity;
  return out;
}

}  // namespace

Json write_value(const ValueSpec& value) {
  struct Writer {
    Json operator()(double number) const { return number; }
    Json operator()(const UniformDraw& draw) const {
      Json inner;
      inner["low"] = draw.low;
      inner["high"] = draw.high;
      inner["seed"] = draw.seed;
      return Json{{"uniform", std::move(inner)}};
    }
    Json operator()(const NormalDraw& draw) const {
      Json inner;
      inner["mean"] = draw.mean;
      inner["sd"] = draw.sd;
      inner["seed"] = draw.seed;
      if (draw.min) inner["min"] = *draw.min;
      if (draw.max) inner["max"] = *draw.max;
      return Json{{"normal", std::move(inner)}};
    }
    Json operator()(const std::vector<double>& values) const { return Json{{"values", values}}; }
    Json operator()(const RangeValues& ranges) const {
      Json list = Json::array();
      for (const IndexRangeValue& range : ranges.ranges) {
        Json entry;
        entry["first"] = range.first;
        entry["end"] = range.end;
        entry["value"] = range.value;
        list.push_back(std::move(entry));
      }
      Json out;
      out["default"] = ranges.default_value;
      out["ranges"] = std::move(list);
      return out;
    }
  };
  return std::visit(Writer{}, value);
}

Json write_experiment(const Experiment& e) {
  Json simulation;
  simulation["dt_ms"] = e.network.dt_ms;
  simulation["steps"] = e.steps;
  Json populations = Json::array();
  for (const PopulationSpec& population : e.network.populations) {
    populations.push_back(write_population(population));
  }
  Json projections = Json::array();
  for (const ProjectionSpec& projection : e.network.projections) {
    projections.push_back(write_projection(projection));
  }
  Json inputs = Json::array();
  for (const InputSpec& input : e.network.inputs) inputs.push_back(write_input(input));
  Json view;
  view["run_mode"] = kRunModes[static_cast<std::size_t>(e.view.run_mode)];
  view["selected_neuron"] = e.view.selected_neuron;
  view["live_window_ms"] = e.view.live_window_ms;
  view["live_speed"] = e.view.live_speed;

  Json document;
  document["format"] = kExperimentFormat;
  document["version"] = kExperimentFormatVersion;
  document["name"] = e.name;
  document["notes"] = e.notes;
  document["simulation"] = std::move(simulation);
  document["populations"] = std::move(populations);
  document["projections"] = std::move(projections);
  document["inputs"] = std::move(inputs);
  document["recording"] = write_recording(e.recording);
  document["view"] = std::move(view);
  return document;
}

}  // namespace spikescope::experiment_json
