#include "models/adex/adex_population.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/adex/adex_model.h"

namespace spikescope {
namespace {

// One row of constants when every parameter column is uniform, else one per neuron.
std::vector<AdexConstants> constant_rows(const ParameterColumns& columns, std::size_t size) {
  if (columns.size() != kAdexParameterCount) {
    throw std::invalid_argument("adex: " + std::to_string(columns.size()) +
                                " parameter columns, expected " +
                                std::to_string(kAdexParameterCount));
  }
  bool per_neuron = false;
  for (const ValueColumn& column : columns) {
    if (column.is_uniform()) continue;
    if (column.per_neuron.size() != size) {
      throw std::invalid_argument("adex: a parameter column has " +
                                  std::to_string(column.per_neuron.size()) + " values for " +
                                  std::to_string(size) + " neurons");
    }
    per_neuron = true;
  }
  std::vector<AdexConstants> rows(per_neuron ? size : 1);
  double values[kAdexParameterCount];
  for (std::size_t j = 0; j < rows.size(); ++j) {
    for (std::size_t k = 0; k < kAdexParameterCount; ++k) values[k] = columns[k][j];
    rows[j] = adex_constants(adex_parameters_from(values));
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
struct AdexKernel {
  static constexpr bool per_neuron_parameters = kPerNeuronParameters;
  const ChunkInput* in;
};

}  // namespace

AdexParameters adex_parameters_from(std::span<const double> v) {
  return AdexParameters{v[kAdexCapacitance],   v[kAdexLeakConductance],
                        v[kAdexLeakReversal],  v[kAdexThresholdSlope],
                        v[kAdexSlopeFactor],   v[kAdexSubthresholdAdaptation],
                        v[kAdexAdaptationTau], v[kAdexSpikeAdaptation],
                        v[kAdexReset],         v[kAdexPeak]};
}

AdexConstants adex_constants(const AdexParameters& p) {
  return AdexConstants{
      p.C_pF, p.gL_nS,   p.EL_mV, -p.EL_mV, -p.VT_mV,  p.DeltaT_mV, p.DeltaT_mV * p.gL_nS,
      p.a_nS, p.tauw_ms, p.b_pA,  p.Vr_mV,  p.Vpeak_mV};
}

AdexPopulation::AdexPopulation(const PopulationSetup& setup)
    : constants_(constant_rows(setup.parameters, setup.size)),
      h_(adex_brian2_step(setup.dt_ms)),
      initial_(setup.initial),
      v_mV_(setup.size),
      w_pA_(setup.size),
      synaptic_(setup.channels, setup.size, setup.dt_ms, adex_model().mV_per_voltage_unit) {
  initial_.resize(kAdexStateCount);
  reset();
}

AdexPopulation::AdexPopulation(const AdexPopulation& other,
                               std::span<const std::uint32_t> source_of)
    : h_(other.h_),
      v_mV_(source_of.size()),
      w_pA_(source_of.size()),
      synaptic_(other.synaptic_.gathered(source_of)) {
  for (std::size_t j = 0; j < source_of.size(); ++j) {
    v_mV_[j] = other.v_mV_[source_of[j]];
    w_pA_[j] = other.w_pA_[source_of[j]];
  }
  if (other.per_neuron_parameters()) {
    constants_.resize(source_of.size());
    for (std::size_t j = 0; j < source_of.size(); ++j) {
      constants_[j] = other.constants_[source_of[j]];
    }
  } else {
    constants_ = other.constants_;
  }
  for (const std::optional<ValueColumn>& column : other.initial_) {
    initial_.push_back(column ? std::optional(gathered_column(*column, source_of)) : std::nullopt);
  }
}

const ModelDescriptor& AdexPopulation::model() const {
  return adex_model();
}

std::unique_ptr<NeuronPopulation> AdexPopulation::gathered(
    std::span<const std::uint32_t> source_of) const {
  return std::unique_ptr<NeuronPopulation>(new AdexPopulation(*this, source_of));
}

void AdexPopulation::set_parameters(const ParameterColumns& parameters) {
  constants_ = constant_rows(parameters, size());
}

// The default V = E_L takes the present E_L, so that a reset after set_parameters starts the
// neuron where a fresh one of these parameters would.
void AdexPopulation::reset() {
  const std::optional<ValueColumn>& initial_v = initial_[kAdexV];
  const std::optional<ValueColumn>& initial_w = initial_[kAdexW];
  for (std::size_t j = 0; j < size(); ++j) {
    v_mV_[j] = initial_v ? (*initial_v)[j] : constants_of(j).EL_mV;
    w_pA_[j] = initial_w ? (*initial_w)[j] : 0.0;
  }
  synaptic_.reset();
}

double AdexPopulation::state_value(std::size_t variable, std::size_t neuron) const {
  return variable == kAdexV ? v_mV_[neuron] : w_pA_[neuron];
}

void AdexPopulation::advance(const ChunkInput& input, ChunkOutput& output, int threads) {
  if (input.channels.size() != synaptic_.channel_count()) {
    throw std::invalid_argument("adex: arrivals for " + std::to_string(input.channels.size()) +
                                " channels, the population has " +
                                std::to_string(synaptic_.channel_count()));
  }
  if (per_neuron_parameters()) {
    advance_blocked(*this, size(), input, AdexKernel<true>{&input}, output, threads, workspace_);
  } else {
    advance_blocked(*this, size(), input, AdexKernel<false>{&input}, output, threads, workspace_);
  }
}

// A plain loop: std::exp is glibc's scalar exp (a vector exp would round differently and lose
// the reference's bits), so there is nothing for vector clones to win.
template <class Kernel, bool kFlags>
std::uint32_t AdexPopulation::step_range(std::size_t begin, std::size_t end, int step,
                                         const Kernel& kernel, std::uint8_t* spiked) {
  const ChunkInput& in = *kernel.in;
  const double h = h_;
  std::uint32_t count = 0;
  for (std::size_t j = begin; j < end; ++j) {
    const AdexConstants& c = constants_[Kernel::per_neuron_parameters ? j : 0];
    const double v = v_mV_[j];
    const double w = w_pA_[j];
    // With no synapses step_current is 0.0, and I + 0.0 is I: the reference arithmetic stays.
    const double current =
        external_current(in, step, j) + synaptic_.step_current(j, v, step, in.channels);
    const double upswing = c.slope_current_pA * std::exp((c.minus_VT_mV + v) / c.DeltaT_mV);
    const double v_new =
        v + ((h * (((upswing + current) + (c.gL_nS * (c.EL_mV - v))) - w)) / c.C_pF);
    const double w_new = ((h * ((c.a_nS * (c.minus_EL_mV + v)) - w)) / c.tauw_ms) + w;
    const bool spike = v_new > c.Vpeak_mV;
    v_mV_[j] = spike ? c.Vr_mV : v_new;
    w_pA_[j] = spike ? w_new + c.b_pA : w_new;
    if constexpr (kFlags) spiked[j - begin] = spike;
    count += spike;
  }
  return count;
}

}  // namespace spikescope
