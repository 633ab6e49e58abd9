#include "network/network_spec.h"

namespace spikescope {

const ValueSpec* PopulationSpec::parameter(const std::string& key) const {
  for (const NamedValue& entry : parameters) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

void PopulationSpec::set_parameter(const std::string& key, ValueSpec value) {
  for (NamedValue& entry : parameters) {
    if (entry.key == key) {
      entry.value = std::move(value);
      return;
    }
  }
  parameters.push_back(NamedValue{key, std::move(value)});
}

bool neuron_current_input(const InputKind& kind) {
  if (std::holds_alternative<NoiseInput>(kind)) return true;
  const auto* dc = std::get_if<DcInput>(&kind);
  return dc != nullptr && !uniform_value(dc->amplitude).has_value();
}

std::size_t NetworkSpec::population_index(const std::string& name) const {
  for (std::size_t p = 0; p < populations.size(); ++p) {
    if (populations[p].name == name) return p;
  }
  return npos;
}

}  // namespace spikescope
