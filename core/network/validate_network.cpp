#include "network/validate_network.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <string_view>

#include "common/onset_generator.h"
#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "network/connectors.h"
#include "network/network_chunks.h"

namespace spikescope {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
  throw ParameterError(path + ": " + reason);
}

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::uint64_t{4} << 30;  // unknown: assume 4 GiB
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

std::string mib(std::uint64_t bytes) {
  std::ostringstream text;
  text << (bytes + (1 << 20) - 1) / (1 << 20) << " MiB";
  return text.str();
}

void require_finite(const std::string& path, double value) {
  if (!std::isfinite(value)) {
    std::ostringstream reason;
    reason << "must be a finite number, got " << value;
    refuse(path, reason.str());
  }
}

std::string population_names(const NetworkSpec& spec) {
  std::string names;
  for (const PopulationSpec& population : spec.populations) {
    if (!names.empty()) names += ", ";
    names += population.name;
  }
  return names.empty() ? "none" : names;
}

std::size_t find_population(const NetworkSpec& spec, const std::string& name,
                            const std::string& path) {
  const std::size_t index = spec.population_index(name);
  if (index == NetworkSpec::npos) {
    refuse(path, "no population " + quoted(name) + "; populations: " + population_names(spec));
  }
  return index;
}

std::string projection_name(const ProjectionSpec& projection) {
  return projection.name.empty() ? projection.source + "->" + projection.target : projection.name;
}

std::string known_keys(std::span<const ParameterDescriptor> parameters) {
  std::string keys;
  for (const ParameterDescriptor& parameter : parameters) {
    if (!keys.empty()) keys += ", ";
    keys += parameter.key;
  }
  return keys;
}

std::string known_state(std::span<const StateVariableDescriptor> state) {
  std::string keys;
  for (const StateVariableDescriptor& variable : state) {
    if (!keys.empty()) keys += ", ";
    keys += variable.key;
  }
  return keys;
}

// Values a ValueSpec keeps per element beyond one number (draws and lists are materialised).
bool per_element(const ValueSpec& spec) {
  return !uniform_value(spec).has_value();
}

void check_population_shape(const PopulationSpec& population, const std::string& path,
                            std::set<std::string>& names) {
  if (population.name.empty()) refuse(path + ".name", "required; every population needs a name");
  if (!names.insert(population.name).second) {
    refuse(path + ".name", "the name " + quoted(population.name) + " is used twice");
  }
  const ModelDescriptor& model = population_model(population, path);
  (void)population_method(model, population, path);
  if (population.size < 1 || population.size > kMaxPopulationSize) {
    refuse(path + ".size", "must be 1 to " + std::to_string(kMaxPopulationSize) + " neurons, got " +
                               std::to_string(population.size));
  }
  std::set<std::string> seen;
  for (const NamedValue& entry : population.parameters) {
    const std::string where = path + ".parameters." + entry.key;
    if (model.parameter_index(entry.key) == ModelDescriptor::npos) {
      refuse(where, "unknown parameter of model " + std::string(model.name) +
                        "; its parameters: " + known_keys(model.parameters));
    }
    if (!seen.insert(entry.key).second) refuse(where, "given twice");
    if (!model.per_neuron_parameters && per_element(entry.value)) {
      refuse(where, "model " + std::string(model.name) +
                        " takes one value for all neurons (per-neuron values are not supported "
                        "for it)");
    }
  }
  seen.clear();
  if (model.spike_source && !population.initial.empty()) {
    refuse(path + ".initial", "model " + std::string(model.name) +
                                  " is a spike source and has no initial state to set");
  }
  for (const NamedValue& entry : population.initial) {
    const std::string where = path + ".initial." + entry.key;
    if (model.state_index(entry.key) == ModelDescriptor::npos) {
      refuse(where, "unknown state variable of model " + std::string(model.name) +
                        "; its state variables: " + known_state(model.state));
    }
    if (!seen.insert(entry.key).second) refuse(where, "given twice");
  }
}

