#include "experiment/schema.h"

#include <limits>

#include "experiment/experiment_file.h"
#include "experiment/experiment_json.h"
#include "experiment/experiment_keys.h"
#include "model/model_registry.h"
#include "network/validate_network.h"

namespace spikescope {
namespace {

using namespace experiment_keys;
using json_input::Json;

Json schema_ref(const std::string& name) {
  return Json{{"$ref", "#/$defs/" + name}};
}

Json described(Json schema, const std::string& description) {
  schema["description"] = description;
  return schema;
}

Json number(const std::string& description) {
  return described(Json{{"type", "number"}}, description);
}

Json integer(std::uint64_t min, std::uint64_t max, const std::string& description) {
  Json schema;
  schema["type"] = "integer";
  schema["minimum"] = min;
  schema["maximum"] = max;
  return described(std::move(schema), description);
}

Json words(Keys choices) {
  Json list = Json::array();
  for (const std::string_view word : choices) list.push_back(word);
  return Json{{"enum", std::move(list)}};
}

Json list_of(Json items, std::size_t max_items, std::size_t min_items = 0) {
  Json schema;
  schema["type"] = "array";
  if (min_items > 0) schema["minItems"] = min_items;
  schema["maxItems"] = max_items;
  schema["items"] = std::move(items);
  return schema;
}

// An object of the given properties (in this order), nothing else.
Json object(Json properties, std::vector<std::string_view> required) {
  Json schema;
  schema["type"] = "object";
  if (!required.empty()) schema["required"] = required;
  schema["properties"] = std::move(properties);
  schema["additionalProperties"] = false;
  return schema;
}

// {"if": {key: const value}, "then": then}
Json when(std::string_view key, std::string_view value, Json then) {
  Json condition;
  condition["properties"] = Json{{std::string(key), Json{{"const", value}}}};
  condition["required"] = Json::array({key});
  Json rule;
  rule["if"] = std::move(condition);
  rule["then"] = std::move(then);
  return rule;
}

constexpr std::uint64_t kAnyUnsigned = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kMaxOnset = std::numeric_limits<std::int32_t>::max();
constexpr std::uint64_t kMaxIndex = std::numeric_limits<std::uint32_t>::max();

Json value_forms() {
  Json uniform;
  uniform["low"] = number("lowest value");
  uniform["high"] = number("highest value");
  uniform["seed"] = schema_ref("seed");
  Json normal;
  normal["mean"] = number("mean");
  normal["sd"] = number("standard deviation, at least 0");
  normal["seed"] = schema_ref("seed");
  normal["min"] = number("values below are drawn again");
  normal["max"] = number("values above are drawn again");
  Json range;
  range["first"] = integer(0, kAnyUnsigned, "first neuron of the range");
  range["end"] = integer(0, kAnyUnsigned, "one past its last neuron");
  range["value"] = number("the value of the neurons in [first, end)");
  Json ranges;
  ranges["default"] = number("the value of the neurons in no range");
  ranges["ranges"] = list_of(object(std::move(range), {"first", "end", "value"}), kMaxValueRanges);
  Json forms = Json::array();
  forms.push_back(Json{{"type", "number"}});
  forms.push_back(
      object(Json{{"uniform", object(std::move(uniform), {"low", "high", "seed"})}}, {"uniform"}));
  forms.push_back(
      object(Json{{"normal", object(std::move(normal), {"mean", "sd", "seed"})}}, {"normal"}));
  forms.push_back(
      object(Json{{"values", list_of(Json{{"type", "number"}}, kMaxPopulationSize)}}, {"values"}));
  forms.push_back(object(std::move(ranges), {"default", "ranges"}));
  Json value;
  value["description"] =
      "A value for every neuron or synapse: one number, a seeded draw, one value each, or "
      "values for index ranges.";
  value["oneOf"] = std::move(forms);
  return value;
}

std::string parameter_text(const ParameterDescriptor& p) {
  std::string text = std::string(p.label);
  if (!p.unit.empty()) text += " (" + std::string(p.unit) + ")";
  text += ". " + std::string(p.explanation) + " Valid: " + describe_range(p.valid);
  if (!p.valid.reason.empty()) text += " (" + std::string(p.valid.reason) + ")";
  return text + ".";
}

void add_model(Json& defs, Json& rules, const ModelDescriptor& model) {
  const std::string name(model.name);
  Json parameters;
  for (const ParameterDescriptor& parameter : model.parameters) {
    Json entry = schema_ref("value");
    entry["description"] = parameter_text(parameter);
    parameters[std::string(parameter.key)] = std::move(entry);
  }
  Json initial;
  for (const StateVariableDescriptor& variable : model.state) {
    Json entry = schema_ref("value");
    entry["description"] = std::string(variable.label) + " (" + std::string(variable.unit) +
                           ") at the start. " + std::string(variable.explanation);
    initial[std::string(variable.key)] = std::move(entry);
  }
  Json methods = Json::array();
  for (const MethodDescriptor& method : model.methods) methods.push_back(method.key);
  defs[name + "_parameters"] =
      described(object(std::move(parameters), {}),
                std::string(model.title) + ": a parameter not given has its default.");
  defs[name + "_initial"] = object(std::move(initial), {});
  Json then;
  then["properties"]["method"] = Json{{"enum", std::move(methods)}};
  then["properties"]["parameters"] = schema_ref(name + "_parameters");
  then["properties"]["initial"] = schema_ref(name + "_initial");
  rules.push_back(when("model", model.name, std::move(then)));
}

Json population_schema(Json& defs) {
  Json models = Json::array();
  Json rules = Json::array();
  for (const ModelDescriptor* model : registered_models()) {
    models.push_back(model->name);
    add_model(defs, rules, *model);
  }
  Json p;
  p["name"] = schema_ref("name");
  p["model"] = described(Json{{"enum", std::move(models)}}, "the neuron model");
  p["method"] = described(schema_ref("name"), "numerical method; default: the model's first");
  p["size"] = integer(1, kMaxPopulationSize, "number of neurons");
  p["parameters"] = Json{{"type", "object"}};
  p["initial"] = Json{{"type", "object"}};
  p["seed"] = schema_ref("seed");
  Json schema = object(std::move(p), {"name", "model", "size"});
  schema["allOf"] = std::move(rules);
  return schema;
}

Json projection_schema() {
  Json c;
  c["rule"] = words(kRules);
  c["p"] = number("fixed_probability: probability of each pair, from 0 to 1");
  c["k"] = integer(0, kAnyUnsigned, "fixed_in_degree: sources per target");
  c["allow_self"] = described(Json{{"type", "boolean"}}, "within one population; default true");
  c["seed"] = schema_ref("seed");
  Json connector = object(std::move(c), {"rule"});
  connector["allOf"] = Json::array(
      {when("rule", "fixed_probability", Json{{"required", Json::array({"p", "seed"})}}),
       when("rule", "fixed_in_degree", Json{{"required", Json::array({"k", "seed"})}})});
  Json s;
  s["type"] = words(kSynapseTypes);
  s["tau_ms"] = number("decay time constant, greater than 0");
  s["e_rev_mV"] = number("reversal potential of a conductance synapse");
  Json synapse = object(std::move(s), {"type"});
  synapse["allOf"] = Json::array(
      {when("type", "exp_current", Json{{"required", Json::array({"tau_ms"})}}),
       when("type", "exp_conductance", Json{{"required", Json::array({"tau_ms", "e_rev_mV"})}})});
  Json p;
  p["name"] = described(schema_ref("name"), "default: \"<source>-><target>\"");
  p["source"] = schema_ref("name");
  p["target"] = schema_ref("name");
  p["connector"] = std::move(connector);
  p["weight"] = described(schema_ref("value"), "per synapse, in the target model's current unit");
  p["delay_ms"] = number("rounded to whole steps, at least one step");
  p["delay_steps"] = integer(1, kMaxDelaySteps, "delay in steps");
  p["synapse"] = std::move(synapse);
  Json schema = object(std::move(p), {"source", "target", "connector", "weight", "synapse"});
  schema["oneOf"] = Json::array({Json{{"required", Json::array({"delay_ms"})}},
                                 Json{{"required", Json::array({"delay_steps"})}}});
  return schema;
}

Json input_schema() {
  Json pulse;
  pulse["start_ms"] = number("start");
  pulse["stop_ms"] = number("end, not before start");
  pulse["amplitude"] = number("current while on");
  const Json fields[] = {
      Json{{"amplitude", number("current once switched on")},
           {"onset_max_steps", integer(0, kMaxOnset, "onsets drawn from [0, this]")},
           {"seed", schema_ref("seed")},
           {"onset_steps", list_of(integer(0, kMaxOnset, "onset step"), kMaxPopulationSize)}},
      Json{{"amplitude", described(schema_ref("value"), "current, one for all or one per neuron")},
           {"start_ms", number("on from; default 0")},
           {"stop_ms", number("off from; default: never")}},
      Json{{"pulses",
            list_of(object(pulse, {"start_ms", "stop_ms", "amplitude"}), kMaxCurrentPulses)}},
      Json{{"amplitude", number("amplitude")},
           {"frequency_hz", number("frequency, at least 0")},
           {"phase_deg", number("phase; default 0")},
           {"offset", number("added; default 0")}},
      Json{{"mean", number("mean current")},
           {"sd", number("standard deviation per step, at least 0")},
           {"seed", schema_ref("seed")}},
  };
  const std::vector<std::string_view> required[] = {{"target", "type", "amplitude"},
                                                    {"target", "type", "amplitude"},
                                                    {"target", "type", "pulses"},
                                                    {"target", "type", "amplitude", "frequency_hz"},
                                                    {"target", "type", "mean", "sd", "seed"}};
  Json rules = Json::array();
  for (std::size_t t = 0; t < std::size(kInputTypes); ++t) {
    Json properties;
    properties["name"] = described(schema_ref("name"), "default: \"<type>-><target>\"");
    properties["target"] = schema_ref("name");
    properties["type"] = Json{{"const", kInputTypes[t]}};
    for (const auto& [key, value] : fields[t].items()) properties[key] = value;
    Json then = object(std::move(properties), required[t]);
    if (t == 0) {
      then["anyOf"] = Json::array({Json{{"required", Json::array({"onset_steps"})}},
                                   Json{{"required", Json::array({"onset_max_steps", "seed"})}}});
    }
    rules.push_back(when("type", kInputTypes[t], std::move(then)));
  }
  Json schema;
  schema["type"] = "object";
  schema["required"] = Json::array({"target", "type"});
  schema["properties"] = Json{{"type", words(kInputTypes)}};
  schema["allOf"] = std::move(rules);
  return schema;
}

Json recording_schema() {
  Json probe;
  probe["population"] = schema_ref("name");
  probe["neuron"] = integer(0, kMaxIndex, "neuron index in the population");
  probe["variable"] = described(schema_ref("name"), "state variable; default: the model's first");
  Json spikes;
  spikes["description"] = "\"all\", or the populations whose spikes are recorded";
  spikes["oneOf"] =
      Json::array({Json{{"const", "all"}}, list_of(schema_ref("name"), kMaxPopulations)});
  Json r;
  r["probes"] = list_of(object(std::move(probe), {"population", "neuron"}), kMaxProbes);
  r["spikes"] = std::move(spikes);
  r["spike_capacity"] = integer(1, kMaxSpikeCapacity, "spikes kept; the oldest are dropped");
  return object(std::move(r), {});
}

Json view_schema() {
  Json v;
  v["run_mode"] = words(kRunModes);
  v["selected_neuron"] = integer(0, kMaxIndex, "neuron of the first population in the Vm plot");
  v["live_window_ms"] = number("width of the live window, greater than 0");
  v["live_speed"] = number("simulated time per wall time, at least 0; 0 = as fast as possible");
  return object(std::move(v), {});
}

}  // namespace

std::string experiment_schema_json() {
  Json defs;
  defs["name"] = described(Json{{"type", "string"}, {"pattern", "^[^\\u0000-\\u001f\\u007f]+$"}},
                           "a name: not empty, no control characters");
  defs["seed"] = integer(0, kAnyUnsigned, "seed of a SplitMix64 draw");
  defs["value"] = value_forms();
  Json simulation;
  simulation["dt_ms"] = number("time step, greater than 0");
  simulation["steps"] = integer(1, kMaxTrialSteps, "trial length in steps");
  defs["simulation"] = object(std::move(simulation), {"dt_ms", "steps"});
  defs["population"] = population_schema(defs);
  defs["projection"] = projection_schema();
  defs["input"] = input_schema();
  defs["recording"] = recording_schema();
  defs["view"] = view_schema();

  Json p;
  p["format"] = Json{{"const", kExperimentFormat}};
  p["version"] = Json{{"const", kExperimentFormatVersion}};
  p["name"] = described(Json{{"type", "string"}}, "default: the file's name");
  p["notes"] = described(Json{{"type", "string"}}, "what to notice, shown in the app");
  p["simulation"] = schema_ref("simulation");
  p["populations"] = list_of(schema_ref("population"), kMaxPopulations, 1);
  p["projections"] = list_of(schema_ref("projection"), kMaxProjections);
  p["inputs"] = list_of(schema_ref("input"), kMaxInputs);
  p["recording"] = schema_ref("recording");
  p["view"] = schema_ref("view");
  Json schema;
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["$id"] = "urn:spikescope:experiment:2";
  schema["title"] = "Spikescope experiment file, version 2";
  schema["description"] =
      "Generated by core/experiment/schema.cpp from the model descriptors; see "
      "resources/experiments/README.md.";
  Json top = object(std::move(p), {"format", "version", "simulation", "populations"});
  for (const auto& [key, value] : top.items()) schema[key] = value;
  schema["$defs"] = std::move(defs);
  return schema.dump(2) + "\n";
}

}  // namespace spikescope
