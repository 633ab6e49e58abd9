#include "models/lif_adaptive/lif_adaptive_population.h"

#include <algorithm>

#include "models/lif_adaptive/lif_adaptive_model.h"

namespace spikescope {
namespace {

// What one chunk's kernel needs: the compile-time variant and the chunk's input.
template <bool kPerNeuronParameters>
struct AdaptiveKernel {
  static constexpr bool per_neuron_parameters = kPerNeuronParameters;
  const ChunkInput* in;
};

bool all_uniform(const ParameterColumns& columns) {
  return std::all_of(columns.begin(), columns.end(),
                     [](const ValueColumn& column) { return column.is_uniform(); });
}

LifAdaptiveParameters parameters_of(const ParameterColumns& columns, std::size_t neuron) {
  std::vector<double> values(columns.size());
  for (std::size_t k = 0; k < columns.size(); ++k) values[k] = columns[k][neuron];
  return lif_adaptive_parameters_from(values);
}

ValueColumn gathered_column(const ValueColumn& column, std::span<const std::uint32_t> source_of) {
  if (column.is_uniform()) return column;
  std::vector<double> values(source_of.size());
  for (std::size_t j = 0; j < source_of.size(); ++j) values[j] = column[source_of[j]];
  return ValueColumn(std::move(values));
}

// One step of neurons [0, n) of the arrays given, the input current of each in current[j];
// returns how many fired, and with kFlags sets flag[j] to whether neuron j fired. Branch-free,
// so that it vectorises; the arrays never overlap, which __restrict tells the compiler.
template <bool kPerNeuron, bool kFlags>
[[gnu::always_inline]] inline std::uint32_t adaptive_step(
    std::size_t n, const LifAdaptivePropagators& uniform,
    const LifAdaptivePropagators* __restrict per_neuron, const double* __restrict current,
    double* __restrict vm, double* __restrict i_adapt, std::uint16_t* __restrict left,
    std::uint8_t* __restrict flag) {
  std::uint32_t count = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const LifAdaptivePropagators& c = kPerNeuron ? per_neuron[j] : uniform;
    // V_inf and the membrane's relaxation exactly as the LIF exact method computes them, so that
    // b = 0 reproduces it; the adaptation's share is subtracted after.
    const double v_inf = c.rest_v + current[j] * c.rm_kohm;
    const double adaptation = i_adapt[j];
    const double next =
        v_inf - (v_inf - vm[j]) * c.decay_m - c.adaptation_coupling_kohm * adaptation;
    const double decayed = adaptation * c.decay_a;
    const std::uint16_t remaining = left[j];
    const bool refractory = remaining != 0;
    const bool spike = !refractory & (next >= c.threshold_v);
    vm[j] = (refractory | spike) ? c.reset_v : next;
    i_adapt[j] = spike ? decayed + c.adaptation_jump_ma : decayed;
    left[j] =
        spike ? c.refractory_steps : static_cast<std::uint16_t>(refractory ? remaining - 1 : 0);
    if constexpr (kFlags) flag[j] = spike;
    count += spike;
  }
  return count;
}

}  // namespace

LifAdaptivePopulation::LifAdaptivePopulation(const PopulationSetup& setup)
    : dt_ms_(setup.dt_ms),
      vm_v_(setup.size),
      i_adapt_ma_(setup.size),
      refractory_left_(setup.size),
      initial_(setup.initial),
      synaptic_(setup.channels, setup.size, setup.dt_ms, lif_adaptive_model().mV_per_voltage_unit) {
  initial_.resize(kLifAdaptiveStateCount);
  store_parameters(setup.parameters);
  reset();
}

LifAdaptivePopulation::LifAdaptivePopulation(const LifAdaptivePopulation& other, std::size_t size)
    : dt_ms_(other.dt_ms_),
      spike_height_v_(other.spike_height_v_),
      uniform_(other.uniform_),
      vm_v_(size),
      i_adapt_ma_(size),
      refractory_left_(size) {}

const ModelDescriptor& LifAdaptivePopulation::model() const {
  return lif_adaptive_model();
}

void LifAdaptivePopulation::store_parameters(const ParameterColumns& parameters) {
  spike_height_v_ = parameters[kLifAdaptiveSpikeHeight][0];
  per_neuron_.clear();
  if (all_uniform(parameters)) {
    uniform_ = lif_adaptive_propagators(parameters_of(parameters, 0), dt_ms_);
    return;
  }
  per_neuron_.resize(size());
  for (std::size_t j = 0; j < size(); ++j) {
    per_neuron_[j] = lif_adaptive_propagators(parameters_of(parameters, j), dt_ms_);
  }
}

