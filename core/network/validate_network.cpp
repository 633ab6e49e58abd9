#include "network/validate_network.h"

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
#include "network/validate_elements.h"

namespace spikescope {

using namespace validation;  // the element checks (validate_elements.h)

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
    if (neuron_current_input(input.kind)) {
      memory.buffer_bytes += noise_buffer_neurons(population.size) * sizeof(double);
    }
    if (const auto* dc = std::get_if<DcInput>(&input.kind); dc && !uniform_value(dc->amplitude)) {
      memory.neuron_bytes += population.size * sizeof(double);
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
        r.warnings.push_back(path + (uniform ? "" : " (neuron " + std::to_string(j) + ")") + ": " +
                             warning);
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
    if (const auto* dc = std::get_if<DcInput>(&input.kind)) {
      const std::string where = path + ".amplitude";
      r.amplitude = resolve_values(dc->amplitude, spec.populations[r.target].size, where);
      for (std::size_t j = 0; j < r.amplitude.per_neuron.size(); ++j) {
        require_finite(where + "[" + std::to_string(j) + "]", r.amplitude.per_neuron[j]);
      }
    }
    resolved.inputs.push_back(std::move(r));
  }
  return resolved;
}

}  // namespace spikescope
