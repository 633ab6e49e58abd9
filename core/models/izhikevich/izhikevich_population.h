#pragma once
// Izhikevich (2003) neurons as structure of arrays in binary64 (method "euler", Brian2's
// method=euler). Step k of neuron j, in exactly this order (tests/data/models/izhikevich.json,
// "exact_arithmetic"; reordering moves FS spikes after a few dozen):
//   I     = external_current(j) + synaptic current (from v at the step's start)
//   u_new = (h*(a*((b*v) - u))) + u
//   v_new = (h*((140.0 + ((I + (0.04*(v*v))) + (5.0*v))) - u)) + v
//   v_new >= v_peak: spike; v = c, u = u_new + d
// Both derivatives use v and u of the step's start. h is Brian2's dt/ms (izhikevich_brian2_step).
// Compile with -ffp-contract=off: a fused multiply-add changes the last bit.
#include <optional>
#include <span>
#include <vector>

#include "model/blocked_advance.h"
#include "model/neuron_population.h"
#include "model/synaptic_state.h"

namespace spikescope {

// The parameters of one neuron, in the paper's dimensionless form (v in mV, t in ms, u and I in
// mV/ms). The keys, ranges and defaults are declared once in izhikevich_model.cpp; this is the
// typed view the kernel reads. The model has no derived constants beyond h.
struct IzhikevichParameters {
  double a = 0.02;          // 1/ms: rate of u's recovery (time constant 1/a)
  double b = 0.2;           // 1/ms: how strongly u follows v
  double c_mV = -65.0;      // v after a spike
  double d = 8.0;           // mV/ms: what a spike adds to u
  double v_peak_mV = 30.0;  // v >= v_peak is a spike
};

// The descriptor's values, in its order, as the typed struct.
IzhikevichParameters izhikevich_parameters_from(std::span<const double> values);

// Without a value in the setup a neuron starts at v = -65 mV, u = b*v (Izhikevich's net.m).
inline constexpr double kIzhikevichInitialV_mV = -65.0;

// Brian2 keeps dt in seconds and its generated code takes dt/ms: h = (dt_ms * 0.001) / 0.001.
// That is dt_ms itself at the reference steps (0.1 and 0.01 ms) and one ulp off it at a few
// others (0.123 ms), where this keeps matching a Brian2 run of the same decimal dt.
inline double izhikevich_brian2_step(double dt_ms) {
  return (dt_ms * 0.001) / 0.001;
}

class IzhikevichPopulation final : public NeuronPopulation {
 public:
  explicit IzhikevichPopulation(const PopulationSetup& setup);

  const ModelDescriptor& model() const override;
  std::size_t size() const override { return v_mV_.size(); }
  void set_parameters(const ParameterColumns& parameters) override;
  void reset() override;
  void advance(const ChunkInput& input, ChunkOutput& output, int threads) override;
  double state_value(std::size_t variable, std::size_t neuron) const override;
  std::unique_ptr<NeuronPopulation> gathered(
      std::span<const std::uint32_t> source_of) const override;

  // The model interface of blocked_advance.h. v and u of 512 neurons (8 KiB; 28 KiB with
  // per-neuron parameters) stay in L1 across a chunk's steps.
  static constexpr std::size_t kBlockNeurons = 512;
  template <class Kernel, bool kFlags>
  std::uint32_t step_range(std::size_t begin, std::size_t end, int step, const Kernel& kernel,
                           std::uint8_t* spiked);

 private:
  IzhikevichPopulation(const IzhikevichPopulation& other, std::span<const std::uint32_t> source_of);
  // Parameters: one row shared by all neurons, or one per neuron when any column differs (a
  // population of one neuron, or none, always counts as shared).
  bool per_neuron_parameters() const { return parameters_.size() != 1; }
  const IzhikevichParameters& parameters_of(std::size_t neuron) const {
    return parameters_[per_neuron_parameters() ? neuron : 0];
  }

  std::vector<IzhikevichParameters> parameters_;
  double h_;  // izhikevich_brian2_step(dt_ms)
  // The setup's initial values per state variable; absent: the model's default (reset()).
  std::vector<std::optional<ValueColumn>> initial_;
  // State, after the last step.
  std::vector<double> v_mV_;
  std::vector<double> u_;  // mV/ms
  SynapticState synaptic_;
  AdvanceWorkspace workspace_;  // declared last: its helpers stop before the state goes
};

}  // namespace spikescope
