#pragma once
// The Izhikevich (2003) simple model (registry name "izhikevich"): declaration in
// izhikevich_model.cpp, kernel in izhikevich_population.h (method "euler").
#include "model/model_descriptor.h"

namespace spikescope {

const ModelDescriptor& izhikevich_model();

// Parameter indices, in the descriptor's order.
enum IzhikevichParameter : std::size_t {
  kIzhikevichA,
  kIzhikevichB,
  kIzhikevichC,
  kIzhikevichD,
  kIzhikevichVPeak,
  kIzhikevichParameterCount
};
// State variable indices: state[0] is the membrane potential.
enum IzhikevichStateVariable : std::size_t { kIzhikevichV, kIzhikevichU, kIzhikevichStateCount };
// Method indices.
inline constexpr std::size_t kIzhikevichEuler = 0;

}  // namespace spikescope
