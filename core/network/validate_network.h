#pragma once
// Checks a NetworkSpec completely before anything is built, and resolves it to what the
// network runs: the model of each population, its parameters per neuron, delays in steps, the
// synaptic channels of each target. Every refusal is a ParameterError naming the element by name
// and the field by its path in the experiment file:
//   populations["E"].parameters.tau_m_ms: must be greater than 0 ms (...), got -1
//   projections["E->I"].connector.p: must be in [0, 1], got 1.5
// A network whose neurons, synapses or delay buffers would not fit in half of this machine's
// memory is refused with what it needs, before any of it is allocated.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model_descriptor.h"
#include "network/network_spec.h"

namespace spikescope {

inline constexpr std::uint64_t kMaxPopulationSize = 100'000'000;  // neuron ids are 32-bit
inline constexpr std::size_t kMaxPopulations = 1000;
inline constexpr std::size_t kMaxProjections = 10000;
inline constexpr std::size_t kMaxInputs = 10000;
inline constexpr std::uint32_t kMaxDelaySteps = 65535;
inline constexpr std::size_t kMaxCurrentPulses = 100000;

// Bytes the network will take, by kind; the memory check refuses when the total exceeds half of
// the physical memory.
struct MemoryEstimate {
  std::uint64_t neuron_bytes = 0;   // state and per-neuron parameters
  std::uint64_t synapse_bytes = 0;  // targets and per-synapse weights
  std::uint64_t buffer_bytes = 0;   // delay ring buffers and per-chunk inputs
  std::uint64_t total() const { return neuron_bytes + synapse_bytes + buffer_bytes; }
};

struct ResolvedPopulation {
  const ModelDescriptor* model = nullptr;
  std::size_t method = 0;
  ParameterColumns parameters;  // one per descriptor parameter
  // One per state variable, or empty; a variable without a value starts as the model says.
  std::vector<std::optional<ValueColumn>> initial;
  std::vector<ChannelSpec> channels;  // synaptic channels, in order of first use
  std::vector<std::string> warnings;  // the method's dt warnings
  bool parameters_uniform() const;
  bool initial_uniform() const;  // every given initial value is the same for all neurons
};

struct ResolvedProjection {
  std::size_t source = 0;
  std::size_t target = 0;
  std::size_t channel = 0;  // index into the target's channels
  std::uint32_t delay_steps = 1;
};

struct ResolvedInput {
  std::size_t target = 0;
  std::vector<std::int32_t> onset_steps;  // OnsetStepInput only: listed, or drawn
  ValueColumn amplitude;                  // DcInput only: one current for all, or per neuron
};

struct ResolvedNetwork {
  std::vector<ResolvedPopulation> populations;
  std::vector<ResolvedProjection> projections;
  std::vector<ResolvedInput> inputs;
  MemoryEstimate memory;
};

// The path of an element in messages: populations["E"], or populations[3] when it has no name.
std::string element_path(const char* list, const std::string& name, std::size_t index);

// Throws ParameterError as described above.
ResolvedNetwork resolve_network(const NetworkSpec& spec);
inline void validate(const NetworkSpec& spec) {
  (void)resolve_network(spec);
}

// The structural checks and the memory estimate alone (names, models, sizes, references,
// connectors, delays), without resolving per-neuron values: cheap, allocates nothing large.
MemoryEstimate check_network_shape(const NetworkSpec& spec);

// The model and method of a population (refusals name the population's path).
const ModelDescriptor& population_model(const PopulationSpec& population, const std::string& path);
std::size_t population_method(const ModelDescriptor& model, const PopulationSpec& population,
                              const std::string& path);

// A delay in whole steps: delay_steps as given, or delay_ms / dt rounded to the nearest step.
// Refuses fewer than one step and more than kMaxDelaySteps.
std::uint32_t delay_in_steps(const ProjectionSpec& projection, double dt_ms,
                             const std::string& path);

}  // namespace spikescope
