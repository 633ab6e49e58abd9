#include "models/adex/adex_model.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "models/adex/adex_population.h"

namespace spikescope {
namespace {

constexpr ValidRange kPositiveCapacitance{0.0, false, INFINITY, true, "a capacitance is positive"};
constexpr ValidRange kPositiveLeak{
    0.0, false, INFINITY, true,
    "a leak conductance is positive; it also scales the exponential spike current"};
constexpr ValidRange kPositiveSlope{
    0.0, false, INFINITY, true,
    "DeltaT divides V - VT; DeltaT -> 0 is the integrate-and-fire limit, not this formula"};
constexpr ValidRange kPositiveTime{0.0, false, INFINITY, true, "a time constant is positive"};

// a and b have no bound of their own: Naud et al. (2008) use negative a (delayed accelerating,
// irregular spiking: a = -10, -11 nS), and b < 0 is a spike-triggered facilitation that is odd
// but well defined. The potentials may lie anywhere; what must hold between them (reset and
// slope point below the cut-off) is check()'s. The defaults are "tonic spiking" of adex.json.
// One parameter per entry, as lif_model.cpp lays them out.
// clang-format off
constexpr ParameterDescriptor kParameters[] = {
    {"C_pF", "Capacitance C", "pF", 200.0, kPositiveCapacitance, {20.0, 1000.0, 0.0, true},
     "Membrane capacitance: with gL it sets tau_m = C/gL (tonic spiking: 20 ms)."},
    {"gL_nS", "Leak conductance gL", "nS", 10.0, kPositiveLeak, {1.0, 100.0, 0.0, true},
     "Pulls V back to E_L; the larger, the more current a spike needs."},
    {"EL_mV", "Leak reversal E_L", "mV", -70.0, kAnyFinite, {-90.0, -40.0, 0.5, false},
     "Resting potential without input and adaptation; V starts here."},
    {"VT_mV", "Threshold V_T", "mV", -50.0, kAnyFinite, {-70.0, -30.0, 0.5, false},
     "Soft threshold: above it the exponential current outgrows the leak and V runs away."},
    {"DeltaT_mV", "Slope factor DeltaT", "mV", 2.0, kPositiveSlope, {0.2, 10.0, 0.0, true},
     "Sharpness of the spike onset: small DeltaT, an abrupt upswing (LIF-like)."},
    {"a_nS", "Subthreshold adaptation a", "nS", 2.0, kAnyFinite, {-15.0, 20.0, 0.5, false},
     "How strongly w follows V - E_L below threshold; negative a makes the neuron accelerate."},
    {"tauw_ms", "Adaptation time constant tau_w", "ms", 30.0, kPositiveTime,
     {5.0, 1000.0, 0.0, true}, "How fast w relaxes: the time scale of adaptation."},
    {"b_pA", "Spike-triggered adaptation b", "pA", 0.0, kAnyFinite, {0.0, 200.0, 1.0, false},
     "What each spike adds to w: slows the following spikes (0: tonic spiking)."},
    {"Vr_mV", "Reset V_r", "mV", -58.0, kAnyFinite, {-80.0, -30.0, 0.5, false},
     "V after a spike; close to V_T it gives bursts."},
    {"Vpeak_mV", "Spike cut-off V_peak", "mV", 0.0, kAnyFinite, {-30.0, 30.0, 0.5, false},
     "V above which the spike is counted and V reset (V > V_peak; the Brian2 example's 0 mV)."},
};
// clang-format on
static_assert(std::size(kParameters) == kAdexParameterCount);

constexpr StateVariableDescriptor kState[] = {
    {"v_mV", "Membrane potential", "mV", true, "V, the membrane potential"},
    {"w_pA", "Adaptation current", "pA", true, "w, subtracted from the input current"},
};
static_assert(std::size(kState) == kAdexStateCount);

constexpr MethodDescriptor kMethods[] = {
    {"euler",
     "Forward Euler as Brian2's method=euler: V and w from the state at the step's start, then "
     "V > V_peak, then the reset; binary64 and glibc exp in Brian2's order, so spike steps "
     "match Brian2. First order: each interval comes out about 3 dt too long."},
};

void check(std::span<const double> values, std::size_t /*method*/, double /*dt_ms*/) {
  const AdexParameters p = adex_parameters_from(values);
  if (!(p.Vr_mV < p.Vpeak_mV)) {
    std::ostringstream message;
    message << "Vr_mV: must be below Vpeak_mV = " << p.Vpeak_mV
            << " mV (a reset at or above the cut-off fires again at once), got " << p.Vr_mV;
    throw ParameterError(message.str());
  }
  if (!(p.VT_mV < p.Vpeak_mV)) {
    std::ostringstream message;
    message << "VT_mV: must be below Vpeak_mV = " << p.Vpeak_mV
            << " mV (the spike's upswing starts at VT and ends at the cut-off), got " << p.VT_mV;
    throw ParameterError(message.str());
  }
}

// Forward Euler misbehaves in three ways here (README.md, "Step size"), worst first:
//  * dt > tau_m = C/gL: V overshoots the leak's relaxation every step (as LIF's Euler does).
//  * dt > tau_w: w overshoots its relaxation every step.
//  * dt > tau_m/100: the DeltaT-driven upswing, whose rate (gL/C) exp((V - VT)/DeltaT) grows
//    without bound, is crossed in a step or two instead of followed; Euler lags there and every
//    interval comes out about 3 dt long (measured on the reference patterns: +5-10% at
//    dt = tau_m/100, tonic spiking fires 45 instead of 51 spikes in 500 ms at dt 0.5 ms).
std::string dt_warning(std::span<const double> values, std::size_t /*method*/, double dt_ms) {
  const AdexParameters p = adex_parameters_from(values);
  const double tau_m_ms = p.C_pF / p.gL_nS;
  std::ostringstream message;
  if (dt_ms > tau_m_ms) {
    message << "dt = " << dt_ms << " ms exceeds tau_m = C/gL = " << tau_m_ms
            << " ms: forward Euler overshoots the leak and oscillates; use dt <= "
            << tau_m_ms / 100.0 << " ms";
  } else if (dt_ms > p.tauw_ms) {
    message << "dt = " << dt_ms << " ms exceeds tauw_ms = " << p.tauw_ms
            << " ms: forward Euler overshoots the adaptation current w every step";
  } else if (dt_ms > tau_m_ms / 100.0) {
    message << "dt = " << dt_ms << " ms exceeds tau_m/100 = " << tau_m_ms / 100.0
            << " ms (tau_m = C/gL): forward Euler jumps over the exponential upswing and fires "
               "late, each interval by about 3 dt";
  }
  return message.str();
}

std::size_t state_bytes(std::size_t /*method*/) {
  return 2 * sizeof(double);
}  // V, w

std::unique_ptr<NeuronPopulation> make(const PopulationSetup& setup) {
  return std::make_unique<AdexPopulation>(setup);
}

}  // namespace

const ModelDescriptor& adex_model() {
  static const ModelDescriptor model{
      .name = "adex",
      .title = "Adaptive exponential integrate-and-fire (AdEx)",
      .reference =
          "Brette R, Gerstner W (2005) Adaptive exponential integrate-and-fire model "
          "as an effective description of neuronal activity. J Neurophysiol "
          "94:3637-3642; firing patterns: Naud R et al. (2008) Biol Cybern 99:335-347",
      .parameters = kParameters,
      .state = kState,
      .methods = kMethods,
      .current_unit = "pA",
      .conductance_unit = "nS",
      .mV_per_voltage_unit = 1.0,
      .equations =
          "{C_pF} pF dV/dt = -{gL_nS} nS (V - {EL_mV} mV) + {gL_nS} nS * {DeltaT_mV} mV * "
          "exp((V - {VT_mV} mV) / {DeltaT_mV} mV) + I - w\n"
          "{tauw_ms} ms dw/dt = {a_nS} nS (V - {EL_mV} mV) - w\n"
          "V > {Vpeak_mV} mV: spike; V = {Vr_mV} mV, w = w + {b_pA} pA",
      .initial_state = "V = E_L, w = 0 pA, where the file gives no v_mV or w_pA",
      .check = check,
      .dt_warning = dt_warning,
      .state_bytes_per_neuron = state_bytes,
      .make = make,
  };
  return model;
}

}  // namespace spikescope
