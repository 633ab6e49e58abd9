#include "run/trial.h"

#include <algorithm>

namespace spikescope {

RecordingConfig trial_recording(const NetworkSpec& spec, std::int64_t steps) {
  RecordingConfig recording;
  recording.probes.clear();
  const std::size_t probed = std::min<std::size_t>(2, spec.populations.size());
  for (std::uint32_t p = 0; p < probed; ++p) recording.probes.push_back(Probe{p, 0, 0});
  recording.capacity_steps = static_cast<std::size_t>(steps) + 1;
  return recording;
}

TrialResult run_trial(const NetworkSpec& spec, std::int64_t steps, RecordingConfig recording,
                      const EngineOptions& options, const std::atomic<bool>* cancel,
                      const TrialProgress& progress) {
  recording.capacity_steps =
      std::max(recording.capacity_steps, static_cast<std::size_t>(steps) + 1);
  Network network(spec, recording, options);
  std::int64_t done = 0;
  while (done < steps) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) break;
    const std::int64_t chunk = std::min<std::int64_t>(steps - done, 16 * kMaxChunkSteps);
    network.advance(chunk);
    done += chunk;
    if (progress && done < steps) progress(network.recorder(), done);
  }
  std::vector<std::size_t> trajectories;
  for (std::size_t p = 0; p < spec.populations.size(); ++p) {
    trajectories.push_back(network.trajectories(p));
  }
  return TrialResult{network.recorder(), spec, steps, done == steps, std::move(trajectories),
                     network.warnings()};
}

}  // namespace spikescope
