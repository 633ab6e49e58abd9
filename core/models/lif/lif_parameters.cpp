#include "models/lif/lif_parameters.h"

#include <cmath>
#include <cstring>
#include <sstream>

#include "common/parameter_error.h"

namespace spikescope {

void validate(const LifParameters& p) {
  require_positive("model.neuron.membrane_resistance_kohm", p.membrane_resistance_kohm);
  require_positive("model.neuron.membrane_capacitance_uf", p.membrane_capacitance_uf);
  require_non_negative("model.neuron.refractory_ms", p.refractory_ms);
  require_finite("model.neuron.threshold_v", p.threshold_v);
  require_finite("model.neuron.spike_height_v", p.spike_height_v);
  require_finite("model.neuron.reset_v", p.reset_v);
  if (!(p.tau_m_ms() > 0) || !std::isfinite(p.tau_m_ms())) {
    std::ostringstream message;
    message << "model.neuron: tau_m = Rm * Cm must be a finite number greater than 0, got "
            << p.tau_m_ms() << " ms";
    throw ParameterError(message.str());
  }
  if (!(p.reset_v < p.threshold_v)) {
    std::ostringstream message;
    message << "model.neuron.reset_v: must be below the threshold (" << p.threshold_v << " V), got "
            << p.reset_v;
    throw ParameterError(message.str());
  }
}

const char* to_string(IntegrationMode mode) {
  return mode == IntegrationMode::kNotebook ? "notebook" : "exact";
}

IntegrationMode integration_mode_from_string(const char* field, const char* text) {
  if (std::strcmp(text, "notebook") == 0) return IntegrationMode::kNotebook;
  if (std::strcmp(text, "exact") == 0) return IntegrationMode::kExact;
  throw ParameterError(std::string(field) + ": expected \"notebook\" or \"exact\", got \"" + text +
                       "\"");
}

NotebookConstants notebook_constants(const LifParameters& p, double dt_ms) {
  return NotebookConstants{p.membrane_resistance_kohm, p.tau_m_ms(), dt_ms, p.threshold_v,
                           p.refractory_ms, p.reset_v};
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

template <typename Real>
ExactConstants<Real> exact_constants(const LifParameters& p, double dt_ms) {
  // The tolerance keeps 4 ms / 0.125 ms at 32 steps when the quotient rounds a hair below.
  const double steps = std::floor(p.refractory_ms / dt_ms * (1.0 + 1e-12));
  if (steps > kMaxRefractorySteps) {
    std::ostringstream message;
    message << "model.neuron.refractory_ms: " << p.refractory_ms << " ms is " << steps
            << " steps of " << dt_ms << " ms; at most " << kMaxRefractorySteps
            << " steps are supported";
    throw ParameterError(message.str());
  }
  return ExactConstants<Real>{static_cast<Real>(std::exp(-dt_ms / p.tau_m_ms())),
                              static_cast<Real>(p.membrane_resistance_kohm),
                              static_cast<Real>(p.threshold_v), static_cast<Real>(p.reset_v),
                              static_cast<std::uint16_t>(steps)};
}

template ExactConstants<float> exact_constants<float>(const LifParameters&, double);
template ExactConstants<double> exact_constants<double>(const LifParameters&, double);

}  // namespace spikescope
