#pragma once
// How an experiment describes a per-neuron quantity (a parameter, an initial state, a synaptic
// weight): one value for all, a seeded draw, an explicit list, or values for index ranges.
// resolve_values() turns a description into a ValueColumn for a population of a given size.
//
// The draws are ours, fixed forever, so that a seed means the same numbers on every platform
// (std::uniform_real_distribution and std::normal_distribution are implementation-defined):
//   SplitMix64(seed) (common/onset_generator.h) gives x_1, x_2, ...; u_i = (x_i >> 11) * 2^-53.
//   uniform:  low + (high - low) * u_i, one x per value.
//   normal:   Box-Muller on a pair: mean + sd * sqrt(-2 ln(1 - u_1)) * cos(2 pi u_2); a value
//             outside [min, max] (when given) is drawn again.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/value_column.h"

namespace spikescope {

struct UniformDraw {
  double low = 0.0;
  double high = 1.0;
  std::uint64_t seed = 0;
  bool operator==(const UniformDraw&) const = default;
};

struct NormalDraw {
  double mean = 0.0;
  double sd = 1.0;
  std::uint64_t seed = 0;
  // Values outside these are drawn again (a normal time constant must not come out negative).
  std::optional<double> min;
  std::optional<double> max;
  bool operator==(const NormalDraw&) const = default;
};

// Neurons [first, end) get `value`; the others the default.
struct IndexRangeValue {
  std::uint64_t first = 0;
  std::uint64_t end = 0;
  double value = 0.0;
  bool operator==(const IndexRangeValue&) const = default;
};
struct RangeValues {
  double default_value = 0.0;
  std::vector<IndexRangeValue> ranges;  // later ranges win where they overlap
  bool operator==(const RangeValues&) const = default;
};

using ValueSpec = std::variant<double, UniformDraw, NormalDraw, std::vector<double>, RangeValues>;

// A column of `size` values. Throws ParameterError naming `path` for a list of the wrong length,
// a range beyond the population, low > high, a negative sd, or a bounded normal that cannot be
// drawn (min > max, or more than 1000 redraws in a row).
ValueColumn resolve_values(const ValueSpec& spec, std::size_t size, const std::string& path);

// The description's one value when it gives the same value to every neuron, else nothing.
std::optional<double> uniform_value(const ValueSpec& spec);

}  // namespace spikescope
