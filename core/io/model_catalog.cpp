#include "io/model_catalog.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/model_registry.h"

namespace spikescope {
namespace {

using Json = nlohmann::ordered_json;

// JSON has no infinity: an open end of a range is null.
Json bound(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json describe(const ModelDescriptor& model) {
  Json methods = Json::array();
  for (const MethodDescriptor& method : model.methods) {
    methods.push_back({{"key", method.key}, {"explanation", method.explanation}});
  }
  Json parameters = Json::array();
  for (const ParameterDescriptor& p : model.parameters) {
    parameters.push_back({{"key", p.key},
                          {"label", p.label},
                          {"unit", p.unit},
                          {"default", p.default_value},
                          {"valid",
                           {{"min", bound(p.valid.min)},
                            {"min_inclusive", p.valid.min_inclusive},
                            {"max", bound(p.valid.max)},
                            {"max_inclusive", p.valid.max_inclusive},
                            {"reason", p.valid.reason}}},
                          {"slider",
                           {{"min", p.slider.min},
                            {"max", p.slider.max},
                            {"step", p.slider.step},
                            {"logarithmic", p.slider.logarithmic}}},
                          {"explanation", p.explanation}});
  }
  Json state = Json::array();
  for (const StateVariableDescriptor& v : model.state) {
    state.push_back({{"key", v.key},
                     {"label", v.label},
                     {"unit", v.unit},
                     {"recordable", v.recordable},
                     {"explanation", v.explanation}});
  }
  return {{"name", model.name},
          {"title", model.title},
          {"reference", model.reference},
          {"spike_source", model.spike_source},
          {"per_neuron_parameters", model.per_neuron_parameters},
          {"current_unit", model.current_unit},
          {"conductance_unit", model.conductance_unit},
          {"methods", methods},
          {"equations", model.equations},
          {"initial_state", model.initial_state},
          {"parameters", parameters},
          {"state_variables", state}};
}

}  // namespace

std::string model_catalog_json() {
  Json models = Json::array();
  for (const ModelDescriptor* model : registered_models()) models.push_back(describe(*model));
  return Json{{"models", models}}.dump(2) + "\n";
}

std::string model_catalog_text() {
  std::ostringstream out;
  for (const ModelDescriptor* model : registered_models()) {
    out << model->name << ": " << model->title << "\n  " << model->reference << "\n  methods:";
    for (std::size_t m = 0; m < model->methods.size(); ++m) {
      out << (m == 0 ? " " : ", ") << model->methods[m].key << (m == 0 ? " (default)" : "");
    }
    if (!model->spike_source) {
      out << "\n  input current in " << model->current_unit << ", conductance synapses in "
          << model->conductance_unit;
    }
    out << "\n  parameters:\n";
    for (const ParameterDescriptor& p : model->parameters) {
      out << "    " << p.key << " = " << p.default_value << (p.unit.empty() ? "" : " ")
          << p.unit << ", " << describe_range(p.valid);
      if (!p.valid.reason.empty()) out << " (" << p.valid.reason << ")";
      out << ": " << p.explanation << "\n";
    }
    out << "  state variables:";
    for (std::size_t k = 0; k < model->state.size(); ++k) {
      const StateVariableDescriptor& v = model->state[k];
      out << (k == 0 ? " " : ", ") << v.key << (v.unit.empty() ? "" : " (" + std::string(v.unit) + ")");
    }
    out << "\n  starts at: " << model->initial_state << "\n\n";
  }
  return out.str();
}

}  // namespace spikescope
