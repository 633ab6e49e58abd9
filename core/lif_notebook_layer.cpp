#include "lif_notebook_layer.h"

#include <algorithm>
#include <limits>

#include "blocked_advance.h"

namespace spikescope {

NotebookLifLayer::NotebookLifLayer(std::size_t size, const LifParameters& parameters,
                                   double dt_ms)
    : constants_(notebook_constants(parameters, dt_ms)), vm_v_(size), t_rest_ms_(size) {
  reset();
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

template <bool kStimulus, bool kFlags>
SPIKESCOPE_VECTOR_CLONES
std::uint32_t NotebookLifLayer::step_range(std::size_t begin, std::size_t end, int step,
                                           const ChunkInput& in, std::uint8_t* spiked) {
  const NotebookConstants c = constants_;
  const double t = in.clock_ms[step];
  const double t_rest_after_spike = t + c.refractory_ms;
  // Iteration i reads stimulus sample i - 1; clamped so that a huge run cannot overflow int32.
  const std::int64_t sample64 = in.first_iteration + step - 1;
  const auto sample = static_cast<std::int32_t>(
      std::clamp<std::int64_t>(sample64, -1, std::numeric_limits<std::int32_t>::max()));
  const double amplitude = kStimulus ? in.stimulus->amplitude : 0.0;
  const std::int32_t* onset = kStimulus ? in.stimulus->onset_steps.data() : nullptr;
  const double shared = kStimulus ? 0.0 : in.shared_current[step];
  double* __restrict vm = vm_v_.data();
  double* __restrict t_rest = t_rest_ms_.data();

  std::uint32_t count = 0;
  for (std::size_t j = begin; j < end; ++j) {
    const double input = kStimulus ? (sample >= onset[j] ? amplitude : 0.0) : shared;
    const double v = vm[j];
    const double next = v + ((-v + input * c.rm_kohm) / c.tau_m_ms) * c.dt_ms;
    const bool active = t > t_rest[j];
    const bool spike = active & (next >= c.threshold_v);
    vm[j] = active ? next : c.reset_v;
    t_rest[j] = spike ? t_rest_after_spike : t_rest[j];
    if constexpr (kFlags) spiked[j - begin] = spike;
    count += spike;
  }
  return count;
}

}  // namespace spikescope
