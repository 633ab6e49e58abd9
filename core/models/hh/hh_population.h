#pragma once
// A population of Hodgkin-Huxley neurons (registry name "hh"), structure of arrays in binary64,
// advanced by exponential Euler or RK4 (hh_kinetics.h) in advance_blocked's loop.
//
// A step: the input current (external + synaptic, with V at the step's start) is held over the
// step; the state is updated; neuron j fired in step k iff V_k < 0 mV <= V_(k+1), the upward
// crossing of 0 mV (no threshold parameter, no reset, no refractory period: the spike is the
// model's own).
//
// Parameters may differ between neurons: then each neuron has its own HhParameters, otherwise
// all share one (the usual case, which keeps the per-neuron state at four doubles).
#include <optional>
#include <vector>

#include "model/blocked_advance.h"
#include "model/neuron_population.h"
#include "model/synaptic_state.h"
#include "models/hh/hh_kinetics.h"

namespace spikescope {

class HhPopulation final : public NeuronPopulation {
 public:
  explicit HhPopulation(const PopulationSetup& setup);

  const ModelDescriptor& model() const override;
  std::size_t size() const override { return v_mV_.size(); }
  void set_parameters(const ParameterColumns& parameters) override;
  void reset() override;
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double state_value(std::size_t variable, std::size_t neuron) const override;
  std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const override;

  // The model interface of blocked_advance.h.
  // Four doubles per neuron: 512 neurons (16 KiB) stay in L1 across a chunk's steps, with room
  // for the synaptic channels and per-neuron parameters.
  static constexpr std::size_t kBlockNeurons = 512;
  template <class Kernel, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const Kernel& kernel,
                           std::uint8_t* spiked);

 private:
  HhPopulation(const HhPopulation& other, std::size_t size);
  void store_parameters(const ParameterColumns& parameters);
  template <bool kRk4, bool kPerNeuronParameters>
  void advance_with(const ChunkInput& input, ChunkOutput& output, int threads);
  HhState state_of(std::size_t neuron) const {
    return {v_mV_[neuron], m_[neuron], h_[neuron], n_[neuron]};
  }

  bool rk4_;
  double dt_ms_;
  HhParameters uniform_;                  // every neuron's, when per_neuron_ is empty
  std::vector<HhParameters> per_neuron_;  // [neuron], when some parameter differs
  std::vector<double> v_mV_;
  std::vector<double> m_;  // Na activation
  std::vector<double> h_;  // Na inactivation
  std::vector<double> n_;  // K activation
  // The setup's initial state, one optional column per state variable (v_mV, m, h, n).
  std::vector<std::optional<ValueColumn>> initial_;
  SynapticState synaptic_;
  AdvanceWorkspace workspace_;  // declared last: its helpers stop before the state goes
};

}  // namespace spikescope
