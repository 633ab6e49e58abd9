#pragma once
// The SNN_0 notebook's LIF neuron, bit for bit, as structure of arrays (method "notebook"):
//   iteration i:  if t > t_rest:  V = V + ((-(V - V_rest) + I*Rm) / tau_m) * dt   (binary64,
//                                 this order; V - 0 is V, so with V_rest = 0 these are the
//                                 notebook's operations)
//                                 if V >= threshold: spike, t_rest = t + refractory
//                 else:           V = reset (the notebook leaves its zeroed sample unwritten)
//                 t += dt         (the floating clock, shared by all neurons of the network)
// Synaptic channels other than pulses are held over the step (lif_inputs.h). Compile with
// -ffp-contract=off: a fused multiply-add changes the last bit.
#include <vector>

#include "model/blocked_advance.h"
#include "model/neuron_population.h"
#include "models/lif/lif_inputs.h"
#include "models/lif/lif_parameters.h"

namespace spikescope {

class NotebookLifPopulation final : public NeuronPopulation {
 public:
  explicit NotebookLifPopulation(const PopulationSetup& setup);

  const ModelDescriptor& model() const override;
  std::size_t size() const override { return vm_v_.size(); }
  void set_parameters(const ParameterColumns& parameters) override;
  void reset() override;
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double state_value(std::size_t, std::size_t neuron) const override { return vm_v_[neuron]; }
  double spike_height() const override { return parameters_.spike_height_v; }
  std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const override;

  // The model interface of blocked_advance.h.
  // Neurons advanced together for a whole chunk: V, t_rest and onset of 1024 neurons (20 KiB)
  // stay in L1 across the steps.
  static constexpr std::size_t kBlockNeurons = 1024;
  template <class Kernel, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const Kernel& kernel,
                           std::uint8_t* spiked);

 private:
  NotebookLifPopulation(const NotebookLifPopulation& other, std::size_t size);
  template <bool kOnset, bool kPerNeuron>
  void advance_with(const ChunkInput& input, ChunkOutput& output, int threads);

  LifParameters parameters_;
  NotebookConstants constants_;
  double dt_ms_;
  std::vector<double> vm_v_;        // membrane potential after the last step (V)
  std::vector<double> t_rest_ms_;   // end of the refractory period on the notebook clock (ms)
  std::vector<double> initial_vm_;  // empty: every neuron starts at V_rest
  LifInputs inputs_;
  AdvanceWorkspace workspace_;  // declared last: its helpers stop before the state goes
};

}  // namespace spikescope
