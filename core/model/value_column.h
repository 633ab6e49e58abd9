#pragma once
// A quantity every neuron of a population has: one value shared by all, or one value per neuron.
// Parameters, initial states and synaptic weights are resolved to this before a population is
// built (value_spec.h says how a file describes them).
#include <cstddef>
#include <vector>

namespace spikescope {

struct ValueColumn {
  double uniform = 0.0;
  std::vector<double> per_neuron;  // empty: every neuron has `uniform`

  ValueColumn() = default;
  ValueColumn(double value) : uniform(value) {}  // NOLINT: a number is a uniform column
  explicit ValueColumn(std::vector<double> values) : per_neuron(std::move(values)) {}

  bool is_uniform() const { return per_neuron.empty(); }
  double operator[](std::size_t neuron) const {
    return per_neuron.empty() ? uniform : per_neuron[neuron];
  }
  bool operator==(const ValueColumn&) const = default;
};

// One column per parameter of a model, in the order of its descriptor.
using ParameterColumns = std::vector<ValueColumn>;

}  // namespace spikescope
