#pragma once
// The synaptic channels of a population whose kernel is a plain loop over neurons in binary64
// (Izhikevich, AdEx, Hodgkin-Huxley, LIF with adaptation): one state array per channel, updated
// by the rules of synapse_channel.h. The vectorised LIF kernels keep their own.
#include <cstddef>
#include <span>
#include <vector>

#include "model/neuron_population.h"
#include "model/synapse_channel.h"

namespace spikescope {

class SynapticState {
 public:
  SynapticState() = default;
  // mV_per_voltage_unit converts E_rev (mV) to the model's voltage unit.
  SynapticState(std::span<const ChannelSpec> channels, std::size_t size, double dt_ms,
                double mV_per_voltage_unit);

  std::size_t channel_count() const { return channels_.size(); }
  bool empty() const { return channels_.empty(); }
  // Every channel empty (g = 0, I_syn = 0).
  void reset();

  // The synaptic current into `neuron` during `step` of the chunk, given its membrane
  // potential v (model's voltage unit) at the step's start: the step's arrivals are added, the
  // current taken, then the channels decay. Call exactly once per neuron and step.
  double step_current(std::size_t neuron, double v, int step,
                      std::span<const ChannelArrivals> arrivals) {
    double total = 0.0;
    for (std::size_t c = 0; c < channels_.size(); ++c) {
      Channel& channel = channels_[c];
      const double arriving = arrivals[c].at(step, neuron);
      switch (channel.spec.kind) {
        case SynapseKind::kPulse:
          total += arriving;
          break;
        case SynapseKind::kExpCurrent: {
          const double current = channel.state[neuron] + arriving;
          total += current;
          channel.state[neuron] = current * channel.decay;
          break;
        }
        case SynapseKind::kExpConductance: {
          const double conductance = channel.state[neuron] + arriving;
          total += conductance * (channel.e_rev - v);
          channel.state[neuron] = conductance * channel.decay;
          break;
        }
      }
    }
    return total;
  }

  // The state of a channel (I_syn or g; 0 for a pulse channel) of one neuron, for recording.
  double value(std::size_t channel, std::size_t neuron) const;
  // The channels of neurons source_of[0], source_of[1], ... (see NeuronPopulation::gathered).
  SynapticState gathered(std::span<const std::uint32_t> source_of) const;

 private:
  struct Channel {
    ChannelSpec spec;
    double decay = 0.0;  // exp(-dt / tau)
    double e_rev = 0.0;  // in the model's voltage unit
    std::vector<double> state;  // [neuron]; empty for a pulse channel
  };
  std::vector<Channel> channels_;
};

// The external input current of neuron j in step `step` (neuron_population.h's sum), for plain
// loops; the vectorised kernels compose it themselves.
inline double external_current(const ChunkInput& in, int step, std::size_t neuron) {
  double current = 0.0;
  if (in.onset != nullptr && in.stimulus_sample(step) >= in.onset->onset_steps[neuron]) {
    current = in.onset->amplitude;
  }
  if (in.uniform_current != nullptr) current += in.uniform_current[step];
  if (in.neuron_current != nullptr) current += in.neuron_current[step][neuron];
  return current;
}

}  // namespace spikescope
