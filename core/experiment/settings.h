#pragma once
// Settings: one field of an experiment by its path in the version-2 file, the value as text
// (`spikesim run --set KEY=VALUE`, `spikescope --set`, the window's controls, the notebook flags
// of notebook_network.h). Elements are named by their names:
//   populations.layer0.parameters.threshold_v=0.8     projections.layer0->layer1.weight=2
//   inputs.onsets.amplitude=1.5   simulation.dt_ms=0.1   view.live_speed=0
//   recording.probes[1].neuron=3  populations.layer0.parameters.threshold_v.normal.sd=0.01
// or in the bracket form of the messages, which also holds names with dots:
//   populations["layer0"].parameters.threshold_v=0.8   populations[0].size=50
// Values: numbers ("0.8", "1e3"; "nan" and "inf" are refused as a file's would be), words
// ("exact", "live"), true/false, lists ("0,5,10" or "[0,5,10]"), and JSON for what a file writes
// as an object ('{"uniform": {"low": 0.7, "high": 0.8, "seed": 1}}' for a per-neuron value,
// '{"rule": "fixed_probability", "p": 0.1, "seed": 3}' for a connector). A setting can give a
// field the file may hold but does not (a dc input's stop_ms, an initial value).
//
// A setting is applied to the experiment's file document, which is then read back by the file's
// reader and validated: a value is refused with the words a file holding it gets. Setting an
// onset input's onset_max_steps or seed switches it from listed to drawn onsets; setting a
// projection's delay_ms drops its delay_steps and the other way round.
#include <string>
#include <string_view>
#include <vector>

#include "experiment/experiment_file.h"

namespace spikescope {

// Throws ExperimentFileError naming the path; on error `experiment` is unchanged.
void apply_setting(Experiment& experiment, std::string_view key, std::string_view value);

struct Setting {
  std::string key;    // a path in the file, e.g. "populations.layer0.parameters.threshold_v"
  std::string value;  // as text, as for apply_setting
  bool operator==(const Setting&) const = default;
};
// Several settings in order (a later one wins), read and validated once at the end, so that e.g.
// a new threshold and a new reset, or a connector rule and its p, may come in either order. On
// error `experiment` is unchanged.
void apply_settings(Experiment& experiment, const std::vector<Setting>& settings);

// Every path that exists in this experiment's file, in file order, in the dotted form (the
// bracket form for names that hold '.', '[' or ']'): every scalar, every list of numbers or names
// as one key, each per-neuron value as a whole and each of its fields. Not format and version.
std::vector<std::string> setting_keys(const Experiment& experiment);

}  // namespace spikescope
