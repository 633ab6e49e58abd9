#include "network/network.h"

#include <algorithm>

#include "common/parameter_error.h"
#include "common/worker_pool.h"
#include "network/graph_order.h"
#include "network/network_parts.h"
#include "network/shared_onset_population.h"
#include "network/sharing.h"

namespace spikescope {
namespace {

std::vector<std::uint64_t> population_sizes(const NetworkSpec& spec) {
  std::vector<std::uint64_t> sizes;
  for (const PopulationSpec& population : spec.populations) sizes.push_back(population.size);
  return sizes;
}

PopulationSetup setup_of(const NetworkSpec& spec, const ResolvedPopulation& resolved,
                         const PopulationSpec& population) {
  PopulationSetup setup;
  setup.size = population.size;
  setup.parameters = resolved.parameters;
  setup.initial = resolved.initial;
  setup.method = resolved.method;
  setup.dt_ms = spec.dt_ms;
  setup.channels = resolved.channels;
  setup.seed = population.seed;
  return setup;
}

bool dense_projection(const ProjectionSpec& projection, bool same_population) {
  return projection.connector.rule == ConnectorRule::kAllToAll &&
         (!same_population || projection.connector.allow_self) &&
         uniform_value(projection.weight).has_value();
}

// Whether two specs differ only in what update() can take over without a rebuild.
bool same_structure(const NetworkSpec& a, const NetworkSpec& b) {
  if (a.dt_ms != b.dt_ms || a.populations.size() != b.populations.size() ||
      a.projections.size() != b.projections.size() || a.inputs.size() != b.inputs.size()) {
    return false;
  }
  for (std::size_t p = 0; p < a.populations.size(); ++p) {
    const PopulationSpec& x = a.populations[p];
    const PopulationSpec& y = b.populations[p];
    if (x.name != y.name || x.model != y.model || x.method != y.method || x.size != y.size ||
        x.initial != y.initial || x.seed != y.seed) {
      return false;
    }
  }
  for (std::size_t k = 0; k < a.projections.size(); ++k) {
    ProjectionSpec x = a.projections[k];
    ProjectionSpec y = b.projections[k];
    const bool same = x.source == x.target;
    if (dense_projection(x, same) != dense_projection(y, same)) return false;
    x.weight = y.weight;
    if (!(x == y)) return false;
  }
  for (std::size_t i = 0; i < a.inputs.size(); ++i) {
    // Per-neuron currents are buffered apart from those shared by all neurons.
    if (a.inputs[i].target != b.inputs[i].target ||
        a.inputs[i].kind.index() != b.inputs[i].kind.index() ||
        neuron_current_input(a.inputs[i].kind) != neuron_current_input(b.inputs[i].kind)) {
      return false;
    }
  }
  return true;
}

}  // namespace

double Network::Population::summed_heights(std::uint32_t count) {
  const double height = neurons->spike_height();
  if (height != height_summed || height_sums.empty()) {
    height_sums.assign(1, 0.0);
    height_summed = height;
  }
  while (height_sums.size() <= count) height_sums.push_back(height_sums.back() + height);
  return height_sums[count];
}

Network::Network(const NetworkSpec& spec, const RecordingConfig& recording,
                 const EngineOptions& options)
    // The shape is checked before the recorder is made, so that a wrong population is named
    // as such and not as the probe that watches it.
    : spec_((check_network_shape(spec), spec)),
      options_(options),
      recorder_(recording, population_sizes(spec)),
      pool_(std::make_unique<WorkerPool>()) {
  if (options.threads < 0 || options.threads > 256) {
    throw ParameterError("simulation.threads: must be 0 (automatic) to 256, got " +
                         std::to_string(options.threads));
  }
  const ResolvedNetwork resolved = resolve_network(spec_);
  build(resolved);
  reset();
}

Network::~Network() = default;

void Network::build(const ResolvedNetwork& resolved) {
  const std::size_t count = spec_.populations.size();
  std::vector<GraphEdge> edges;
  for (const ResolvedProjection& projection : resolved.projections) {
    edges.push_back(GraphEdge{projection.source, projection.target, projection.delay_steps});
  }
  const AdvanceOrder order = advance_order(count, edges);
  order_ = order.populations;
  chunk_steps_ = kMaxChunkSteps;
  if (order.shortest_loop_delay != 0) {
    chunk_steps_ = std::min<int>(chunk_steps_, static_cast<int>(order.shortest_loop_delay));
  }
  for (const InputSpec& input : spec_.inputs) {
    if (neuron_current_input(input.kind)) {
      const std::size_t target = spec_.population_index(input.target);
      chunk_steps_ = std::min(chunk_steps_, noise_chunk_steps(spec_.populations[target].size));
    }
  }

  std::vector<std::uint32_t> longest_delay(count, 0);
  std::vector<std::vector<bool>> per_neuron(count);
  for (std::size_t p = 0; p < count; ++p) {
    per_neuron[p].assign(resolved.populations[p].channels.size(), false);
  }
  for (std::size_t k = 0; k < spec_.projections.size(); ++k) {
    const ProjectionSpec& spec = spec_.projections[k];
    const ResolvedProjection& r = resolved.projections[k];
    auto projection = std::make_unique<Projection>();
    projection->source = r.source;
    projection->target = r.target;
    projection->channel = r.channel;
    projection->delay_steps = r.delay_steps;
    projection->kind = spec.synapse.kind;
    projection->dense = dense_projection(spec, r.source == r.target);
    if (const std::optional<double> weight = uniform_value(spec.weight)) {
      projection->weight = *weight;
    }
    if (!projection->dense) {
      projection->synapses = connect(spec.connector, spec_.populations[r.source].size,
                                     spec_.populations[r.target].size, r.source == r.target);
      if (!uniform_value(spec.weight)) {
        const std::string path =
            element_path("projections",
                         spec.name.empty() ? spec.source + "->" + spec.target : spec.name, k) +
            ".weight";
        projection->weights =
            resolve_values(spec.weight, projection->synapses.synapse_count(), path).per_neuron;
      }
    }
    if (!projection->dense || projection->kind != SynapseKind::kPulse) {
      per_neuron[r.target][r.channel] = true;
    }
    longest_delay[r.target] = std::max(longest_delay[r.target], r.delay_steps);
    projections_.push_back(std::move(projection));
  }

  for (std::size_t p = 0; p < count; ++p) {
    const PopulationSpec& spec = spec_.populations[p];
    const ResolvedPopulation& r = resolved.populations[p];
    auto population = std::make_unique<Population>();
    population->model = r.model;
    population->setup = setup_of(spec_, r, spec);
    population->shareable = may_share_trajectories(spec_, resolved, p);
    for (const std::string& warning : r.warnings) warnings_.push_back(warning);
    population->arrivals.resize(r.channels.size());
    population->events_recorded =
        recorder_.config().records_events_of(static_cast<std::uint32_t>(p));
    populations_.push_back(std::move(population));
  }
  for (std::size_t k = 0; k < projections_.size(); ++k) {
    Population& source = *populations_[projections_[k]->source];
    source.outgoing.push_back(k);
    if (!projections_[k]->dense) source.events_needed = true;
  }
  for (auto& population : populations_) {
    population->events_needed = population->events_needed || population->events_recorded;
  }

  for (std::size_t i = 0; i < spec_.inputs.size(); ++i) {
    auto input = std::make_unique<Input>();
    input->target = resolved.inputs[i].target;
    input->kind = spec_.inputs[i].kind;
    Population& target = *populations_[input->target];
    if (std::holds_alternative<OnsetStepInput>(input->kind)) {
      target.has_onset = true;
      target.onset_input = i;
      target.onsets = resolved.inputs[i].onset_steps;
    } else if (neuron_current_input(input->kind)) {
      input->amplitude_per_neuron = resolved.inputs[i].amplitude.per_neuron;
      target.neuron_inputs.push_back(i);
    } else {
      target.current_inputs.push_back(i);
    }
    inputs_.push_back(std::move(input));
  }

  for (std::size_t p = 0; p < count; ++p) populations_[p]->neurons = make_population(p, true);
  // The buffers' layout asks the populations made; a population that receives projections never
  // shares trajectories (sharing.h), so it is never remade as another kind.
  choose_direct_delivery(per_neuron);
  for (std::size_t p = 0; p < count; ++p) {
    Population& population = *populations_[p];
    const std::size_t slots = longest_delay[p] + static_cast<std::size_t>(chunk_steps_);
    for (std::size_t c = 0; c < population.setup.channels.size(); ++c) {
      population.rings.emplace_back(slots, population.size(), per_neuron[p][c],
                                    population.neurons->reads_float_arrivals(c));
    }
  }
  const auto& probes = recorder_.config().probes;
  for (std::size_t k = 0; k < probes.size(); ++k) {
    Population& population = *populations_[probes[k].population];
    if (probes[k].variable >= population.model->state.size()) {
      throw ParameterError("recording.probes[" + std::to_string(k) + "].variable: model " +
                           std::string(population.model->name) + " has " +
                           std::to_string(population.model->state.size()) +
                           " state variables, got index " + std::to_string(probes[k].variable));
    }
    population.probe_neurons.push_back(probes[k].neuron);
    population.probe_variables.push_back(probes[k].variable);
    population.probe_index.push_back(k);
  }
  clock_.resize(static_cast<std::size_t>(chunk_steps_));
  sums_.assign(count, std::vector<double>(static_cast<std::size_t>(chunk_steps_)));
  probe_values_.assign(probes.size(), std::vector<double>(static_cast<std::size_t>(chunk_steps_)));
  probe_spiked_.assign(probes.size(),
                       std::vector<std::uint8_t>(static_cast<std::size_t>(chunk_steps_)));
  raster_.resize(static_cast<std::size_t>(chunk_steps_) * recorder_.raster_rows());
}

std::size_t Network::max_trajectories(std::size_t p) const {
  const std::size_t size = populations_[p]->size();
  switch (options_.sharing) {
    case NeuronSharing::kAutomatic:
      return size / kMinNeuronsPerTrajectory;
    case NeuronSharing::kAlways:
      return size;
    case NeuronSharing::kOff:
      break;
  }
  return 0;
}

std::unique_ptr<NeuronPopulation> Network::make_population(std::size_t p,
                                                           bool allow_sharing) const {
  const Population& population = *populations_[p];
  if (allow_sharing && population.shareable && options_.sharing != NeuronSharing::kOff) {
    if (auto shared = SharedOnsetPopulation::make(*population.model, population.setup,
                                                  population.onsets, max_trajectories(p))) {
      return shared;
    }
  }
  return population.model->make(population.setup);
}

std::size_t Network::trajectories(std::size_t population) const {
  const NeuronPopulation* neurons = populations_.at(population)->neurons.get();
  const auto* shared = dynamic_cast<const SharedOnsetPopulation*>(neurons);
  return shared != nullptr ? shared->class_count() : neurons->size();
}

const Connectivity& Network::connectivity(std::size_t projection) const {
  return projections_.at(projection)->synapses;
}

double Network::state_value(std::size_t population, std::size_t variable,
                            std::size_t neuron) const {
  return populations_.at(population)->neurons->state_value(variable, neuron);
}

std::uint64_t Network::spike_count(std::size_t population) const {
  return populations_.at(population)->spikes_since_reset;
}

double Network::spike_height(std::size_t population) const {
  return populations_.at(population)->neurons->spike_height();
}

bool Network::update(const NetworkSpec& next) {
  const ResolvedNetwork resolved = resolve_network(next);
  if (!same_structure(spec_, next)) return false;
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    if (may_share_trajectories(next, resolved, p) != populations_[p]->shareable) return false;
  }
  // From here on nothing throws: the new values are valid.
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    Population& population = *populations_[p];
    if (resolved.populations[p].parameters != population.setup.parameters) {
      population.setup.parameters = resolved.populations[p].parameters;
      population.neurons->set_parameters(population.setup.parameters);
    }
  }
  for (std::size_t k = 0; k < projections_.size(); ++k) {
    Projection& projection = *projections_[k];
    const ValueSpec& weight = next.projections[k].weight;
    if (const std::optional<double> value = uniform_value(weight)) {
      projection.weight = *value;
      projection.weights.clear();
    } else if (weight != spec_.projections[k].weight) {
      projection.weights =
          resolve_values(weight, projection.synapses.synapse_count(), "weight").per_neuron;
    }
  }
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    Input& input = *inputs_[i];
    input.kind = next.inputs[i].kind;
    input.amplitude_per_neuron = resolved.inputs[i].amplitude.per_neuron;
    if (!std::holds_alternative<OnsetStepInput>(input.kind)) continue;
    Population& population = *populations_[input.target];
    if (resolved.inputs[i].onset_steps == population.onsets) continue;
    population.onsets = resolved.inputs[i].onset_steps;
    if (auto* shared = dynamic_cast<SharedOnsetPopulation*>(population.neurons.get())) {
      if (!shared->set_onsets(population.onsets, max_trajectories(input.target))) {
        population.neurons = shared->expanded();
      }
    }
    population.split = population.shareable && options_.sharing != NeuronSharing::kOff;
  }
  spec_ = next;
  return true;
}

