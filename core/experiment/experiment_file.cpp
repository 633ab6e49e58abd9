#include "experiment/experiment_file.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>

#include "io/atomic_file.h"
#include "experiment/json_input.h"

namespace spikescope {
namespace {

using json_input::describe;
using json_input::Json;
using json_input::read_integer;
using json_input::read_integer_list;
using json_input::read_number;
using json_input::read_string;
using json_input::refuse;

// How a setting's text becomes a JSON value before the file's reader checks it.
enum class Kind { kNumber, kText, kList };
enum class Presence { kRequired, kOptional, kRequiredToDrawOnsets };

struct Field {
  const char* path;
  Kind kind;
  Presence presence;
  void (*read)(Experiment&, const Json&, const std::string& path);
};

constexpr std::int32_t kMaxOnset = std::numeric_limits<std::int32_t>::max();

// Every field of the format, in file order. Reading sets only that field; validate(Experiment)
// checks the combination afterwards.
const Field kFields[] = {
    {"name", Kind::kText, Presence::kOptional,
     [](Experiment& e, const Json& v, const std::string& p) { e.name = read_string(v, p); }},
    {"notes", Kind::kText, Presence::kOptional,
     [](Experiment& e, const Json& v, const std::string& p) { e.notes = read_string(v, p); }},
    {"model.integration", Kind::kText, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       const std::string mode = read_string(v, p);
       if (mode != "notebook" && mode != "exact") {
         refuse(p, "expected \"notebook\" or \"exact\", got " + describe(v));
       }
       e.mode = integration_mode_from_string(p.c_str(), mode.c_str());
     }},
    {"model.neuron.membrane_resistance_kohm", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.neuron.membrane_resistance_kohm = read_number(v, p);
     }},
    {"model.neuron.membrane_capacitance_uf", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.neuron.membrane_capacitance_uf = read_number(v, p);
     }},
    {"model.neuron.refractory_ms", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.neuron.refractory_ms = read_number(v, p);
     }},
    {"model.neuron.threshold_v", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.neuron.threshold_v = read_number(v, p);
     }},
    {"model.neuron.spike_height_v", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.neuron.spike_height_v = read_number(v, p);
     }},
    {"model.neuron.reset_v", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.neuron.reset_v = read_number(v, p);
     }},
    {"model.layer_sizes", Kind::kList, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       if (v.is_array() && v.empty()) refuse(p, "need at least one layer");
       e.layer_sizes = read_integer_list<std::uint32_t>(
           v, p, 1, static_cast<std::uint32_t>(kMaxLayerSize), kMaxLayers);
     }},
    {"model.weight", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) { e.weight = read_number(v, p); }},
    {"stimulus.amplitude", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.input_amplitude = read_number(v, p);
     }},
    {"stimulus.onset_max_steps", Kind::kNumber, Presence::kRequiredToDrawOnsets,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.onsets.max_steps = read_integer<std::int32_t>(v, p, 0, kMaxOnset);
     }},
    {"stimulus.onset_steps", Kind::kList, Presence::kOptional,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.onsets.explicit_steps = read_integer_list<std::int32_t>(v, p, 0, kMaxOnset, kMaxLayerSize);
     }},
    {"simulation.dt_ms", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) { e.dt_ms = read_number(v, p); }},
    {"simulation.steps", Kind::kNumber, Presence::kRequired,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.steps = read_integer<std::int64_t>(v, p, 1, kMaxTrialSteps);
     }},
    {"simulation.seed", Kind::kNumber, Presence::kRequiredToDrawOnsets,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.onsets.seed = read_integer<std::uint64_t>(v, p, 0);
     }},
    {"view.run_mode", Kind::kText, Presence::kOptional,
     [](Experiment& e, const Json& v, const std::string& p) {
       const std::string mode = read_string(v, p);
       if (mode != "trial" && mode != "live") {
         refuse(p, "expected \"trial\" or \"live\", got " + describe(v));
       }
       e.view.run_mode = mode == "live" ? RunMode::kLive : RunMode::kTrial;
     }},
    {"view.selected_neuron", Kind::kNumber, Presence::kOptional,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.view.selected_neuron = read_integer<std::uint32_t>(v, p, 0);
     }},
    {"view.live_window_ms", Kind::kNumber, Presence::kOptional,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.view.live_window_ms = read_number(v, p);
     }},
    {"view.live_speed", Kind::kNumber, Presence::kOptional,
     [](Experiment& e, const Json& v, const std::string& p) {
       e.view.live_speed = read_number(v, p);
     }},
};

