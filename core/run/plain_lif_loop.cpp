#include "run/plain_lif_loop.h"

#include <algorithm>
#include <cmath>

#include "network/validate_network.h"

namespace spikescope {

PlainLifLoop::PlainLifLoop(const NotebookChain& chain, std::int64_t iterations)
    : config_((validate(notebook_chain_network(chain)), chain)), iterations_(iterations) {
  layers_.resize(config_.layer_sizes.size());
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const std::size_t size = config_.layer_sizes[l];
    if (config_.mode == IntegrationMode::kNotebook) {
      layers_[l].vm_v.resize(size);
      layers_[l].t_rest_ms.resize(size);
    } else {
      layers_[l].vm_f.resize(size);
      layers_[l].refractory_left.resize(size);
    }
  }
  const auto stored = static_cast<std::size_t>(iterations_) + 1;
  layer_sums_.assign(layers_.size(), std::vector<double>(stored));
  first_neuron_vm_.assign(layers_.size(), std::vector<double>(stored));
  layer0_spike_counts_.resize(config_.layer_sizes[0]);
  reset();
}

void PlainLifLoop::reset() {
  const auto reset_v = static_cast<float>(config_.neuron.reset_v);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    Layer& layer = layers_[l];
    std::fill(layer.vm_v.begin(), layer.vm_v.end(), 0.0);
    std::fill(layer.t_rest_ms.begin(), layer.t_rest_ms.end(), 0.0);
    std::fill(layer.vm_f.begin(), layer.vm_f.end(), reset_v);
    std::fill(layer.refractory_left.begin(), layer.refractory_left.end(), std::uint16_t{0});
    first_neuron_vm_[l][0] = config_.mode == IntegrationMode::kNotebook ? 0.0 : reset_v;
  }
  std::fill(layer0_spike_counts_.begin(), layer0_spike_counts_.end(), 0u);
}

void PlainLifLoop::run() {
  if (config_.mode == IntegrationMode::kNotebook) {
    run_notebook();
  } else {
    run_exact();
  }
}

void PlainLifLoop::record(std::size_t layer, std::int64_t iteration, double sum, double vm_first) {
  layer_sums_[layer][iteration + 1] = sum;
  first_neuron_vm_[layer][iteration + 1] = vm_first;
}

void PlainLifLoop::run_notebook() {
  const LifParameters& p = config_.neuron;
  const std::vector<std::int32_t>& onsets = config_.onset_steps;
  double t = 0.0;
  for (std::int64_t i = 0; i < iterations_; ++i) {
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      Layer& layer = layers_[l];
      // Layer l > 0 reads the previous layer's stored sample i - 1 (0 before the first).
      const double shared =
          l > 0 ? config_.weight * (i >= 1 ? layer_sums_[l - 1][i - 1] : 0.0) : 0.0;
      double sum = 0.0;
      for (std::size_t j = 0; j < layer.vm_v.size(); ++j) {
        double input = shared;
        if (l == 0) input = i - 1 >= onsets[j] ? config_.amplitude : 0.0;
        if (t > layer.t_rest_ms[j]) {
          layer.vm_v[j] = layer.vm_v[j] +
                          ((-layer.vm_v[j] + input * p.membrane_resistance_kohm) / p.tau_m_ms()) *
                              config_.dt_ms;
          if (layer.vm_v[j] >= p.threshold_v) {
            layer.t_rest_ms[j] = t + p.refractory_ms;
            sum += p.spike_height_v;
            if (l == 0) ++layer0_spike_counts_[j];
          }
        } else {
          layer.vm_v[j] = p.reset_v;
        }
      }
      record(l, i, sum, layer.vm_v[0]);
    }
    t += config_.dt_ms;
  }
}

void PlainLifLoop::run_exact() {
  const LifParameters& p = config_.neuron;
  const std::vector<std::int32_t>& onsets = config_.onset_steps;
  const auto decay = static_cast<float>(std::exp(-config_.dt_ms / p.tau_m_ms()));
  const auto rm = static_cast<float>(p.membrane_resistance_kohm);
  const auto threshold = static_cast<float>(p.threshold_v);
  const auto reset_v = static_cast<float>(p.reset_v);
  const std::uint16_t refractory_steps = exact_constants<float>(p, config_.dt_ms).refractory_steps;
  for (std::int64_t i = 0; i < iterations_; ++i) {
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      Layer& layer = layers_[l];
      const double shared =
          l > 0 ? config_.weight * (i >= 1 ? layer_sums_[l - 1][i - 1] : 0.0) : 0.0;
      double sum = 0.0;
      for (std::size_t j = 0; j < layer.vm_f.size(); ++j) {
        if (layer.refractory_left[j] > 0) {
          layer.refractory_left[j]--;
          layer.vm_f[j] = reset_v;
          continue;
        }
        float v_inf = static_cast<float>(shared) * rm;
        if (l == 0)
          v_inf = i - 1 >= onsets[j] ? static_cast<float>(config_.amplitude) * rm : 0.0f;
        const float v = v_inf - (v_inf - layer.vm_f[j]) * decay;
        if (v >= threshold) {
          layer.vm_f[j] = reset_v;
          layer.refractory_left[j] = refractory_steps;
          sum += p.spike_height_v;
          if (l == 0) ++layer0_spike_counts_[j];
        } else {
          layer.vm_f[j] = v;
        }
      }
      record(l, i, sum, layer.vm_f[0]);
    }
  }
}

}  // namespace spikescope
