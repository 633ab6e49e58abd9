#pragma once
// LIF neuron integrated with the exact propagator of the linear membrane equation
//   V(t + dt) = V_inf - (V_inf - V(t)) * exp(-dt / tau_m),   V_inf = Rm * I,
// stable for every dt/tau (GeNN's LIF, NEST's iaf_psc_exp without synaptic currents).
// A spike resets V at once (the notebook instead keeps the crossing value for one sample); V is
// then held at reset for a whole number of steps, counted down per neuron. Both modes give the
// same inter-spike interval, refractory steps + steps to threshold.
//
// Real = float is the scalable mode (4 bytes of V and 2 of countdown per neuron); Real = double
// serves tests against the analytic solution.
#include <vector>

#include "model/blocked_advance.h"
#include "model/neuron_layer.h"

namespace spikescope {

template <typename Real>
class ExactLifLayer final : public NeuronLayer {
 public:
  ExactLifLayer(std::size_t size, const LifParameters& parameters, double dt_ms);

  std::size_t size() const override { return vm_v_.size(); }
  IntegrationMode mode() const override { return IntegrationMode::kExact; }
  void set_parameters(const LifParameters& parameters, double dt_ms) override;
  void reset() override;
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double membrane_potential(std::size_t neuron) const override { return vm_v_[neuron]; }
  std::unique_ptr<NeuronLayer> gathered(std::span<const std::uint32_t> source_of) const override;

  // The model interface of blocked_advance.h.
  // Neurons advanced together for a whole chunk: V, countdown and onset of 2048 neurons (20 KiB
  // in float) stay in L1 across the steps.
  static constexpr std::size_t kBlockNeurons = 2048;
  template <bool kStimulus, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const ChunkInput& in,
                           std::uint8_t* spiked);

 private:
  ExactLifLayer(const ExactConstants<Real>& constants, std::size_t size);

  ExactConstants<Real> constants_;
  std::vector<Real> vm_v_;                      // membrane potential (V)
  std::vector<std::uint16_t> refractory_left_;  // steps still held at reset
  AdvanceWorkspace workspace_;  // declared last: its helpers stop before the state goes
};

extern template class ExactLifLayer<float>;
extern template class ExactLifLayer<double>;

}  // namespace spikescope
