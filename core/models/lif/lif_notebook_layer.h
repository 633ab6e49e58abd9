#pragma once
// The SNN_0 notebook's LIF neuron, bit for bit, as structure of arrays:
//   iteration i:  if t > t_rest:  V = V + ((-V + I*Rm) / tau_m) * dt     (binary64, this order)
//                                 if V >= threshold: spike, t_rest = t + refractory
//                 else:           V = reset (the notebook leaves its zeroed sample unwritten)
//                 t += dt         (the floating clock, shared by all neurons of the network)
// Compile with -ffp-contract=off: a fused multiply-add changes the last bit.
#include <vector>

#include "model/blocked_advance.h"
#include "model/neuron_layer.h"

namespace spikescope {

class NotebookLifLayer final : public NeuronLayer {
 public:
  NotebookLifLayer(std::size_t size, const LifParameters& parameters, double dt_ms);

  std::size_t size() const override { return vm_v_.size(); }
  IntegrationMode mode() const override { return IntegrationMode::kNotebook; }
  void set_parameters(const LifParameters& parameters, double dt_ms) override;
  void reset() override;
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double membrane_potential(std::size_t neuron) const override { return vm_v_[neuron]; }
  std::unique_ptr<NeuronLayer> gathered(std::span<const std::uint32_t> source_of) const override;

  // The model interface of blocked_advance.h.
  // Neurons advanced together for a whole chunk: V, t_rest and onset of 1024 neurons (20 KiB)
  // stay in L1 across the steps.
  static constexpr std::size_t kBlockNeurons = 1024;
  template <bool kStimulus, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const ChunkInput& in,
                           std::uint8_t* spiked);

 private:
  NotebookLifLayer(const NotebookConstants& constants, std::size_t size);

  NotebookConstants constants_;
  std::vector<double> vm_v_;       // membrane potential after the last step (V)
  std::vector<double> t_rest_ms_;  // end of the refractory period on the notebook clock (ms)
  AdvanceWorkspace workspace_;     // declared last: its helpers stop before the state goes
};

}  // namespace spikescope
