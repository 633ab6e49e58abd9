#pragma once
// LIF neuron integrated with the exact propagator of the linear membrane equation (method
// "exact"):
//   V(t + dt) = V_inf - (V_inf - V(t)) * exp(-dt / tau_m),   V_inf = V_rest + Rm * I,
// stable for every dt/tau (GeNN's LIF, NEST's iaf_psc_exp). Exponential current synapses
// (up to kInlineExpCurrents channels) are integrated exactly with the membrane, as NEST's
// iaf_psc_exp does: a current I_syn at the step's start adds
//   Rm * I_syn * tau_s / (tau_s - tau_m) * (exp(-dt/tau_s) - exp(-dt/tau_m))
// to V (the limit Rm * I_syn * dt/tau_m * exp(-dt/tau_m) when tau_s = tau_m) and decays by
// exp(-dt/tau_s). Conductance channels, and exp_current channels beyond those, are held over
// the step (lif_inputs.h).
// A spike resets V at once (the notebook instead keeps the crossing value for one sample); V is
// then held at reset for a whole number of steps, counted down per neuron, while the synaptic
// currents go on decaying. Both methods give the same inter-spike interval, refractory steps +
// steps to threshold.
//
// Real = float is the scalable mode (4 bytes of V and 2 of countdown per neuron); Real = double
// serves tests against the analytic solution.
#include <array>
#include <vector>

#include "model/blocked_advance.h"
#include "model/neuron_population.h"
#include "models/lif/lif_inputs.h"
#include "models/lif/lif_parameters.h"

namespace spikescope {

template <typename Real>
class ExactLifPopulation final : public NeuronPopulation {
 public:
  static constexpr std::size_t kInlineExpCurrents = 2;

  explicit ExactLifPopulation(const PopulationSetup& setup);

  const ModelDescriptor& model() const override;
  std::size_t size() const override { return vm_v_.size(); }
  void set_parameters(const ParameterColumns& parameters) override;
  void reset() override;
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double state_value(std::size_t, std::size_t neuron) const override { return vm_v_[neuron]; }
  double spike_height() const override { return parameters_.spike_height_v; }
  std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const override;
  bool reads_float_arrivals(std::size_t channel) const override;  // the inline channels (float)
  float* next_step_current(std::size_t channel) override;         // the same

  // The model interface of blocked_advance.h.
  // Neurons advanced together for a whole chunk: V, countdown and onset of 2048 neurons (20 KiB
  // in float) stay in L1 across the steps.
  static constexpr std::size_t kBlockNeurons = 2048;
  template <class Kernel, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const Kernel& kernel,
                           std::uint8_t* spiked);

 private:
  ExactLifPopulation(const ExactLifPopulation& other, std::size_t size);
  void derive_constants();
  template <bool kOnset, bool kPerNeuron, int kExp, int kRows0, int kRows1>
  void advance_with(const ChunkInput& input, ChunkOutput& output, int threads);

  // An exponential current channel integrated with the membrane.
  struct ExpCurrent {
    double tau_ms = 0.0;
    Real decay = 0;             // exp(-dt/tau_s)
    Real coupling = 0;          // what I_syn = 1 adds to V over one step (the propagator above)
    std::vector<Real> current;  // I_syn [neuron]
  };

  LifParameters parameters_;
  double dt_ms_;
  ExactConstants<Real> constants_;
  std::vector<Real> vm_v_;                      // membrane potential (V)
  std::vector<std::uint16_t> refractory_left_;  // steps still held at reset
  std::vector<Real> initial_vm_;                // empty: every neuron starts at V_rest
  std::vector<ExpCurrent> exp_currents_;        // the inline channels, in channel order
  LifInputs inputs_;
  AdvanceWorkspace workspace_;  // declared last: its helpers stop before the state goes
};

extern template class ExactLifPopulation<float>;
extern template class ExactLifPopulation<double>;

}  // namespace spikescope
