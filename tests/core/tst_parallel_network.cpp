// Splitting a layer across threads changes nothing: spikes, sums, probes and the pooled raster
// are identical with 1 and 2 threads. Qt-free and driven by the core's own std::threads, so the
// ThreadSanitizer build checks the split for races (label "concurrency").
#include <vector>

#include "common/onset_generator.h"
#include "plain_check.h"
#include "run/trial.h"

using namespace spikescope;

using spikescope::testing::check;

namespace {

void compare_threads(IntegrationMode mode) {
  NetworkConfig config;
  config.mode = mode;
  config.layer_sizes = {20000, 3};
  config.stimulus.onset_steps = draw_onsets(20000, 100, 11);
  config.sharing = NeuronSharing::kOff;  // 20000 neurons, not 101 shared trajectories
  const std::int64_t steps = 700;
  RecordingConfig recording = trial_recording(config, steps);
  recording.probes = {{0, 5}, {0, 19999}, {1, 2}};
  recording.spike_events = true;
  recording.raster_rows = 100;
  config.threads = 1;
  const TrialResult one = run_trial(config, steps, recording);
  config.threads = 2;
  const TrialResult two = run_trial(config, steps, recording);
  const Recorder& a = one.recorder;
  const Recorder& b = two.recorder;
  check(a.events().size() > 1000, "spikes happened", static_cast<long>(a.events().size()));
  check(a.events() == b.events(), "same spike events");
  for (std::int64_t k = 0; k <= steps; ++k) {
    for (std::size_t l = 0; l < 2; ++l) {
      check(a.layer_sums().value(k, l) == b.layer_sums().value(k, l), "same layer sums", k);
    }
    for (std::size_t p = 0; p < 3; ++p) {
      check(a.probe_vm().value(k, p) == b.probe_vm().value(k, p), "same probe Vm", k);
      check(a.probe_spiked().value(k, p) == b.probe_spiked().value(k, p), "same probe spikes", k);
    }
    for (std::uint32_t row = 0; row < a.raster_rows(); ++row) {
      check(a.raster().value(k, row) == b.raster().value(k, row), "same raster", k);
    }
  }
}

}  // namespace

int main() {
  compare_threads(IntegrationMode::kNotebook);
  compare_threads(IntegrationMode::kExact);
  return spikescope::testing::finish("tst_parallel_network");
}
