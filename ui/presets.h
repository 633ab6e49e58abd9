#pragma once
// The built-in experiments a lecture starts from (resources/presets/*.json, compiled in as Qt
// resources, so an installed or moved program always has them). Each carries its "what to
// notice" note in Experiment::notes.
#include <QString>
#include <vector>

#include "experiment/experiment.h"

namespace spikescope {

struct Preset {
  QString resource_path;  // e.g. ":/presets/01-notebook.json"
  Experiment experiment;
};

// In file-name order (the files are numbered: preset k has shortcut k). A preset that does not
// parse is a build defect: throws ExperimentFileError naming the resource.
std::vector<Preset> builtin_presets();

}  // namespace spikescope
