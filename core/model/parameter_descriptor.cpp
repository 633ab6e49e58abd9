#include "model/parameter_descriptor.h"

#include <cmath>
#include <sstream>

#include "common/parameter_error.h"

namespace spikescope {
namespace {

bool within(const ValidRange& range, double value) {
  if (!std::isfinite(value)) return false;
  const bool above_min = range.min_inclusive ? value >= range.min : value > range.min;
  const bool below_max = range.max_inclusive ? value <= range.max : value < range.max;
  return above_min && below_max;
}

}  // namespace

std::string describe_range(const ValidRange& range) {
  const bool has_min = std::isfinite(range.min);
  const bool has_max = std::isfinite(range.max);
  if (!has_min && !has_max) return "a finite number";
  if (has_min && !has_max) {
    return (range.min_inclusive ? "at least " : "greater than ") + number_text(range.min);
  }
  if (!has_min) return (range.max_inclusive ? "at most " : "less than ") + number_text(range.max);
  if (range.min_inclusive && range.max_inclusive) {
    return "from " + number_text(range.min) + " to " + number_text(range.max);
  }
  return std::string(range.min_inclusive ? "at least " : "greater than ") + number_text(range.min) +
         (range.max_inclusive ? " and at most " : " and less than ") + number_text(range.max);
}

void check_parameter_value(const ParameterDescriptor& parameter, double value,
                           const std::string& path) {
  if (within(parameter.valid, value)) return;
  std::ostringstream message;
  message << path << ": must be " << describe_range(parameter.valid);
  if (!parameter.unit.empty() &&
      (std::isfinite(parameter.valid.min) || std::isfinite(parameter.valid.max))) {
    message << " " << parameter.unit;
  }
  if (!parameter.valid.reason.empty()) message << " (" << parameter.valid.reason << ")";
  message << ", got " << value;
  throw ParameterError(message.str());
}

}  // namespace spikescope
