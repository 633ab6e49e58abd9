#include "models/lif/lif_notebook_population.h"

#include <algorithm>

#include "models/lif/lif_model.h"

namespace spikescope {
namespace {

LifParameters uniform_parameters(const ParameterColumns& columns) {
  std::vector<double> values;
  for (const ValueColumn& column : columns) values.push_back(column.uniform);
  return lif_parameters_from(values);
}

// What one chunk's kernel needs: the compile-time variant and the per-step currents.
template <bool kOnset, bool kPerNeuron>
struct NotebookKernel {
  static constexpr bool onset = kOnset;
  static constexpr bool per_neuron = kPerNeuron;
  const ChunkInput* in;
  const double* current_on;
  const double* current_off;
  LifInputs* inputs;
};

// One step of neurons [0, n) of the arrays given, in the notebook's operations and order;
// returns how many fired, and with kFlags sets flag[j] to whether neuron j fired. Branch-free,
// so that it vectorises; the arrays never overlap, which __restrict tells the compiler so that
// it skips checking.
template <bool kOnset, bool kPerNeuron, bool kFlags>
[[gnu::always_inline]] inline std::uint32_t notebook_step(
    std::size_t n, const NotebookConstants c, double t, double drive_on, double drive_off,
    double current_on, double current_off, std::int32_t sample,
    const std::int32_t* __restrict onset, const double* __restrict extra, double* __restrict vm,
    double* __restrict t_rest, std::uint8_t* __restrict flag) {
  const double t_rest_after_spike = t + c.refractory_ms;
  std::uint32_t count = 0;
  for (std::size_t j = 0; j < n; ++j) {
    double drive;
    if constexpr (kPerNeuron) {
      const double current = kOnset ? (sample >= onset[j] ? current_on : current_off) : current_on;
      drive = (current + extra[j]) * c.rm_kohm;
    } else {
      drive = kOnset ? (sample >= onset[j] ? drive_on : drive_off) : drive_on;
    }
    const double v = vm[j];
    const double next = v + ((-(v - c.rest_v) + drive) / c.tau_m_ms) * c.dt_ms;
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

NotebookLifPopulation::NotebookLifPopulation(const PopulationSetup& setup)
    : parameters_(uniform_parameters(setup.parameters)),
      constants_(notebook_constants(parameters_, setup.dt_ms)),
      dt_ms_(setup.dt_ms),
      vm_v_(setup.size),
      t_rest_ms_(setup.size),
      inputs_(setup.channels, setup.size, setup.dt_ms, 0, lif_model().mV_per_voltage_unit) {
  if (!setup.initial.empty() && setup.initial[0]) {
    const ValueColumn& v = *setup.initial[0];
    initial_vm_.resize(setup.size);
    for (std::size_t j = 0; j < setup.size; ++j) initial_vm_[j] = v[j];
  }
  reset();
}

NotebookLifPopulation::NotebookLifPopulation(const NotebookLifPopulation& other, std::size_t size)
    : parameters_(other.parameters_),
      constants_(other.constants_),
      dt_ms_(other.dt_ms_),
      vm_v_(size),
      t_rest_ms_(size) {}

const ModelDescriptor& NotebookLifPopulation::model() const { return lif_model(); }

std::unique_ptr<NeuronPopulation> NotebookLifPopulation::gathered(
    std::span<const std::uint32_t> source_of) const {
  std::unique_ptr<NotebookLifPopulation> population(
      new NotebookLifPopulation(*this, source_of.size()));
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    population->vm_v_[j] = vm_v_[source_of[j]];
    population->t_rest_ms_[j] = t_rest_ms_[source_of[j]];
  }
  if (!initial_vm_.empty()) {
    population->initial_vm_.resize(source_of.size());
    for (std::size_t j = 0; j < source_of.size(); ++j) {
      population->initial_vm_[j] = initial_vm_[source_of[j]];
    }
  }
  population->inputs_ = inputs_.gathered(source_of);
  return population;
}

void NotebookLifPopulation::set_parameters(const ParameterColumns& parameters) {
  parameters_ = uniform_parameters(parameters);
  constants_ = notebook_constants(parameters_, dt_ms_);
}

void NotebookLifPopulation::reset() {
  if (initial_vm_.empty()) {
    std::fill(vm_v_.begin(), vm_v_.end(), parameters_.rest_v);  // 0: the notebook's Vm[-1] seed
  } else {
    std::copy(initial_vm_.begin(), initial_vm_.end(), vm_v_.begin());
  }
  std::fill(t_rest_ms_.begin(), t_rest_ms_.end(), 0.0);
  inputs_.reset();
}

void NotebookLifPopulation::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  inputs_.prepare(input);
  if (inputs_.onset()) {
    inputs_.per_neuron() ? advance_with<true, true>(input, output, threads)
                         : advance_with<true, false>(input, output, threads);
  } else {
    inputs_.per_neuron() ? advance_with<false, true>(input, output, threads)
                         : advance_with<false, false>(input, output, threads);
  }
}

template <bool kOnset, bool kPerNeuron>
void NotebookLifPopulation::advance_with(const ChunkInput& input, ChunkOutput& output,
                                         int threads) {
  const NotebookKernel<kOnset, kPerNeuron> kernel{&input, inputs_.current_on(),
                                                  inputs_.current_off(), &inputs_};
  advance_blocked(*this, size(), input, kernel, output, threads, workspace_);
}

template <class Kernel, bool kFlags>
SPIKESCOPE_VECTOR_CLONES std::uint32_t NotebookLifPopulation::step_range(std::size_t begin,
                                                                         std::size_t end, int step,
                                                                         const Kernel& kernel,
                                                                         std::uint8_t* spiked) {
  const ChunkInput& in = *kernel.in;
  const std::int32_t sample = in.stimulus_sample(step);
  // I * Rm takes one of two values per step; the products are the notebook's, bit for bit.
  const double rm = constants_.rm_kohm;
  const double current_on = kernel.current_on[step];
  const double current_off = kernel.current_off[step];
  const double drive_on = current_on * rm;
  const double drive_off = current_off * rm;
  // Rows of a pooled raster may be longer than a block: the per-neuron current is made a block
  // at a time.
  std::uint32_t count = 0;
  double extra[kBlockNeurons];
  for (std::size_t first = begin; first < end; first += kBlockNeurons) {
    const std::size_t n = std::min(end - first, kBlockNeurons);
    if constexpr (Kernel::per_neuron) {
      kernel.inputs->neuron_current(first, first + n, step, in,
                                    [&](std::size_t j) { return vm_v_[j]; }, extra);
    }
    const std::int32_t* onset = Kernel::onset ? in.onset->onset_steps.data() + first : nullptr;
    count += notebook_step<Kernel::onset, Kernel::per_neuron, kFlags>(
        n, constants_, in.clock_ms[step], drive_on, drive_off, current_on, current_off, sample,
        onset, extra, vm_v_.data() + first, t_rest_ms_.data() + first,
        kFlags ? spiked + (first - begin) : nullptr);
  }
  return count;
}

}  // namespace spikescope
