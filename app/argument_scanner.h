#pragma once
// Reading `--name value` and `--name=value` arguments, shared by spikesim's commands.
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "spikesim_cli.h"

namespace spikescope::cli {

class ArgumentScanner {
 public:
  explicit ArgumentScanner(const std::vector<std::string>& args) : args_(args) {}

  bool next() {
    if (index_ >= args_.size()) return false;
    const std::string& arg = args_[index_++];
    if (arg.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + arg + "'");
    const std::size_t equals = arg.find('=');
    name_ = arg.substr(0, equals);
    inline_value_.reset();
    if (equals != std::string::npos) inline_value_ = arg.substr(equals + 1);
    if (name_ != "--set" && !seen_.insert(name_).second) {
      throw UsageError(name_ + " is given twice");
    }
    return true;
  }
  const std::string& name() const { return name_; }
  std::string value() {
    if (inline_value_) return *inline_value_;
    if (index_ >= args_.size()) throw UsageError(name_ + " needs a value");
    return args_[index_++];
  }
  // A file name: an empty one would only produce a message naming no file.
  std::string file_name() {
    std::string name = value();
    if (name.empty()) throw UsageError(name_ + " needs a file name, got an empty one");
    return name;
  }
  void no_value() const {
    if (inline_value_) throw UsageError(name_ + " takes no value");
  }
  bool seen(const std::string& name) const { return seen_.count(name) != 0; }

 private:
  const std::vector<std::string>& args_;
  std::size_t index_ = 0;
  std::string name_;
  std::optional<std::string> inline_value_;
  std::set<std::string> seen_;
};

template <typename Int>
Int parse_integer(const std::string& flag, const std::string& text, Int min, Int max) {
  Int value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw UsageError(flag + ": expected an integer from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got \"" + text + "\"");
  }
  return value;
}

// A finite number, or a refusal naming the flag.
inline double parse_number(const std::string& flag, const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    throw UsageError(flag + ": expected a finite number, got \"" + text + "\"");
  }
  return value;
}

// Refuses a destination that cannot be written before any time is spent on the run (throws
// FileError naming the path).
void check_output_path(const std::filesystem::path& path);

// "1 spike", "2 spikes".
inline std::string plural(std::int64_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace spikescope::cli
