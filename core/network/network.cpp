#include "network/network.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "network/shared_onset_layer.h"

namespace spikescope {
namespace {

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::uint64_t{4} << 30;  // unknown: assume 4 GiB
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

}  // namespace

void validate(const NetworkConfig& config) {
  validate_except_onsets(config);
  validate(config.stimulus, config.layer_sizes[0]);
}

void validate_except_onsets(const NetworkConfig& config) {
  validate(config.neuron);
  require_positive("simulation.dt_ms", config.dt_ms);
  require_finite("model.weight", config.weight);
  if (config.threads < 0 || config.threads > 256) {
    throw ParameterError("simulation.threads: must be 0 (automatic) to 256, got " +
                         std::to_string(config.threads));
  }
  if (config.layer_sizes.empty())
    throw ParameterError("model.layer_sizes: need at least one layer");
  std::uint64_t neurons = 0;
  for (std::size_t l = 0; l < config.layer_sizes.size(); ++l) {
    const std::uint64_t size = config.layer_sizes[l];
    if (size == 0 || size > kMaxLayerSize) {
      throw ParameterError("model.layer_sizes[" + std::to_string(l) + "]: must be 1 to " +
                           std::to_string(kMaxLayerSize) + " neurons, got " + std::to_string(size));
    }
    neurons += size;
  }
  // State plus layer-0 onsets; the recorder's buffers are bounded separately.
  const std::uint64_t bytes = neurons * state_bytes_per_neuron(config.mode) +
                              std::uint64_t{config.layer_sizes[0]} * sizeof(std::int32_t);
  const std::uint64_t budget = physical_memory_bytes() / 2;
  if (bytes > budget) {
    std::ostringstream message;
    message << "model.layer_sizes: " << neurons << " neurons need " << bytes / (1 << 20)
            << " MiB of state, more than half of this machine's memory (" << budget / (1 << 20)
            << " MiB)";
    throw ParameterError(message.str());
  }
  require_finite("stimulus.amplitude", config.stimulus.amplitude);
  if (config.mode == IntegrationMode::kExact) {
    (void)exact_constants<float>(config.neuron, config.dt_ms);  // refractory steps fit 16 bits
  }
}

Network::Network(const NetworkConfig& config, const RecordingConfig& recording)
    : config_((validate(config), config)), recorder_(recording, config.layer_sizes) {
  const std::size_t layer_count = config_.layer_sizes.size();
  layers_.push_back(make_layer0());
  for (std::size_t l = 1; l < layer_count; ++l) {
    layers_.push_back(
        make_lif_layer(config_.mode, config_.layer_sizes[l], config_.neuron, config_.dt_ms));
  }
  clock_.resize(kChunkSteps);
  shared_current_.resize(kChunkSteps);
  counts_.assign(layer_count, std::vector<std::uint32_t>(kChunkSteps));
  sums_.assign(layer_count, std::vector<double>(kChunkSteps));
  layer_probes_.resize(layer_count);
  layer_probe_index_.resize(layer_count);
  for (std::size_t p = 0; p < recording.probes.size(); ++p) {
    layer_probes_[recording.probes[p].layer].push_back(recording.probes[p].neuron);
    layer_probe_index_[recording.probes[p].layer].push_back(p);
  }
  probe_vm_.assign(recording.probes.size(), std::vector<double>(kChunkSteps));
  probe_spiked_.assign(recording.probes.size(), std::vector<std::uint8_t>(kChunkSteps));
  raster_.resize(static_cast<std::size_t>(kChunkSteps) * recorder_.raster_rows());
  reset();
}

std::size_t Network::max_trajectories() const {
  const std::size_t size = config_.layer_sizes[0];
  switch (config_.sharing) {
    case NeuronSharing::kAutomatic:
      return size / kMinNeuronsPerTrajectory;
    case NeuronSharing::kAlways:
      return size;
    case NeuronSharing::kOff:
      break;
  }
  return 0;
}

std::unique_ptr<NeuronLayer> Network::make_layer0() const {
  if (config_.sharing != NeuronSharing::kOff) {
    if (auto shared = SharedOnsetLayer::make(config_.mode, config_.neuron, config_.dt_ms,
                                             config_.stimulus.onset_steps, max_trajectories())) {
      return shared;
    }
  }
  return make_lif_layer(config_.mode, config_.layer_sizes[0], config_.neuron, config_.dt_ms);
}

std::size_t Network::layer0_trajectories() const {
  const auto* shared = dynamic_cast<const SharedOnsetLayer*>(layers_[0].get());
  return shared != nullptr ? shared->class_count() : layers_[0]->size();
}

void Network::set_neuron_parameters(const LifParameters& neuron, double dt_ms) {
  NetworkConfig next = config_;
  next.neuron = neuron;
  next.dt_ms = dt_ms;
  validate(next);
  for (auto& layer : layers_) layer->set_parameters(neuron, dt_ms);
  config_ = std::move(next);
  sum_table_.clear();  // the spike height may have changed
}

void Network::set_stimulus(const Stimulus& stimulus) {
  validate(stimulus, config_.layer_sizes[0]);
  if (auto* shared = dynamic_cast<SharedOnsetLayer*>(layers_[0].get())) {
    if (!shared->set_onsets(stimulus.onset_steps, max_trajectories())) {
      layers_[0] = shared->expanded();
    }
  }
  layer0_split_ = config_.sharing != NeuronSharing::kOff;
  config_.stimulus = stimulus;
}

void Network::set_weight(double weight) {
  require_finite("model.weight", weight);
  config_.weight = weight;
}

void Network::set_probe_neuron(std::size_t index, std::uint32_t neuron) {
  const std::uint32_t layer = recorder_.config().probes.at(index).layer;
  if (neuron >= layers_[layer]->size()) {
    throw ParameterError("view.selected_neuron: layer " + std::to_string(layer) + " has " +
                         std::to_string(layers_[layer]->size()) + " neurons, got " +
                         std::to_string(neuron));
  }
  for (std::size_t k = 0; k < layer_probes_[layer].size(); ++k) {
    if (layer_probe_index_[layer][k] == index) layer_probes_[layer][k] = neuron;
  }
  recorder_.set_probe_neuron(index, neuron);
}

void Network::reset() {
  if (layer0_split_) {  // at rest again, neurons with equal onsets agree again
    layers_[0] = make_layer0();
    layer0_split_ = false;
  }
  for (auto& layer : layers_) layer->reset();
  iteration_ = 0;
  clock_ms_ = 0.0;
  for (auto& previous : previous_counts_) previous.assign(layers_.size(), 0);
  std::vector<double> initial_vm;
  for (const Probe& probe : recorder_.config().probes) {
    initial_vm.push_back(layers_[probe.layer]->membrane_potential(probe.neuron));
  }
  recorder_.restart(initial_vm);
}

void Network::advance(std::int64_t iterations) {
  while (iterations > 0) {
    const int steps = static_cast<int>(std::min<std::int64_t>(iterations, kChunkSteps));
    run_chunk(steps);
    iterations -= steps;
  }
}

int Network::threads_for(std::size_t layer_size) const {
  if (config_.threads > 0) return config_.threads;
  return layer_size >= kParallelThreshold ? 2 : 1;
}

double Network::summed_height(std::uint32_t count) {
  if (sum_table_.empty()) sum_table_.push_back(0.0);
  while (sum_table_.size() <= count) {
    sum_table_.push_back(sum_table_.back() + config_.neuron.spike_height_v);
  }
  return sum_table_[count];
}

void Network::run_chunk(int steps) {
  for (int s = 0; s < steps; ++s) {
    clock_[s] = clock_ms_;
    clock_ms_ += config_.dt_ms;
  }
  const bool record_events = recorder_.config().spike_events;
  events_.clear();
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    ChunkInput input;
    input.first_iteration = iteration_;
    input.steps = steps;
    input.clock_ms = clock_.data();
    if (l == 0) {
      input.stimulus = &config_.stimulus;
    } else {
      // Iteration i reads the previous layer's stored sample i - 1, i.e. its iteration i - 2.
      for (int s = 0; s < steps; ++s) {
        const std::int64_t source = iteration_ + s - 2;
        double sum = 0.0;
        if (source >= iteration_) {
          sum = sums_[l - 1][s - 2];
        } else if (source >= 0) {
          sum = summed_height(previous_counts_[source - iteration_ + 2][l - 1]);
        }
        shared_current_[s] = config_.weight * sum;
      }
      input.shared_current = shared_current_.data();
    }
    std::fill_n(counts_[l].begin(), steps, 0u);
    ChunkOutput output;
    output.spike_counts = counts_[l].data();
    output.layer_index = static_cast<std::uint32_t>(l);
    const auto& probes = layer_probes_[l];
    layer_probe_vm_.resize(probes.size() * steps);
    layer_probe_spiked_.resize(probes.size() * steps);
    output.probe_neurons = probes;
    output.probe_vm = layer_probe_vm_.data();
    output.probe_spiked = layer_probe_spiked_.data();
    if (l == 0 && recorder_.raster_rows() != 0) {
      std::fill(raster_.begin(), raster_.end(), 0u);
      output.raster_group = recorder_.raster_group();
      output.raster_rows = recorder_.raster_rows();
      output.raster_counts = raster_.data();
    }
    if (record_events) output.events = &events_;
    layers_[l]->advance(input, output, threads_for(layers_[l]->size()));

    for (int s = 0; s < steps; ++s) sums_[l][s] = summed_height(counts_[l][s]);
    for (std::size_t k = 0; k < probes.size(); ++k) {
      std::copy_n(layer_probe_vm_.begin() + static_cast<std::ptrdiff_t>(k * steps), steps,
                  probe_vm_[layer_probe_index_[l][k]].begin());
      std::copy_n(layer_probe_spiked_.begin() + static_cast<std::ptrdiff_t>(k * steps), steps,
                  probe_spiked_[layer_probe_index_[l][k]].begin());
    }
  }
  // Remember the last two iterations' counts for the next chunk's coupling.
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const std::uint32_t last = counts_[l][steps - 1];
    const std::uint32_t before_last = steps >= 2 ? counts_[l][steps - 2] : previous_counts_[1][l];
    previous_counts_[0][l] = before_last;
    previous_counts_[1][l] = last;
  }
  std::stable_sort(events_.begin(), events_.end(), [](const SpikeEvent& a, const SpikeEvent& b) {
    return a.iteration != b.iteration ? a.iteration < b.iteration : a.layer < b.layer;
  });
  recorder_.append(Recorder::Chunk{steps, &sums_, &probe_vm_, &probe_spiked_, &raster_, &events_});
  iteration_ += steps;
}

}  // namespace spikescope
