#pragma once
// One fixed-length run from rest, as the notebook does it: `steps` iterations of every layer,
// recorded in full (steps + 1 stored samples, the leading 0 included).
#include <atomic>
#include <cstdint>
#include <functional>

#include "network/network.h"
#include "record/recorder.h"

namespace spikescope {

// trial_recording(): probes on layer-0 neuron 0 and layer-1 neuron 0 (when there is a layer 1),
// capacity for the whole trial. run_trial() raises the capacity to hold the whole trial; if
// `cancel` becomes true it stops at the next chunk boundary with completed == false.
struct TrialResult {
  Recorder recorder;
  NetworkConfig config;
  std::int64_t steps = 0;
  bool completed = false;
  std::size_t layer0_trajectories = 0;  // Network::layer0_trajectories() of the run
};

RecordingConfig trial_recording(const NetworkConfig& config, std::int64_t steps);
// Called between chunks with what is recorded so far and the iterations done (< steps), so that
// a viewer can show a long trial as it fills in.
using TrialProgress = std::function<void(const Recorder& recorder, std::int64_t steps_done)>;

TrialResult run_trial(const NetworkConfig& config, std::int64_t steps, RecordingConfig recording,
                      const std::atomic<bool>* cancel = nullptr,
                      const TrialProgress& progress = {});

}  // namespace spikescope
