#pragma once
// How the inputs of a chunk reach the LIF kernels, shared by both methods.
//
// Per step, two currents cover everything that is the same for every neuron: the current with
// the neuron's onset passed and before it (the onset drive, uniform inputs, the uniform part of
// pulse arrivals). Per neuron, one more current collects what differs between neurons (noise,
// per-neuron pulse arrivals, synaptic channels the kernel does not integrate itself); the kernel
// adds it only when there is any, so that the notebook's arithmetic stays untouched.
#include <cstdint>
#include <span>
#include <vector>

#include "model/neuron_population.h"
#include "model/synaptic_state.h"

namespace spikescope {

class LifInputs {
 public:
  LifInputs() = default;
  // `inline_exp_currents`: how many exp_current channels the kernel integrates itself (the
  // first ones); the others, and every conductance channel, are held over the step here.
  // mV_per_voltage_unit converts reversal potentials (1000 for volts).
  LifInputs(std::span<const ChannelSpec> channels, std::size_t size, double dt_ms,
            std::size_t inline_exp_currents, double mV_per_voltage_unit);

  // Channels the kernel integrates itself, as indices into the population's channels.
  std::span<const std::size_t> inline_channels() const { return inline_; }
  void reset() { held_.reset(); }

  // Prepares the per-step currents of a chunk (current_on, current_off) and whether a
  // per-neuron current is needed.
  void prepare(const ChunkInput& in);
  bool onset() const { return onset_; }
  bool per_neuron() const { return per_neuron_; }
  const double* current_on() const { return on_.data(); }
  const double* current_off() const { return off_.data(); }

  // The per-neuron current of neurons [begin, end) in `step` into extra[j - begin]; potential(j)
  // gives V at the step's start in the model's voltage unit. Advances the held channels: call
  // once per neuron and step.
  template <class Potential>
  void neuron_current(std::size_t begin, std::size_t end, int step, const ChunkInput& in,
                      Potential potential, double* extra) {
    for (std::size_t j = begin; j < end; ++j) {
      double current = in.neuron_current != nullptr ? in.neuron_current[step][j] : 0.0;
      for (const std::size_t c : pulse_per_neuron_) current += in.channels[c].per_neuron[step][j];
      if (!held_.empty()) current += held_.step_current(j, potential(j), step, held_arrivals_);
      extra[j - begin] = current;
    }
  }

  LifInputs gathered(std::span<const std::uint32_t> source_of) const;

 private:
  std::vector<ChannelSpec> channels_;
  std::vector<std::size_t> inline_;  // exp_current channels integrated by the kernel
  std::vector<std::size_t> pulse_;   // pulse channels: their uniform part goes into on_/off_
  std::vector<std::size_t> held_index_;  // channels held over the step, in held_'s order
  SynapticState held_;
  // Per chunk.
  bool onset_ = false;
  bool per_neuron_ = false;
  std::vector<std::size_t> pulse_per_neuron_;  // pulse channels with per-neuron arrivals
  std::vector<ChannelArrivals> held_arrivals_;
  std::vector<double> on_;
  std::vector<double> off_;
};

}  // namespace spikescope