void check_connector(const ProjectionSpec& projection, const std::string& path,
                     std::uint64_t source_size, std::uint64_t target_size, bool same) {
  const ConnectorSpec& c = projection.connector;
  const std::string where = path + ".connector";
  switch (c.rule) {
    case ConnectorRule::kAllToAll:
      break;
    case ConnectorRule::kOneToOne:
      if (source_size != target_size) {
        refuse(where + ".rule", "one_to_one needs populations of equal size, got " +
                                    std::to_string(source_size) + " and " +
                                    std::to_string(target_size));
      }
      break;
    case ConnectorRule::kFixedProbability:
      if (!(c.p >= 0.0 && c.p <= 1.0)) {
        std::ostringstream reason;
        reason << "must be in [0, 1], got " << c.p;
        refuse(where + ".p", reason.str());
      }
      break;
    case ConnectorRule::kFixedInDegree: {
      const std::uint64_t available = source_size - (same && !c.allow_self ? 1 : 0);
      if (c.k > available) {
        refuse(where + ".k", "must be at most " + std::to_string(available) +
                                 " (the source population's neurons" +
                                 (same && !c.allow_self ? " other than the target itself" : "") +
                                 "), got " + std::to_string(c.k));
      }
      break;
    }
  }
}

void check_synapse(const ChannelSpec& synapse, const std::string& path) {
  if (synapse.kind == SynapseKind::kPulse) return;
  if (!(synapse.tau_ms > 0.0) || !std::isfinite(synapse.tau_ms)) {
    std::ostringstream reason;
    reason << "must be greater than 0 ms (a time constant is positive), got " << synapse.tau_ms;
    refuse(path + ".synapse.tau_ms", reason.str());
  }
  if (synapse.kind == SynapseKind::kExpConductance) {
    require_finite(path + ".synapse.e_rev_mV", synapse.e_rev_mV);
  }
}

[[noreturn]] void refuse_negative_conductance(const std::string& path, double weight) {
  std::ostringstream reason;
  reason << "a conductance cannot be negative (inhibit with a reversal potential below rest), got "
         << weight;
  refuse(path, reason.str());
}

// One weight, or a weight per synapse: finite, the draw's own parameters sound, a list as long
// as the connector makes synapses (where that is known before connecting), and no negative
// conductance. Per-synapse draws are not drawn here: their bounds say enough.
void check_weight(const ProjectionSpec& projection, const std::string& path,
                  std::uint64_t source_size, std::uint64_t target_size, bool same) {
  const std::string where = path + ".weight";
  const bool conductance = projection.synapse.kind == SynapseKind::kExpConductance;
  if (const std::optional<double> weight = uniform_value(projection.weight)) {
    require_finite(where, *weight);
    if (conductance && *weight < 0) refuse_negative_conductance(where, *weight);
    return;
  }
  const ConnectorRule rule = projection.connector.rule;
  const bool count_known = rule != ConnectorRule::kFixedProbability;
  const std::uint64_t synapses =
      count_known ? expected_synapses(projection.connector, source_size, target_size, same) : 0;
  if (const auto* list = std::get_if<std::vector<double>>(&projection.weight)) {
    if (!count_known) {
      refuse(where, "a list of weights needs a connector whose synapse count is known before "
                    "connecting (all_to_all, one_to_one, fixed_in_degree); with "
                    "fixed_probability give one weight or a draw");
    }
    if (list->size() != synapses) {
      refuse(where, std::to_string(list->size()) + " values given for " + std::to_string(synapses) +
                        " synapses (what the connector makes); need one per synapse");
    }
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string at = where + "[" + std::to_string(k) + "]";
      require_finite(at, (*list)[k]);
      if (conductance && (*list)[k] < 0) refuse_negative_conductance(at, (*list)[k]);
    }
    return;
  }
  if (const auto* ranges = std::get_if<RangeValues>(&projection.weight)) {
    require_finite(where + ".default", ranges->default_value);
    if (conductance && ranges->default_value < 0) {
      refuse_negative_conductance(where + ".default", ranges->default_value);
    }
    for (std::size_t r = 0; r < ranges->ranges.size(); ++r) {
      const IndexRangeValue& range = ranges->ranges[r];
      const std::string at = where + ".ranges[" + std::to_string(r) + "]";
      require_finite(at + ".value", range.value);
      if (conductance && range.value < 0) refuse_negative_conductance(at + ".value", range.value);
      if (count_known && (range.first >= range.end || range.end > synapses)) {
        refuse(at, "must be a range first < end <= " + std::to_string(synapses) +
                       " (the synapses the connector makes), got [" + std::to_string(range.first) +
                       ", " + std::to_string(range.end) + ")");
      }
    }
    return;
  }
  // A draw: its parameters are checked without drawing a value.
  (void)resolve_values(projection.weight, 0, where);
  if (!conductance) return;
  if (const auto* draw = std::get_if<UniformDraw>(&projection.weight); draw && draw->low < 0) {
    refuse_negative_conductance(where + ".uniform.low", draw->low);
  }
  if (const auto* draw = std::get_if<NormalDraw>(&projection.weight);
      draw && !(draw->min && *draw->min >= 0)) {
    refuse(where + ".normal.min",
           "a conductance cannot be negative: a normal draw of conductances needs min >= 0");
  }
}

