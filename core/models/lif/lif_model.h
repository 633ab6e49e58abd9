#pragma once
// The leaky integrate-and-fire model (registry name "lif"): declaration in lif_model.cpp,
// kernels in lif_notebook_population.h (method "notebook") and lif_exact_population.h ("exact").
#include "model/model_descriptor.h"

namespace spikescope {

const ModelDescriptor& lif_model();

// Parameter indices, in the descriptor's order.
enum LifParameter : std::size_t {
  kLifResistance,
  kLifCapacitance,
  kLifRefractory,
  kLifThreshold,
  kLifSpikeHeight,
  kLifReset,
  kLifRest,
  kLifParameterCount
};
// Method indices.
inline constexpr std::size_t kLifNotebook = 0;
inline constexpr std::size_t kLifExact = 1;

}  // namespace spikescope
