#pragma once
// What the measurements of a single neuron share (f-I curve, rheobase): the neuron, as a model
// with its method and parameters, and a run of one population of it in which neuron j receives
// its own constant current from t = 0 (a DC input with one amplitude per neuron), so that a
// sweep of a hundred currents costs one vectorised run rather than a hundred.
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "network/network_spec.h"

namespace spikescope {

struct NeuronUnderTest {
  std::string model = "lif";
  std::string method;                  // empty: the model's default
  std::vector<NamedValue> parameters;  // the others at the model's defaults
  double dt_ms = 0.1;
};

// How a long measurement reports and stops: `progress` is called with the fraction done (0..1)
// between slices of the run; when `*stop` becomes true the measurement throws
// MeasurementCancelled at the next slice.
struct MeasurementControl {
  const std::atomic<bool>* stop = nullptr;
  std::function<void(double fraction)> progress;
};

class MeasurementCancelled : public std::runtime_error {
 public:
  MeasurementCancelled() : std::runtime_error("measurement cancelled") {}
};

// The spike steps of each neuron of one run: neuron j under currents[j] for `steps` steps.
// Progress is reported as progress_from + (progress_to - progress_from) * done. Throws
// ParameterError for an invalid neuron (its message names the parameter) or a spike-source model.
std::vector<std::vector<std::int64_t>> spike_steps_under_currents(
    const NeuronUnderTest& neuron, std::span<const double> currents, std::int64_t steps,
    const MeasurementControl& control, double progress_from = 0.0, double progress_to = 1.0);

// The one-population network such a run uses (exposed for the benchmark and tests).
NetworkSpec network_under_currents(const NeuronUnderTest& neuron, std::span<const double> currents);

// A duration in whole steps of dt, refused (ParameterError naming `what`) below one step or
// above kMaxMeasurementSteps.
inline constexpr std::int64_t kMaxMeasurementSteps = 100'000'000;
std::int64_t measurement_steps(double duration_ms, double dt_ms, const std::string& what);

}  // namespace spikescope
