// The network part of a version-2 document: per-neuron values, populations, projections, inputs.
// JSON-level checks only (types, required fields, words, integer ranges, list lengths, names of
// models, methods, parameters and state variables); the meaning is validate(Experiment)'s.
#include <limits>

#include "experiment/experiment_json.h"
#include "experiment/experiment_keys.h"
#include "model/model_registry.h"
#include "network/validate_network.h"

namespace spikescope::experiment_json {
namespace {

using namespace experiment_keys;
using json_input::child;
using json_input::describe;
using json_input::ObjectReader;
using json_input::read_bool;
using json_input::read_integer;
using json_input::read_integer_list;
using json_input::read_list;
using json_input::read_name;
using json_input::read_number;
using json_input::read_word;
using json_input::refuse;
using Warnings = std::vector<std::string>;

constexpr std::int32_t kMaxOnset = std::numeric_limits<std::int32_t>::max();
constexpr std::uint64_t kAnyUnsigned = std::numeric_limits<std::uint64_t>::max();

std::uint64_t read_seed(const Json& value, const std::string& path) {
  return read_integer<std::uint64_t>(value, path, 0, kAnyUnsigned);
}

// The value of `key` as a number, or `otherwise` when it is not there.
double number_or(const ObjectReader& object, std::string_view key, double otherwise) {
  const Json* value = object.find(key);
  return value != nullptr ? read_number(*value, object.path(key)) : otherwise;
}

double required_number(const ObjectReader& object, std::string_view key) {
  return read_number(object.require(key), object.path(key));
}

template <class Descriptors>
std::string key_list(const Descriptors& descriptors) {
  std::string keys;
  for (const auto& descriptor : descriptors) {
    if (!keys.empty()) keys += ", ";
    keys += descriptor.key;
  }
  return keys;
}

ValueSpec read_value_object(const Json& value, const std::string& path, Warnings& warnings) {
  const bool uniform = value.contains("uniform");
  const bool normal = value.contains("normal");
  const bool values = value.contains("values");
  const bool ranges = value.contains("default") || value.contains("ranges");
  const int forms = int{uniform} + int{normal} + int{values} + int{ranges};
  if (forms == 0) {
    refuse(path,
           "expected a number or a value description ({\"uniform\": {...}}, {\"normal\": "
           "{...}}, {\"values\": [...]} or {\"default\": x, \"ranges\": [...]}), got an object");
  }
  if (forms > 1) {
    refuse(path, "give one of uniform, normal, values, or default with ranges, not several");
  }
  if (uniform) {
    ObjectReader outer(value, path, keys(kUniformForm));
    outer.warn_unknown(warnings);
    ObjectReader draw(outer.require("uniform"), outer.path("uniform"), keys(kUniform));
    draw.warn_unknown(warnings);
    return UniformDraw{required_number(draw, "low"), required_number(draw, "high"),
                       read_seed(draw.require("seed"), draw.path("seed"))};
  }
  if (normal) {
    ObjectReader outer(value, path, keys(kNormalForm));
    outer.warn_unknown(warnings);
    ObjectReader draw(outer.require("normal"), outer.path("normal"), keys(kNormal));
    draw.warn_unknown(warnings);
    NormalDraw result{required_number(draw, "mean"), required_number(draw, "sd"),
                      read_seed(draw.require("seed"), draw.path("seed")), std::nullopt,
                      std::nullopt};
    if (const Json* min = draw.find("min")) result.min = read_number(*min, draw.path("min"));
    if (const Json* max = draw.find("max")) result.max = read_number(*max, draw.path("max"));
    return result;
  }
  if (values) {
    ObjectReader outer(value, path, keys(kValuesForm));
    outer.warn_unknown(warnings);
    const std::string where = outer.path("values");
    const Json& list = read_list(outer.require("values"), where, kMaxPopulationSize);
    std::vector<double> result;
    result.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      result.push_back(read_number(list[i], child(where, i)));
    }
    return result;
  }
  ObjectReader outer(value, path, keys(kRangesForm));
  outer.warn_unknown(warnings);
  RangeValues result;
  result.default_value = required_number(outer, "default");
  const std::string where = outer.path("ranges");
  const Json& list = read_list(outer.require("ranges"), where, kMaxValueRanges);
  for (std::size_t i = 0; i < list.size(); ++i) {
    ObjectReader range(list[i], child(where, i), keys(kRange));
    range.warn_unknown(warnings);
    result.ranges.push_back(IndexRangeValue{
        read_integer<std::uint64_t>(range.require("first"), range.path("first"), 0, kAnyUnsigned),
        read_integer<std::uint64_t>(range.require("end"), range.path("end"), 0, kAnyUnsigned),
        required_number(range, "value")});
  }
  return result;
}

// Parameters or initial values: keys of the model's descriptors only, returned in descriptor
// order; `defaults` fills in what is missing (parameters) or nothing (initial state).
template <class Descriptors>
std::vector<NamedValue> read_named_values(const Json* value, const std::string& path,
                                          const Descriptors& descriptors, bool defaults,
                                          const char* what, const ModelDescriptor& model,
                                          Warnings& warnings) {
  if (value != nullptr && !value->is_object()) {
    refuse(path, "expected an object, got " + describe(*value));
  }
  if (value != nullptr) {
    for (const auto& [key, entry] : value->items()) {
      bool known = false;
      for (const auto& descriptor : descriptors) known = known || descriptor.key == key;
      if (!known) {
        refuse(child(path, key), std::string("unknown ") + what + " of model " +
                                     std::string(model.name) + "; its " + what +
                                     "s: " + key_list(descriptors));
      }
    }
  }
  std::vector<NamedValue> result;
  for (const auto& descriptor : descriptors) {
    const std::string key(descriptor.key);
    const Json* given = nullptr;
    if (value != nullptr) {
      const auto it = value->find(key);
      if (it != value->end()) given = &*it;
    }
    if (given != nullptr) {
      result.push_back(NamedValue{key, read_value(*given, child(path, key), warnings)});
    } else if (defaults) {
      if constexpr (requires { descriptor.default_value; }) {
        result.push_back(NamedValue{key, descriptor.default_value});
      }
    }
  }
  return result;
}

InputKind read_input_kind(std::size_t type, const ObjectReader& o, Warnings& warnings) {
  switch (type) {
    case 0: {
      OnsetStepInput onset;
      onset.amplitude = required_number(o, "amplitude");
      if (const Json* steps = o.find("onset_steps")) {
        onset.onset_steps = read_integer_list<std::int32_t>(*steps, o.path("onset_steps"), 0,
                                                            kMaxOnset, kMaxPopulationSize);
      }
      const char* why =
          onset.onset_steps ? "" : "it draws the onsets unless onset_steps lists them";
      const Json* max =
          onset.onset_steps ? o.find("onset_max_steps") : &o.require("onset_max_steps", why);
      if (max != nullptr) {
        onset.onset_max_steps =
            read_integer<std::int32_t>(*max, o.path("onset_max_steps"), 0, kMaxOnset);
      }
      const Json* seed = onset.onset_steps ? o.find("seed") : &o.require("seed", why);
      if (seed != nullptr) onset.seed = read_seed(*seed, o.path("seed"));
      return onset;
    }
    case 1: {
      DcInput dc;
      dc.amplitude = read_value(o.require("amplitude"), o.path("amplitude"), warnings);
      dc.start_ms = number_or(o, "start_ms", 0.0);
      if (const Json* stop = o.find("stop_ms")) dc.stop_ms = read_number(*stop, o.path("stop_ms"));
      return dc;
    }
    case 2: {
      PulsesInput pulses;
      const std::string where = o.path("pulses");
      const Json& list = read_list(o.require("pulses"), where, kMaxCurrentPulses);
      for (std::size_t k = 0; k < list.size(); ++k) {
        ObjectReader pulse(list[k], child(where, k), keys(kPulse));
        pulse.warn_unknown(warnings);
        pulses.pulses.push_back(CurrentPulse{required_number(pulse, "start_ms"),
                                             required_number(pulse, "stop_ms"),
                                             required_number(pulse, "amplitude")});
      }
      return pulses;
    }
    case 3:
      return SineInput{required_number(o, "amplitude"), required_number(o, "frequency_hz"),
                       number_or(o, "phase_deg", 0.0), number_or(o, "offset", 0.0)};
    default:
      return NoiseInput{required_number(o, "mean"), required_number(o, "sd"),
                        read_seed(o.require("seed"), o.path("seed"))};
  }
}

}  // namespace