void Network::set_probe_neuron(std::size_t index, std::uint32_t neuron) {
  const Probe& probe = recorder_.config().probes.at(index);
  Population& population = *populations_[probe.population];
  if (neuron >= population.size()) {
    throw ParameterError(
        "view.selected_neuron: population " + spec_.populations[probe.population].name + " has " +
        std::to_string(population.size()) + " neurons, got " + std::to_string(neuron));
  }
  for (std::size_t k = 0; k < population.probe_index.size(); ++k) {
    if (population.probe_index[k] == index) population.probe_neurons[k] = neuron;
  }
  recorder_.set_probe_neuron(index, neuron);
}

void Network::reset() {
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    Population& population = *populations_[p];
    if (population.split) {  // at rest again, neurons with equal onsets agree again
      population.neurons = make_population(p, true);
      population.split = false;
    }
    population.neurons->reset();
    population.spikes_since_reset = 0;
    for (ArrivalRing& ring : population.rings) ring.clear_all();
  }
  for (auto& input : inputs_) {
    if (const auto* noise = std::get_if<NoiseInput>(&input->kind)) {
      input->noise_rng = SplitMix64(noise->seed);
    }
  }
  iteration_ = 0;
  clock_ms_ = 0.0;
  synaptic_events_ = 0;
  restart_recorder();
}

void Network::restart_recorder() {
  std::vector<double> initial;
  for (const Probe& probe : recorder_.config().probes) {
    initial.push_back(
        populations_[probe.population]->neurons->state_value(probe.variable, probe.neuron));
  }
  recorder_.restart(initial);
}

int Network::threads_for(std::size_t size) const {
  if (options_.threads > 0) return options_.threads;
  return size >= kParallelThreshold ? 2 : 1;
}

}  // namespace spikescope