const std::string_view kBlocks[] = {"model", "model.neuron", "stimulus", "simulation", "view"};

const Field* find_field(std::string_view path) {
  for (const Field& field : kFields) {
    if (path == field.path) return &field;
  }
  return nullptr;
}

// The value at a dotted path, or nullptr if it or a block on the way is missing. A block that is
// not an object is an error whether or not the field is required.
const Json* find_value(const Json& document, std::string_view path, std::string* missing_at) {
  const Json* node = &document;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    const auto it = node->find(key);
    if (it == node->end()) {
      *missing_at = std::string(path.substr(0, dot));
      return nullptr;
    }
    node = &*it;
    if (dot == std::string_view::npos) return node;
    if (!node->is_object()) {
      refuse(std::string(path.substr(0, dot)), "expected an object, got " + describe(*node));
    }
    start = dot + 1;
  }
}

void warn_unknown_keys(const Json& object, const std::string& prefix,
                       std::vector<std::string>& warnings) {
  for (const auto& [key, value] : object.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (find_field(path) != nullptr || path == "format" || path == "version") continue;
    if (std::find(std::begin(kBlocks), std::end(kBlocks), path) != std::end(kBlocks)) {
      warn_unknown_keys(value, path, warnings);
    } else {
      warnings.push_back(path + ": unknown key, ignored");
    }
  }
}

void check_format_and_version(const Json& document) {
  const auto format = document.find("format");
  if (format == document.end()) {
    refuse("format", "required field is missing (expected \"" + std::string(kExperimentFormat) +
                         "\"); is this a Spikescope experiment?");
  }
  if (!format->is_string() || format->get<std::string>() != kExperimentFormat) {
    refuse("format",
           "expected \"" + std::string(kExperimentFormat) + "\", got " + describe(*format));
  }
  const auto version = document.find("version");
  if (version == document.end()) refuse("version", "required field is missing");
  const int number = read_integer<int>(*version, "version", 1);
  if (number != kExperimentFormatVersion) {
    refuse("version", "this program reads version " + std::to_string(kExperimentFormatVersion) +
                          " files, got version " + std::to_string(number));
  }
}

void validate_for_file(const Experiment& experiment) {
  try {
    validate(experiment);
  } catch (const ParameterError& error) {
    throw ExperimentFileError(error.what());
  }
}

// A setting's text as JSON: numbers as numbers (nan and inf included, for validation to name),
// anything else as a string, which the field's reader then refuses with "expected a number".
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
    // Beyond the doubles: what strtod makes of it (+-inf, or 0 for an underflow), so that
    // validation names the value instead of the text being taken for a word.
    d = std::strtod(std::string(first, last).c_str(), nullptr);
  }
  return d;
}

Json setting_value(Kind kind, std::string_view text, const std::string& path) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (kind == Kind::kText) {
    // A file holds UTF-8 only: text that is not would be altered by saving, so refuse it here.
    Json value = std::string(text);
    try {
      (void)value.dump();
    } catch (const Json::type_error&) {
      refuse(path, "expected UTF-8 text, got invalid bytes");
    }
    return value;
  }
  if (kind == Kind::kNumber) return setting_scalar(text);
  if (!text.empty() && text.front() == '[') {
    try {
      return json_input::parse_json(text);
    } catch (const ExperimentFileError& error) {
      refuse(path, error.what());
    }
  }
  Json list = Json::array();
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    list.push_back(setting_scalar(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return list;
}

}  // namespace

LoadedExperiment parse_experiment(std::string_view json_text) {
  LoadedExperiment loaded;
  const Json document = json_input::parse_json(json_text, &loaded.warnings);
  if (!document.is_object()) {
    throw ExperimentFileError("expected a JSON object at the top level, got " + describe(document));
  }
  check_format_and_version(document);
  loaded.experiment.name.clear();
  std::string missing_at;
  const bool onsets_listed = find_value(document, "stimulus.onset_steps", &missing_at) != nullptr;
  for (const Field& field : kFields) {
    const Json* value = find_value(document, field.path, &missing_at);
    if (value != nullptr) {
      field.read(loaded.experiment, *value, field.path);
    } else if (field.presence == Presence::kRequired ||
               (field.presence == Presence::kRequiredToDrawOnsets && !onsets_listed)) {
      std::string reason = missing_at == field.path ? "required field is missing"
                                                    : "required block is missing (it holds " +
                                                          std::string(field.path) + ")";
      if (field.presence == Presence::kRequiredToDrawOnsets) {
        reason += "; it draws the onsets unless stimulus.onset_steps lists them";
      }
      refuse(missing_at, reason);
    }
  }
  if (!onsets_listed) loaded.experiment.onsets.explicit_steps.reset();
  validate_for_file(loaded.experiment);
  warn_unknown_keys(document, "", loaded.warnings);
  return loaded;
}

