#pragma once
// The keys of every object of the version-2 experiment file, in the order the writer writes
// them, and the words of its enumerations. One table for the reader (which warns about keys not
// listed here), the writer, `--set` paths (settings.h) and the JSON Schema (schema.h), so that
// they cannot disagree about what a file may hold. Model parameters and state variables are not
// here: they come from the model descriptors.
#include <array>
#include <span>
#include <string_view>
#include <vector>

namespace spikescope::experiment_keys {

using Keys = std::span<const std::string_view>;

inline constexpr std::string_view kTop[] = {"format",     "version",     "name",        "notes",
                                            "simulation", "populations", "projections", "inputs",
                                            "recording",  "view"};
inline constexpr std::string_view kSimulation[] = {"dt_ms", "steps"};
inline constexpr std::string_view kPopulation[] = {"name",       "model",   "method", "size",
                                                   "parameters", "initial", "seed"};
inline constexpr std::string_view kProjection[] = {"name",   "source",   "target",      "connector",
                                                   "weight", "delay_ms", "delay_steps", "synapse"};
inline constexpr std::string_view kConnector[] = {"rule", "p", "k", "allow_self", "seed"};
inline constexpr std::string_view kSynapse[] = {"type", "tau_ms", "e_rev_mV"};
inline constexpr std::string_view kInputCommon[] = {"name", "target", "type"};
inline constexpr std::string_view kPulse[] = {"start_ms", "stop_ms", "amplitude"};
inline constexpr std::string_view kRecording[] = {"probes", "spikes", "spike_capacity"};
inline constexpr std::string_view kProbe[] = {"population", "neuron", "variable"};
inline constexpr std::string_view kView[] = {"run_mode", "selected_neuron", "live_window_ms",
                                             "live_speed"};

// A ValueSpec written as an object: exactly one of these forms.
inline constexpr std::string_view kUniformForm[] = {"uniform"};
inline constexpr std::string_view kNormalForm[] = {"normal"};
inline constexpr std::string_view kValuesForm[] = {"values"};
inline constexpr std::string_view kRangesForm[] = {"default", "ranges"};
inline constexpr std::string_view kUniform[] = {"low", "high", "seed"};
inline constexpr std::string_view kNormal[] = {"mean", "sd", "seed", "min", "max"};
inline constexpr std::string_view kRange[] = {"first", "end", "value"};

// Enumerations, in the order of their C++ enums (ConnectorRule, SynapseKind, InputKind's
// alternatives, RunMode).
inline constexpr std::string_view kRules[] = {"all_to_all", "one_to_one", "fixed_probability",
                                              "fixed_in_degree"};
inline constexpr std::string_view kSynapseTypes[] = {"pulse", "exp_current", "exp_conductance"};
inline constexpr std::string_view kInputTypes[] = {"onset_step", "dc", "pulses", "sine", "noise"};
inline constexpr std::string_view kRunModes[] = {"trial", "live"};

// The keys of an input of each type beyond kInputCommon, by index into kInputTypes.
inline constexpr std::string_view kOnsetStepInput[] = {"amplitude", "onset_max_steps", "seed",
                                                       "onset_steps"};
inline constexpr std::string_view kDcInput[] = {"amplitude", "start_ms", "stop_ms"};
inline constexpr std::string_view kPulsesInput[] = {"pulses"};
inline constexpr std::string_view kSineInput[] = {"amplitude", "frequency_hz", "phase_deg",
                                                  "offset"};
inline constexpr std::string_view kNoiseInput[] = {"mean", "sd", "seed"};
inline constexpr std::array<Keys, 5> kInputKeys = {
    Keys(kOnsetStepInput), Keys(kDcInput), Keys(kPulsesInput), Keys(kSineInput), Keys(kNoiseInput)};

// Version-1 blocks refused in a version-2 file, and version-2 blocks refused in a version-1 file.
inline constexpr std::string_view kVersion1Only[] = {"model", "stimulus"};
inline constexpr std::string_view kVersion2Only[] = {"populations", "projections", "inputs",
                                                     "recording"};

// kInputCommon followed by the keys of input type `type` (an index into kInputTypes).
inline std::vector<std::string_view> input_keys(std::size_t type) {
  std::vector<std::string_view> keys(std::begin(kInputCommon), std::end(kInputCommon));
  keys.insert(keys.end(), kInputKeys[type].begin(), kInputKeys[type].end());
  return keys;
}

inline std::vector<std::string_view> keys(Keys table) {
  return {table.begin(), table.end()};
}

}  // namespace spikescope::experiment_keys
