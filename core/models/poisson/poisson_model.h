#pragma once
// Poisson spike sources (registry name "poisson"; Brian2's PoissonGroup, GeNN's PoissonNew):
// declaration in poisson_model.cpp, kernel in poisson_population.h. A spike source takes no
// input current and no synapses; projections carry its spikes to other populations.
#include "model/model_descriptor.h"

namespace spikescope {

const ModelDescriptor& poisson_model();

// Parameter indices, in the descriptor's order.
enum PoissonParameter : std::size_t { kPoissonRate, kPoissonParameterCount };
// State variable indices.
inline constexpr std::size_t kPoissonSpiked = 0;

}  // namespace spikescope
