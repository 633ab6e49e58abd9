#pragma once
// spikesim's old flags (--threshold, --offsets, ...): the notebook's knobs
// (experiment/notebook_network.h) as settings of the experiment at hand. A refused value is
// reported with the flag's name, not the paths it stands for.
#include <string>
#include <string_view>
#include <vector>

#include "experiment/settings.h"

namespace spikescope::cli {

struct NotebookFlag {
  std::string_view flag;        // "--threshold"
  std::string_view value_name;  // "V"
  std::string_view meaning;     // for --help
};
// Every flag, in --help order.
const std::vector<NotebookFlag>& notebook_flags();
bool is_notebook_flag(std::string_view flag);

// A setting a flag stands for, with the path as refusals name it.
struct FlagSetting {
  Setting setting;           // populations.layer0.parameters.threshold_v = 0.8
  std::string message_path;  // populations["layer0"].parameters.threshold_v
};

// The settings a flag stands for in `experiment`: "--threshold 0.8" is threshold_v of every LIF
// population. Throws ExperimentFileError naming the flag when the experiment lacks the knob.
std::vector<FlagSetting> expand_notebook_flag(const Experiment& experiment, std::string_view flag,
                                              const std::string& value);

}  // namespace spikescope::cli