// A time in ms: finite (an infinite stop would never be reached as a step) and not before
// `earliest`, which `earliest_name` names ("0 ms", "start_ms").
void require_time(const std::string& path, double time_ms, double earliest,
                  const char* earliest_name) {
  if (std::isfinite(time_ms) && time_ms >= earliest) return;
  std::ostringstream reason;
  reason << "must be a finite time not before " << earliest_name;
  if (std::string_view(earliest_name) != "0 ms") reason << " (" << earliest << " ms)";
  reason << ", got " << time_ms;
  refuse(path, reason.str());
}

void check_input_shape(const InputSpec& input, const std::string& path) {
  struct Checker {
    const std::string& path;
    void operator()(const OnsetStepInput& onset) const {
      require_finite(path + ".amplitude", onset.amplitude);
      if (onset.onset_max_steps < 0) {
        refuse(path + ".onset_max_steps",
               "must not be negative, got " + std::to_string(onset.onset_max_steps));
      }
    }
    void operator()(const DcInput& dc) const {
      require_finite(path + ".amplitude", dc.amplitude);
      require_time(path + ".start_ms", dc.start_ms, 0.0, "0 ms");
      if (dc.stop_ms) require_time(path + ".stop_ms", *dc.stop_ms, dc.start_ms, "start_ms");
    }
    void operator()(const PulsesInput& pulses) const {
      if (pulses.pulses.size() > kMaxCurrentPulses) {
        refuse(path + ".pulses", "at most " + std::to_string(kMaxCurrentPulses) + " pulses");
      }
      for (std::size_t k = 0; k < pulses.pulses.size(); ++k) {
        const CurrentPulse& pulse = pulses.pulses[k];
        const std::string where = path + ".pulses[" + std::to_string(k) + "]";
        require_finite(where + ".amplitude", pulse.amplitude);
        require_time(where + ".start_ms", pulse.start_ms, 0.0, "0 ms");
        require_time(where + ".stop_ms", pulse.stop_ms, pulse.start_ms, "start_ms");
      }
    }
    void operator()(const SineInput& sine) const {
      require_finite(path + ".amplitude", sine.amplitude);
      require_finite(path + ".offset", sine.offset);
      require_finite(path + ".phase_deg", sine.phase_deg);
      if (!(sine.frequency_hz >= 0.0) || !std::isfinite(sine.frequency_hz)) {
        std::ostringstream reason;
        reason << "must be a finite frequency of at least 0 Hz, got " << sine.frequency_hz;
        refuse(path + ".frequency_hz", reason.str());
      }
    }
    void operator()(const NoiseInput& noise) const {
      require_finite(path + ".mean", noise.mean);
      if (!(noise.sd >= 0.0) || !std::isfinite(noise.sd)) {
        std::ostringstream reason;
        reason << "must be a finite number of at least 0, got " << noise.sd;
        refuse(path + ".sd", reason.str());
      }
    }
  };
  std::visit(Checker{path}, input.kind);
}

// The channel of `target` that carries this synapse type, added when new.
std::size_t channel_of(std::vector<ChannelSpec>& channels, const ChannelSpec& synapse) {
  ChannelSpec key = synapse;
  if (key.kind != SynapseKind::kExpConductance) key.e_rev_mV = 0.0;
  if (key.kind == SynapseKind::kPulse) key.tau_ms = 0.0;
  const auto found = std::find(channels.begin(), channels.end(), key);
  if (found != channels.end()) return static_cast<std::size_t>(found - channels.begin());
  channels.push_back(key);
  return channels.size() - 1;
}

}  // namespace

std::string element_path(const char* list, const std::string& name, std::size_t index) {
  if (name.empty()) return std::string(list) + "[" + std::to_string(index) + "]";
  return std::string(list) + "[\"" + name + "\"]";
}

const ModelDescriptor& population_model(const PopulationSpec& population, const std::string& path) {
  return model_named(population.model, path + ".model");
}

