#include "common/parameter_error.h"

#include <cmath>
#include <sstream>

namespace spikescope {
namespace {
[[noreturn]] void refuse(const char* field, const char* rule, double value) {
  std::ostringstream message;
  message << field << ": " << rule << ", got " << value;
  throw ParameterError(message.str());
}
}  // namespace

void require_finite(const char* field, double value) {
  if (!std::isfinite(value)) refuse(field, "must be a finite number", value);
}

void require_positive(const char* field, double value) {
  require_finite(field, value);
  if (!(value > 0)) refuse(field, "must be greater than 0", value);
}

void require_non_negative(const char* field, double value) {
  require_finite(field, value);
  if (value < 0) refuse(field, "must not be negative", value);
}

std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace spikescope
