#include "models/izhikevich/izhikevich_population.h"

#include <stdexcept>
#include <string>

#include "models/izhikevich/izhikevich_model.h"

namespace spikescope {
namespace {

// One row of parameters when every column is uniform, else one per neuron.
std::vector<IzhikevichParameters> parameter_rows(const ParameterColumns& columns,
                                                 std::size_t size) {
  if (columns.size() != kIzhikevichParameterCount) {
    throw std::invalid_argument("izhikevich: " + std::to_string(columns.size()) +
                                " parameter columns, expected " +
                                std::to_string(kIzhikevichParameterCount));
  }
  bool per_neuron = false;
  for (const ValueColumn& column : columns) {
    if (column.is_uniform()) continue;
    if (column.per_neuron.size() != size) {
      throw std::invalid_argument("izhikevich: a parameter column has " +
                                  std::to_string(column.per_neuron.size()) + " values for " +
                                  std::to_string(size) + " neurons");
    }
    per_neuron = true;
  }
  std::vector<IzhikevichParameters> rows(per_neuron ? size : 1);
  double values[kIzhikevichParameterCount];
  for (std::size_t j = 0; j < rows.size(); ++j) {
    for (std::size_t k = 0; k < kIzhikevichParameterCount; ++k) values[k] = columns[k][j];
    rows[j] = izhikevich_parameters_from(values);
  }
  return rows;
}

// The values of neurons source_of[0], source_of[1], ... (a uniform column stays uniform).
ValueColumn gathered_column(const ValueColumn& column, std::span<const std::uint32_t> source_of) {
  if (column.is_uniform()) return column;
  std::vector<double> values(source_of.size());
  for (std::size_t j = 0; j < source_of.size(); ++j) values[j] = column.per_neuron[source_of[j]];
  return ValueColumn(std::move(values));
}

// What a chunk's kernel needs beyond the population: its compile-time variant and the input.
template <bool kPerNeuronParameters>
struct IzhikevichKernel {
  static constexpr bool per_neuron_parameters = kPerNeuronParameters;
  const ChunkInput* in;
};

}  // namespace

IzhikevichParameters izhikevich_parameters_from(std::span<const double> v) {
  return IzhikevichParameters{v[kIzhikevichA], v[kIzhikevichB], v[kIzhikevichC], v[kIzhikevichD],
                              v[kIzhikevichVPeak]};
}

IzhikevichPopulation::IzhikevichPopulation(const PopulationSetup& setup)
    : parameters_(parameter_rows(setup.parameters, setup.size)),
      h_(izhikevich_brian2_step(setup.dt_ms)),
      initial_(setup.initial),
      v_mV_(setup.size),
      u_(setup.size),
      synaptic_(setup.channels, setup.size, setup.dt_ms, izhikevich_model().mV_per_voltage_unit) {
  initial_.resize(kIzhikevichStateCount);
  reset();
}

IzhikevichPopulation::IzhikevichPopulation(const IzhikevichPopulation& other,
                                           std::span<const std::uint32_t> source_of)
    : h_(other.h_),
      v_mV_(source_of.size()),
      u_(source_of.size()),
      synaptic_(other.synaptic_.gathered(source_of)) {
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    v_mV_[j] = other.v_mV_[source_of[j]];
    u_[j] = other.u_[source_of[j]];
  }
  if (other.per_neuron_parameters()) {
    parameters_.resize(source_of.size());
    for (std::size_t j = 0; j < source_of.size(); ++j) {
      parameters_[j] = other.parameters_[source_of[j]];
    }
  } else {
    parameters_ = other.parameters_;
  }
  for (const std::optional<ValueColumn>& column : other.initial_) {
    initial_.push_back(column ? std::optional(gathered_column(*column, source_of)) : std::nullopt);
  }
}

const ModelDescriptor& IzhikevichPopulation::model() const {
  return izhikevich_model();
}

std::unique_ptr<NeuronPopulation> IzhikevichPopulation::gathered(
    std::span<const std::uint32_t> source_of) const {
  return std::unique_ptr<NeuronPopulation>(new IzhikevichPopulation(*this, source_of));
}

void IzhikevichPopulation::set_parameters(const ParameterColumns& parameters) {
  parameters_ = parameter_rows(parameters, size());
}

// The default u = b*v takes the present b, so that a reset after set_parameters starts the
// neuron where a fresh one of these parameters would.
void IzhikevichPopulation::reset() {
  const std::optional<ValueColumn>& initial_v = initial_[kIzhikevichV];
  const std::optional<ValueColumn>& initial_u = initial_[kIzhikevichU];
  for (std::size_t j = 0; j < size(); ++j) {
    const double v = initial_v ? (*initial_v)[j] : kIzhikevichInitialV_mV;
    v_mV_[j] = v;
    u_[j] = initial_u ? (*initial_u)[j] : parameters_of(j).b * v;
  }
  synaptic_.reset();
}

double IzhikevichPopulation::state_value(std::size_t variable, std::size_t neuron) const {
  return variable == kIzhikevichV ? v_mV_[neuron] : u_[neuron];
}

void IzhikevichPopulation::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  if (input.channels.size() != synaptic_.channel_count()) {
    throw std::invalid_argument("izhikevich: arrivals for " +
                                std::to_string(input.channels.size()) + " channels, the " +
                                "population has " + std::to_string(synaptic_.channel_count()));
  }
  if (per_neuron_parameters()) {
    advance_blocked(*this, size(), input, IzhikevichKernel<true>{&input}, output, threads,
                    workspace_);
  } else {
    advance_blocked(*this, size(), input, IzhikevichKernel<false>{&input}, output, threads,
                    workspace_);
  }
}

// A plain loop: the synaptic channels and the onset test are per neuron and branchy, and the
// update is a handful of operations, so there is nothing for vector clones to win.
template <class Kernel, bool kFlags>
std::uint32_t IzhikevichPopulation::step_range(std::size_t begin, std::size_t end, int step,
                                               const Kernel& kernel, std::uint8_t* spiked) {
  const ChunkInput& in = *kernel.in;
  const double h = h_;
  std::uint32_t count = 0;
  for (std::size_t j = begin; j < end; ++j) {
    const IzhikevichParameters& p = parameters_[Kernel::per_neuron_parameters ? j : 0];
    const double v = v_mV_[j];
    const double u = u_[j];
    // With no synapses step_current is 0.0, and I + 0.0 is I: the reference arithmetic stays.
    const double current =
        external_current(in, step, j) + synaptic_.step_current(j, v, step, in.channels);
    const double u_new = (h * (p.a * ((p.b * v) - u))) + u;
    const double v_new = (h * ((140.0 + ((current + (0.04 * (v * v))) + (5.0 * v))) - u)) + v;
    const bool spike = v_new >= p.v_peak_mV;
    v_mV_[j] = spike ? p.c_mV : v_new;
    u_[j] = spike ? u_new + p.d : u_new;
    if constexpr (kFlags) spiked[j - begin] = spike;
    count += spike;
  }
  return count;
}

}  // namespace spikescope