ValueSpec read_value(const Json& value, const std::string& path, Warnings& warnings) {
  if (value.is_number()) return read_number(value, path);
  if (value.is_object()) return read_value_object(value, path, warnings);
  std::string reason = "expected a number, got " + describe(value);
  if (value.is_array()) reason += " (one value per neuron is written {\"values\": [...]})";
  refuse(path, reason);
}

PopulationSpec read_population(const Json& value, std::size_t index, Warnings& warnings) {
  ObjectReader o(value, child("populations", index), keys(kPopulation));
  PopulationSpec population;
  population.name = read_name(o.require("name"), o.path("name"));
  o.set_path(element_path("populations", population.name, index));
  o.warn_unknown(warnings);
  population.model = read_name(o.require("model"), o.path("model"));
  const ModelDescriptor& model = as_structure(
      [&]() -> const ModelDescriptor& { return population_model(population, o.path()); });
  if (const Json* method = o.find("method")) {
    population.method = read_name(*method, o.path("method"));
    (void)as_structure([&] { return population_method(model, population, o.path()); });
  } else {
    population.method = std::string(model.methods.front().key);
  }
  population.size =
      read_integer<std::uint64_t>(o.require("size"), o.path("size"), 1, kMaxPopulationSize);
  population.parameters = read_named_values(o.find("parameters"), o.path("parameters"),
                                            model.parameters, true, "parameter", model, warnings);
  population.initial = read_named_values(o.find("initial"), o.path("initial"), model.state, false,
                                         "state variable", model, warnings);
  if (const Json* seed = o.find("seed")) population.seed = read_seed(*seed, o.path("seed"));
  return population;
}

