#include "models/lif/lif_model.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "models/lif/lif_exact_population.h"
#include "models/lif/lif_notebook_population.h"
#include "models/lif/lif_parameters.h"

namespace spikescope {
namespace {

constexpr ValidRange kPositiveResistance{0.0, false, INFINITY, true, "a resistance is positive"};
constexpr ValidRange kPositiveCapacitance{0.0, false, INFINITY, true,
                                          "a capacitance is positive"};
constexpr ValidRange kNoNegativeTime{0.0, true, INFINITY, true, "a duration cannot be negative"};

constexpr ParameterDescriptor kParameters[] = {
    {"membrane_resistance_kohm", "Resistance Rm", "kOhm", 1.0, kPositiveResistance,
     {0.1, 10.0, 0.1, false}, "Membrane resistance: the steady state is V_rest + Rm * I."},
    {"membrane_capacitance_uf", "Capacitance Cm", "uF", 10.0, kPositiveCapacitance,
     {0.5, 50.0, 0.5, false}, "Membrane capacitance: with Rm it sets tau_m = Rm * Cm."},
    {"refractory_ms", "Refractory", "ms", 4.0, kNoNegativeTime, {0.0, 20.0, 0.125, false},
     "After a spike, V is held at reset for this long."},
    {"threshold_v", "Threshold", "V", 0.75, kAnyFinite, {0.05, 2.0, 0.01, false},
     "Membrane potential at which the neuron fires (V >= threshold)."},
    {"spike_height_v", "Spike height", "V", 1.0, kAnyFinite, {0.0, 2.0, 0.01, false},
     "What one spike adds to the population's summed output (the notebook's V_spike)."},
    {"reset_v", "Reset", "V", 0.0, kAnyFinite, {-1.0, 1.0, 0.01, false},
     "Membrane potential after a spike, held for the refractory period."},
    {"rest_v", "Resting potential", "V", 0.0, kAnyFinite, {-1.0, 1.0, 0.01, false},
     "Where V relaxes to without input (E_L); the notebook's is 0."},
};
static_assert(std::size(kParameters) == kLifParameterCount);

constexpr StateVariableDescriptor kState[] = {
    {"vm_v", "Membrane potential", "V", true, "V, the notebook's Vm"},
};

constexpr MethodDescriptor kMethods[] = {
    {"notebook",
     "The SNN_0 notebook's forward Euler in binary64 with its floating clock, bit for bit: "
     "V += ((-(V - V_rest) + Rm I) / tau_m) dt while t > t_rest. Oscillates for dt > tau_m."},
    {"exact",
     "Exponential propagator V <- V_inf - (V_inf - V) exp(-dt/tau_m) in float, exact for "
     "constant input and exponential current synapses at any dt; refractoriness as a countdown "
     "of floor(t_ref/dt) steps."},
};

void check(std::span<const double> values, std::size_t method, double dt_ms) {
  const LifParameters p = lif_parameters_from(values);
  if (!(p.reset_v < p.threshold_v)) {
    std::ostringstream message;
    message << "reset_v: must be below threshold_v (" << p.threshold_v << " V), got "
            << p.reset_v;
    throw ParameterError(message.str());
  }
  if (!std::isfinite(p.tau_m_ms())) {
    throw ParameterError("membrane_capacitance_uf: tau_m = Rm * Cm must be finite");
  }
  if (method == kLifExact) {
    const double steps = lif_refractory_steps(p.refractory_ms, dt_ms);
    if (steps > kMaxRefractorySteps) {
      std::ostringstream message;
      message << "refractory_ms: " << p.refractory_ms << " ms is " << steps << " steps of "
              << dt_ms << " ms; at most " << kMaxRefractorySteps << " steps are supported";
      throw ParameterError(message.str());
    }
  }
}

std::string dt_warning(std::span<const double> values, std::size_t method, double dt_ms) {
  if (method != kLifNotebook) return {};
  return notebook_stability_warning(lif_parameters_from(values), dt_ms);
}

std::size_t state_bytes(std::size_t method) {
  // Notebook: V and t_rest in binary64. Exact: V in float and a 16-bit countdown.
  return method == kLifNotebook ? 2 * sizeof(double) : sizeof(float) + sizeof(std::uint16_t);
}

std::unique_ptr<NeuronPopulation> make(const PopulationSetup& setup) {
  if (setup.method == kLifNotebook) return std::make_unique<NotebookLifPopulation>(setup);
  return std::make_unique<ExactLifPopulation<float>>(setup);
}

}  // namespace

const ModelDescriptor& lif_model() {
  static const ModelDescriptor model{
      .name = "lif",
      .title = "Leaky integrate-and-fire",
      .reference = "Lapicque (1907); the SNN_0 notebook; Gerstner et al., Neuronal Dynamics "
                   "(2014), ch. 1.3",
      .parameters = kParameters,
      .state = kState,
      .methods = kMethods,
      .current_unit = "mA",
      .conductance_unit = "mS",
      .mV_per_voltage_unit = 1000.0,
      .equations = "tau_m dV/dt = -(V - {rest_v}) + {membrane_resistance_kohm} kOhm * I,   "
                   "tau_m = Rm * Cm = {membrane_resistance_kohm} kOhm * "
                   "{membrane_capacitance_uf} uF\n"
                   "V >= {threshold_v} V: spike; V = {reset_v} V for {refractory_ms} ms",
      .initial_state = "V = rest_v, not refractory (the notebook's fresh neuron: V = 0)",
      // The two fast kernels broadcast their constants.
      .per_neuron_parameters = false,
      .check = check,
      .dt_warning = dt_warning,
      .state_bytes_per_neuron = state_bytes,
      .make = make,
  };
  return model;
}

}  // namespace spikescope
