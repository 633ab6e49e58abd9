#pragma once
// The adaptive exponential integrate-and-fire model, AdEx (registry name "adex"): declaration in
// adex_model.cpp, kernel in adex_population.h (method "euler").
#include "model/model_descriptor.h"

namespace spikescope {

const ModelDescriptor& adex_model();

// Parameter indices, in the descriptor's order.
enum AdexParameter : std::size_t {
  kAdexCapacitance,
  kAdexLeakConductance,
  kAdexLeakReversal,
  kAdexThresholdSlope,
  kAdexSlopeFactor,
  kAdexSubthresholdAdaptation,
  kAdexAdaptationTau,
  kAdexSpikeAdaptation,
  kAdexReset,
  kAdexPeak,
  kAdexParameterCount
};
// State variable indices: state[0] is the membrane potential.
enum AdexStateVariable : std::size_t { kAdexV, kAdexW, kAdexStateCount };
// Method indices.
inline constexpr std::size_t kAdexEuler = 0;

}  // namespace spikescope
