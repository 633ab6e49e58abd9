#pragma once
// One fixed-length run from the initial state, as the notebook does it: `steps` iterations of
// every population, recorded in full (steps + 1 stored samples, the leading one included).
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "network/network.h"
#include "record/recorder.h"

namespace spikescope {

// run_trial() raises the capacity to hold the whole trial; if `cancel` becomes true it stops at
// the next chunk boundary with completed == false.
struct TrialResult {
  Recorder recorder;
  NetworkSpec spec;
  std::int64_t steps = 0;
  bool completed = false;
  std::vector<std::size_t> trajectories;  // Network::trajectories() of each population
  std::vector<std::string> warnings;      // Network::warnings()
};

// Probes on neuron 0 (state variable 0) of the first two populations, capacity for the trial.
RecordingConfig trial_recording(const NetworkSpec& spec, std::int64_t steps);
// Called between chunks with what is recorded so far and the iterations done (< steps), so that
// a viewer can show a long trial as it fills in.
using TrialProgress = std::function<void(const Recorder& recorder, std::int64_t steps_done)>;

TrialResult run_trial(const NetworkSpec& spec, std::int64_t steps, RecordingConfig recording,
                      const EngineOptions& options = {}, const std::atomic<bool>* cancel = nullptr,
                      const TrialProgress& progress = {});

}  // namespace spikescope
