#pragma once
// The parts a Network is made of (network.cpp builds them, network_step.cpp runs them). Private
// to the network: nothing outside core/network/ includes this.
#include <cstdint>
#include <memory>
#include <vector>

#include "common/onset_generator.h"
#include "model/model_descriptor.h"
#include "network/arrival_ring.h"
#include "network/connectors.h"
#include "network/network.h"

namespace spikescope {

struct Network::Population {
  const ModelDescriptor* model = nullptr;
  PopulationSetup setup;  // what the neurons were made from (kept to remake them)
  std::unique_ptr<NeuronPopulation> neurons;
  bool shareable = false;  // may_share_trajectories held when it was built
  bool split = false;      // onsets changed since the last reset: shared classes may be split

  std::vector<std::size_t> outgoing;  // projections from this population

  // Inputs.
  bool has_onset = false;
  std::size_t onset_input = 0;
  std::vector<std::int32_t> onsets;
  OnsetDrive onset_drive;
  std::vector<std::size_t> current_inputs;  // DC, pulses, sine: the same for every neuron
  std::vector<std::size_t> neuron_inputs;   // noise, per-neuron DC (neuron_current_input)
  std::vector<double> uniform_current;      // [step]
  std::vector<double> neuron_current;       // [step * size + neuron]
  std::vector<const double*> neuron_current_rows;

  // Synaptic channels: what arrives, and its layout for the chunk.
  std::vector<ArrivalRing> rings;  // [channel]
  std::vector<ChannelArrivals> arrivals;

  // Outputs of a chunk.
  bool events_needed = false;  // recorded, or a projection delivers spike by spike
  bool events_recorded = false;
  std::vector<std::uint32_t> counts;  // [step]
  std::uint64_t spikes_since_reset = 0;
  std::vector<SpikeEvent> events;
  std::vector<std::uint32_t> probe_neurons;
  std::vector<std::uint32_t> probe_variables;
  std::vector<std::size_t> probe_index;  // into the recorder's probes
  std::vector<double> probe_values;
  std::vector<std::uint8_t> probe_spiked;
  // height_sums[c] = the spike height added c times in binary64: the notebook's summation.
  std::vector<double> height_sums;
  double height_summed = 0.0;  // the height height_sums was made for

  std::size_t size() const { return setup.size; }
  double summed_heights(std::uint32_t count);
};

struct Network::Projection {
  std::size_t source = 0;
  std::size_t target = 0;
  std::size_t channel = 0;
  std::uint32_t delay_steps = 1;
  SynapseKind kind = SynapseKind::kPulse;
  bool dense = false;           // all-to-all with one weight: one number per step for all targets
  double weight = 0.0;          // the one weight, when there is one
  Connectivity synapses;        // empty when dense
  std::vector<double> weights;  // per synapse, when drawn
  // Added straight to the target's synaptic current (NeuronPopulation::next_step_current) rather
  // than through its ring: see Network::choose_direct_delivery.
  bool direct = false;
};

struct Network::Input {
  std::size_t target = 0;
  InputKind kind;
  SplitMix64 noise_rng{0};                   // NoiseInput's draws, restarted by reset()
  std::vector<double> amplitude_per_neuron;  // DcInput with a current per neuron
};

}  // namespace spikescope