std::size_t population_method(const ModelDescriptor& model, const PopulationSpec& population,
                              const std::string& path) {
  if (population.method.empty()) return 0;
  const std::size_t method = model.method_index(population.method);
  if (method == ModelDescriptor::npos) {
    std::string methods;
    for (const MethodDescriptor& m : model.methods) {
      if (!methods.empty()) methods += ", ";
      methods += m.key;
    }
    refuse(path + ".method", "model " + std::string(model.name) + " has no method " +
                                 quoted(population.method) + "; its methods: " + methods);
  }
  return method;
}

std::uint32_t delay_in_steps(const ProjectionSpec& projection, double dt_ms,
                             const std::string& path) {
  if (projection.delay_steps) {
    const std::uint32_t steps = *projection.delay_steps;
    if (steps < 1 || steps > kMaxDelaySteps) {
      refuse(path + ".delay_steps", "must be 1 to " + std::to_string(kMaxDelaySteps) +
                                        " steps, got " + std::to_string(steps));
    }
    return steps;
  }
  const double steps = std::round(projection.delay_ms / dt_ms);
  if (!std::isfinite(projection.delay_ms) || !(steps >= 1.0)) {
    std::ostringstream reason;
    reason << "must be at least one step (" << dt_ms << " ms), got " << projection.delay_ms;
    refuse(path + ".delay_ms", reason.str());
  }
  if (steps > kMaxDelaySteps) {
    std::ostringstream reason;
    reason << "must be at most " << kMaxDelaySteps << " steps (" << kMaxDelaySteps * dt_ms
           << " ms at dt " << dt_ms << " ms), got " << projection.delay_ms;
    refuse(path + ".delay_ms", reason.str());
  }
  return static_cast<std::uint32_t>(steps);
}

bool ResolvedPopulation::parameters_uniform() const {
  return std::all_of(parameters.begin(), parameters.end(),
                     [](const ValueColumn& column) { return column.is_uniform(); });
}

bool ResolvedPopulation::initial_uniform() const {
  return std::all_of(initial.begin(), initial.end(), [](const std::optional<ValueColumn>& column) {
    return !column || column->is_uniform();
  });
}

