#pragma once
// Reading untrusted JSON for experiment and onset files, inside the core only (it includes
// nlohmann/json, which only spikescope_core links). Everything is bounded: the text's size
// (kMaxExperimentFileBytes), its nesting (kMaxJsonDepth), list lengths; every refusal is an
// ExperimentFileError naming the field by its path ("populations[\"E\"].size: ...").
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "experiment/experiment_file.h"

namespace spikescope::json_input {

// Insertion order, so that files are written in the documented order and warnings come in the
// order of the file.
using Json = nlohmann::ordered_json;

// Throws ExperimentFileError("<path>: <reason>") of kind kStructure.
[[noreturn]] void refuse(const std::string& path, const std::string& reason);
// A value as a message shows it: short, and never the whole of a hostile document.
std::string describe(const Json& value);
// "a.b" from "a" and "b"; "b" when the path is empty (the top level).
std::string child(const std::string& path, std::string_view key);
std::string child(const std::string& path, std::size_t index);  // "a[3]"
// "\"a\", \"b\" or \"c\"".
std::string choices(std::span<const std::string_view> words);

// The whole file, refused before reading if larger than kMaxExperimentFileBytes; messages start
// with the path.
std::string read_bounded_file(const std::filesystem::path& path);
// Repeated keys (the last one wins) are reported in `warnings` when given.
Json parse_json(std::string_view text, std::vector<std::string>* warnings = nullptr);

// Numbers must be finite: a file cannot hold anything else, and a setting ("nan", "1e999") is
// refused with the same words validation uses.
double read_number(const Json& value, const std::string& path);
std::string read_string(const Json& value, const std::string& path);
// A name of an element, model, method or variable: a string, not empty, without control
// characters (it appears in one-line messages).
std::string read_name(const Json& value, const std::string& path);
bool read_bool(const Json& value, const std::string& path);
// The index of the word in `words`, refused as 'expected "a" or "b", got "c"'.
std::size_t read_word(const Json& value, const std::string& path,
                      std::span<const std::string_view> words);
// A list of at most max_entries values.
const Json& read_list(const Json& value, const std::string& path, std::size_t max_entries);

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
  (void)read_list(value, path, max_entries);
  std::vector<Int> list;
  list.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    list.push_back(read_integer<Int>(value[i], child(path, i), min, max));
  }
  return list;
}

// One JSON object of the format being read: the keys it may hold (experiment_keys.h). Keys it
// does not know are warned about, once, by warn_unknown().
class ObjectReader {
 public:
  // Refuses a value that is not an object: "<path>: expected an object, got 3".
  ObjectReader(const Json& value, std::string path, std::vector<std::string_view> keys);
  // The value of a key of the table, or nullptr. Asking for a key outside the table is a bug in
  // the reader (it would warn about a key it reads) and throws std::logic_error.
  const Json* find(std::string_view key) const;
  // "<path>.<key>: required field is missing" (with `why` appended when given).
  const Json& require(std::string_view key, std::string_view why = {}) const;
  std::string path(std::string_view key) const { return child(path_, key); }
  const std::string& path() const { return path_; }
  // The element's path once its name is known (populations[2] -> populations["E"]).
  void set_path(std::string path) { path_ = std::move(path); }
  // "<path>.<key>: unknown key, ignored" for every key outside the table, in file order.
  void warn_unknown(std::vector<std::string>& warnings) const;
  const Json& object() const { return object_; }

 private:
  const Json& object_;
  std::string path_;
  std::vector<std::string_view> keys_;
};

}  // namespace spikescope::json_input
