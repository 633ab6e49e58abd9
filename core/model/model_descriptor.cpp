#include "model/model_descriptor.h"

#include <sstream>

namespace spikescope {
namespace {

template <class Entries>
std::size_t index_of(const Entries& entries, std::string_view key) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].key == key) return i;
  }
  return ModelDescriptor::npos;
}

}  // namespace

std::size_t ModelDescriptor::parameter_index(std::string_view key) const {
  return index_of(parameters, key);
}

std::size_t ModelDescriptor::state_index(std::string_view key) const {
  return index_of(state, key);
}

std::size_t ModelDescriptor::method_index(std::string_view key) const {
  return index_of(methods, key);
}

std::vector<double> ModelDescriptor::default_values() const {
  std::vector<double> values;
  values.reserve(parameters.size());
  for (const ParameterDescriptor& parameter : parameters) values.push_back(parameter.default_value);
  return values;
}

std::string equations_with_values(const ModelDescriptor& model, std::span<const double> values) {
  std::string text(model.equations);
  for (std::size_t k = 0; k < model.parameters.size() && k < values.size(); ++k) {
    const std::string placeholder = "{" + std::string(model.parameters[k].key) + "}";
    std::ostringstream value;
    value << values[k];
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.str().size())) {
      text.replace(at, placeholder.size(), value.str());
    }
  }
  return text;
}

}  // namespace spikescope
