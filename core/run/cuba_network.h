#pragma once
// The CUBA benchmark network of Brette et al. (2007), as Brian2's examples/CUBA.py builds it:
// 80 % excitatory and 20 % inhibitory LIF neurons (tau_m 20 ms, V_t -50 mV, V_r -60 mV,
// E_L -49 mV, refractory 5 ms, exact integration), exponential current synapses (tau_e 5 ms,
// tau_i 10 ms) of weights (60*0.27/10) mV and (-20*4.5/10) mV, each pair connected with
// probability 80/N (0.02 at 4,000 neurons: about 80 inputs per neuron), V starting uniform in
// [V_r, V_t], dt 0.1 ms. Brian2's delay 0 (a spike acts on the next step) is our one step.
//
// Units: the LIF model works in volts, kOhm, uF and mA; with Rm = 1 kOhm a synaptic current of
// w mA moves V like a voltage of w volts, so the weights are 0.00162 and -0.009 mA, Cm = 20 uF.
#include <cstdint>

#include "experiment/experiment.h"
#include "network/network_spec.h"

namespace spikescope {

inline constexpr std::uint64_t kCubaNeurons = 4000;
inline constexpr double kCubaInputsPerNeuron = 80.0;

// Populations "E" and "I", projections "E->E", "E->I", "I->E", "I->I"; seeds from `seed`.
NetworkSpec cuba_network(std::uint64_t neurons = kCubaNeurons, std::uint64_t seed = 2007);
// The preset (resources/presets/10-cuba.json): that network for one second, neuron 0 of E and I
// probed, every spike recorded, with what to notice.
Experiment cuba_experiment(std::uint64_t neurons = kCubaNeurons);

}  // namespace spikescope
