// Settings edit the experiment's version-2 document (experiment_json.h) at a path and read the
// whole document back, so that the reader's checks and messages apply to a setting as to a file.
#include "experiment/settings.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>

#include "experiment/experiment_json.h"
#include "experiment/experiment_keys.h"
#include "model/model_registry.h"

namespace spikescope {
namespace {

using namespace experiment_keys;
using json_input::describe;
using json_input::Json;
using json_input::refuse;
using Place = std::vector<std::string>;  // the JSON keys down to a value, "*" for list entries

struct Segment {
  std::string text;                  // a key or an element's name
  std::optional<std::size_t> index;  // [3], or a number in the dotted form
  bool quoted = false;               // ["name"]
  std::size_t end = 0;               // where it ends in the setting's key
};

std::vector<Segment> split_path(std::string_view key) {
  if (key.empty()) refuse("(empty)", "a setting needs a path, such as simulation.dt_ms");
  const auto bad = [&](const std::string& reason) { refuse(std::string(key), reason); };
  std::vector<Segment> segments;
  std::size_t i = 0;
  while (i < key.size()) {
    Segment segment;
    if (key[i] == '[' && i + 1 < key.size() && key[i + 1] == '"') {
      std::size_t j = i + 2;
      while (j < key.size() && key[j] != '"') j += key[j] == '\\' ? 2 : 1;
      if (j + 1 >= key.size() || key[j + 1] != ']') bad("a [\"name\"] is not closed");
      try {
        segment.text = Json::parse(key.substr(i + 1, j - i)).get<std::string>();
      } catch (const Json::exception&) {
        bad("the name in [\"...\"] is not a valid JSON string");
      }
      segment.quoted = true;
      segment.end = j + 2;
    } else if (key[i] == '[') {
      const std::size_t close = key.find(']', i);
      if (close == std::string_view::npos) bad("a [ is not closed");
      std::size_t index = 0;
      const auto result = std::from_chars(key.data() + i + 1, key.data() + close, index);
      if (close == i + 1 || result.ptr != key.data() + close || result.ec != std::errc()) {
        bad("expected an index or a quoted name in [...]");
      }
      segment.index = index;
      segment.end = close + 1;
    } else {
      const std::size_t end = std::min(key.find_first_of(".[", i), key.size());
      segment.text = std::string(key.substr(i, end - i));
      if (segment.text.empty()) bad("an empty part in the path");
      segment.end = end;
    }
    i = segment.end;
    segments.push_back(std::move(segment));
    if (i < key.size() && key[i] == '.') {
      if (++i == key.size()) bad("the path ends in a dot");
    } else if (i < key.size() && key[i] != '[') {
      bad("expected . or [ after ]");
    }
  }
  return segments;
}

bool is(const Place& place, std::initializer_list<std::string_view> pattern) {
  return std::equal(place.begin(), place.end(), pattern.begin(), pattern.end());
}

// How many leading keys of `place` lead to a per-neuron value (ValueSpec); 0 if none do.
std::size_t value_depth(const Place& place) {
  if (place.size() >= 4 && place[0] == "populations" &&
      (place[2] == "parameters" || place[2] == "initial")) {
    return 4;
  }
  if (place.size() >= 3 && place[0] == "projections" && place[2] == "weight") return 3;
  return 0;
}

// The keys the object at `place` may hold; nullopt: any (a model's parameters and state, which
// the reader checks against the model with its own message).
std::optional<std::vector<std::string_view>> allowed_keys(const Place& place, const Json& object) {
  const std::size_t depth = value_depth(place);
  if (depth != 0 && place.size() == depth) {
    return std::vector<std::string_view>{"uniform", "normal", "values", "default", "ranges"};
  }
  if (depth != 0 && place.size() == depth + 1 && place.back() == "uniform") return keys(kUniform);
  if (depth != 0 && place.size() == depth + 1 && place.back() == "normal") return keys(kNormal);
  if (depth != 0 && place.size() == depth + 2 && place[depth] == "ranges") return keys(kRange);
  if (place.size() == 3 && place[0] == "populations") return std::nullopt;
  if (place.empty()) return keys(kTop);
  if (is(place, {"simulation"})) return keys(kSimulation);
  if (is(place, {"populations", "*"})) return keys(kPopulation);
  if (is(place, {"projections", "*"})) return keys(kProjection);
  if (is(place, {"projections", "*", "connector"})) return keys(kConnector);
  if (is(place, {"projections", "*", "synapse"})) return keys(kSynapse);
  if (is(place, {"inputs", "*"})) {
    const auto type = object.find("type");
    for (std::size_t t = 0; t < std::size(kInputTypes); ++t) {
      if (type != object.end() && *type == kInputTypes[t]) return input_keys(t);
    }
    return keys(kInputCommon);
  }
  if (is(place, {"inputs", "*", "pulses", "*"})) return keys(kPulse);
  if (is(place, {"recording"})) return keys(kRecording);
  if (is(place, {"recording", "probes", "*"})) return keys(kProbe);
  if (is(place, {"view"})) return keys(kView);
  return std::vector<std::string_view>{};
}

// How a setting's text becomes JSON at `place` (which ends with the field's key).
enum class Text { kWord, kBool, kNumbers, kNames, kAny };

Text text_kind(const Place& place) {
  const std::size_t depth = value_depth(place);
  if (depth != 0 && place.size() == depth + 1 && place.back() == "values") return Text::kNumbers;
  if (depth != 0 || place.empty()) return Text::kAny;
  if (is(place, {"recording", "spikes"})) return Text::kNames;
  if (is(place, {"inputs", "*", "onset_steps"})) return Text::kNumbers;
  if (place.back() == "allow_self") return Text::kBool;
  constexpr std::string_view kWords[] = {"name",     "notes",      "model",   "method",
                                         "source",   "target",     "type",    "rule",
                                         "run_mode", "population", "variable"};
  const bool word =
      std::find(std::begin(kWords), std::end(kWords), place.back()) != std::end(kWords);
  return word ? Text::kWord : Text::kAny;
}

// A number as a number (nan and inf included, for the reader to name), anything else as text,
// which the field's reader then refuses ("expected a number, got \"abc\"").
Json setting_scalar(std::string_view text) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  if (first == last) return std::string(text);
  const auto whole = [&](std::from_chars_result result) {
    return result.ptr == last && result.ec == std::errc();
  };
  if (std::int64_t i = 0; whole(std::from_chars(first, last, i))) return i;
  if (std::uint64_t u = 0; whole(std::from_chars(first, last, u))) return u;
  double d = 0;
  const std::from_chars_result result = std::from_chars(first, last, d);
  if (result.ptr != last) return std::string(text);
  if (result.ec == std::errc::result_out_of_range) {
    // Beyond the doubles: what strtod makes of it (+-inf, or 0 for an underflow), so that the
    // value is named instead of the text being taken for a word.
    d = std::strtod(std::string(first, last).c_str(), nullptr);
  }
  return d;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

Json text_value(std::string_view text, const std::string& path) {
  // A file holds UTF-8 only: text that is not would be altered by saving, so refuse it here.
  Json value = std::string(text);
  try {
    (void)value.dump();
  } catch (const Json::type_error&) {
    refuse(path, "expected UTF-8 text, got invalid bytes");
  }
  return value;
}

Json setting_value(Text kind, std::string_view text, const std::string& path) {
  text = trimmed(text);
  if (kind == Text::kWord) return text_value(text, path);
  if (kind == Text::kBool && (text == "true" || text == "false")) return text == "true";
  if (!text.empty() && (text.front() == '[' || text.front() == '{')) {
    try {
      return json_input::parse_json(text);
    } catch (const ExperimentFileError& error) {
      refuse(path, error.what());
    }
  }
  if (kind == Text::kNames && text == "all") return "all";
  if (kind != Text::kNumbers && kind != Text::kNames) return setting_scalar(text);
  Json list = Json::array();
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view entry = trimmed(text.substr(0, comma));
    list.push_back(kind == Text::kNames ? text_value(entry, path) : setting_scalar(entry));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return list;
}

std::string shown(const std::string& name) {
  const bool plain = std::none_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == 0x7f;
  });
  return plain ? name : describe(Json(name));
}

