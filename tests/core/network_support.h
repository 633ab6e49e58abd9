#pragma once
// Small builders for the network tests: LIF parameters as the model's columns, populations and
// projections as plain data, and the recorded spikes as a vector. Qt-free, so that the
// ThreadSanitizer tests can use it too.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "models/lif/lif_model.h"
#include "models/lif/lif_parameters.h"
#include "network/network_spec.h"
#include "record/recorder.h"

namespace spikescope::testing {

// The typed LIF parameters in the descriptor's order (lif_model.cpp).
inline std::vector<double> lif_values(const LifParameters& p) {
  return {p.membrane_resistance_kohm,
          p.membrane_capacitance_uf,
          p.refractory_ms,
          p.threshold_v,
          p.spike_height_v,
          p.reset_v,
          p.rest_v};
}

inline ParameterColumns lif_columns(const LifParameters& p) {
  ParameterColumns columns;
  for (const double value : lif_values(p)) columns.emplace_back(value);
  return columns;
}

// A LIF population with every parameter given (method "notebook" or "exact").
inline PopulationSpec lif_population(const std::string& name, std::uint64_t size,
                                     const std::string& method, const LifParameters& p = {}) {
  PopulationSpec population;
  population.name = name;
  population.model = "lif";
  population.method = method;
  population.size = size;
  const std::vector<double> values = lif_values(p);
  for (std::size_t k = 0; k < values.size(); ++k) {
    population.parameters.push_back(
        NamedValue{std::string(lif_model().parameters[k].key), values[k]});
  }
  return population;
}

inline ProjectionSpec projection(const std::string& source, const std::string& target,
                                 ValueSpec weight, std::uint32_t delay_steps,
                                 ConnectorRule rule = ConnectorRule::kAllToAll) {
  ProjectionSpec p;
  p.name = source + "->" + target;
  p.source = source;
  p.target = target;
  p.connector.rule = rule;
  p.weight = std::move(weight);
  p.delay_steps = delay_steps;
  return p;
}

inline InputSpec input(const std::string& name, const std::string& target, InputKind kind) {
  return InputSpec{name, target, std::move(kind)};
}

inline OnsetStepInput onsets(double amplitude, std::vector<std::int32_t> steps) {
  OnsetStepInput onset;
  onset.amplitude = amplitude;
  onset.onset_steps = std::move(steps);
  return onset;
}

inline std::vector<SpikeEvent> events_of(const Recorder& recorder) {
  return {recorder.events().begin(), recorder.events().end()};
}

// Iterations in which `neuron` of `population` fired, from the recorded events.
inline std::vector<std::int64_t> spike_iterations(const Recorder& recorder,
                                                  std::uint32_t population = 0,
                                                  std::uint32_t neuron = 0) {
  std::vector<std::int64_t> out;
  for (const SpikeEvent& e : recorder.events()) {
    if (e.population == population && e.neuron == neuron) out.push_back(e.iteration);
  }
  return out;
}

// One notebook-method LIF neuron replayed by hand from the method's equations
// (lif_notebook_population.h), fed the input current of each step: an independent reference
// for what a network's notebook population must compute, bit for bit.
class NotebookNeuron {
 public:
  NotebookNeuron(const LifParameters& p, double dt_ms) : p_(p), dt_ms_(dt_ms), v_(p.rest_v) {}
  void set_parameters(const LifParameters& p) { p_ = p; }
  // One step: returns whether it fired; v() is then the recorded value.
  bool step(double input) {
    const double next =
        v_ + ((-(v_ - p_.rest_v) + input * p_.membrane_resistance_kohm) / p_.tau_m_ms()) * dt_ms_;
    const bool active = t_ms_ > t_rest_ms_;
    const bool spike = active && next >= p_.threshold_v;
    v_ = active ? next : p_.reset_v;
    if (spike) t_rest_ms_ = t_ms_ + p_.refractory_ms;
    t_ms_ += dt_ms_;
    return spike;
  }
  double v() const { return v_; }

 private:
  LifParameters p_;
  double dt_ms_;
  double v_;
  double t_ms_ = 0.0;  // the notebook's clock, accumulated
  double t_rest_ms_ = 0.0;
};

// spiked[i][j]: whether neuron j of the population fired in iteration i (i < iterations).
inline std::vector<std::vector<bool>> spike_table(const Recorder& recorder,
                                                  std::uint32_t population, std::size_t size,
                                                  std::int64_t iterations) {
  std::vector<std::vector<bool>> spiked(static_cast<std::size_t>(iterations),
                                        std::vector<bool>(size, false));
  for (const SpikeEvent& e : recorder.events()) {
    if (e.population == population && e.iteration < iterations)
      spiked[e.iteration][e.neuron] = true;
  }
  return spiked;
}

// Where two recorders first differ (every series, every kept step, every event), or "" when
// they hold the same values bit for bit.
inline std::string first_difference(const Recorder& a, const Recorder& b) {
  if (a.end_step() != b.end_step()) return "different lengths";
  if (a.raster_rows() != b.raster_rows()) return "different raster rows";
  const std::int64_t first =
      std::max(a.population_sums().first_step(), b.population_sums().first_step());
  for (std::int64_t k = first; k < a.end_step(); ++k) {
    const std::string at = " at stored step " + std::to_string(k);
    for (std::size_t p = 0; p < a.population_sums().width(); ++p) {
      if (a.population_sums().value(k, p) != b.population_sums().value(k, p)) {
        return "sum of population " + std::to_string(p) + at;
      }
    }
    for (std::size_t p = 0; p < a.probe_values().width(); ++p) {
      if (a.probe_values().value(k, p) != b.probe_values().value(k, p) ||
          a.probe_spiked().value(k, p) != b.probe_spiked().value(k, p)) {
        return "probe " + std::to_string(p) + at;
      }
    }
    for (std::uint32_t row = 0; row < a.raster_rows(); ++row) {
      if (a.raster().value(k, row) != b.raster().value(k, row)) {
        return "raster row " + std::to_string(row) + at;
      }
    }
  }
  if (a.events() != b.events()) return "spike events";
  return {};
}

}  // namespace spikescope::testing
