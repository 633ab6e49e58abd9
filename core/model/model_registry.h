#pragma once
// Every neuron model by name (NEST's model manager in one list). The list itself is generated
// from core/models/models.cmake, one line per model.
#include <span>
#include <string>
#include <string_view>

#include "model/model_descriptor.h"

namespace spikescope {

// All models, in the order of models.cmake.
std::span<const ModelDescriptor* const> registered_models();
// The model of that name, or nullptr.
const ModelDescriptor* find_model(std::string_view name);
// The model of that name; throws ParameterError "<path>: unknown model "x"; known models: lif,
// lif_adaptive, ..." otherwise.
const ModelDescriptor& model_named(std::string_view name, const std::string& path);
// "lif, lif_adaptive, izhikevich, adex, hh, poisson"
std::string known_model_names();

}  // namespace spikescope
