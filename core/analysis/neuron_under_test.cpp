#include "analysis/neuron_under_test.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"
#include "model/model_registry.h"
#include "network/network.h"

namespace spikescope {

NetworkSpec network_under_currents(const NeuronUnderTest& neuron,
                                   std::span<const double> currents) {
  NetworkSpec spec;
  spec.dt_ms = neuron.dt_ms;
  PopulationSpec population;
  population.name = "neuron";
  population.model = neuron.model;
  population.method = neuron.method;
  population.size = currents.size();
  population.parameters = neuron.parameters;
  spec.populations.push_back(std::move(population));
  InputSpec drive;
  drive.name = "current";
  drive.target = "neuron";
  drive.kind = DcInput{currents.size() == 1
                           ? ValueSpec(currents[0])
                           : ValueSpec(std::vector<double>(currents.begin(), currents.end())),
                       0.0, std::nullopt};
  spec.inputs.push_back(std::move(drive));
  return spec;
}

std::int64_t measurement_steps(double duration_ms, double dt_ms, const std::string& what) {
  const double steps = std::round(duration_ms / dt_ms);
  if (!(steps >= 1) || steps > static_cast<double>(kMaxMeasurementSteps)) {
    std::ostringstream reason;
    reason << what << ": must be 1 to " << kMaxMeasurementSteps << " steps of " << dt_ms
           << " ms, got " << duration_ms << " ms";
    throw ParameterError(reason.str());
  }
  return static_cast<std::int64_t>(steps);
}

std::vector<std::vector<std::int64_t>> spike_steps_under_currents(
    const NeuronUnderTest& neuron, std::span<const double> currents, std::int64_t steps,
    const MeasurementControl& control, double progress_from, double progress_to) {
  const ModelDescriptor& model = model_named(neuron.model, "model");
  if (model.spike_source) {
    throw ParameterError("model: " + neuron.model +
                         " is a spike source; it takes no input current to measure");
  }
  RecordingConfig recording;
  recording.probes.clear();
  recording.capacity_steps = 2;
  recording.spike_events = true;
  recording.event_populations = {0};
  recording.event_capacity = std::size_t{1} << 24;
  Network network(network_under_currents(neuron, currents), recording);
  std::vector<std::vector<std::int64_t>> spikes(currents.size());
  // Slices short enough to stop within a blink and to keep the recorded events few.
  constexpr std::int64_t kSliceSteps = 2000;
  for (std::int64_t done = 0; done < steps;) {
    if (control.stop != nullptr && control.stop->load(std::memory_order_relaxed)) {
      throw MeasurementCancelled();
    }
    const std::int64_t slice = std::min(kSliceSteps, steps - done);
    network.advance(slice);
    done += slice;
    for (const SpikeEvent& event : network.recorder().events()) {
      spikes[event.neuron].push_back(event.iteration);
    }
    network.clear_recorded_events();
    if (control.progress) {
      control.progress(progress_from + (progress_to - progress_from) * static_cast<double>(done) /
                                           static_cast<double>(steps));
    }
  }
  return spikes;
}

}  // namespace spikescope
