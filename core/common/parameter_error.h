#pragma once
// The one exception type of the core: a refused value, with a message that names the field and
// says why ("model.neuron.threshold_v: must be a finite number, got nan").
#include <stdexcept>
#include <string>

namespace spikescope {

class ParameterError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Helpers for validation code: each throws ParameterError("<field>: <reason>").
void require_finite(const char* field, double value);
void require_positive(const char* field, double value);
void require_non_negative(const char* field, double value);

// A number as messages print it: the stream's default, shortest form ("0.75", "1e+06").
std::string number_text(double value);

}  // namespace spikescope
