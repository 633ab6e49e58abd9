#include "run/trial.h"

#include <algorithm>

namespace spikescope {

RecordingConfig trial_recording(const NetworkConfig& config, std::int64_t steps) {
  RecordingConfig recording;
  recording.probes.clear();
  for (std::uint32_t layer = 0; layer < std::min<std::size_t>(2, config.layer_sizes.size());
       ++layer) {
    recording.probes.push_back(Probe{layer, 0});
  }
  recording.capacity_steps = static_cast<std::size_t>(steps) + 1;
  return recording;
}

TrialResult run_trial(const NetworkConfig& config, std::int64_t steps, RecordingConfig recording,
                      const std::atomic<bool>* cancel, const TrialProgress& progress) {
  recording.capacity_steps =
      std::max(recording.capacity_steps, static_cast<std::size_t>(steps) + 1);
  Network network(config, recording);
  std::int64_t done = 0;
  while (done < steps) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) break;
    const std::int64_t chunk = std::min<std::int64_t>(steps - done, 16 * Network::kChunkSteps);
    network.advance(chunk);
    done += chunk;
    if (progress && done < steps) progress(network.recorder(), done);
  }
  return TrialResult{network.recorder(), config, steps, done == steps,
                     network.layer0_trajectories()};
}

}  // namespace spikescope
