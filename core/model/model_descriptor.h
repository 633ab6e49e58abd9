#pragma once
// A neuron model declared once (after GeNN's model snippets and NEST's model manager): its name,
// parameters, state variables, cross-field rules, equations, units, numerical methods, and how
// to make a population of it. Everything else (the experiment file's keys and messages,
// `spikesim --set` paths and `spikesim models`, CSV columns, the equation panel, the window's
// sliders) is read from this declaration; nothing about a model is written anywhere else.
//
// A new model is one folder under core/models/ that defines `const ModelDescriptor&
// <name>_model()` in <name>_model.h, plus its line in core/models/models.cmake.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/neuron_population.h"
#include "model/parameter_descriptor.h"

namespace spikescope {

struct MethodDescriptor {
  std::string_view key;          // "exact", "notebook", "euler", "exponential_euler"
  std::string_view explanation;  // one line: the update rule and when it is trustworthy
};

struct ModelDescriptor {
  std::string_view name;       // registry key: "lif", "izhikevich"
  std::string_view title;      // "Izhikevich (2003) simple model"
  std::string_view reference;  // the paper
  std::span<const ParameterDescriptor> parameters;
  std::span<const StateVariableDescriptor> state;  // state[0] is the membrane potential
  std::span<const MethodDescriptor> methods;       // methods[0] is the default
  std::string_view current_unit;      // input currents, current-synapse weights: "mA", "pA"
  std::string_view conductance_unit;  // conductance-synapse weights: "mS", "nS", "mS_per_cm2"
  double mV_per_voltage_unit = 1.0;   // state[0] in mV = value * this (1000 for volts)
  // The equations as text for the equation panel; {key} stands for a parameter's value.
  std::string_view equations;
  std::string_view initial_state;  // what a neuron starts from, in words
  // A spike source (Poisson) takes no input current and no synapses.
  bool spike_source = false;
  // Whether parameters may differ between neurons (PopulationSetup columns not uniform).
  bool per_neuron_parameters = true;

  // Rules between the parameters of one neuron and dt, beyond each parameter's range ("reset
  // below threshold", "refractory period fits 65535 steps"). `values` has one value per
  // parameter. Throws ParameterError whose message starts with the offending parameter's key
  // ("reset_v: must be below threshold_v (0.75 V), got 0.9"); the caller puts the population's
  // path in front. May be null.
  void (*check)(std::span<const double> values, std::size_t method, double dt_ms) = nullptr;
  // A warning, not a refusal, when the method is known to misbehave at this dt ("dt/tau_m = 1.5:
  // forward Euler overshoots ..."); empty when all is well. May be null.
  std::string (*dt_warning)(std::span<const double> values, std::size_t method,
                            double dt_ms) = nullptr;
  // Bytes of state per neuron (the memory check refuses networks that would not fit).
  std::size_t (*state_bytes_per_neuron)(std::size_t method) = nullptr;
  // A population at its initial state. The setup is validated.
  std::unique_ptr<NeuronPopulation> (*make)(const PopulationSetup& setup) = nullptr;

  // Lookups by key; npos when there is none.
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t parameter_index(std::string_view key) const;
  std::size_t state_index(std::string_view key) const;
  std::size_t method_index(std::string_view key) const;
  // The defaults, one per parameter.
  std::vector<double> default_values() const;
};

// The equations text with every {key} replaced by that parameter's value (shortest form) and
// its unit; `values` has one value per parameter.
std::string equations_with_values(const ModelDescriptor& model, std::span<const double> values);

}  // namespace spikescope
