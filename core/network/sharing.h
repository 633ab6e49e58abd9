#pragma once
// When the neurons of a population may share one simulated trajectory per onset
// (shared_onset_population.h). It is exact only if nothing but the onset tells two neurons
// apart: the model is deterministic, every parameter and every initial value is the same for
// all neurons, the population has an onset input and no input that differs between neurons
// (noise), and no projection delivers into it. This is the one place that decides.
#include <cstddef>

#include "network/network_spec.h"
#include "network/validate_network.h"

namespace spikescope {

bool may_share_trajectories(const NetworkSpec& spec, const ResolvedNetwork& resolved,
                            std::size_t population);

}  // namespace spikescope