MemoryEstimate check_network_shape(const NetworkSpec& spec) {
  if (!(spec.dt_ms > 0.0) || !std::isfinite(spec.dt_ms)) {
    std::ostringstream reason;
    reason << "must be greater than 0 ms, got " << spec.dt_ms;
    refuse("simulation.dt_ms", reason.str());
  }
  if (spec.populations.empty()) refuse("populations", "need at least one population");
  if (spec.populations.size() > kMaxPopulations) {
    refuse("populations", "at most " + std::to_string(kMaxPopulations) + " populations");
  }
  if (spec.projections.size() > kMaxProjections) {
    refuse("projections", "at most " + std::to_string(kMaxProjections) + " projections");
  }
  if (spec.inputs.size() > kMaxInputs) {
    refuse("inputs", "at most " + std::to_string(kMaxInputs) + " inputs");
  }
  MemoryEstimate memory;
  std::set<std::string> names;
  for (std::size_t p = 0; p < spec.populations.size(); ++p) {
    const PopulationSpec& population = spec.populations[p];
    const std::string path = element_path("populations", population.name, p);
    check_population_shape(population, path, names);
    const ModelDescriptor& model = population_model(population, path);
    const std::size_t method = population_method(model, population, path);
    std::uint64_t per_neuron = model.state_bytes_per_neuron(method);
    for (const NamedValue& entry : population.parameters) {
      if (per_element(entry.value)) per_neuron += sizeof(double);
    }
    for (const NamedValue& entry : population.initial) {
      if (per_element(entry.value)) per_neuron += sizeof(double);
    }
    memory.neuron_bytes += population.size * per_neuron;
  }

  // Per target population: its channels, whether each needs per-neuron buffers, the longest
  // delay into it.
  struct Target {
    std::vector<ChannelSpec> channels;
    std::vector<bool> per_neuron;
    std::uint32_t longest_delay = 0;
  };
  std::vector<Target> targets(spec.populations.size());
  std::set<std::string> projection_names;
  for (std::size_t k = 0; k < spec.projections.size(); ++k) {
    const ProjectionSpec& projection = spec.projections[k];
    const std::string name = projection_name(projection);
    const std::string path = element_path("projections", name, k);
    if (!projection_names.insert(name).second) {
      refuse(path + ".name", "the name " + quoted(name) +
                                 " is used twice; give parallel projections names of their own");
    }
    const std::size_t source = find_population(spec, projection.source, path + ".source");
    const std::size_t target = find_population(spec, projection.target, path + ".target");
    if (population_model(spec.populations[target], "").spike_source) {
      refuse(path + ".target", "population " + quoted(projection.target) + " is a " +
                                   spec.populations[target].model +
                                   " spike source and takes no synapses");
    }
    const std::uint64_t source_size = spec.populations[source].size;
    const std::uint64_t target_size = spec.populations[target].size;
    const bool same = source == target;
    check_connector(projection, path, source_size, target_size, same);
    check_synapse(projection.synapse, path);
    check_weight(projection, path, source_size, target_size, same);
    const std::uint32_t delay = delay_in_steps(projection, spec.dt_ms, path);
    Target& into = targets[target];
    const std::size_t channel = channel_of(into.channels, projection.synapse);
    into.per_neuron.resize(into.channels.size(), false);
    const bool dense = projection.connector.rule == ConnectorRule::kAllToAll &&
                       (!same || projection.connector.allow_self) &&
                       uniform_value(projection.weight).has_value();
    if (!dense || projection.synapse.kind != SynapseKind::kPulse) into.per_neuron[channel] = true;
    into.longest_delay = std::max(into.longest_delay, delay);
    if (!dense) {
      const std::uint64_t synapses =
          expected_synapses(projection.connector, source_size, target_size, same);
      const std::uint64_t weight_bytes = per_element(projection.weight) ? sizeof(double) : 0;
      memory.synapse_bytes += synapses * (sizeof(std::uint32_t) + weight_bytes) +
                              (source_size + 1) * sizeof(std::uint64_t);
    }
  }
  for (std::size_t p = 0; p < targets.size(); ++p) {
    const Target& target = targets[p];
    const std::uint64_t slots = target.longest_delay + kMaxChunkSteps;
    for (std::size_t c = 0; c < target.channels.size(); ++c) {
      memory.buffer_bytes +=
          slots * (sizeof(double) + (target.per_neuron[c] ? spec.populations[p].size * 8 : 0));
      // The channel's own state: a current or conductance per neuron.
      if (target.channels[c].kind != SynapseKind::kPulse) {
        memory.neuron_bytes += spec.populations[p].size * sizeof(double);
      }
    }
  }

  std::vector<bool> has_onset(spec.populations.size(), false);
  std::set<std::string> input_names;
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const InputSpec& input = spec.inputs[i];
    const std::string path = element_path("inputs", input.name, i);
    // Settings reach an input by its name.
    if (!input.name.empty() && !input_names.insert(input.name).second) {
      refuse(path + ".name", "the name " + quoted(input.name) + " is used twice");
    }
    const std::size_t target = find_population(spec, input.target, path + ".target");
    const PopulationSpec& population = spec.populations[target];
    if (population_model(population, "").spike_source) {
      refuse(path + ".target", "population " + quoted(input.target) + " is a " + population.model +
                                   " spike source and takes no input current");
    }
    check_input_shape(input, path);
    if (std::holds_alternative<OnsetStepInput>(input.kind)) {
      if (has_onset[target]) {
        refuse(path, "population " + quoted(input.target) + " has an onset input already");
      }
      has_onset[target] = true;
      memory.neuron_bytes += population.size * sizeof(std::int32_t);
    }
    if (std::holds_alternative<NoiseInput>(input.kind)) {
      memory.buffer_bytes += noise_buffer_neurons(population.size) * sizeof(double);
    }
  }

  const std::uint64_t budget = physical_memory_bytes() / 2;
  if (memory.total() > budget) {
    refuse("populations", "this network needs " + mib(memory.total()) + " (neurons " +
                              mib(memory.neuron_bytes) + ", synapses " + mib(memory.synapse_bytes) +
                              ", delay buffers " + mib(memory.buffer_bytes) +
                              "), more than half of this machine's memory (" + mib(budget) + ")");
  }
  return memory;
}

