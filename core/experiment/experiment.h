#pragma once
// An experiment as a user thinks of it: a network (populations, projections, inputs), how long
// to run it, what to record, and how to look at it. This is what experiment files hold
// (experiment_file.h, version 2) and what the GUI edits; the SNN_0 notebook is one of them
// (notebook_network.h).
#include <cstdint>
#include <string>
#include <vector>

#include "network/network_spec.h"
#include "record/recorder.h"

namespace spikescope {

enum class RunMode { kTrial, kLive };

// One state variable of one neuron, recorded every step.
struct ProbeSpec {
  std::string population;
  std::uint32_t neuron = 0;
  std::string variable;  // a state-variable key of the population's model; empty: state[0]
  bool operator==(const ProbeSpec&) const = default;
};

struct RecordingSpec {
  std::vector<ProbeSpec> probes;
  // Every spike of these populations (`step,time_ms,population,neuron`); all when all_spikes.
  bool all_spikes = true;
  std::vector<std::string> spike_populations;
  std::uint64_t spike_capacity = std::uint64_t{1} << 20;  // oldest spikes dropped beyond this
  bool operator==(const RecordingSpec&) const = default;
};

struct ViewSettings {
  RunMode run_mode = RunMode::kTrial;
  std::uint32_t selected_neuron = 0;  // neuron of the first population shown in the Vm plot
  double live_window_ms = 500.0;      // width of the scrolling window in live mode
  double live_speed = 1.0;            // simulated time per wall time; 0 = as fast as possible
  bool operator==(const ViewSettings&) const = default;
};

struct Experiment {
  std::string name = "SNN_0 notebook";
  std::string notes;  // "what to notice", shown in the app
  NetworkSpec network;
  std::int64_t steps = 4000;  // trial length in steps (the notebook's 4000)
  RecordingSpec recording;
  ViewSettings view;
  bool operator==(const Experiment&) const = default;
};

// The largest trial the app accepts, in steps.
inline constexpr std::int64_t kMaxTrialSteps = 100'000'000;
inline constexpr std::size_t kMaxProbes = 10000;
inline constexpr std::uint64_t kMaxSpikeCapacity = std::uint64_t{1} << 28;

// Throws ParameterError naming the field: everything resolve_network checks, plus steps, the
// recording (probes of populations, neurons and variables that exist) and the view.
void validate(const Experiment& experiment);

// The recording an experiment asks for, as the recorder takes it (indices instead of names),
// holding capacity_steps steps. The experiment must be valid.
RecordingConfig recording_config(const Experiment& experiment, std::size_t capacity_steps);

}  // namespace spikescope
