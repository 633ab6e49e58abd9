#pragma once
// Experiment files: a versioned JSON document holding an Experiment (experiment.h).
//
//   {
//     "format": "spikescope-experiment", "version": 1,
//     "name": "SNN_0 notebook", "notes": "...",
//     "model": {
//       "integration": "notebook",                    // or "exact"
//       "neuron": {"membrane_resistance_kohm": 1.0, "membrane_capacitance_uf": 10.0,
//                  "refractory_ms": 4.0, "threshold_v": 0.75, "spike_height_v": 1.0,
//                  "reset_v": 0.0},
//       "layer_sizes": [100, 1],
//       "weight": 1.0
//     },
//     "stimulus": {"amplitude": 1.0, "onset_max_steps": 100, "onset_steps": [0, 5, ...]},
//     "simulation": {"dt_ms": 0.125, "steps": 4000, "seed": 42},
//     "view": {"run_mode": "trial", "selected_neuron": 0, "live_window_ms": 500.0,
//              "live_speed": 1.0}
//   }
//
// Required: format, version and every field that changes the simulated result, i.e. all of
// "model" and "simulation", stimulus.amplitude, and the onsets: a list "onset_steps" (one per
// layer-0 neuron), or "onset_max_steps" with simulation.seed to draw them (draw_onsets). When the
// list is present it is used; onset_max_steps and seed are then optional and kept for drawing
// later. Optional: name (default: the file's stem, or empty), notes (empty), and the "view" block
// and each of its fields (defaults of ViewSettings).
//
// Every message names the field by its path in the file, e.g.
//   model.neuron.threshold_v: expected a number, got "abc"
// Unknown and repeated keys are reported as warnings, never dropped silently. Bounded: at most
// kMaxExperimentFileBytes of text, kMaxJsonDepth levels of nesting, kMaxLayers layers, and the
// limits of the core (kMaxLayerSize, kMaxTrialSteps).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "experiment/experiment.h"
#include "common/parameter_error.h"

namespace spikescope {

// A refused experiment file or setting. The message names the field (and the file, if any).
class ExperimentFileError : public ParameterError {
 public:
  using ParameterError::ParameterError;
};

inline constexpr std::string_view kExperimentFormat = "spikescope-experiment";
inline constexpr int kExperimentFormatVersion = 1;
inline constexpr std::size_t kMaxExperimentFileBytes = 16u << 20;
inline constexpr int kMaxJsonDepth = 32;
inline constexpr std::size_t kMaxLayers = 64;

struct LoadedExperiment {
  Experiment experiment;
  // Unknown keys ("model.neuron.treshold_v: unknown key, ignored") and repeated keys.
  std::vector<std::string> warnings;
};

// Parses and validates (validate(Experiment)); throws ExperimentFileError.
LoadedExperiment parse_experiment(std::string_view json_text);
// Refuses files above kMaxExperimentFileBytes before reading them; messages start with the path.
LoadedExperiment load_experiment_file(const std::filesystem::path& path);

// Every field, doubles in shortest round-trip form: parse_experiment(serialize_experiment(e))
// gives back e exactly.
std::string serialize_experiment(const Experiment& experiment);
// Validates, then writes atomically (atomic_file.h): throws ParameterError or FileError, and on
// failure the old file is left as it was.
void save_experiment_file(const std::filesystem::path& path, const Experiment& experiment);

// One field by its path in the file, the value as text: numbers ("0.8", "nan" is refused by
// validation), words ("exact"), lists ("0,5,10" or "[0,5,10]") for model.layer_sizes and
// stimulus.onset_steps. Setting stimulus.onset_max_steps or simulation.seed switches to drawn
// onsets. The result is validated; on error `experiment` is unchanged.
void apply_setting(Experiment& experiment, std::string_view key, std::string_view value);

struct Setting {
  std::string key;    // a path in the file, e.g. "model.neuron.threshold_v"
  std::string value;  // as text, as for apply_setting
  bool operator==(const Setting&) const = default;
};
// Several settings in order (a later one wins), validated once at the end, so that e.g. a new
// threshold and a new reset may come in either order. On error `experiment` is unchanged.
void apply_settings(Experiment& experiment, const std::vector<Setting>& settings);
// The keys apply_setting accepts, in file order.
std::vector<std::string> setting_keys();

// Onsets on their own: a JSON list of steps, or an object whose key "offsets" holds one. Entries
// must be 0 to INT32_MAX (messages name "offsets[i]"); the count is checked against layer 0 when
// the experiment is validated. The file is bounded like an experiment file.
std::vector<std::int32_t> parse_onset_list(std::string_view json_text);
std::vector<std::int32_t> load_onset_file(const std::filesystem::path& path);

}  // namespace spikescope