ResolvedNetwork resolve_network(const NetworkSpec& spec) {
  ResolvedNetwork resolved;
  resolved.memory = check_network_shape(spec);
  for (std::size_t p = 0; p < spec.populations.size(); ++p) {
    const PopulationSpec& population = spec.populations[p];
    const std::string path = element_path("populations", population.name, p);
    ResolvedPopulation r;
    r.model = &population_model(population, path);
    r.method = population_method(*r.model, population, path);
    const std::size_t size = population.size;
    // Each parameter: its values, each within its range.
    for (std::size_t k = 0; k < r.model->parameters.size(); ++k) {
      const ParameterDescriptor& parameter = r.model->parameters[k];
      const std::string where = path + ".parameters." + std::string(parameter.key);
      const ValueSpec* spec_value = population.parameter(std::string(parameter.key));
      ValueColumn column = spec_value ? resolve_values(*spec_value, size, where)
                                      : ValueColumn(parameter.default_value);
      if (column.is_uniform()) {
        check_parameter_value(parameter, column.uniform, where);
      } else {
        for (std::size_t j = 0; j < size; ++j) {
          check_parameter_value(parameter, column.per_neuron[j],
                                where + " (neuron " + std::to_string(j) + ")");
        }
      }
      r.parameters.push_back(std::move(column));
    }
    // The rules between parameters, per neuron where they differ.
    if (r.model->check != nullptr) {
      const bool uniform = r.parameters_uniform();
      std::vector<double> values(r.parameters.size());
      for (std::size_t j = 0; j < (uniform ? 1 : size); ++j) {
        for (std::size_t k = 0; k < values.size(); ++k) values[k] = r.parameters[k][j];
        try {
          r.model->check(values, r.method, spec.dt_ms);
        } catch (const ParameterError& error) {
          throw ParameterError(path + ".parameters." + error.what() +
                               (uniform ? "" : " (neuron " + std::to_string(j) + ")"));
        }
      }
    }
    if (r.model->dt_warning != nullptr) {
      // Per neuron where the parameters differ: the fastest neuron decides whether the method
      // copes with this dt. The first warning found is reported.
      const bool uniform = r.parameters_uniform();
      std::vector<double> values(r.parameters.size());
      for (std::size_t j = 0; j < (uniform ? 1 : size); ++j) {
        for (std::size_t k = 0; k < values.size(); ++k) values[k] = r.parameters[k][j];
        const std::string warning = r.model->dt_warning(values, r.method, spec.dt_ms);
        if (warning.empty()) continue;
        r.warnings.push_back(path + (uniform ? "" : " (neuron " + std::to_string(j) + ")") +
                             ": " + warning);
        break;
      }
    }
    if (!population.initial.empty()) {
      r.initial.resize(r.model->state.size());
      for (const NamedValue& entry : population.initial) {
        const std::size_t k = r.model->state_index(entry.key);
        const std::string where = path + ".initial." + entry.key;
        r.initial[k] = resolve_values(entry.value, size, where);
        const ValueColumn& column = *r.initial[k];
        for (std::size_t j = 0; j < (column.is_uniform() ? 1 : size); ++j) {
          require_finite(where, column[j]);
        }
      }
    }
    resolved.populations.push_back(std::move(r));
  }
  for (std::size_t k = 0; k < spec.projections.size(); ++k) {
    const ProjectionSpec& projection = spec.projections[k];
    const std::string path = element_path("projections", projection_name(projection), k);
    ResolvedProjection r;
    r.source = spec.population_index(projection.source);
    r.target = spec.population_index(projection.target);
    r.channel = channel_of(resolved.populations[r.target].channels, projection.synapse);
    r.delay_steps = delay_in_steps(projection, spec.dt_ms, path);
    resolved.projections.push_back(r);
  }
  for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
    const InputSpec& input = spec.inputs[i];
    const std::string path = element_path("inputs", input.name, i);
    ResolvedInput r;
    r.target = spec.population_index(input.target);
    if (const auto* onset = std::get_if<OnsetStepInput>(&input.kind)) {
      const std::uint64_t size = spec.populations[r.target].size;
      if (onset->onset_steps) {
        if (onset->onset_steps->size() != size) {
          refuse(path + ".onset_steps", std::to_string(onset->onset_steps->size()) +
                                            " onsets given for " + std::to_string(size) +
                                            " neurons of " + quoted(input.target) +
                                            "; need one per neuron");
        }
        for (std::size_t j = 0; j < onset->onset_steps->size(); ++j) {
          if ((*onset->onset_steps)[j] < 0) {
            refuse(path + ".onset_steps[" + std::to_string(j) + "]",
                   "must not be negative, got " + std::to_string((*onset->onset_steps)[j]));
          }
        }
        r.onset_steps = *onset->onset_steps;
      } else {
        r.onset_steps = draw_onsets(size, onset->onset_max_steps, onset->seed);
      }
    }
    resolved.inputs.push_back(std::move(r));
  }
  return resolved;
}

}  // namespace spikescope
