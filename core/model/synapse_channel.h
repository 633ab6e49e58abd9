#pragma once
// Synaptic input as a population receives it. Every projection into a population delivers into
// one of its channels; projections of the same synapse type share a channel. Arrivals are
// buffered by the network (network/arrival_ring.h) and handed to the population per step.
//
// Step convention: what arrives "at step s" (a spike of step s - delay) is added at the start
// of step s, before that step's update, so it acts on the update from s*dt to (s+1)*dt.
//   pulse:            the arrivals of step s are the channel's current during step s, and gone
//                     after it (the notebook's layer coupling).
//   exp_current:      I_syn += arrivals; the update uses I_syn; then I_syn *= exp(-dt/tau).
//   exp_conductance:  g += arrivals; the update uses I_syn = g * (E_rev - V) with V at the step's
//                     start; then g *= exp(-dt/tau).
// Weights are in the target model's current unit (pulse, exp_current) or conductance unit
// (exp_conductance); E_rev is always in mV.
#include <cstdint>
#include <string_view>

namespace spikescope {

enum class SynapseKind : std::uint8_t { kPulse, kExpCurrent, kExpConductance };

std::string_view to_string(SynapseKind kind);

struct ChannelSpec {
  SynapseKind kind = SynapseKind::kPulse;
  double tau_ms = 0.0;    // exp_current, exp_conductance
  double e_rev_mV = 0.0;  // exp_conductance
  bool operator==(const ChannelSpec&) const = default;
};

// The arrivals of one channel during a chunk: at step s of the chunk, every neuron j receives
// uniform[s] + (per_neuron ? per_neuron[s][j] : 0). Both are sums of weights. Exponential
// channels always come with per-neuron arrivals (the network buffers them per neuron); pulse
// channels have them only when some projection into them delivers to single neurons.
//
// A population that says so (NeuronPopulation::reads_float_arrivals) gets the per-neuron
// arrivals of that channel as per_neuron_f32 instead: binary32 sums, which the float kernels
// add in binary32 anyway, and which that population empties (sets to 0) as it reads them. Half
// the bytes, and no separate pass that empties the rows: on two cores that pass touched cells
// the other core had just read, and cost more than the step.
struct ChannelArrivals {
  const double* uniform = nullptr;            // [step]; never null for a channel
  const double* const* per_neuron = nullptr;  // [step] -> [neuron], or null: none per neuron
  float* const* per_neuron_f32 = nullptr;     // the same in binary32, instead of per_neuron

  double at(int step, std::size_t neuron) const {
    if (per_neuron != nullptr) return uniform[step] + per_neuron[step][neuron];
    if (per_neuron_f32 != nullptr) {
      return uniform[step] + static_cast<double>(per_neuron_f32[step][neuron]);
    }
    return uniform[step];
  }
};

}  // namespace spikescope