std::string names_in(const Json& list) {
  std::string names;
  for (const Json& element : list) {
    const auto name = element.find("name");
    if (name == element.end() || !name->is_string()) continue;
    if (!names.empty()) names += ", ";
    names += shown(name->get<std::string>());
  }
  return names.empty() ? "none" : names;
}

std::string joined(const std::vector<std::string_view>& words) {
  std::string text;
  for (const std::string_view word : words) {
    if (word == "format" || word == "version") continue;
    if (!text.empty()) text += ", ";
    text += word;
  }
  return text;
}

// The entry of a list that a segment names; may be one past the end (appending) when last.
std::size_t list_entry(const Json& list, const Place& place, const Segment& segment, bool last,
                       const std::string& typed, const std::string& prefix) {
  const bool named = place.size() == 1 && (place[0] == "populations" || place[0] == "projections" ||
                                           place[0] == "inputs");
  std::optional<std::size_t> index = segment.index;
  if (!index && named) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto name = list[i].find("name");
      if (name != list[i].end() && *name == segment.text) return i;
    }
    const std::string kind = place[0].substr(0, place[0].size() - 1);
    refuse(typed, "no " + kind + " named " + shown(segment.text) + "; " + place[0] + ": " +
                      names_in(list));
  }
  if (!index && !segment.quoted) {
    std::size_t number = 0;
    const char* end = segment.text.data() + segment.text.size();
    const auto result = std::from_chars(segment.text.data(), end, number);
    if (result.ptr == end && result.ec == std::errc()) index = number;
  }
  if (!index)
    refuse(typed, "no such setting; " + prefix +
                      " is a list: name an entry by its "
                      "index, as in " +
                      prefix + "[0]");
  if (*index > list.size() || (*index == list.size() && !last)) {
    refuse(typed, "no such entry; " + prefix + " has " + std::to_string(list.size()) +
                      (list.size() == 1 ? " entry" : " entries"));
  }
  return *index;
}

