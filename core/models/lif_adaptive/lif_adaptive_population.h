#pragma once
// A population of LIF neurons with spike-frequency adaptation (registry name "lif_adaptive",
// method "exact"), structure of arrays in binary64.
//
// A step, for the input current I (external + synaptic, with V at the step's start) held over it:
//   V   <- V_inf - (V_inf - V) e_m - adaptation_coupling * I_a     (lif_adaptive_parameters.h)
//   I_a <- I_a e_a                                                  (always, refractory or not)
//   refractory: V = V_reset, one step less to wait
//   else V >= V_th: spike; V = V_reset, I_a += b, wait floor(t_ref/dt) whole steps
// which is the LIF exact method's step (lif_exact_population.h) plus the adaptation current:
// with b = 0 and I_a = 0 the arithmetic is that of ExactLifPopulation<double>, bit for bit.
// Synaptic channels are held over the step (SynapticState), while the LIF exact method
// integrates exponential current synapses with the membrane.
//
// Parameters may differ between neurons: then each neuron has its own propagators, otherwise all
// share one set (the usual case, which the compiler vectorises).
#include <optional>
#include <vector>

#include "model/blocked_advance.h"
#include "model/neuron_population.h"
#include "model/synaptic_state.h"
#include "models/lif_adaptive/lif_adaptive_parameters.h"

namespace spikescope {

class LifAdaptivePopulation final : public NeuronPopulation {
 public:
  explicit LifAdaptivePopulation(const PopulationSetup& setup);

  const ModelDescriptor& model() const override;
  std::size_t size() const override { return vm_v_.size(); }
  void set_parameters(const ParameterColumns& parameters) override;
  void reset() override;
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double state_value(std::size_t variable, std::size_t neuron) const override;
  // One value for the population: the first neuron's when spike heights differ.
  double spike_height() const override { return spike_height_v_; }
  std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const override;

  // The model interface of blocked_advance.h.
  // V, I_a, countdown and the step's input current of 1024 neurons (26 KiB) stay in L1 across
  // the steps of a chunk.
  static constexpr std::size_t kBlockNeurons = 1024;
  template <class Kernel, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const Kernel& kernel,
                           std::uint8_t* spiked);

 private:
  LifAdaptivePopulation(const LifAdaptivePopulation& other, std::size_t size);
  void store_parameters(const ParameterColumns& parameters);
  template <bool kPerNeuronParameters>
  void advance_with(const ChunkInput& input, ChunkOutput& output, int threads);
  const LifAdaptivePropagators& propagators(std::size_t neuron) const {
    return per_neuron_.empty() ? uniform_ : per_neuron_[neuron];
  }

  double dt_ms_;
  double spike_height_v_ = 1.0;
  LifAdaptivePropagators uniform_{};                // every neuron's, when per_neuron_ is empty
  std::vector<LifAdaptivePropagators> per_neuron_;  // [neuron], when some parameter differs
  std::vector<double> vm_v_;                        // membrane potential (V)
  std::vector<double> i_adapt_ma_;                  // adaptation current (mA)
  std::vector<std::uint16_t> refractory_left_;      // steps still held at reset
  // The setup's initial state, one optional column per state variable (vm_v, i_adapt_ma).
  std::vector<std::optional<ValueColumn>> initial_;
  SynapticState synaptic_;
  AdvanceWorkspace workspace_;  // declared last: its helpers stop before the state goes
};

}  // namespace spikescope
