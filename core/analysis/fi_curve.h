#pragma once
// The f-I curve: the steady firing rate of a neuron under constant currents, one neuron per
// current in one population (neuron_under_test.h).
//
// Steady rate: from the spikes found at or after the settling time (t = k*dt >= settle_ms),
// rate = 1000 (n - 1) / (t_last - t_first) Hz, the inverse of their mean inter-spike interval;
// fewer than two such spikes give 0 Hz (a neuron that fires once and stops, or more slowly than
// the window after settling shows, is not firing steadily).
#include <optional>
#include <vector>

#include "analysis/neuron_under_test.h"

namespace spikescope {

inline constexpr std::size_t kMaxFiPoints = 10'000;

struct FiRequest {
  NeuronUnderTest neuron;
  std::vector<double> currents;  // in the model's current unit
  double duration_ms = 1000.0;
  double settle_ms = 100.0;  // intervals before this are the onset transient, not the rate
};

struct FiPoint {
  double current = 0.0;
  double rate_hz = 0.0;      // steady rate, as above
  std::uint64_t spikes = 0;  // over the whole run
  std::optional<double> first_spike_ms;
  std::optional<double> analytic_hz;  // the closed form, where the model has one (LIF)
};

// The currents from, from + step, ... up to `to` (included when it falls on the grid, within
// 1e-9 of a step). Throws ParameterError (naming "currents") for a range that is empty or
// reversed (to <= from), a step that is not positive, or more than kMaxFiPoints points.
std::vector<double> current_sweep(double from, double to, double step);

// Throws ParameterError for an invalid request (no currents, too many, a non-finite current, a
// duration not longer than the settling time, an invalid neuron) before anything is simulated,
// and MeasurementCancelled when stopped.
std::vector<FiPoint> fi_curve(const FiRequest& request, const MeasurementControl& control = {});

// The LIF rate in closed form, 1000 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th)))
// with V_inf = V_rest + R I, for V_inf > V_th, else 0; nothing for other models (or per-neuron
// parameters).
std::optional<double> analytic_rate_hz(const NeuronUnderTest& neuron, double current);

}  // namespace spikescope
