#pragma once
// Version-1 experiment files (the SNN_0 notebook's two-layer network as "model", "stimulus",
// "simulation" and "view"): read with the version-1 rules and paths, then migrated into the
// equivalent version-2 experiment:
//   populations  layer0, layer1, ... of model lif, method = model.integration, every population
//                with the model.neuron parameters and rest_v 0; in exact mode also
//                initial.vm_v = reset_v (version 1's exact mode started at reset)
//   projections  layer{l}->layer{l+1}: all_to_all, weight = model.weight, delay_steps 2, pulse
//   inputs       "onsets": onset_step on layer0 with stimulus.amplitude and the onsets (listed,
//                or drawn from [0, stimulus.onset_max_steps] with simulation.seed)
//   recording    vm_v of neuron 0 of layer0 and layer1, all spikes
//   view         as in the file
// Refusals name the version-1 path, also where validation of the migrated experiment refuses
// (populations["layer0"].parameters.reset_v is reported as model.neuron.reset_v).
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "experiment/json_input.h"

namespace spikescope {

// A document whose format was checked and whose version is 1. Throws ExperimentFileError;
// unknown and repeated keys go to `warnings`. Does not validate.
Experiment read_version1_experiment(const json_input::Json& document,
                                    std::vector<std::string>& warnings);

// A message of validate(Experiment) about a migrated experiment, with the version-2 path at its
// start replaced by the version-1 field it came from.
std::string version1_message(const std::string& message);

}  // namespace spikescope
