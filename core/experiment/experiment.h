#pragma once
// An experiment as a user thinks of it: the model, the stimulus (with onsets either listed or
// drawn from a seed), how long to run, and how to look at it. This is what experiment files
// hold (experiment_file.h) and what the GUI edits; network_config() turns it into the
// simulator's NetworkConfig.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "network/network.h"

namespace spikescope {

enum class RunMode { kTrial, kLive };

struct OnsetSpec {
  // Either explicit onsets (one per layer-0 neuron) ...
  std::optional<std::vector<std::int32_t>> explicit_steps;
  // ... or drawn uniformly from [0, max_steps] with draw_onsets(size, max_steps, seed).
  std::int32_t max_steps = 100;
  std::uint64_t seed = 42;

  bool operator==(const OnsetSpec&) const = default;
};

struct ViewSettings {
  RunMode run_mode = RunMode::kTrial;
  std::uint32_t selected_neuron = 0;   // layer-0 neuron shown in the Vm plot
  double live_window_ms = 500.0;       // width of the scrolling window in live mode
  double live_speed = 1.0;             // simulated time per wall time; 0 = as fast as possible

  bool operator==(const ViewSettings&) const = default;
};

struct Experiment {
  std::string name = "SNN_0 notebook";
  std::string notes;                   // "what to notice", shown in the app
  IntegrationMode mode = IntegrationMode::kNotebook;
  LifParameters neuron;
  std::vector<std::uint32_t> layer_sizes{100, 1};
  double weight = 1.0;
  double input_amplitude = 1.0;
  OnsetSpec onsets;
  double dt_ms = 0.125;
  std::int64_t steps = 4000;           // trial length in iterations (the notebook's 4000)
  ViewSettings view;

  bool operator==(const Experiment&) const = default;
};

// The largest trial the app accepts, in iterations.
inline constexpr std::int64_t kMaxTrialSteps = 100'000'000;

// Throws ParameterError naming the field (everything validate(NetworkConfig) checks, plus steps,
// onset count, view settings).
void validate(const Experiment& experiment);

// Onsets listed, or drawn from the seed; validated.
std::vector<std::int32_t> resolve_onsets(const Experiment& experiment);
NetworkConfig network_config(const Experiment& experiment);

}  // namespace spikescope
