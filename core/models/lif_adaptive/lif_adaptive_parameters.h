#pragma once
// Parameters of the leaky integrate-and-fire neuron with spike-frequency adaptation, in the
// units of the LIF model (core/models/lif/lif_parameters.h: V in volts, I in mA, Rm in kOhm, Cm
// in uF, t in ms, kOhm * uF = ms):
//   tau_m dV/dt   = -(V - V_rest) + Rm (I - I_a),   tau_m = Rm * Cm
//   tau_a dI_a/dt = -I_a;   at a spike: V = V_reset for t_ref, I_a += b
// The keys, ranges and defaults are declared once in lif_adaptive_model.cpp; this is the typed
// view (NEST's Parameters_) and the constants derived from it (NEST's Variables_).
#include <cstdint>
#include <span>

namespace spikescope {

struct LifAdaptiveParameters {
  // The LIF model's parameters, with its keys, units and meaning.
  double membrane_resistance_kohm = 1.0;  // Rm
  double membrane_capacitance_uf = 10.0;  // Cm
  double refractory_ms = 4.0;             // time after a spike during which V is held at reset
  double threshold_v = 0.75;              // V >= threshold fires
  double spike_height_v = 1.0;            // what one spike adds to the population's summed output
  double reset_v = 0.0;                   // V while refractory
  double rest_v = 0.0;                    // V_rest, where V relaxes without input
  // The adaptation current.
  double adaptation_jump_ma = 0.1;   // b: what each spike adds to I_a
  double adaptation_tau_ms = 100.0;  // tau_a: how fast I_a decays

  double tau_m_ms() const { return membrane_resistance_kohm * membrane_capacitance_uf; }
  bool operator==(const LifAdaptiveParameters&) const = default;
};

// The descriptor's values, in its order (lif_adaptive_model.cpp), as the typed struct.
LifAdaptiveParameters lif_adaptive_parameters_from(std::span<const double> values);

// The exact propagator of one step for the input current I held over it (NEST's iaf_psc_exp with
// the adaptation current in place of the synaptic one, of the opposite sign):
//   V(t + dt)   = V_inf - (V_inf - V(t)) e_m - adaptation_coupling * I_a(t),  V_inf = V_rest + Rm I
//   I_a(t + dt) = I_a(t) e_a
// with e_m = exp(-dt/tau_m), e_a = exp(-dt/tau_a) and
//   adaptation_coupling = Rm tau_a / (tau_a - tau_m) (e_a - e_m)   (Rm dt/tau_m e_m at tau_a =
//   tau_m)
// Derived once per parameter change.
struct LifAdaptivePropagators {
  double decay_m;                   // e_m
  double decay_a;                   // e_a
  double adaptation_coupling_kohm;  // V lost over one step per mA of I_a at the step's start
  double rm_kohm;
  double rest_v;
  double threshold_v;
  double reset_v;
  double adaptation_jump_ma;
  std::uint16_t refractory_steps;  // whole steps held at reset after a spike
};
// The refractory steps are floor(refractory_ms / dt_ms), as the LIF exact method counts them
// (lif_refractory_steps); the caller has checked that they fit in 16 bits.
LifAdaptivePropagators lif_adaptive_propagators(const LifAdaptiveParameters& parameters,
                                                double dt_ms);

// tau_a / (tau_a - tau_m) (e_a - e_m) without the cancellation of two nearly equal differences
// when tau_a is close to tau_m; dt/tau_m e_m when they are equal.
double adaptation_propagator(double tau_m_ms, double tau_a_ms, double dt_ms);

}  // namespace spikescope
