#include "models/hh/hh_model.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "models/hh/hh_population.h"

namespace spikescope {
namespace {

constexpr ValidRange kPositiveCapacitance{0.0, false, INFINITY, true, "a capacitance is positive"};
constexpr ValidRange kConductance{0.0, true, INFINITY, true, "a conductance cannot be negative"};
constexpr ValidRange kLeakConductance{
    0.0, false, INFINITY, true,
    "the leak keeps the total conductance above 0: exponential Euler divides by it"};

constexpr ParameterDescriptor kParameters[] = {
    {"Cm_uF_per_cm2",
     "Capacitance Cm",
     "uF/cm^2",
     1.0,
     kPositiveCapacitance,
     {0.1, 10.0, 0.0, true},
     "Membrane capacitance per area: a smaller Cm makes every change of V faster."},
    {"gNa_mS_per_cm2",
     "Sodium conductance gNa",
     "mS/cm^2",
     120.0,
     kConductance,
     {0.0, 240.0, 1.0, false},
     "Peak Na+ conductance: drives the spike's upstroke; too little and the neuron cannot fire."},
    {"gK_mS_per_cm2",
     "Potassium conductance gK",
     "mS/cm^2",
     36.0,
     kConductance,
     {0.0, 72.0, 0.5, false},
     "Peak delayed-rectifier K+ conductance: repolarises the spike and deepens the "
     "after-hyperpolarisation."},
    {"gL_mS_per_cm2",
     "Leak conductance gL",
     "mS/cm^2",
     0.3,
     kLeakConductance,
     {0.03, 3.0, 0.0, true},
     "Leak conductance: with EL it sets the resting potential and the input resistance."},
    {"ENa_mV",
     "Sodium reversal ENa",
     "mV",
     50.0,
     kAnyFinite,
     {0.0, 100.0, 1.0, false},
     "Reversal potential of the Na+ current: the ceiling the spike's peak approaches."},
    {"EK_mV",
     "Potassium reversal EK",
     "mV",
     -77.0,
     kAnyFinite,
     {-120.0, -50.0, 1.0, false},
     "Reversal potential of the K+ current: the floor of the after-hyperpolarisation."},
    {"EL_mV",
     "Leak reversal EL",
     "mV",
     -54.387,
     kAnyFinite,
     {-80.0, -30.0, 0.1, false},
     "Reversal potential of the leak; -54.387 mV puts rest at -65 mV with the other defaults."},
};
static_assert(std::size(kParameters) == kHhParameterCount);

constexpr StateVariableDescriptor kState[] = {
    {"v_mV", "Membrane potential", "mV", true, "V, relative to the outside of the membrane"},
    {"m", "Na activation m", "", true, "Fraction of open Na+ activation gates (0 to 1)"},
    {"h", "Na inactivation h", "", true, "Fraction of Na+ channels not inactivated (0 to 1)"},
    {"n", "K activation n", "", true, "Fraction of open K+ activation gates (0 to 1)"},
};
static_assert(std::size(kState) == kHhStateCount);

constexpr MethodDescriptor kMethods[] = {
    {"exponential_euler",
     "Brian2's exponential Euler: rates and conductances from V at the step's start, then V and "
     "each gate relax exactly towards their frozen steady states. First order: never blows up, "
     "but each inter-spike interval is 0.5 to 0.7% too long per 0.01 ms of dt."},
    {"rk4",
     "Classic 4-stage Runge-Kutta on V, m, h, n with the input held over the step. Fourth order "
     "(at dt = 0.01 ms spike times are within 0.01 ms of the dt -> 0 limit); blows up once "
     "dt (0.3 gNa + 0.1 gK + gL) / Cm exceeds 2.785, about dt = 0.07 ms at the defaults."},
};

// Exponential Euler's error is set by the gates' kinetics, which are fixed (6.3 degrees C).
// Measured against RK4 at dt = 0.001 ms for I = 7 to 50 uA/cm^2: each inter-spike interval comes
// out longer by 0.5 to 0.7% per 0.01 ms of dt (first order), 2.5 to 3.5% at 0.05 ms; at 0.1 ms
// the second spike near the rheobase (I = 6) is lost, and from 0.3 ms strong currents give a
// single spike instead of a train.
constexpr double kExponentialEulerMaxDt_ms = 0.05;
// RK4 is stable for a decaying mode exp(-lambda t) only while lambda dt < 2.785. The fastest mode
// is the membrane's, lambda = g_total / Cm, and g_total peaks during the spike's upstroke at
// about 0.3 gNa + 0.1 gK + gL (measured: m^3 h reaches 0.27 to 0.32, n^4 is near 0.1 then, for
// I = 10 to 200 uA/cm^2; the gates' kinetics are fixed). At the defaults that is dt = 0.070 ms;
// RK4 was seen to diverge between 0.09 and 0.1 ms.
constexpr double kRk4StabilityLimit = 2.785;
double peak_membrane_rate_per_ms(const HhParameters& p) {
  return (0.3 * p.gNa_mS_per_cm2 + 0.1 * p.gK_mS_per_cm2 + p.gL_mS_per_cm2) / p.Cm_uF_per_cm2;
}

void check(std::span<const double> values, std::size_t, double) {
  const HhParameters p = hh_parameters_from(values);
  if (!(p.ENa_mV > p.EK_mV)) {
    std::ostringstream message;
    message << "ENa_mV: must be above EK_mV (" << p.EK_mV
            << " mV): the Na+ current depolarises and the K+ current repolarises, got " << p.ENa_mV;
    throw ParameterError(message.str());
  }
}

std::string dt_warning(std::span<const double> values, std::size_t method, double dt_ms) {
  std::ostringstream message;
  if (method == kHhRk4) {
    const double product = dt_ms * peak_membrane_rate_per_ms(hh_parameters_from(values));
    if (!(product > kRk4StabilityLimit)) return {};
    message << "dt (0.3 gNa + 0.1 gK + gL) / Cm = " << product
            << " > 2.785: RK4 is unstable at the spike's peak conductance and the trace may "
               "blow up. Use dt <= "
            << kRk4StabilityLimit / (product / dt_ms) << " ms or exponential_euler.";
    return message.str();
  }
  if (!(dt_ms > kExponentialEulerMaxDt_ms)) return {};
  message << "dt = " << dt_ms << " ms > " << kExponentialEulerMaxDt_ms
          << " ms: exponential Euler lengthens every inter-spike interval by about "
          << 0.6 * dt_ms / 0.01
          << "% (0.5 to 0.7% per 0.01 ms) and loses spikes near the rheobase from about 0.1 ms "
             "on. Use dt <= 0.025 ms for spike timing, or rk4.";
  return message.str();
}

std::size_t state_bytes(std::size_t) {
  return 4 * sizeof(double);
}  // V, m, h, n

std::unique_ptr<NeuronPopulation> make(const PopulationSetup& setup) {
  return std::make_unique<HhPopulation>(setup);
}

}  // namespace

HhParameters hh_parameters_from(std::span<const double> v) {
  return HhParameters{v[kHhCm], v[kHhGNa], v[kHhGK], v[kHhGL], v[kHhENa], v[kHhEK], v[kHhEL]};
}

const ModelDescriptor& hh_model() {
  static const ModelDescriptor model{
      .name = "hh",
      .title = "Hodgkin-Huxley (1952) squid giant axon",
      .reference =
          "Hodgkin AL, Huxley AF (1952) A quantitative description of membrane current "
          "and its application to conduction and excitation in nerve. J Physiol "
          "117:500-544",
      .parameters = kParameters,
      .state = kState,
      .methods = kMethods,
      .current_unit = "uA/cm^2",
      .conductance_unit = "mS/cm^2",
      .mV_per_voltage_unit = 1.0,
      .equations =
          "{Cm_uF_per_cm2} uF/cm^2 * dV/dt = I - {gNa_mS_per_cm2} mS/cm^2 * m^3 h (V - {ENa_mV} "
          "mV) - {gK_mS_per_cm2} mS/cm^2 * n^4 (V - {EK_mV} mV) - {gL_mS_per_cm2} mS/cm^2 * "
          "(V - {EL_mV} mV)\n"
          "dx/dt = alpha_x(V) (1 - x) - beta_x(V) x,  x = m, h, n  (V in mV, rates in 1/ms, "
          "6.3 C)\n"
          "alpha_m = 0.1 (V + 40) / (1 - exp(-(V + 40)/10)),  beta_m = 4 exp(-(V + 65)/18)\n"
          "alpha_h = 0.07 exp(-(V + 65)/20),  beta_h = 1 / (1 + exp(-(V + 35)/10))\n"
          "alpha_n = 0.01 (V + 55) / (1 - exp(-(V + 55)/10)),  beta_n = 0.125 exp(-(V + 65)/80)\n"
          "spike: V crosses 0 mV upwards (no reset, no refractory period)",
      .initial_state =
          "V = -65 mV; each gate at its steady state x_inf = alpha_x / (alpha_x + "
          "beta_x) at the initial V (at -65 mV: m = 0.0529, h = 0.596, n = 0.318)",
      .check = check,
      .dt_warning = dt_warning,
      .state_bytes_per_neuron = state_bytes,
      .make = make,
  };
  return model;
}

}  // namespace spikescope