ProjectionSpec read_projection(const Json& value, std::size_t index, Warnings& warnings) {
  ObjectReader o(value, child("projections", index), keys(kProjection));
  ProjectionSpec projection;
  const Json* name = o.find("name");
  if (name != nullptr) {
    projection.name = read_name(*name, o.path("name"));
    o.set_path(element_path("projections", projection.name, index));
  }
  projection.source = read_name(o.require("source"), o.path("source"));
  projection.target = read_name(o.require("target"), o.path("target"));
  if (name == nullptr) {
    projection.name = default_name(projection);
    o.set_path(element_path("projections", projection.name, index));
  }
  o.warn_unknown(warnings);

  ObjectReader c(o.require("connector"), o.path("connector"), keys(kConnector));
  c.warn_unknown(warnings);
  ConnectorSpec& connector = projection.connector;
  connector.rule = static_cast<ConnectorRule>(read_word(c.require("rule"), c.path("rule"), kRules));
  const bool probability = connector.rule == ConnectorRule::kFixedProbability;
  const bool in_degree = connector.rule == ConnectorRule::kFixedInDegree;
  const char* draws = "the rule draws the connections with it";
  if (const Json* p = probability ? &c.require("p", draws) : c.find("p")) {
    connector.p = read_number(*p, c.path("p"));
  }
  if (const Json* k = in_degree ? &c.require("k", draws) : c.find("k")) {
    connector.k = read_integer<std::uint64_t>(*k, c.path("k"), 0, kAnyUnsigned);
  }
  if (const Json* self = c.find("allow_self")) {
    connector.allow_self = read_bool(*self, c.path("allow_self"));
  }
  if (const Json* seed = probability || in_degree ? &c.require("seed", draws) : c.find("seed")) {
    connector.seed = read_seed(*seed, c.path("seed"));
  }

  projection.weight = read_value(o.require("weight"), o.path("weight"), warnings);
  const Json* delay_ms = o.find("delay_ms");
  const Json* delay_steps = o.find("delay_steps");
  if (delay_ms != nullptr && delay_steps != nullptr) {
    refuse(o.path("delay_steps"), "give delay_ms or delay_steps, not both");
  }
  if (delay_ms == nullptr && delay_steps == nullptr) {
    refuse(o.path("delay_ms"), "required field is missing; give delay_ms or delay_steps");
  }
  if (delay_ms != nullptr) projection.delay_ms = read_number(*delay_ms, o.path("delay_ms"));
  if (delay_steps != nullptr) {
    projection.delay_steps =
        read_integer<std::uint32_t>(*delay_steps, o.path("delay_steps"), 1, kMaxDelaySteps);
  }

  ObjectReader s(o.require("synapse"), o.path("synapse"), keys(kSynapse));
  s.warn_unknown(warnings);
  ChannelSpec& synapse = projection.synapse;
  synapse.kind =
      static_cast<SynapseKind>(read_word(s.require("type"), s.path("type"), kSynapseTypes));
  const bool exponential = synapse.kind != SynapseKind::kPulse;
  const bool conductance = synapse.kind == SynapseKind::kExpConductance;
  const char* decays = "the synapse decays with it";
  if (const Json* tau = exponential ? &s.require("tau_ms", decays) : s.find("tau_ms")) {
    synapse.tau_ms = read_number(*tau, s.path("tau_ms"));
  }
  const char* drives = "a conductance drives toward it";
  if (const Json* e_rev = conductance ? &s.require("e_rev_mV", drives) : s.find("e_rev_mV")) {
    synapse.e_rev_mV = read_number(*e_rev, s.path("e_rev_mV"));
  }
  return projection;
}

