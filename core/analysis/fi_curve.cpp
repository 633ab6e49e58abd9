#include "analysis/fi_curve.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "model/model_registry.h"

namespace spikescope {
namespace {

// The neuron's parameter `key`: its uniform value, or the model's default.
std::optional<double> parameter_value(const NeuronUnderTest& neuron, const ModelDescriptor& model,
                                      std::string_view key) {
  for (const NamedValue& entry : neuron.parameters) {
    if (entry.key == key) return uniform_value(entry.value);
  }
  const std::size_t index = model.parameter_index(std::string(key));
  if (index == ModelDescriptor::npos) return std::nullopt;
  return model.parameters[index].default_value;
}

}  // namespace

std::vector<double> current_sweep(double from, double to, double step) {
  if (!std::isfinite(from) || !std::isfinite(to) || !std::isfinite(step)) {
    throw ParameterError("currents: FROM, TO and STEP must be finite numbers");
  }
  if (!(to > from)) {
    throw ParameterError("currents: the range " + number_text(from) + " to " + number_text(to) +
                         " is empty or reversed; TO must be above FROM");
  }
  if (!(step > 0))
    throw ParameterError("currents: the step must be positive, got " + number_text(step));
  const double intervals = std::floor((to - from) / step + 1e-9);
  if (intervals + 1 > static_cast<double>(kMaxFiPoints)) {
    throw ParameterError("currents: " + number_text(from) + " to " + number_text(to) +
                         " in steps of " + number_text(step) + " is " + number_text(intervals + 1) +
                         " points; at most " + std::to_string(kMaxFiPoints));
  }
  std::vector<double> currents;
  for (std::int64_t k = 0; k <= static_cast<std::int64_t>(intervals); ++k) {
    currents.push_back(from + static_cast<double>(k) * step);
  }
  return currents;
}

std::optional<double> analytic_rate_hz(const NeuronUnderTest& neuron, double current) {
  if (neuron.model != "lif") return std::nullopt;
  const ModelDescriptor& model = model_named(neuron.model, "model");
  const auto r = parameter_value(neuron, model, "membrane_resistance_kohm");
  const auto c = parameter_value(neuron, model, "membrane_capacitance_uf");
  const auto t_ref = parameter_value(neuron, model, "refractory_ms");
  const auto threshold = parameter_value(neuron, model, "threshold_v");
  const auto reset = parameter_value(neuron, model, "reset_v");
  const auto rest = parameter_value(neuron, model, "rest_v");
  if (!r || !c || !t_ref || !threshold || !reset || !rest) return std::nullopt;
  const double v_inf = *rest + *r * current;
  if (!(v_inf > *threshold)) return 0.0;
  return 1000.0 / (*t_ref + *r * *c * std::log((v_inf - *reset) / (v_inf - *threshold)));
}

std::vector<FiPoint> fi_curve(const FiRequest& request, const MeasurementControl& control) {
  if (request.currents.empty()) throw ParameterError("currents: no current to measure");
  if (request.currents.size() > kMaxFiPoints) {
    throw ParameterError("currents: " + std::to_string(request.currents.size()) +
                         " points; at most " + std::to_string(kMaxFiPoints));
  }
  for (std::size_t j = 0; j < request.currents.size(); ++j) {
    if (!std::isfinite(request.currents[j])) {
      throw ParameterError("currents[" + std::to_string(j) + "]: must be a finite number, got " +
                           number_text(request.currents[j]));
    }
  }
  if (!(request.settle_ms >= 0) || !std::isfinite(request.settle_ms)) {
    throw ParameterError("settle_ms: must be a finite time of at least 0 ms, got " +
                         number_text(request.settle_ms));
  }
  if (!(request.duration_ms > request.settle_ms)) {
    throw ParameterError("duration_ms: " + number_text(request.duration_ms) +
                         " ms leaves nothing after the settling time (" +
                         number_text(request.settle_ms) + " ms); the rate is measured after it");
  }
  const double dt = request.neuron.dt_ms;
  const std::int64_t steps = measurement_steps(request.duration_ms, dt, "duration_ms");
  const auto spikes = spike_steps_under_currents(request.neuron, request.currents, steps, control);
  std::vector<FiPoint> curve;
  for (std::size_t j = 0; j < request.currents.size(); ++j) {
    FiPoint point;
    point.current = request.currents[j];
    point.spikes = spikes[j].size();
    if (!spikes[j].empty()) point.first_spike_ms = static_cast<double>(spikes[j].front()) * dt;
    std::vector<double> steady;
    for (const std::int64_t k : spikes[j]) {
      const double t = static_cast<double>(k) * dt;
      if (t >= request.settle_ms) steady.push_back(t);
    }
    if (steady.size() >= 2) {
      point.rate_hz =
          1000.0 * static_cast<double>(steady.size() - 1) / (steady.back() - steady.front());
    }
    point.analytic_hz = analytic_rate_hz(request.neuron, point.current);
    curve.push_back(point);
  }
  return curve;
}

}  // namespace spikescope
