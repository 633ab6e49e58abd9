#include "models/lif_adaptive/lif_adaptive_parameters.h"

#include <cmath>

#include "models/lif/lif_parameters.h"

namespace spikescope {

LifAdaptiveParameters lif_adaptive_parameters_from(std::span<const double> v) {
  return LifAdaptiveParameters{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]};
}

double adaptation_propagator(double tau_m_ms, double tau_a_ms, double dt_ms) {
  const double decay_m = std::exp(-dt_ms / tau_m_ms);
  // With x = dt/tau_m - dt/tau_a, e_a = e_m exp(x) and tau_a / (tau_a - tau_m) = dt / (x tau_m),
  // so the propagator is e_m (dt/tau_m) expm1(x)/x, whose factors are all accurate near x = 0.
  // Far from it the plain form has no cancellation and cannot overflow (expm1 can, for
  // dt >> tau_m).
  const double x = dt_ms / tau_m_ms - dt_ms / tau_a_ms;
  if (x == 0.0) return dt_ms / tau_m_ms * decay_m;
  if (std::abs(x) < 1.0) return decay_m * (dt_ms / tau_m_ms) * (std::expm1(x) / x);
  const double decay_a = std::exp(-dt_ms / tau_a_ms);
  return tau_a_ms / (tau_a_ms - tau_m_ms) * (decay_a - decay_m);
}

LifAdaptivePropagators lif_adaptive_propagators(const LifAdaptiveParameters& p, double dt_ms) {
  const double tau_m = p.tau_m_ms();
  return LifAdaptivePropagators{
      std::exp(-dt_ms / tau_m),
      std::exp(-dt_ms / p.adaptation_tau_ms),
      p.membrane_resistance_kohm * adaptation_propagator(tau_m, p.adaptation_tau_ms, dt_ms),
      p.membrane_resistance_kohm,
      p.rest_v,
      p.threshold_v,
      p.reset_v,
      p.adaptation_jump_ma,
      static_cast<std::uint16_t>(lif_refractory_steps(p.refractory_ms, dt_ms)),
  };
}

}  // namespace spikescope
