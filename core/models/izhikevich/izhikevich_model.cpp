#include "models/izhikevich/izhikevich_model.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "models/izhikevich/izhikevich_population.h"

namespace spikescope {
namespace {

// No parameter has a bound of its own: Izhikevich (2004, Fig. 1) uses negative a and b
// (inhibition-induced spiking: a = -0.02, b = -1), negative b (class 1 excitability: -0.1) and
// negative d (resonator: -1, depolarising after-potential: -21). What must hold between them,
// c below the cut-off, is check()'s.
// One parameter per entry, as lif_model.cpp lays them out.
// clang-format off
constexpr ParameterDescriptor kParameters[] = {
    {"a", "Recovery rate a", "1/ms", 0.02, kAnyFinite, {0.002, 1.0, 0.001, true},
     "How fast u recovers after a spike: its time constant is 1/a (RS 0.02, FS 0.1)."},
    {"b", "Recovery sensitivity b", "1/ms", 0.2, kAnyFinite, {-0.2, 0.3, 0.005, false},
     "How strongly u follows v below threshold (u settles at b*v); above 0.25 it resonates."},
    {"c_mV", "Reset c", "mV", -65.0, kAnyFinite, {-80.0, -40.0, 0.5, false},
     "v after a spike: -65 mV regular, -50 mV chattering (bursts)."},
    {"d", "Spike adaptation d", "mV/ms", 8.0, kAnyFinite, {-2.0, 10.0, 0.1, false},
     "What each spike adds to u: the larger, the longer the next interval (RS 8, FS 2)."},
    {"v_peak_mV", "Spike cut-off", "mV", 30.0, kAnyFinite, {0.0, 50.0, 0.5, false},
     "v at which the spike is counted and v, u are reset (the paper's 30 mV, v >= v_peak)."},
};
// clang-format on
static_assert(std::size(kParameters) == kIzhikevichParameterCount);

constexpr StateVariableDescriptor kState[] = {
    {"v_mV", "Membrane potential", "mV", true, "v, the membrane potential"},
    {"u", "Recovery variable", "mV/ms", true,
     "u, the K+ activation and Na+ inactivation in one variable, in v's rate units"},
};
static_assert(std::size(kState) == kIzhikevichStateCount);

constexpr MethodDescriptor kMethods[] = {
    {"euler",
     "Forward Euler as Brian2's method=euler: u and v from the state at the step's start, then "
     "v >= v_peak, then the reset; binary64 in Brian2's order, so spike steps match Brian2. "
     "First order: spike times move with dt (FS: 131 spikes/s at dt 0.1 ms, 136 at 0.01)."},
};

void check(std::span<const double> values, std::size_t /*method*/, double /*dt_ms*/) {
  const IzhikevichParameters p = izhikevich_parameters_from(values);
  if (!(p.c_mV < p.v_peak_mV)) {
    std::ostringstream message;
    message << "c_mV: must be below v_peak_mV = " << p.v_peak_mV
            << " mV (a reset at or above the cut-off fires again at once), got " << p.c_mV;
    throw ParameterError(message.str());
  }
}

// Forward Euler misbehaves in two ways here (README.md, "Step size"):
//  * v's upswing: v' = 0.04 v^2 + 5 v + ... changes with v at the rate 0.08 v + 5 per ms, which
//    is largest at the ends of [c, v_peak] (7.4/ms at 30 mV). Where dt times that rate exceeds
//    1, one step more than doubles v's distance from the unstable fixed point: the spike's
//    upswing is jumped over rather than followed (0.135 ms at the paper's cut-off; its own
//    net.m takes v in 0.5 ms half steps, and at dt 0.5 ms FS fires 15% less than at 0.01 ms).
//  * u: |a| dt > 1 makes u's Euler factor 1 - a dt negative, so u overshoots b*v every step.
std::string dt_warning(std::span<const double> values, std::size_t /*method*/, double dt_ms) {
  const IzhikevichParameters p = izhikevich_parameters_from(values);
  const double upswing_rate =
      std::max(std::abs(0.08 * p.c_mV + 5.0), std::abs(0.08 * p.v_peak_mV + 5.0));
  std::ostringstream message;
  if (dt_ms * upswing_rate > 1.0) {
    message << "dt = " << dt_ms << " ms exceeds 1/(0.08 v + 5) = " << 1.0 / upswing_rate
            << " ms near the cut-off: forward Euler jumps over the spike's upswing instead of "
               "following it, so spike times and counts depend on dt (use dt <= 0.1 ms)";
  } else if (std::abs(p.a) * dt_ms > 1.0) {
    message << "a*dt = " << std::abs(p.a) * dt_ms
            << ": forward Euler overshoots u's relaxation to b*v every step (use dt < 1/a = "
            << 1.0 / std::abs(p.a) << " ms)";
  }
  return message.str();
}

std::size_t state_bytes(std::size_t /*method*/) {
  return 2 * sizeof(double);
}  // v, u

std::unique_ptr<NeuronPopulation> make(const PopulationSetup& setup) {
  return std::make_unique<IzhikevichPopulation>(setup);
}

}  // namespace

const ModelDescriptor& izhikevich_model() {
  static const ModelDescriptor model{
      .name = "izhikevich",
      .title = "Izhikevich (2003) simple model",
      .reference =
          "Izhikevich EM (2003) Simple model of spiking neurons. IEEE Trans Neural "
          "Netw 14:1569-1572",
      .parameters = kParameters,
      .state = kState,
      .methods = kMethods,
      .current_unit = "mV/ms",
      .conductance_unit = "1/ms",
      .mV_per_voltage_unit = 1.0,
      .equations =
          "dv/dt = 0.04 v^2 + 5 v + 140 - u + I   (v in mV, t in ms, u and I in mV/ms)\n"
          "du/dt = {a} ({b} v - u)\n"
          "v >= {v_peak_mV} mV: spike; v = {c_mV} mV, u = u + {d}",
      .initial_state =
          "v = -65 mV, u = b*v (Izhikevich's net.m), where the file gives no "
          "v_mV or u",
      .check = check,
      .dt_warning = dt_warning,
      .state_bytes_per_neuron = state_bytes,
      .make = make,
  };
  return model;
}

}  // namespace spikescope
