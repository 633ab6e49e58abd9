#include "models/lif/lif_parameters.h"

#include <cmath>
#include <sstream>

namespace spikescope {

LifParameters lif_parameters_from(std::span<const double> v) {
  return LifParameters{v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
}

const char* to_string(IntegrationMode mode) {
  return mode == IntegrationMode::kNotebook ? "notebook" : "exact";
}

NotebookConstants notebook_constants(const LifParameters& p, double dt_ms) {
  return NotebookConstants{p.membrane_resistance_kohm, p.tau_m_ms(), dt_ms,    p.threshold_v,
                           p.refractory_ms,            p.reset_v,    p.rest_v};
}

std::string notebook_stability_warning(const LifParameters& p, double dt_ms) {
  const double ratio = dt_ms / p.tau_m_ms();
  if (!(ratio > 1.0)) return {};
  std::ostringstream message;
  message << "dt/tau_m = " << ratio << ": forward Euler (notebook mode) "
          << (ratio > 2.0 ? "blows up (|1 - dt/tau| > 1); the trace is numerical garbage"
                          : "overshoots and oscillates around the steady state")
          << ". Use exact mode or a smaller dt.";
  return message.str();
}

double lif_refractory_steps(double refractory_ms, double dt_ms) {
  return std::floor(refractory_ms / dt_ms * (1.0 + 1e-12));
}

template <typename Real>
ExactConstants<Real> exact_constants(const LifParameters& p, double dt_ms) {
  const double steps = lif_refractory_steps(p.refractory_ms, dt_ms);
  return ExactConstants<Real>{static_cast<Real>(std::exp(-dt_ms / p.tau_m_ms())),
                              static_cast<Real>(p.membrane_resistance_kohm),
                              static_cast<Real>(p.threshold_v),
                              static_cast<Real>(p.reset_v),
                              static_cast<Real>(p.rest_v),
                              static_cast<std::uint16_t>(steps)};
}

template ExactConstants<float> exact_constants<float>(const LifParameters&, double);
template ExactConstants<double> exact_constants<double>(const LifParameters&, double);

}  // namespace spikescope
