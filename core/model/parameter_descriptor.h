#pragma once
// How a model declares one parameter and one state variable. This is the only place a
// parameter's key, unit, default, valid range and slider are written: file keys, validation
// messages, `--set` paths, CSV columns, the equation text and the window's controls are all read
// from it.
#include <limits>
#include <string>
#include <string_view>

namespace spikescope {

// A valid range [min, max], each end open or closed, and why it is there ("a capacitance is
// positive"), so that a refusal says what the user got wrong.
struct ValidRange {
  double min = -std::numeric_limits<double>::infinity();
  bool min_inclusive = true;
  double max = std::numeric_limits<double>::infinity();
  bool max_inclusive = true;
  std::string_view reason;  // empty: any finite number
};

// Ranges most parameters use.
inline constexpr ValidRange kAnyFinite{};
inline constexpr ValidRange kPositive{0.0, false, std::numeric_limits<double>::infinity(), true,
                                      "it is a positive quantity"};
inline constexpr ValidRange kNonNegative{0.0, true, std::numeric_limits<double>::infinity(), true,
                                         "it cannot be negative"};

// The control the window makes for a parameter: a slider over [min, max], logarithmic or not.
struct SliderRange {
  double min = 0.0;
  double max = 1.0;
  double step = 0.0;  // the keyboard's step; 0: a hundredth of the range
  bool logarithmic = false;
};

struct ParameterDescriptor {
  std::string_view key;    // file key, unit in the name: "threshold_v", "tauw_ms", "a"
  std::string_view label;  // for people: "Threshold"
  std::string_view unit;   // "V", "ms", "nS"; empty when dimensionless
  double default_value = 0.0;
  ValidRange valid;
  SliderRange slider;
  std::string_view explanation;  // one line: what it does to the neuron
};

struct StateVariableDescriptor {
  std::string_view key;    // file key of the initial state and the CSV column: "v_mV", "u"
  std::string_view label;  // "Membrane potential"
  std::string_view unit;
  bool recordable = true;
  std::string_view explanation;
};

// Throws ParameterError "<path>: must be <range> (<reason>), got <value>" for a value outside
// the descriptor's valid range (NaN and infinities are never valid).
void check_parameter_value(const ParameterDescriptor& parameter, double value,
                           const std::string& path);
// The range as words: "greater than 0", "from 0 to 1", "any finite number".
std::string describe_range(const ValidRange& range);

}  // namespace spikescope
