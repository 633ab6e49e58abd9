#include "run/cuba_network.h"

#include <algorithm>
#include <cmath>

namespace spikescope {

NetworkSpec cuba_network(std::uint64_t neurons, std::uint64_t seed) {
  constexpr double kThreshold_v = -0.050;
  constexpr double kReset_v = -0.060;
  NetworkSpec spec;
  spec.dt_ms = 0.1;
  const std::uint64_t excitatory = std::max<std::uint64_t>(1, neurons * 4 / 5);
  const std::uint64_t inhibitory = std::max<std::uint64_t>(1, neurons - excitatory);
  const double p = std::min(1.0, kCubaInputsPerNeuron / static_cast<double>(neurons));
  std::uint64_t next_seed = seed;
  for (const auto& [name, size] : {std::pair{"E", excitatory}, std::pair{"I", inhibitory}}) {
    PopulationSpec population;
    population.name = name;
    population.model = "lif";
    population.method = "exact";
    population.size = size;
    population.parameters = {
        {"membrane_resistance_kohm", 1.0}, {"membrane_capacitance_uf", 20.0},
        {"refractory_ms", 5.0},            {"threshold_v", kThreshold_v},
        {"spike_height_v", 1.0},           {"reset_v", kReset_v},
        {"rest_v", -0.049},
    };
    population.initial = {{"vm_v", UniformDraw{kReset_v, kThreshold_v, next_seed++}}};
    spec.populations.push_back(std::move(population));
  }
  for (const char* source : {"E", "I"}) {
    const bool excitatory_source = source[0] == 'E';
    for (const char* target : {"E", "I"}) {
      ProjectionSpec projection;
      projection.source = source;
      projection.target = target;
      projection.name = std::string(source) + "->" + target;
      projection.connector.rule = ConnectorRule::kFixedProbability;
      projection.connector.p = p;
      projection.connector.seed = next_seed++;
      projection.weight = excitatory_source ? 60.0 * 0.27 / 10.0 * 1e-3 : -20.0 * 4.5 / 10.0 * 1e-3;
      projection.delay_steps = 1;
      projection.synapse = ChannelSpec{SynapseKind::kExpCurrent, excitatory_source ? 5.0 : 10.0};
      spec.projections.push_back(std::move(projection));
    }
  }
  return spec;
}

Experiment cuba_experiment(std::uint64_t neurons) {
  Experiment experiment;
  experiment.name = "CUBA: balanced excitation and inhibition";
  experiment.notes =
      "The benchmark network of Brette et al. (2007): 3200 excitatory and 800 inhibitory LIF "
      "neurons, each with about 80 random inputs through exponential current synapses, no "
      "external input. Notice that activity sustains itself from the random start: excitation "
      "and inhibition balance, each neuron fires irregularly at about 5.6 Hz (Brian2's rate), "
      "and the population fires in loose, fluctuating waves rather than in lock-step.";
  experiment.network = cuba_network(neurons);
  experiment.steps = 10000;  // 1 s at dt 0.1 ms
  experiment.recording.probes = {ProbeSpec{"E", 0, "vm_v"}, ProbeSpec{"I", 0, "vm_v"}};
  return experiment;
}

}  // namespace spikescope
