#pragma once
// Reading untrusted JSON for experiment and onset files, inside the core only (it includes
// nlohmann/json, which only spikescope_core links). Everything is bounded: the text's size
// (kMaxExperimentFileBytes), its nesting (kMaxJsonDepth), list lengths; every refusal is an
// ExperimentFileError naming the field by its path ("model.layer_sizes[2]: ...").
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "experiment/experiment_file.h"

namespace spikescope::json_input {

// Insertion order, so that files are written in the documented order and warnings come in the
// order of the file.
using Json = nlohmann::ordered_json;

[[noreturn]] void refuse(const std::string& path, const std::string& reason);
// A value as a message shows it: short, and never the whole of a hostile document.
std::string describe(const Json& value);

// The whole file, refused before reading if larger than kMaxExperimentFileBytes; messages start
// with the path.
std::string read_bounded_file(const std::filesystem::path& path);
// Repeated keys (the last one wins) are reported in `warnings` when given.
Json parse_json(std::string_view text, std::vector<std::string>* warnings = nullptr);

double read_number(const Json& value, const std::string& path);
std::string read_string(const Json& value, const std::string& path);

// Integers may be written as 4000 or 4000.0; anything outside [min, max] is refused.
template <typename Int>
Int read_integer(const Json& value, const std::string& path, Int min,
                 Int max = std::numeric_limits<Int>::max()) {
  const auto out_of_range = [&] {
    refuse(path, "must be " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
                     describe(value));
  };
  const auto in_range = [&](auto v) {
    if (std::cmp_less(v, min) || std::cmp_greater(v, max)) out_of_range();
    return static_cast<Int>(v);
  };
  if (value.is_number_unsigned()) return in_range(value.get<std::uint64_t>());
  if (value.is_number_integer()) return in_range(value.get<std::int64_t>());
  if (value.is_number_float()) {
    const double v = value.get<double>();
    if (!std::isfinite(v) || v != std::floor(v)) {
      refuse(path, "expected an integer, got " + describe(value));
    }
    // Outside [-2^63, 2^64) no integer field can hold it, and the conversion would be undefined.
    if (v < -0x1p63 || v >= 0x1p64) out_of_range();
    if (v >= 0x1p63) return in_range(static_cast<std::uint64_t>(v));
    return in_range(static_cast<std::int64_t>(v));
  }
  refuse(path, "expected an integer, got " + describe(value));
}

template <typename Int>
std::vector<Int> read_integer_list(const Json& value, const std::string& path, Int min, Int max,
                                   std::size_t max_entries) {
  if (!value.is_array()) refuse(path, "expected a list of integers, got " + describe(value));
  if (value.size() > max_entries) {
    refuse(path, "at most " + std::to_string(max_entries) + " entries, got " +
                     std::to_string(value.size()));
  }
  std::vector<Int> list;
  list.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    list.push_back(read_integer<Int>(value[i], path + "[" + std::to_string(i) + "]", min, max));
  }
  return list;
}

}  // namespace spikescope::json_input
