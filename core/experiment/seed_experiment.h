#pragma once
// The seed experiment (resources/experiments/seed.json): the SNN_0 notebook's defaults with
// onsets drawn from [0, 100] by seed 42. Compiled into the library, so that every program runs it
// from any directory, installed or not.
#include <string_view>

#include "experiment/experiment.h"

namespace spikescope {

std::string_view seed_experiment_json();
Experiment seed_experiment();

}  // namespace spikescope
