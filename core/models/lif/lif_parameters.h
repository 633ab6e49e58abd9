#pragma once
// Parameters of the leaky integrate-and-fire neuron, in the units of the SNN_0 notebook:
//   tau_m dV/dt = -(V - V_rest) + Rm * I,   tau_m = Rm * Cm
// with kOhm * uF = ms, so the notebook's Rm 1, Cm 10 give tau_m = 10 ms; V in volts, so I is in
// mA (1 mA through 1 kOhm is 1 V: the notebook's input 1.0). The keys, ranges and defaults are
// declared once in lif_model.cpp; this is the typed view the kernels use.
#include <cstdint>
#include <span>
#include <string>

namespace spikescope {

struct LifParameters {
  double membrane_resistance_kohm = 1.0;  // Rm
  double membrane_capacitance_uf = 10.0;  // Cm
  double refractory_ms = 4.0;             // time after a spike during which V is held at reset
  double threshold_v = 0.75;              // V >= threshold fires
  double spike_height_v = 1.0;            // what one spike adds to the population's summed output
  double reset_v = 0.0;                   // V while refractory (the notebook's zeroed samples)
  double rest_v = 0.0;                    // V_rest, where V relaxes without input

  double tau_m_ms() const { return membrane_resistance_kohm * membrane_capacitance_uf; }
  bool operator==(const LifParameters&) const = default;
};

// The descriptor's values, in its order (lif_model.cpp), as the typed struct, and back.
LifParameters lif_parameters_from(std::span<const double> values);

// The notebook's two integration modes are the LIF model's two methods.
enum class IntegrationMode {
  kNotebook,  // forward Euler in binary64 with the notebook's floating clock, bit for bit
  kExact,     // exponential propagator in float, refractoriness as a whole-step countdown
};
const char* to_string(IntegrationMode mode);

// Constants the notebook update needs, derived once per parameter change.
struct NotebookConstants {
  double rm_kohm;
  double tau_m_ms;
  double dt_ms;
  double threshold_v;
  double refractory_ms;
  double reset_v;
  double rest_v;
};
NotebookConstants notebook_constants(const LifParameters& parameters, double dt_ms);

// Forward Euler multiplies the distance to V_inf by (1 - dt/tau) each step: for dt/tau > 1 the
// membrane overshoots and oscillates, for dt/tau > 2 it blows up. The notebook mode still runs
// (that is the notebook's arithmetic), but the user must be told. Empty when dt/tau <= 1.
std::string notebook_stability_warning(const LifParameters& parameters, double dt_ms);

// Constants of the exact propagator v <- v_inf - (v_inf - v) * exp(-dt/tau), derived once.
template <typename Real>
struct ExactConstants {
  Real decay;  // exp(-dt/tau_m)
  Real rm_kohm;
  Real threshold_v;
  Real reset_v;
  Real rest_v;
  std::uint16_t refractory_steps;  // whole steps held at reset after a spike
};
// Refractory steps = floor(refractory_ms / dt_ms) (the notebook freezes the same number of
// iterations). The caller has checked that they fit (lif_refractory_steps).
template <typename Real>
ExactConstants<Real> exact_constants(const LifParameters& parameters, double dt_ms);

// floor(refractory_ms / dt_ms), with a tolerance that keeps 4 ms / 0.125 ms at 32 steps when the
// quotient rounds a hair below.
double lif_refractory_steps(double refractory_ms, double dt_ms);

// The largest refractory countdown the exact mode stores (16 bits per neuron).
inline constexpr std::uint32_t kMaxRefractorySteps = 65535;

}  // namespace spikescope
