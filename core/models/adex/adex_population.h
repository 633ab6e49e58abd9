#pragma once
// AdEx neurons (Brette & Gerstner 2005) as structure of arrays in binary64 (method "euler",
// Brian2's method=euler). Step k of neuron j, in exactly this order
// (tests/data/models/adex.json, "exact_arithmetic"):
//   I     = external_current(j) + synaptic current (from V at the step's start)
//   V_new = V + ((h*(((((DeltaT*gL)*exp(((-VT) + V)/DeltaT)) + I) + (gL*(EL - V))) - w))/C)
//   w_new = ((h*((a*((-EL) + V)) - w))/tauw) + w
//   V_new > Vpeak (strictly): spike; V = Vr, w = w_new + b
// Both derivatives use V and w of the step's start; exp is std::exp (glibc), whose results the
// reference's Python twin used. h is Brian2's dt/ms (adex_brian2_step). Compile with
// -ffp-contract=off: a fused multiply-add changes the last bit.
#include <optional>
#include <span>
#include <vector>

#include "model/blocked_advance.h"
#include "model/neuron_population.h"
#include "model/synaptic_state.h"

namespace spikescope {

// The parameters of one neuron (mV, ms, pF, nS, pA: nS*mV = pA, pA/pF = mV/ms). The keys,
// ranges and defaults are declared once in adex_model.cpp; this is the typed view.
struct AdexParameters {
  double C_pF = 200.0;     // membrane capacitance
  double gL_nS = 10.0;     // leak conductance
  double EL_mV = -70.0;    // leak reversal (rest without adaptation)
  double VT_mV = -50.0;    // where the exponential takes over
  double DeltaT_mV = 2.0;  // slope factor: how sharp the spike onset is
  double a_nS = 2.0;       // subthreshold adaptation
  double tauw_ms = 30.0;   // adaptation time constant
  double b_pA = 0.0;       // spike-triggered adaptation
  double Vr_mV = -58.0;    // V after a spike
  double Vpeak_mV = 0.0;   // V > Vpeak is a spike
};

// The descriptor's values, in its order, as the typed struct.
AdexParameters adex_parameters_from(std::span<const double> values);

// What the kernel reads, derived once per parameter change. The derived terms are the very
// operands of the reference arithmetic (-VT and -EL are exact; DeltaT*gL is its first product),
// so taking them out of the loop changes no bit.
struct AdexConstants {
  double C_pF;
  double gL_nS;
  double EL_mV;
  double minus_EL_mV;
  double minus_VT_mV;
  double DeltaT_mV;
  double slope_current_pA;  // DeltaT * gL
  double a_nS;
  double tauw_ms;
  double b_pA;
  double Vr_mV;
  double Vpeak_mV;
};
AdexConstants adex_constants(const AdexParameters& parameters);

// Brian2 keeps dt in seconds and its generated code takes dt/ms: h = (dt_ms * 0.001) / 0.001,
// as adex.json writes it. That is dt_ms itself at the reference step (0.01 ms) and one ulp off it
// at a few others (0.123 ms), where this keeps matching a Brian2 run of the same decimal dt.
inline double adex_brian2_step(double dt_ms) {
  return (dt_ms * 0.001) / 0.001;
}

class AdexPopulation final : public NeuronPopulation {
 public:
  explicit AdexPopulation(const PopulationSetup& setup);

  const ModelDescriptor& model() const override;
  std::size_t size() const override { return v_mV_.size(); }
  void set_parameters(const ParameterColumns& parameters) override;
  void reset() override;
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double state_value(std::size_t variable, std::size_t neuron) const override;
  std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const override;

  // The model interface of blocked_advance.h. V and w of 256 neurons (4 KiB; 28 KiB with
  // per-neuron constants) stay in L1 across a chunk's steps.
  static constexpr std::size_t kBlockNeurons = 256;
  template <class Kernel, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const Kernel& kernel,
                           std::uint8_t* spiked);

 private:
  AdexPopulation(const AdexPopulation& other, std::span<const std::uint32_t> source_of);
  // Constants: one row shared by all neurons, or one per neuron when any parameter column
  // differs (a population of one neuron, or none, always counts as shared).
  bool per_neuron_parameters() const { return constants_.size() != 1; }
  const AdexConstants& constants_of(std::size_t neuron) const {
    return constants_[per_neuron_parameters() ? neuron : 0];
  }

  std::vector<AdexConstants> constants_;
  double h_;  // adex_brian2_step(dt_ms)
  // The setup's initial values per state variable; absent: the model's default (reset()).
  std::vector<std::optional<ValueColumn>> initial_;
  // State, after the last step.
  std::vector<double> v_mV_;
  std::vector<double> w_pA_;
  SynapticState synaptic_;
  AdvanceWorkspace workspace_;  // declared last: its helpers stop before the state goes
};

}  // namespace spikescope
