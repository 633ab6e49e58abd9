#include "model/model_registry.h"

#include "common/parameter_error.h"

namespace spikescope {

const ModelDescriptor* find_model(std::string_view name) {
  for (const ModelDescriptor* model : registered_models()) {
    if (model->name == name) return model;
  }
  return nullptr;
}

const ModelDescriptor& model_named(std::string_view name, const std::string& path) {
  if (const ModelDescriptor* model = find_model(name)) return *model;
  throw ParameterError(path + ": unknown model \"" + std::string(name) +
                       "\"; known models: " + known_model_names());
}

std::string known_model_names() {
  std::string names;
  for (const ModelDescriptor* model : registered_models()) {
    if (!names.empty()) names += ", ";
    names += model->name;
  }
  return names;
}

}  // namespace spikescope
