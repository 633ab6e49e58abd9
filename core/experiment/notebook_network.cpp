#include "experiment/notebook_network.h"

#include <cmath>
#include <limits>
#include <utility>

#include "common/onset_generator.h"
#include "common/parameter_error.h"

namespace spikescope {
namespace {

constexpr std::string_view kLif = "lif";

const InputSpec* first_onset_input(const Experiment& e) {
  if (e.network.populations.empty()) return nullptr;
  const std::string& first = e.network.populations.front().name;
  for (const InputSpec& input : e.network.inputs) {
    if (input.target == first && std::holds_alternative<OnsetStepInput>(input.kind)) {
      return &input;
    }
  }
  return nullptr;
}

}  // namespace

bool has_notebook_knobs(const Experiment& e) { return first_onset_input(e) != nullptr; }

const OnsetStepInput* notebook_onsets(const Experiment& e) {
  const InputSpec* input = first_onset_input(e);
  return input != nullptr ? &std::get<OnsetStepInput>(input->kind) : nullptr;
}

OnsetStepInput* notebook_onsets(Experiment& e) {
  return const_cast<OnsetStepInput*>(notebook_onsets(std::as_const(e)));
}

std::string notebook_onset_input_name(const Experiment& e) {
  const InputSpec* input = first_onset_input(e);
  return input != nullptr ? input->name : std::string();
}

std::vector<std::int32_t> resolve_notebook_onsets(const Experiment& e) {
  const OnsetStepInput* onsets = notebook_onsets(e);
  if (onsets == nullptr) return {};
  const std::uint64_t size = e.network.populations.front().size;
  if (onsets->onset_steps) {
    if (onsets->onset_steps->size() != size) {
      throw ParameterError("inputs[\"" + notebook_onset_input_name(e) + "\"].onset_steps: " +
                           std::to_string(onsets->onset_steps->size()) + " onsets given for " +
                           std::to_string(size) + " neurons; need one per neuron");
    }
    return *onsets->onset_steps;
  }
  return draw_onsets(size, onsets->onset_max_steps, onsets->seed);
}

std::vector<std::size_t> lif_populations(const Experiment& e) {
  std::vector<std::size_t> lif;
  for (std::size_t p = 0; p < e.network.populations.size(); ++p) {
    if (e.network.populations[p].model == kLif) lif.push_back(p);
  }
  return lif;
}

double lif_value(const Experiment& e, LifParameter parameter) {
  const std::vector<std::size_t> lif = lif_populations(e);
  if (lif.empty()) return std::numeric_limits<double>::quiet_NaN();
  const ParameterDescriptor& descriptor = lif_model().parameters[parameter];
  const ValueSpec* value =
      e.network.populations[lif.front()].parameter(std::string(descriptor.key));
  if (value == nullptr) return descriptor.default_value;
  return uniform_value(*value).value_or(std::numeric_limits<double>::quiet_NaN());
}

void set_lif_value(Experiment& e, LifParameter parameter, double value) {
  const std::string key(lif_model().parameters[parameter].key);
  for (const std::size_t p : lif_populations(e)) {
    e.network.populations[p].set_parameter(key, value);
  }
}

LifParameters notebook_lif_parameters(const Experiment& e) {
  std::vector<double> values;
  for (std::size_t k = 0; k < kLifParameterCount; ++k) {
    values.push_back(lif_value(e, static_cast<LifParameter>(k)));
  }
  return lif_parameters_from(values);
}

double notebook_spike_height(const Experiment& e) {
  if (e.network.populations.empty() || e.network.populations.front().model != kLif) return 1.0;
  const ValueSpec* height = e.network.populations.front().parameter("spike_height_v");
  if (height == nullptr) return lif_model().parameters[kLifSpikeHeight].default_value;
  return uniform_value(*height).value_or(1.0);
}

IntegrationMode notebook_mode(const Experiment& e) {
  const std::vector<std::size_t> lif = lif_populations(e);
  if (lif.empty()) return IntegrationMode::kNotebook;
  const std::string& method = e.network.populations[lif.front()].method;
  return method == "exact" ? IntegrationMode::kExact : IntegrationMode::kNotebook;
}

void set_notebook_mode(Experiment& e, IntegrationMode mode) {
  for (const std::size_t p : lif_populations(e)) {
    e.network.populations[p].method = to_string(mode);
  }
}

double notebook_weight(const Experiment& e) {
  if (e.network.projections.empty()) return 1.0;
  return uniform_value(e.network.projections.front().weight)
      .value_or(std::numeric_limits<double>::quiet_NaN());
}

void set_notebook_weight(Experiment& e, double weight) {
  for (ProjectionSpec& projection : e.network.projections) projection.weight = weight;
}

NetworkSpec notebook_chain_network(const NotebookChain& chain) {
  NetworkSpec spec;
  spec.dt_ms = chain.dt_ms;
  const std::vector<double> values{chain.neuron.membrane_resistance_kohm,
                                   chain.neuron.membrane_capacitance_uf,
                                   chain.neuron.refractory_ms,
                                   chain.neuron.threshold_v,
                                   chain.neuron.spike_height_v,
                                   chain.neuron.reset_v,
                                   chain.neuron.rest_v};
  for (std::size_t l = 0; l < chain.layer_sizes.size(); ++l) {
    PopulationSpec population;
    population.name = "layer" + std::to_string(l);
    population.model = std::string(kLif);
    population.method = to_string(chain.mode);
    population.size = chain.layer_sizes[l];
    for (std::size_t k = 0; k < values.size(); ++k) {
      population.parameters.push_back(
          NamedValue{std::string(lif_model().parameters[k].key), values[k]});
    }
    if (chain.mode == IntegrationMode::kExact) {
      population.initial.push_back(NamedValue{"vm_v", chain.neuron.reset_v});
    }
    spec.populations.push_back(std::move(population));
    if (l > 0) {
      ProjectionSpec projection;
      projection.source = "layer" + std::to_string(l - 1);
      projection.target = "layer" + std::to_string(l);
      projection.name = projection.source + "->" + projection.target;
      projection.weight = chain.weight;
      projection.delay_steps = 2;
      spec.projections.push_back(std::move(projection));
    }
  }
  InputSpec onsets;
  onsets.name = "onsets";
  onsets.target = "layer0";
  OnsetStepInput input;
  input.amplitude = chain.amplitude;
  input.onset_steps = chain.onset_steps;
  onsets.kind = input;
  spec.inputs.push_back(std::move(onsets));
  return spec;
}

}  // namespace spikescope