void LifAdaptivePopulation::set_parameters(const ParameterColumns& parameters) {
  store_parameters(parameters);
  // A shorter refractory period applies at once to neurons already counting down.
  for (std::size_t j = 0; j < size(); ++j) {
    refractory_left_[j] = std::min(refractory_left_[j], propagators(j).refractory_steps);
  }
}

void LifAdaptivePopulation::reset() {
  const std::optional<ValueColumn>& v = initial_[kLifAdaptiveV];
  const std::optional<ValueColumn>& adaptation = initial_[kLifAdaptiveCurrent];
  for (std::size_t j = 0; j < size(); ++j) {
    vm_v_[j] = v ? (*v)[j] : propagators(j).rest_v;
    i_adapt_ma_[j] = adaptation ? (*adaptation)[j] : 0.0;
  }
  std::fill(refractory_left_.begin(), refractory_left_.end(), std::uint16_t{0});
  synaptic_.reset();
}

double LifAdaptivePopulation::state_value(std::size_t variable, std::size_t neuron) const {
  return variable == kLifAdaptiveCurrent ? i_adapt_ma_[neuron] : vm_v_[neuron];
}

std::unique_ptr<NeuronPopulation> LifAdaptivePopulation::gathered(
    std::span<const std::uint32_t> source_of) const {
  std::unique_ptr<LifAdaptivePopulation> population(
      new LifAdaptivePopulation(*this, source_of.size()));
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    const std::size_t source = source_of[j];
    population->vm_v_[j] = vm_v_[source];
    population->i_adapt_ma_[j] = i_adapt_ma_[source];
    population->refractory_left_[j] = refractory_left_[source];
  }
  if (!per_neuron_.empty()) {
    population->per_neuron_.resize(source_of.size());
    for (std::size_t j = 0; j < source_of.size(); ++j) {
      population->per_neuron_[j] = per_neuron_[source_of[j]];
    }
  }
  population->initial_.resize(kLifAdaptiveStateCount);
  for (std::size_t k = 0; k < kLifAdaptiveStateCount; ++k) {
    if (initial_[k]) population->initial_[k] = gathered_column(*initial_[k], source_of);
  }
  population->synaptic_ = synaptic_.gathered(source_of);
  return population;
}

void LifAdaptivePopulation::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  per_neuron_.empty() ? advance_with<false>(input, output, threads)
                      : advance_with<true>(input, output, threads);
}

template <bool kPerNeuronParameters>
void LifAdaptivePopulation::advance_with(const ChunkInput& input, ChunkOutput& output,
                                         int threads) {
  const AdaptiveKernel<kPerNeuronParameters> kernel{&input};
  advance_blocked(*this, size(), input, kernel, output, threads, workspace_);
}

template <class Kernel, bool kFlags>
SPIKESCOPE_VECTOR_CLONES std::uint32_t LifAdaptivePopulation::step_range(std::size_t begin,
                                                                         std::size_t end, int step,
                                                                         const Kernel& kernel,
                                                                         std::uint8_t* spiked) {
  const ChunkInput& in = *kernel.in;
  std::uint32_t count = 0;
  // The input current first, from V at the step's start (the synaptic channels need it), then
  // the branch-free update. Rows of a pooled raster may be longer than a block: a block at a
  // time.
  double current[kBlockNeurons];
  for (std::size_t first = begin; first < end; first += kBlockNeurons) {
    const std::size_t n = std::min(end - first, kBlockNeurons);
    for (std::size_t j = first; j < first + n; ++j) {
      current[j - first] =
          external_current(in, step, j) + synaptic_.step_current(j, vm_v_[j], step, in.channels);
    }
    const LifAdaptivePropagators* per_neuron =
        Kernel::per_neuron_parameters ? per_neuron_.data() + first : nullptr;
    count += adaptive_step<Kernel::per_neuron_parameters, kFlags>(
        n, uniform_, per_neuron, current, vm_v_.data() + first, i_adapt_ma_.data() + first,
        refractory_left_.data() + first, kFlags ? spiked + (first - begin) : nullptr);
  }
  return count;
}

}  // namespace spikescope
