#include "models/hh/hh_population.h"

#include <algorithm>

#include "models/hh/hh_model.h"

namespace spikescope {
namespace {

// What one chunk's kernel needs: the compile-time variant and the chunk's input.
template <bool kRk4, bool kPerNeuronParameters>
struct HhKernel {
  static constexpr bool rk4 = kRk4;
  static constexpr bool per_neuron_parameters = kPerNeuronParameters;
  const ChunkInput* in;
};

bool all_uniform(const ParameterColumns& columns) {
  return std::all_of(columns.begin(), columns.end(),
                     [](const ValueColumn& column) { return column.is_uniform(); });
}

HhParameters parameters_of(const ParameterColumns& columns, std::size_t neuron) {
  std::vector<double> values(columns.size());
  for (std::size_t k = 0; k < columns.size(); ++k) values[k] = columns[k][neuron];
  return hh_parameters_from(values);
}

ValueColumn gathered_column(const ValueColumn& column, std::span<const std::uint32_t> source_of) {
  if (column.is_uniform()) return column;
  std::vector<double> values(source_of.size());
  for (std::size_t j = 0; j < source_of.size(); ++j) values[j] = column[source_of[j]];
  return ValueColumn(std::move(values));
}

}  // namespace

HhPopulation::HhPopulation(const PopulationSetup& setup)
    : rk4_(setup.method == kHhRk4),
      dt_ms_(setup.dt_ms),
      v_mV_(setup.size),
      m_(setup.size),
      h_(setup.size),
      n_(setup.size),
      initial_(setup.initial),
      synaptic_(setup.channels, setup.size, setup.dt_ms, hh_model().mV_per_voltage_unit) {
  initial_.resize(kHhStateCount);
  store_parameters(setup.parameters);
  reset();
}

HhPopulation::HhPopulation(const HhPopulation& other, std::size_t size)
    : rk4_(other.rk4_),
      dt_ms_(other.dt_ms_),
      uniform_(other.uniform_),
      v_mV_(size),
      m_(size),
      h_(size),
      n_(size) {}

const ModelDescriptor& HhPopulation::model() const {
  return hh_model();
}

void HhPopulation::store_parameters(const ParameterColumns& parameters) {
  per_neuron_.clear();
  if (all_uniform(parameters)) {
    uniform_ = parameters_of(parameters, 0);
    return;
  }
  per_neuron_.resize(size());
  for (std::size_t j = 0; j < size(); ++j) per_neuron_[j] = parameters_of(parameters, j);
}

void HhPopulation::set_parameters(const ParameterColumns& parameters) {
  store_parameters(parameters);
}

void HhPopulation::reset() {
  for (std::size_t j = 0; j < size(); ++j) {
    const double v = initial_[kHhV] ? (*initial_[kHhV])[j] : kHhInitialV_mV;
    // Gates not given start at their steady state at the neuron's initial V.
    const HhGates steady = hh_steady_gates(v);
    v_mV_[j] = v;
    m_[j] = initial_[kHhM] ? (*initial_[kHhM])[j] : steady.m;
    h_[j] = initial_[kHhH] ? (*initial_[kHhH])[j] : steady.h;
    n_[j] = initial_[kHhN] ? (*initial_[kHhN])[j] : steady.n;
  }
  synaptic_.reset();
}

double HhPopulation::state_value(std::size_t variable, std::size_t neuron) const {
  switch (variable) {
    case kHhM:
      return m_[neuron];
    case kHhH:
      return h_[neuron];
    case kHhN:
      return n_[neuron];
    default:
      return v_mV_[neuron];
  }
}

std::unique_ptr<NeuronPopulation> HhPopulation::gathered(
    std::span<const std::uint32_t> source_of) const {
  std::unique_ptr<HhPopulation> population(new HhPopulation(*this, source_of.size()));
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    const std::size_t source = source_of[j];
    population->v_mV_[j] = v_mV_[source];
    population->m_[j] = m_[source];
    population->h_[j] = h_[source];
    population->n_[j] = n_[source];
  }
  if (!per_neuron_.empty()) {
    population->per_neuron_.resize(source_of.size());
    for (std::size_t j = 0; j < source_of.size(); ++j) {
      population->per_neuron_[j] = per_neuron_[source_of[j]];
    }
  }
  population->initial_.resize(kHhStateCount);
  for (std::size_t k = 0; k < kHhStateCount; ++k) {
    if (!initial_[k]) continue;
    population->initial_[k] = gathered_column(*initial_[k], source_of);
  }
  population->synaptic_ = synaptic_.gathered(source_of);
  return population;
}

void HhPopulation::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  const bool per_neuron = !per_neuron_.empty();
  if (rk4_) {
    per_neuron ? advance_with<true, true>(input, output, threads)
               : advance_with<true, false>(input, output, threads);
  } else {
    per_neuron ? advance_with<false, true>(input, output, threads)
               : advance_with<false, false>(input, output, threads);
  }
}

template <bool kRk4, bool kPerNeuronParameters>
void HhPopulation::advance_with(const ChunkInput& input, ChunkOutput& output, int threads) {
  const HhKernel<kRk4, kPerNeuronParameters> kernel{&input};
  advance_blocked(*this, size(), input, kernel, output, threads, workspace_);
}

// A plain loop: six exp() calls per neuron and step (24 for RK4) dominate, and glibc's exp does
// not vectorise without -ffast-math, which would break the reference arithmetic.
template <class Kernel, bool kFlags>
std::uint32_t HhPopulation::step_range(std::size_t begin, std::size_t end, int step,
                                       const Kernel& kernel, std::uint8_t* spiked) {
  const ChunkInput& in = *kernel.in;
  std::uint32_t count = 0;
  for (std::size_t j = begin; j < end; ++j) {
    const HhParameters& p = Kernel::per_neuron_parameters ? per_neuron_[j] : uniform_;
    const HhState now = state_of(j);
    const double current =
        external_current(in, step, j) + synaptic_.step_current(j, now.v_mV, step, in.channels);
    const HhState next = Kernel::rk4 ? hh_rk4_step(now, p, current, dt_ms_)
                                     : hh_exponential_euler_step(now, p, current, dt_ms_);
    v_mV_[j] = next.v_mV;
    m_[j] = next.m;
    h_[j] = next.h;
    n_[j] = next.n;
    const bool spike = now.v_mV < 0.0 && next.v_mV >= 0.0;
    if constexpr (kFlags) spiked[j - begin] = spike;
    count += spike;
  }
  return count;
}

}  // namespace spikescope
