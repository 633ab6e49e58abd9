#pragma once
// A network as plain data: populations of neurons of a model, projections between them, inputs
// attached to them. This is what the experiment file (version 2) holds under "populations",
// "projections" and "inputs", and what Network (network.h) runs; validate_network.h checks it
// and names every refusal by element and field: projections["E->I"].connector.p.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/synapse_channel.h"
#include "model/value_spec.h"

namespace spikescope {

struct NamedValue {
  std::string key;
  ValueSpec value;
  bool operator==(const NamedValue&) const = default;
};

struct PopulationSpec {
  std::string name;
  std::string model = "lif";
  std::string method;  // empty: the model's default (its first method)
  std::uint64_t size = 1;
  // Parameters by key; a parameter not listed has the model's default. Resolved per neuron.
  std::vector<NamedValue> parameters;
  // Initial state by state-variable key; a variable not listed starts as the model says.
  std::vector<NamedValue> initial;
  std::uint64_t seed = 0;  // of a stochastic model's own draws (Poisson sources)

  // The entry for `key`, or nullptr.
  const ValueSpec* parameter(const std::string& key) const;
  void set_parameter(const std::string& key, ValueSpec value);
  bool operator==(const PopulationSpec&) const = default;
};

enum class ConnectorRule : std::uint8_t {
  kAllToAll,          // every source to every target
  kOneToOne,          // source i to target i (equal sizes)
  kFixedProbability,  // each pair independently with probability p
  kFixedInDegree,     // each target gets k sources drawn without replacement
};

struct ConnectorSpec {
  ConnectorRule rule = ConnectorRule::kAllToAll;
  double p = 1.0;          // kFixedProbability
  std::uint64_t k = 1;     // kFixedInDegree
  bool allow_self = true;  // within one population: may a neuron connect to itself?
  std::uint64_t seed = 0;  // kFixedProbability, kFixedInDegree
  bool operator==(const ConnectorSpec&) const = default;
};

struct ProjectionSpec {
  std::string name;  // default "<source>-><target>"
  std::string source;
  std::string target;
  ConnectorSpec connector;
  // One weight for all synapses (negative: inhibitory), or a draw per synapse in the order the
  // connector makes them (source by source, targets ascending). In the target model's current
  // unit (pulse, exp_current) or conductance unit (exp_conductance).
  ValueSpec weight = 1.0;
  // In ms, rounded to the nearest whole step (NEST's convention) and at least one step; or
  // given in steps, which keeps the notebook's two-step coupling whatever dt is.
  double delay_ms = 0.1;
  std::optional<std::uint32_t> delay_steps;
  ChannelSpec synapse;
  bool operator==(const ProjectionSpec&) const = default;
};

// The notebook's stimulus: a constant current that switches on at a per-neuron onset (given,
// or drawn uniformly from [0, onset_max_steps] with draw_onsets and the seed).
struct OnsetStepInput {
  double amplitude = 1.0;
  std::optional<std::vector<std::int32_t>> onset_steps;
  std::int32_t onset_max_steps = 100;
  std::uint64_t seed = 42;
  bool operator==(const OnsetStepInput&) const = default;
};
// A constant current from start_ms to stop_ms (the whole run when not given). Step k (from
// k*dt) is driven when round(start/dt) <= k < round(stop/dt). The amplitude is one for all
// neurons, or one per neuron (value_spec.h): an f-I curve drives each neuron with its own.
struct DcInput {
  ValueSpec amplitude = 0.0;
  double start_ms = 0.0;
  std::optional<double> stop_ms;
  bool operator==(const DcInput&) const = default;
};
struct CurrentPulse {
  double start_ms = 0.0;
  double stop_ms = 0.0;
  double amplitude = 0.0;
  bool operator==(const CurrentPulse&) const = default;
};
// A list of rectangular pulses (overlapping pulses add).
struct PulsesInput {
  std::vector<CurrentPulse> pulses;
  bool operator==(const PulsesInput&) const = default;
};
// offset + amplitude * sin(2 pi f t + phase), t = k*dt at the step's start.
struct SineInput {
  double amplitude = 0.0;
  double frequency_hz = 10.0;
  double phase_deg = 0.0;
  double offset = 0.0;
  bool operator==(const SineInput&) const = default;
};
// A new normal draw per neuron and step (NEST's noise_generator with its dt = the step):
// mean + sd * N(0, 1), seeded.
struct NoiseInput {
  double mean = 0.0;
  double sd = 0.0;
  std::uint64_t seed = 0;
  bool operator==(const NoiseInput&) const = default;
};

using InputKind = std::variant<OnsetStepInput, DcInput, PulsesInput, SineInput, NoiseInput>;

// An input current into every neuron of a population, in its model's current unit. Spike
// inputs (Poisson) are populations of the "poisson" model, connected by projections.
struct InputSpec {
  std::string name;
  std::string target;
  InputKind kind;
  bool operator==(const InputSpec&) const = default;
};

// Whether an input drives each neuron with a current of its own (noise, or a DC input with
// per-neuron amplitudes), which the network buffers per neuron and step.
bool neuron_current_input(const InputKind& kind);

struct NetworkSpec {
  double dt_ms = 0.1;
  std::vector<PopulationSpec> populations;
  std::vector<ProjectionSpec> projections;
  std::vector<InputSpec> inputs;
  bool operator==(const NetworkSpec&) const = default;

  // Index of the population of that name, or npos.
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t population_index(const std::string& name) const;
};

}  // namespace spikescope
