#include "experiment/json_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <set>
#include <system_error>

namespace spikescope::json_input {

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
  throw ExperimentFileError(path + ": " + reason);
}

std::string describe(const Json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "a list";
  if (value.is_number_float()) {
    // nlohmann would write NaN as null; a setting can carry one ("--threshold nan").
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value.get<double>()).ptr;
    return std::string(text, end);
  }
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

namespace {

// Where the parser is, for naming duplicate keys: one frame per open object or list.
struct OpenValue {
  bool is_object = false;
  std::string key;  // the object's current key
  std::set<std::string> keys;
};

std::string path_of(const std::vector<OpenValue>& open) {
  std::string path;
  for (const OpenValue& value : open) {
    if (!value.is_object) {
      path += "[]";
      continue;
    }
    if (!path.empty()) path += '.';
    path += value.key;
  }
  return path;
}

}  // namespace

Json parse_json(std::string_view text, std::vector<std::string>* warnings) {
  if (text.size() > kMaxExperimentFileBytes) {
    throw ExperimentFileError("the text is " + std::to_string(text.size()) +
                              " bytes, more than the limit of " +
                              std::to_string(kMaxExperimentFileBytes) + " bytes");
  }
  std::vector<OpenValue> open;
  // The parser itself does not recurse, but nothing deeper than this belongs in our files. A
  // repeated key would silently replace the earlier value: say so.
  const Json::parser_callback_t watch = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth > kMaxJsonDepth) {
      throw ExperimentFileError("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    using Event = Json::parse_event_t;
    if (event == Event::object_start || event == Event::array_start) {
      open.push_back(OpenValue{event == Event::object_start, {}, {}});
    } else if (event == Event::object_end || event == Event::array_end) {
      open.pop_back();
    } else if (event == Event::key && !open.empty()) {
      open.back().key = parsed.get<std::string>();
      if (!open.back().keys.insert(open.back().key).second && warnings != nullptr) {
        warnings->push_back(path_of(open) + ": duplicate key, the last value is used");
      }
    }
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), watch);
  } catch (const Json::exception& error) {
    // Drop the library's "[json.exception.parse_error.101] " prefix.
    std::string_view message = error.what();
    if (const auto end = message.find("] "); end != std::string_view::npos) {
      message.remove_prefix(end + 2);
    }
    throw ExperimentFileError("not valid JSON: " + std::string(message));
  }
}

double read_number(const Json& value, const std::string& path) {
  if (!value.is_number()) refuse(path, "expected a number, got " + describe(value));
  return value.get<double>();
}

std::string read_string(const Json& value, const std::string& path) {
  if (!value.is_string()) refuse(path, "expected a string, got " + describe(value));
  return value.get<std::string>();
}

std::string read_bounded_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw ExperimentFileError(name + ": cannot open: " + std::generic_category().message(errno));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // Any readable file: pipes too (`--experiment <(generate)`); the limit bounds the reading.
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    throw ExperimentFileError(name + ": cannot read: " + std::generic_category().message(errno));
  }
  if (S_ISDIR(status.st_mode)) throw ExperimentFileError(name + ": is a directory");
  const auto size = S_ISREG(status.st_mode) ? static_cast<std::uint64_t>(status.st_size) : 0;
  if (size > kMaxExperimentFileBytes) {
    throw ExperimentFileError(name + ": " + std::to_string(size) +
                              " bytes, more than the limit of " +
                              std::to_string(kMaxExperimentFileBytes) + " bytes");
  }
  // Read one byte past the limit, in case the file grew since fstat or has no size (a pipe).
  std::string text(std::max<std::size_t>(size + 1, 1 << 16), '\0');
  std::size_t used = 0;
  while (true) {
    if (used == text.size()) {
      if (text.size() > kMaxExperimentFileBytes) {
        throw ExperimentFileError(name + ": more than the limit of " +
                                  std::to_string(kMaxExperimentFileBytes) + " bytes");
      }
      text.resize(std::min(text.size() * 2, kMaxExperimentFileBytes + 1));
    }
    const ssize_t got = ::read(fd, text.data() + used, text.size() - used);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      throw ExperimentFileError(name + ": cannot read: " + std::generic_category().message(errno));
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  text.resize(used);
  return text;
}

}  // namespace spikescope::json_input
