#pragma once
// The Hodgkin-Huxley (1952) model (registry name "hh"): declaration in hh_model.cpp, equations
// and both methods in hh_kinetics.h, the population in hh_population.h.
#include "model/model_descriptor.h"

namespace spikescope {

const ModelDescriptor& hh_model();

// Parameter indices, in the descriptor's order.
enum HhParameter : std::size_t {
  kHhCm,
  kHhGNa,
  kHhGK,
  kHhGL,
  kHhENa,
  kHhEK,
  kHhEL,
  kHhParameterCount
};
// State variable indices.
enum HhStateVariable : std::size_t { kHhV, kHhM, kHhH, kHhN, kHhStateCount };
// Method indices.
inline constexpr std::size_t kHhExponentialEuler = 0;
inline constexpr std::size_t kHhRk4 = 1;

}  // namespace spikescope
