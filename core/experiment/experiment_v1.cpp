#include "experiment/experiment_v1.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "experiment/experiment_json.h"
#include "experiment/experiment_keys.h"
#include "model/model_registry.h"
#include "network/validate_network.h"

namespace spikescope {
namespace {

using json_input::describe;
using json_input::Json;
using json_input::read_integer;
using json_input::read_integer_list;
using json_input::read_number;
using json_input::read_string;
using json_input::read_word;
using json_input::refuse;

// Version 1's neuron keys, fixed with that format (they are also keys of the lif model).
constexpr std::string_view kNeuronKeys[] = {"membrane_resistance_kohm",
                                            "membrane_capacitance_uf",
                                            "refractory_ms",
                                            "threshold_v",
                                            "spike_height_v",
                                            "reset_v"};
constexpr std::string_view kIntegrations[] = {"notebook", "exact"};
constexpr std::int32_t kMaxOnset = std::numeric_limits<std::int32_t>::max();

// Everything a version-1 file holds, with version 1's defaults.
struct Version1 {
  std::string name, notes;
  std::size_t integration = 0;
  double neuron[std::size(kNeuronKeys)] = {1.0, 10.0, 4.0, 0.75, 1.0, 0.0};
  std::vector<std::uint32_t> layer_sizes{100, 1};
  double weight = 1.0;
  double amplitude = 1.0;
  std::optional<std::vector<std::int32_t>> onset_steps;
  std::int32_t onset_max_steps = 100;
  std::uint64_t seed = 42;
  double dt_ms = 0.125;
  std::int64_t steps = 4000;
  ViewSettings view;
};

enum class Presence { kRequired, kOptional, kRequiredToDrawOnsets };

struct Field {
  std::string path;
  Presence presence;
  void (*read)(Version1&, const Json&, const std::string& path, std::size_t index);
  std::size_t index = 0;  // of the neuron key
};

// Every field of version 1, in its file order.
std::vector<Field> version1_fields() {
  std::vector<Field> fields = {
      {"name", Presence::kOptional,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.name = read_string(v, p);
       }},
      {"notes", Presence::kOptional,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.notes = read_string(v, p);
       }},
      {"model.integration", Presence::kRequired,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.integration = read_word(v, p, kIntegrations);
       }},
  };
  for (std::size_t k = 0; k < std::size(kNeuronKeys); ++k) {
    fields.push_back({"model.neuron." + std::string(kNeuronKeys[k]), Presence::kRequired,
                      [](Version1& e, const Json& v, const std::string& p, std::size_t index) {
                        e.neuron[index] = read_number(v, p);
                      },
                      k});
  }
  const Field rest[] = {
      {"model.layer_sizes", Presence::kRequired,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         if (v.is_array() && v.empty()) refuse(p, "need at least one layer");
         e.layer_sizes = read_integer_list<std::uint32_t>(
             v, p, 1, static_cast<std::uint32_t>(kMaxPopulationSize), kMaxV1Layers);
       }},
      {"model.weight", Presence::kRequired,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.weight = read_number(v, p);
       }},
      {"stimulus.amplitude", Presence::kRequired,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.amplitude = read_number(v, p);
       }},
      {"stimulus.onset_max_steps", Presence::kRequiredToDrawOnsets,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.onset_max_steps = read_integer<std::int32_t>(v, p, 0, kMaxOnset);
       }},
      {"stimulus.onset_steps", Presence::kOptional,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.onset_steps = read_integer_list<std::int32_t>(v, p, 0, kMaxOnset, kMaxPopulationSize);
       }},
      {"simulation.dt_ms", Presence::kRequired,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.dt_ms = read_number(v, p);
       }},
      {"simulation.steps", Presence::kRequired,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.steps = read_integer<std::int64_t>(v, p, 1, kMaxTrialSteps);
       }},
      {"simulation.seed", Presence::kRequiredToDrawOnsets,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.seed = read_integer<std::uint64_t>(v, p, 0);
       }},
      {"view.run_mode", Presence::kOptional,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.view.run_mode = static_cast<RunMode>(read_word(v, p, experiment_keys::kRunModes));
       }},
      {"view.selected_neuron", Presence::kOptional,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.view.selected_neuron = read_integer<std::uint32_t>(v, p, 0);
       }},
      {"view.live_window_ms", Presence::kOptional,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.view.live_window_ms = read_number(v, p);
       }},
      {"view.live_speed", Presence::kOptional,
       [](Version1& e, const Json& v, const std::string& p, std::size_t) {
         e.view.live_speed = read_number(v, p);
       }},
  };
  fields.insert(fields.end(), std::begin(rest), std::end(rest));
  return fields;
}

const std::vector<Field>& fields() {
  static const std::vector<Field> table = version1_fields();
  return table;
}

const std::string_view kBlocks[] = {"model", "model.neuron", "stimulus", "simulation", "view"};

// The value at a dotted path, or nullptr if it or a block on the way is missing. A block that is
// not an object is an error whether or not the field is required.
const Json* find_value(const Json& document, std::string_view path, std::string* missing_at) {
  const Json* node = &document;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    const auto it = node->find(key);
    if (it == node->end()) {
      *missing_at = std::string(path.substr(0, dot));
      return nullptr;
    }
    node = &*it;
    if (dot == std::string_view::npos) return node;
    if (!node->is_object()) {
      refuse(std::string(path.substr(0, dot)), "expected an object, got " + describe(*node));
    }
    start = dot + 1;
  }
}

