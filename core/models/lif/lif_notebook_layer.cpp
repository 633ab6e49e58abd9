#include "models/lif/lif_notebook_layer.h"

#include <algorithm>
#include <limits>

#include "model/blocked_advance.h"

namespace spikescope {

NotebookLifLayer::NotebookLifLayer(std::size_t size, const LifParameters& parameters, double dt_ms)
    : NotebookLifLayer(notebook_constants(parameters, dt_ms), size) {}

NotebookLifLayer::NotebookLifLayer(const NotebookConstants& constants, std::size_t size)
    : constants_(constants), vm_v_(size), t_rest_ms_(size) {
  reset();
}

std::unique_ptr<NeuronLayer> NotebookLifLayer::gathered(
    std::span<const std::uint32_t> source_of) const {
  std::unique_ptr<NotebookLifLayer> layer(new NotebookLifLayer(constants_, source_of.size()));
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    layer->vm_v_[j] = vm_v_[source_of[j]];
    layer->t_rest_ms_[j] = t_rest_ms_[source_of[j]];
  }
  return layer;
}

void NotebookLifLayer::set_parameters(const LifParameters& parameters, double dt_ms) {
  constants_ = notebook_constants(parameters, dt_ms);
}

void NotebookLifLayer::reset() {
  std::fill(vm_v_.begin(), vm_v_.end(), 0.0);  // the notebook's Vm[-1] seed of a fresh neuron
  std::fill(t_rest_ms_.begin(), t_rest_ms_.end(), 0.0);
}

void NotebookLifLayer::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  advance_blocked(*this, size(), input, output, threads, workspace_);
}

namespace {

// One step of neurons [0, n) of the arrays given, in the notebook's operations and order;
// returns how many fired, and with kFlags sets flag[j] to whether neuron j fired. Branch-free,
// so that it vectorises; the arrays never overlap, which __restrict tells the compiler so that
// it skips checking.
template <bool kStimulus, bool kFlags>
[[gnu::always_inline]] inline std::uint32_t notebook_step(
    std::size_t n, const NotebookConstants c, double t, double drive_on, double drive_off,
    std::int32_t sample, const std::int32_t* __restrict onset, double* __restrict vm,
    double* __restrict t_rest, std::uint8_t* __restrict flag) {
  const double t_rest_after_spike = t + c.refractory_ms;
  std::uint32_t count = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const double drive = kStimulus ? (sample >= onset[j] ? drive_on : drive_off) : drive_on;
    const double v = vm[j];
    const double next = v + ((-v + drive) / c.tau_m_ms) * c.dt_ms;
    const bool active = t > t_rest[j];
    const bool spike = active & (next >= c.threshold_v);
    vm[j] = active ? next : c.reset_v;
    t_rest[j] = spike ? t_rest_after_spike : t_rest[j];
    if constexpr (kFlags) flag[j] = spike;
    count += spike;
  }
  return count;
}

}  // namespace

template <bool kStimulus, bool kFlags>
SPIKESCOPE_VECTOR_CLONES std::uint32_t NotebookLifLayer::step_range(std::size_t begin,
                                                                    std::size_t end, int step,
                                                                    const ChunkInput& in,
                                                                    std::uint8_t* spiked) {
  const std::int32_t sample = in.stimulus_sample(step);
  // I * Rm takes one of two values per step; the products are the notebook's, bit for bit.
  const double rm = constants_.rm_kohm;
  const double drive_on = (kStimulus ? in.stimulus->amplitude : in.shared_current[step]) * rm;
  const double drive_off = 0.0 * rm;
  const std::int32_t* onset = kStimulus ? in.stimulus->onset_steps.data() + begin : nullptr;
  return notebook_step<kStimulus, kFlags>(end - begin, constants_, in.clock_ms[step], drive_on,
                                          drive_off, sample, onset, vm_v_.data() + begin,
                                          t_rest_ms_.data() + begin, spiked);
}

}  // namespace spikescope