LoadedExperiment load_experiment_file(const std::filesystem::path& path) {
  const std::string text = json_input::read_bounded_file(path);
  try {
    LoadedExperiment loaded = parse_experiment(text);
    if (loaded.experiment.name.empty()) loaded.experiment.name = path.stem().string();
    for (std::string& warning : loaded.warnings) warning = path.string() + ": " + warning;
    return loaded;
  } catch (const ExperimentFileError& error) {
    throw ExperimentFileError(path.string() + ": " + error.what());
  }
}

std::string serialize_experiment(const Experiment& e) {
  Json neuron;
  neuron["membrane_resistance_kohm"] = e.neuron.membrane_resistance_kohm;
  neuron["membrane_capacitance_uf"] = e.neuron.membrane_capacitance_uf;
  neuron["refractory_ms"] = e.neuron.refractory_ms;
  neuron["threshold_v"] = e.neuron.threshold_v;
  neuron["spike_height_v"] = e.neuron.spike_height_v;
  neuron["reset_v"] = e.neuron.reset_v;
  Json model;
  model["integration"] = to_string(e.mode);
  model["neuron"] = std::move(neuron);
  model["layer_sizes"] = e.layer_sizes;
  model["weight"] = e.weight;
  Json stimulus;
  stimulus["amplitude"] = e.input_amplitude;
  stimulus["onset_max_steps"] = e.onsets.max_steps;
  if (e.onsets.explicit_steps) stimulus["onset_steps"] = *e.onsets.explicit_steps;
  Json simulation;
  simulation["dt_ms"] = e.dt_ms;
  simulation["steps"] = e.steps;
  simulation["seed"] = e.onsets.seed;
  Json view;
  view["run_mode"] = e.view.run_mode == RunMode::kLive ? "live" : "trial";
  view["selected_neuron"] = e.view.selected_neuron;
  view["live_window_ms"] = e.view.live_window_ms;
  view["live_speed"] = e.view.live_speed;

  Json document;
  document["format"] = kExperimentFormat;
  document["version"] = kExperimentFormatVersion;
  document["name"] = e.name;
  document["notes"] = e.notes;
  document["model"] = std::move(model);
  document["stimulus"] = std::move(stimulus);
  document["simulation"] = std::move(simulation);
  document["view"] = std::move(view);
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

void save_experiment_file(const std::filesystem::path& path, const Experiment& experiment) {
  validate(experiment);
  write_file_atomically(path, serialize_experiment(experiment));
}

void apply_setting(Experiment& experiment, std::string_view key, std::string_view value) {
  apply_settings(experiment, {Setting{std::string(key), std::string(value)}});
}

void apply_settings(Experiment& experiment, const std::vector<Setting>& settings) {
  Experiment changed = experiment;
  for (const Setting& setting : settings) {
    const Field* field = find_field(setting.key);
    if (field == nullptr) throw ExperimentFileError(setting.key + ": no such setting");
    field->read(changed, setting_value(field->kind, setting.value, setting.key), setting.key);
    if (setting.key == "stimulus.onset_max_steps" || setting.key == "simulation.seed") {
      changed.onsets.explicit_steps.reset();
    }
  }
  validate_for_file(changed);
  experiment = std::move(changed);
}

std::vector<std::string> setting_keys() {
  std::vector<std::string> keys;
  for (const Field& field : kFields) keys.emplace_back(field.path);
  return keys;
}

std::vector<std::int32_t> parse_onset_list(std::string_view json_text) {
  const Json document = json_input::parse_json(json_text);
  if (document.is_object()) {
    const auto offsets = document.find("offsets");
    if (offsets == document.end()) {
      throw ExperimentFileError("offsets: required field is missing");
    }
    return read_integer_list<std::int32_t>(*offsets, "offsets", 0, kMaxOnset, kMaxLayerSize);
  }
  return read_integer_list<std::int32_t>(document, "offsets", 0, kMaxOnset, kMaxLayerSize);
}

std::vector<std::int32_t> load_onset_file(const std::filesystem::path& path) {
  const std::string text = json_input::read_bounded_file(path);
  try {
    return parse_onset_list(text);
  } catch (const ExperimentFileError& error) {
    throw ExperimentFileError(path.string() + ": " + error.what());
  }
}

}  // namespace spikescope