// Puts the setting's value into the document.
void set_in_document(Json& document, const Setting& setting) {
  const std::vector<Segment> segments = split_path(setting.key);
  if (segments[0].text == "format" || segments[0].text == "version") {
    refuse(segments[0].text, "not a setting; saving writes it");
  }
  Json* node = &document;
  Json* parent = nullptr;
  Place place;
  std::string prefix = "the experiment";
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const Segment& segment = segments[k];
    const bool last = k + 1 == segments.size();
    const std::string typed = setting.key.substr(0, segment.end);
    if (node->is_object() && !segment.index) {
      const auto it = node->find(segment.text);
      if (it != node->end()) {
        parent = node;
        node = &*it;
      } else {
        const auto allowed = allowed_keys(place, *node);
        const bool may =
            !allowed || std::find(allowed->begin(), allowed->end(), segment.text) != allowed->end();
        if (!may) {
          const std::string there =
              allowed && !allowed->empty() ? "; " + prefix + " has: " + joined(*allowed) : "";
          refuse(typed, "no such setting" + there);
        }
        // A field the file may hold but does not, or an object on the way to one (initial).
        parent = node;
        node = &((*node)[segment.text] = last ? Json(nullptr) : Json::object());
      }
      place.push_back(segment.text);
    } else if (node->is_array()) {
      const std::size_t index = list_entry(*node, place, segment, last, typed, prefix);
      if (index == node->size()) node->push_back(nullptr);
      parent = nullptr;
      node = &(*node)[index];
      place.emplace_back("*");
    } else {
      refuse(typed, "no such setting; " + prefix + " is " + describe(*node) +
                        (node->is_object() ? "" : ", which has no fields"));
    }
    prefix = setting.key.substr(0, segment.end);
  }
  *node = setting_value(text_kind(place), setting.value, setting.key);
  // The alternatives a setting chooses between.
  if (parent != nullptr && place.size() == 3) {
    const std::string& key = place[2];
    if (place[0] == "inputs" && (key == "onset_max_steps" || key == "seed")) {
      parent->erase("onset_steps");
    }
    if (place[0] == "projections" && key == "delay_ms") parent->erase("delay_steps");
    if (place[0] == "projections" && key == "delay_steps") parent->erase("delay_ms");
  }
}

void list_keys(const Json& node, const std::string& path, Place& place,
               std::vector<std::string>& keys) {
  const std::size_t depth = value_depth(place);
  if (depth != 0 && place.size() == depth) keys.push_back(path);  // the value as a whole
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (place.empty() && (key == "format" || key == "version")) continue;
      place.push_back(key);
      list_keys(value, json_input::child(path, key), place, keys);
      place.pop_back();
    }
    return;
  }
  const bool objects = node.is_array() && std::any_of(node.begin(), node.end(),
                                                      [](const Json& v) { return v.is_object(); });
  if (!objects) {
    if (depth == 0 || place.size() != depth) keys.push_back(path);
    return;
  }
  const bool named = place.size() == 1 && place[0] != "recording";
  if (!named) keys.push_back(path);
  place.emplace_back("*");
  for (std::size_t i = 0; i < node.size(); ++i) {
    std::string entry = path + "[" + std::to_string(i) + "]";
    const auto name = node[i].find("name");
    if (named && name != node[i].end() && name->is_string()) {
      const std::string text = name->get<std::string>();
      const bool dotted =
          !text.empty() && text.find_first_of(".[]\"") == std::string::npos && text == shown(text);
      entry = dotted ? path + "." + text : path + "[" + name->dump() + "]";
    }
    list_keys(node[i], entry, place, keys);
  }
  place.pop_back();
}

}  // namespace

void apply_setting(Experiment& experiment, std::string_view key, std::string_view value) {
  apply_settings(experiment, {Setting{std::string(key), std::string(value)}});
}

void apply_settings(Experiment& experiment, const std::vector<Setting>& settings) {
  Json document = experiment_json::write_experiment(experiment);
  for (const Setting& setting : settings) set_in_document(document, setting);
  std::vector<std::string> warnings;
  Experiment changed = experiment_json::read_experiment(document, warnings);
  if (!warnings.empty()) {
    // A whole object given with a key of its own, or keys left over by a new type.
    std::string warning = warnings.front();
    const std::size_t end = warning.rfind(", ignored");
    if (end != std::string::npos) warning.erase(end);
    refuse(warning.substr(0, warning.find(": ")),
           warning.substr(warning.find(": ") + 2) + "; settings take only what a file may hold");
  }
  try {
    validate(changed);
  } catch (const ExperimentFileError&) {
    throw;
  } catch (const ParameterError& error) {
    throw ExperimentFileError(error.what(), ExperimentFileError::Kind::kMeaning);
  }
  experiment = std::move(changed);
}

std::vector<std::string> setting_keys(const Experiment& experiment) {
  std::vector<std::string> keys;
  Place place;
  list_keys(experiment_json::write_experiment(experiment), "", place, keys);
  return keys;
}

}  // namespace spikescope
