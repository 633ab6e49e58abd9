#include "experiment/experiment_file.h"

#include <limits>

#include "experiment/experiment_json.h"
#include "experiment/experiment_v1.h"
#include "io/atomic_file.h"
#include "network/validate_network.h"

namespace spikescope {
namespace {

using json_input::describe;
using json_input::Json;
using json_input::read_integer;
using json_input::read_integer_list;
using json_input::refuse;
using Kind = ExperimentFileError::Kind;

constexpr std::int32_t kMaxOnset = std::numeric_limits<std::int32_t>::max();

void check_format(const Json& document) {
  const auto format = document.find("format");
  if (format == document.end()) {
    refuse("format", "required field is missing (expected \"" + std::string(kExperimentFormat) +
                         "\"); is this a Spikescope experiment?");
  }
  if (!format->is_string() || format->get<std::string>() != kExperimentFormat) {
    refuse("format",
           "expected \"" + std::string(kExperimentFormat) + "\", got " + describe(*format));
  }
}

int read_version(const Json& document) {
  const auto version = document.find("version");
  if (version == document.end()) refuse("version", "required field is missing");
  const int number = read_integer<int>(*version, "version", 1);
  if (number > kExperimentFormatVersion) {
    refuse("version", "this program reads version 1 and 2 files, got version " +
                          std::to_string(number) + " (written by a newer Spikescope?)");
  }
  return number;
}

}  // namespace

LoadedExperiment parse_experiment(std::string_view json_text) {
  LoadedExperiment loaded;
  const Json document = json_input::parse_json(json_text, &loaded.warnings);
  if (!document.is_object()) {
    throw ExperimentFileError("expected a JSON object at the top level, got " + describe(document),
                              Kind::kStructure);
  }
  check_format(document);
  loaded.version_read = read_version(document);
  if (loaded.version_read == 1) {
    loaded.experiment = read_version1_experiment(document, loaded.warnings);
    loaded.warnings.emplace_back(kMigratedNote);
  } else {
    loaded.experiment = experiment_json::read_experiment(document, loaded.warnings);
  }
  try {
    validate(loaded.experiment);
  } catch (const ParameterError& error) {
    const std::string message = error.what();
    throw ExperimentFileError(loaded.version_read == 1 ? version1_message(message) : message,
                              Kind::kMeaning);
  }
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
    throw ExperimentFileError(path.string() + ": " + error.what(), error.kind());
  }
}

std::string serialize_experiment(const Experiment& experiment) {
  return experiment_json::write_experiment(experiment)
             .dump(2, ' ', false, Json::error_handler_t::replace) +
         "\n";
}

void save_experiment_file(const std::filesystem::path& path, const Experiment& experiment) {
  validate(experiment);
  write_file_atomically(path, serialize_experiment(experiment));
}

Experiment normalized(const Experiment& experiment) {
  try {
    std::vector<std::string> warnings;
    Experiment result =
        experiment_json::read_experiment(experiment_json::write_experiment(experiment), warnings);
    result.name = experiment.name;
    return result;
  } catch (const ExperimentFileError&) {
    return experiment;  // not something a file can hold: validation will say why
  }
}

std::vector<std::int32_t> parse_onset_list(std::string_view json_text) {
  const Json document = json_input::parse_json(json_text);
  if (document.is_object()) {
    const auto offsets = document.find("offsets");
    if (offsets == document.end()) refuse("offsets", "required field is missing");
    return read_integer_list<std::int32_t>(*offsets, "offsets", 0, kMaxOnset, kMaxPopulationSize);
  }
  return read_integer_list<std::int32_t>(document, "offsets", 0, kMaxOnset, kMaxPopulationSize);
}

std::vector<std::int32_t> load_onset_file(const std::filesystem::path& path) {
  const std::string text = json_input::read_bounded_file(path);
  try {
    return parse_onset_list(text);
  } catch (const ExperimentFileError& error) {
    throw ExperimentFileError(path.string() + ": " + error.what(), error.kind());
  }
}

}  // namespace spikescope
