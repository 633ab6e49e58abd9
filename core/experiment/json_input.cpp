#include "experiment/json_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <set>
#include <stdexcept>
#include <system_error>

namespace spikescope::json_input {

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
  throw ExperimentFileError(path + ": " + reason, ExperimentFileError::Kind::kStructure);
}

std::string child(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string joined = path;
  joined += '.';
  joined += key;
  return joined;
}

std::string child(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string choices(std::span<const std::string_view> words) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i != 0) text += i + 1 == words.size() ? " or " : ", ";
    text += '"';
    text += words[i];
    text += '"';
  }
  return text;
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
  using Kind = ExperimentFileError::Kind;
  if (text.size() > kMaxExperimentFileBytes) {
    throw ExperimentFileError("the text is " + std::to_string(text.size()) +
                                  " bytes, more than the limit of " +
                                  std::to_string(kMaxExperimentFileBytes) + " bytes",
                              Kind::kText);
  }
  std::vector<OpenValue> open;
  // The parser itself does not recurse, but nothing deeper than this belongs in our files. A
  // repeated key would silently replace the earlier value: say so.
  const Json::parser_callback_t watch = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth > kMaxJsonDepth) {
      throw ExperimentFileError("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                                Kind::kText);
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
    throw ExperimentFileError("not valid JSON: " + std::string(message), Kind::kText);
  }
}

double read_number(const Json& value, const std::string& path) {
  if (!value.is_number()) refuse(path, "expected a number, got " + describe(value));
  const double number = value.get<double>();
  if (!std::isfinite(number)) refuse(path, "must be a finite number, got " + describe(value));
  return number;
}

std::string read_string(const Json& value, const std::string& path) {
  if (!value.is_string()) refuse(path, "expected a string, got " + describe(value));
  return value.get<std::string>();
}

std::string read_name(const Json& value, const std::string& path) {
  std::string name = read_string(value, path);
  if (name.empty()) refuse(path, "must not be empty");
  // Names appear in messages and paths, which are one line each.
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (control) {
    refuse(path, "must not hold control characters (line breaks, tabs), got " + describe(value));
  }
  return name;
}

bool read_bool(const Json& value, const std::string& path) {
  if (!value.is_boolean()) refuse(path, "expected true or false, got " + describe(value));
  return value.get<bool>();
}

std::size_t read_word(const Json& value, const std::string& path,
                      std::span<const std::string_view> words) {
  if (value.is_string()) {
    const std::string& word = value.get_ref<const std::string&>();
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (words[i] == word) return i;
    }
  }
  refuse(path, "expected " + choices(words) + ", got " + describe(value));
}

const Json& read_list(const Json& value, const std::string& path, std::size_t max_entries) {
  if (!value.is_array()) refuse(path, "expected a list, got " + describe(value));
  if (value.size() > max_entries) {
    refuse(path, "at most " + std::to_string(max_entries) + " entries, got " +
                     std::to_string(value.size()));
  }
  return value;
}

ObjectReader::ObjectReader(const Json& value, std::string path, std::vector<std::string_view> keys)
    : object_(value), path_(std::move(path)), keys_(std::move(keys)) {
  if (!value.is_object()) {
    refuse(path_.empty() ? std::string("the top level") : path_,
           "expected an object, got " + describe(value));
  }
}

const Json* ObjectReader::find(std::string_view key) const {
  if (std::find(keys_.begin(), keys_.end(), key) == keys_.end()) {
    throw std::logic_error("the reader asks for \"" + std::string(key) + "\" at " + path_ +
                           ", which is not in its key table");
  }
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

const Json& ObjectReader::require(std::string_view key, std::string_view why) const {
  const Json* value = find(key);
  if (value == nullptr) {
    std::string reason = "required field is missing";
    if (!why.empty()) {
      reason += "; ";
      reason += why;
    }
    refuse(path(key), reason);
  }
  return *value;
}

void ObjectReader::warn_unknown(std::vector<std::string>& warnings) const {
  for (const auto& [key, value] : object_.items()) {
    if (std::find(keys_.begin(), keys_.end(), key) == keys_.end()) {
      warnings.push_back(path(key) + ": unknown key, ignored");
    }
  }
}

std::string read_bounded_file(const std::filesystem::path& path) {
  using Kind = ExperimentFileError::Kind;
  const std::string name = path.string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw ExperimentFileError(name + ": cannot open: " + std::generic_category().message(errno),
                              Kind::kFile);
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // Any readable file: pipes too (`--experiment <(generate)`); the limit bounds the reading.
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    throw ExperimentFileError(name + ": cannot read: " + std::generic_category().message(errno),
                              Kind::kFile);
  }
  if (S_ISDIR(status.st_mode)) throw ExperimentFileError(name + ": is a directory", Kind::kFile);
  const auto size = S_ISREG(status.st_mode) ? static_cast<std::uint64_t>(status.st_size) : 0;
  if (size > kMaxExperimentFileBytes) {
    throw ExperimentFileError(name + ": " + std::to_string(size) +
                                  " bytes, more than the limit of " +
                                  std::to_string(kMaxExperimentFileBytes) + " bytes",
                              Kind::kFile);
  }
  // Read one byte past the limit, in case the file grew since fstat or has no size (a pipe).
  std::string text(std::max<std::size_t>(size + 1, 1 << 16), '\0');
  std::size_t used = 0;
  while (true) {
    if (used == text.size()) {
      if (text.size() > kMaxExperimentFileBytes) {
        throw ExperimentFileError(
            name + ": more than the limit of " + std::to_string(kMaxExperimentFileBytes) + " bytes",
            Kind::kFile);
      }
      text.resize(std::min(text.size() * 2, kMaxExperimentFileBytes + 1));
    }
    const ssize_t got = ::read(fd, text.data() + used, text.size() - used);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      throw ExperimentFileError(name + ": cannot read: " + std::generic_category().message(errno),
                                Kind::kFile);
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  text.resize(used);
  return text;
}

}  // namespace spikescope::json_input
