#pragma once
// The leaky integrate-and-fire model with spike-frequency adaptation (registry name
// "lif_adaptive"): declaration in lif_adaptive_model.cpp, the step in
// lif_adaptive_population.h. Its first seven parameters are the LIF model's (lif_model.h), same
// keys, units, meaning and order, so that an experiment switches from "lif" keeping its values.
#include "model/model_descriptor.h"

namespace spikescope {

const ModelDescriptor& lif_adaptive_model();

// Parameter indices, in the descriptor's order.
enum LifAdaptiveParameter : std::size_t {
  kLifAdaptiveResistance,
  kLifAdaptiveCapacitance,
  kLifAdaptiveRefractory,
  kLifAdaptiveThreshold,
  kLifAdaptiveSpikeHeight,
  kLifAdaptiveReset,
  kLifAdaptiveRest,
  kLifAdaptiveJump,
  kLifAdaptiveTau,
  kLifAdaptiveParameterCount
};
// State variable indices.
enum LifAdaptiveStateVariable : std::size_t {
  kLifAdaptiveV,
  kLifAdaptiveCurrent,
  kLifAdaptiveStateCount
};
// Method indices.
inline constexpr std::size_t kLifAdaptiveExact = 0;

}  // namespace spikescope
