#include "models/lif_adaptive/lif_adaptive_model.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "models/lif/lif_parameters.h"
#include "models/lif_adaptive/lif_adaptive_parameters.h"
#include "models/lif_adaptive/lif_adaptive_population.h"

namespace spikescope {
namespace {

constexpr ValidRange kPositiveResistance{0.0, false, INFINITY, true, "a resistance is positive"};
constexpr ValidRange kPositiveCapacitance{0.0, false, INFINITY, true, "a capacitance is positive"};
constexpr ValidRange kNoNegativeTime{0.0, true, INFINITY, true, "a duration cannot be negative"};
constexpr ValidRange kAdaptingJump{
    0.0, true, INFINITY, true,
    "adaptation opposes firing; a negative jump would excite the neuron after each spike"};
constexpr ValidRange kPositiveTimeConstant{0.0, false, INFINITY, true,
                                           "a time constant is positive"};

// The first seven are the LIF model's (lif_model.cpp): same keys, units, defaults and meaning.
constexpr ParameterDescriptor kParameters[] = {
    {"membrane_resistance_kohm",
     "Resistance Rm",
     "kOhm",
     1.0,
     kPositiveResistance,
     {0.1, 10.0, 0.1, false},
     "Membrane resistance: the steady state is V_rest + Rm * (I - I_a)."},
    {"membrane_capacitance_uf",
     "Capacitance Cm",
     "uF",
     10.0,
     kPositiveCapacitance,
     {0.5, 50.0, 0.5, false},
     "Membrane capacitance: with Rm it sets tau_m = Rm * Cm."},
    {"refractory_ms",
     "Refractory",
     "ms",
     4.0,
     kNoNegativeTime,
     {0.0, 20.0, 0.125, false},
     "After a spike, V is held at reset for this long (I_a goes on decaying)."},
    {"threshold_v",
     "Threshold",
     "V",
     0.75,
     kAnyFinite,
     {0.05, 2.0, 0.01, false},
     "Membrane potential at which the neuron fires (V >= threshold)."},
    {"spike_height_v",
     "Spike height",
     "V",
     1.0,
     kAnyFinite,
     {0.0, 2.0, 0.01, false},
     "What one spike adds to the population's summed output (the notebook's V_spike)."},
    {"reset_v",
     "Reset",
     "V",
     0.0,
     kAnyFinite,
     {-1.0, 1.0, 0.01, false},
     "Membrane potential after a spike, held for the refractory period."},
    {"rest_v",
     "Resting potential",
     "V",
     0.0,
     kAnyFinite,
     {-1.0, 1.0, 0.01, false},
     "Where V relaxes to without input (E_L)."},
    {"adaptation_jump_ma",
     "Adaptation jump b",
     "mA",
     0.1,
     kAdaptingJump,
     {0.0, 0.5, 0.005, false},
     "What each spike adds to the adaptation current: the larger, the more the rate drops."},
    {"adaptation_tau_ms",
     "Adaptation time constant",
     "ms",
     100.0,
     kPositiveTimeConstant,
     {5.0, 2000.0, 0.0, true},
     "How long the adaptation current lasts: the time over which the rate settles."},
};
static_assert(std::size(kParameters) == kLifAdaptiveParameterCount);

constexpr StateVariableDescriptor kState[] = {
    {"vm_v", "Membrane potential", "V", true, "V, as the LIF model's vm_v"},
    {"i_adapt_ma", "Adaptation current", "mA", true,
     "I_a, subtracted from the input; jumps at each spike and decays"},
};
static_assert(std::size(kState) == kLifAdaptiveStateCount);

constexpr MethodDescriptor kMethods[] = {
    {"exact",
     "Exact propagator of the linear membrane and the decaying adaptation current in binary64 "
     "(as NEST's iaf_psc_exp integrates its synaptic current), exact for constant input at any "
     "dt; refractoriness as a countdown of floor(t_ref/dt) steps, as the LIF exact method."},
};

void check(std::span<const double> values, std::size_t, double dt_ms) {
  const LifAdaptiveParameters p = lif_adaptive_parameters_from(values);
  if (!(p.reset_v < p.threshold_v)) {
    std::ostringstream message;
    message << "reset_v: must be below threshold_v (" << p.threshold_v << " V), got " << p.reset_v;
    throw ParameterError(message.str());
  }
  if (!std::isfinite(p.tau_m_ms())) {
    throw ParameterError("membrane_capacitance_uf: tau_m = Rm * Cm must be finite");
  }
  const double steps = lif_refractory_steps(p.refractory_ms, dt_ms);
  if (steps > kMaxRefractorySteps) {
    std::ostringstream message;
    message << "refractory_ms: " << p.refractory_ms << " ms is " << steps << " steps of " << dt_ms
            << " ms; at most " << kMaxRefractorySteps << " steps are supported";
    throw ParameterError(message.str());
  }
}

std::size_t state_bytes(std::size_t) {
  // V and I_a in binary64, a 16-bit refractory countdown.
  return 2 * sizeof(double) + sizeof(std::uint16_t);
}

std::unique_ptr<NeuronPopulation> make(const PopulationSetup& setup) {
  return std::make_unique<LifAdaptivePopulation>(setup);
}

}  // namespace

const ModelDescriptor& lif_adaptive_model() {
  static const ModelDescriptor model{
      .name = "lif_adaptive",
      .title = "Leaky integrate-and-fire with spike-frequency adaptation",
      .reference =
          "Gerstner, Kistler, Naud & Paninski, Neuronal Dynamics (2014), ch. 6.1; "
          "Benda & Herz (2003) Neural Comput 15:2523-2564",
      .parameters = kParameters,
      .state = kState,
      .methods = kMethods,
      .current_unit = "mA",
      .conductance_unit = "mS",
      .mV_per_voltage_unit = 1000.0,
      .equations =
          "tau_m dV/dt = -(V - {rest_v}) + {membrane_resistance_kohm} kOhm * (I - I_a),"
          "   tau_m = Rm * Cm = {membrane_resistance_kohm} kOhm * "
          "{membrane_capacitance_uf} uF\n"
          "{adaptation_tau_ms} ms * dI_a/dt = -I_a\n"
          "V >= {threshold_v} V: spike; V = {reset_v} V for {refractory_ms} ms, "
          "I_a += {adaptation_jump_ma} mA",
      .initial_state = "V = rest_v, I_a = 0, not refractory",
      .check = check,
      .dt_warning = nullptr,  // exact at any dt, as the LIF exact method
      .state_bytes_per_neuron = state_bytes,
      .make = make,
  };
  return model;
}

}  // namespace spikescope