void warn_unknown_keys(const Json& object, const std::string& prefix,
                       std::vector<std::string>& warnings) {
  for (const auto& [key, value] : object.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    const bool is_field = std::any_of(fields().begin(), fields().end(),
                                      [&](const Field& field) { return field.path == path; });
    if (is_field || path == "format" || path == "version") continue;
    if (std::find(std::begin(kBlocks), std::end(kBlocks), path) != std::end(kBlocks)) {
      warn_unknown_keys(value, path, warnings);
    } else {
      warnings.push_back(path + ": unknown key, ignored");
    }
  }
}

Experiment migrate(const Version1& v1) {
  const ModelDescriptor& lif = model_named("lif", "model");
  Experiment e;
  e.name = v1.name;
  e.notes = v1.notes;
  NetworkSpec& network = e.network;
  network.dt_ms = v1.dt_ms;
  e.steps = v1.steps;
  for (std::size_t l = 0; l < v1.layer_sizes.size(); ++l) {
    PopulationSpec population;
    population.name = "layer" + std::to_string(l);
    population.model = "lif";
    population.method = std::string(kIntegrations[v1.integration]);
    population.size = v1.layer_sizes[l];
    for (const ParameterDescriptor& parameter : lif.parameters) {
      double value = parameter.default_value;
      for (std::size_t k = 0; k < std::size(kNeuronKeys); ++k) {
        if (kNeuronKeys[k] == parameter.key) value = v1.neuron[k];
      }
      if (parameter.key == "rest_v") value = 0.0;  // version 1's LIF rests at 0 V
      population.parameters.push_back(NamedValue{std::string(parameter.key), value});
    }
    if (kIntegrations[v1.integration] == "exact") {
      population.initial.push_back(NamedValue{"vm_v", v1.neuron[5]});  // reset_v
    }
    network.populations.push_back(std::move(population));
    if (l == 0) continue;
    ProjectionSpec projection;
    projection.source = "layer" + std::to_string(l - 1);
    projection.target = "layer" + std::to_string(l);
    projection.name = projection.source + "->" + projection.target;
    projection.weight = v1.weight;
    projection.delay_steps = 2;  // the notebook's coupling: a spike of step k drives step k + 2
    network.projections.push_back(std::move(projection));
  }
  OnsetStepInput onsets;
  onsets.amplitude = v1.amplitude;
  onsets.onset_steps = v1.onset_steps;
  onsets.onset_max_steps = v1.onset_max_steps;
  onsets.seed = v1.seed;
  network.inputs.push_back(InputSpec{"onsets", "layer0", onsets});
  e.recording.probes = experiment_json::default_probes(network);
  e.view = v1.view;
  return e;
}

}  // namespace

Experiment read_version1_experiment(const Json& document, std::vector<std::string>& warnings) {
  for (const std::string_view key : experiment_keys::kVersion2Only) {
    if (document.contains(key)) {
      refuse(std::string(key),
             "a version-2 field in a version-1 file; a file with populations, projections, "
             "inputs and recording is \"version\": 2");
    }
  }
  Version1 v1;
  std::string missing_at;
  const bool onsets_listed = find_value(document, "stimulus.onset_steps", &missing_at) != nullptr;
  for (const Field& field : fields()) {
    const Json* value = find_value(document, field.path, &missing_at);
    if (value != nullptr) {
      field.read(v1, *value, field.path, field.index);
    } else if (field.presence == Presence::kRequired ||
               (field.presence == Presence::kRequiredToDrawOnsets && !onsets_listed)) {
      std::string reason = missing_at == field.path
                               ? "required field is missing"
                               : "required block is missing (it holds " + field.path + ")";
      if (field.presence == Presence::kRequiredToDrawOnsets) {
        reason += "; it draws the onsets unless stimulus.onset_steps lists them";
      }
      refuse(missing_at, reason);
    }
  }
  warn_unknown_keys(document, "", warnings);
  return migrate(v1);
}

std::string version1_message(const std::string& message) {
  // The element paths of the migrated network, and the version-1 field each came from.
  const std::string population = "populations[\"layer";
  if (message.starts_with(population)) {
    const std::size_t digits_end = message.find("\"]", population.size());
    if (digits_end != std::string::npos) {
      const std::string layer = message.substr(population.size(), digits_end - population.size());
      const std::string rest = message.substr(digits_end + 2);
      const std::pair<std::string_view, std::string> fields[] = {
          {".parameters.", "model.neuron."},
          {".method", "model.integration"},
          {".size", "model.layer_sizes[" + layer + "]"},
          {".initial.vm_v", "model.neuron.reset_v"},
      };
      for (const auto& [from, to] : fields) {
        if (rest.starts_with(from)) return to + rest.substr(from.size());
      }
      return "model.layer_sizes[" + layer + "]" + rest;
    }
  }
  const std::pair<std::string_view, std::string_view> prefixes[] = {
      {"inputs[\"onsets\"].amplitude", "stimulus.amplitude"},
      {"inputs[\"onsets\"].onset_steps", "stimulus.onset_steps"},
      {"inputs[\"onsets\"].onset_max_steps", "stimulus.onset_max_steps"},
      {"inputs[\"onsets\"].seed", "simulation.seed"},
      {"inputs[\"onsets\"]", "stimulus"},
      {"populations:", "model.layer_sizes:"},
      {"recording.probes", "model.layer_sizes"},
  };
  for (const auto& [from, to] : prefixes) {
    if (message.starts_with(from)) return std::string(to) + message.substr(from.size());
  }
  if (message.starts_with("projections[")) {
    const std::size_t end = message.find("].");
    if (end != std::string::npos) {
      const std::string rest = message.substr(end + 2);
      if (rest.starts_with("weight")) return "model." + rest;
      return "model.layer_sizes: " + rest.substr(rest.find(": ") + 2);
    }
  }
  return message;
}

}  // namespace spikescope