InputSpec read_input(const Json& value, std::size_t index, Warnings& warnings) {
  ObjectReader common(value, child("inputs", index), keys(kInputCommon));
  InputSpec input;
  const Json* name = common.find("name");
  if (name != nullptr) {
    input.name = read_name(*name, common.path("name"));
    common.set_path(element_path("inputs", input.name, index));
  }
  input.target = read_name(common.require("target"), common.path("target"));
  const std::size_t type = read_word(common.require("type"), common.path("type"), kInputTypes);
  if (name == nullptr) {
    input.name = std::string(kInputTypes[type]) + "->" + input.target;  // default_name()
    common.set_path(element_path("inputs", input.name, index));
  }
  ObjectReader o(value, common.path(), input_keys(type));
  o.warn_unknown(warnings);
  input.kind = read_input_kind(type, o, warnings);
  return input;
}

std::string default_name(const ProjectionSpec& projection) {
  return projection.source + "->" + projection.target;
}

std::string default_name(const InputSpec& input) {
  return std::string(kInputTypes[input.kind.index()]) + "->" + input.target;
}

std::vector<ProbeSpec> default_probes(const NetworkSpec& network) {
  std::vector<ProbeSpec> probes;
  for (std::size_t p = 0; p < network.populations.size() && p < 2; ++p) {
    const PopulationSpec& population = network.populations[p];
    const ModelDescriptor* model = find_model(population.model);
    const std::string variable =
        model != nullptr && !model->state.empty() ? std::string(model->state.front().key) : "";
    probes.push_back(ProbeSpec{population.name, 0, variable});
  }
  return probes;
}

}  // namespace spikescope::experiment_json
