#pragma once
// Every registered model as `spikesim models` shows it: as text for people, as JSON for
// programs (name, title, reference, methods, units, equations, initial state, parameters with
// key, label, unit, default, valid range and its reason, slider, explanation; state variables).
// Both are read from the descriptors alone.
#include <string>

namespace spikescope {

std::string model_catalog_text();
std::string model_catalog_json();

}  // namespace spikescope
