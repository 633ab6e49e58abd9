// Test helper for check_experiment_schema.py (and for people converting files), not a test:
//   experiment_tool schema             the JSON Schema the core generates (schema.h)
//   experiment_tool outcome FILE...    one JSON line per file: what the reader makes of it
//   experiment_tool convert FILE       the file as version 2, as saving writes it
//   experiment_tool cuba               the CUBA preset as saving writes it (resources/presets)
// An outcome line is {"file": ..., "accepted": true, "version": 1|2, "unknown_keys": bool} or
// {"file": ..., "accepted": false, "kind": "text"|"structure"|"meaning"|"file", "message": ...,
// "unknown_keys": bool}. unknown_keys: the reader warned about a key it does not know; for a file
// refused for its meaning, what the structural reading (before validation) warned about.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "experiment/experiment_file.h"
#include "experiment/experiment_json.h"
#include "experiment/json_input.h"
#include "experiment/schema.h"
#include "run/cuba_network.h"

using namespace spikescope;

namespace {

const char* kind_name(ExperimentFileError::Kind kind) {
  switch (kind) {
    case ExperimentFileError::Kind::kText:
      return "text";
    case ExperimentFileError::Kind::kStructure:
      return "structure";
    case ExperimentFileError::Kind::kMeaning:
      return "meaning";
    case ExperimentFileError::Kind::kFile:
      return "file";
  }
  return "?";
}

bool warns_unknown(const std::vector<std::string>& warnings) {
  for (const std::string& warning : warnings) {
    if (warning.ends_with(": unknown key, ignored")) return true;
  }
  return false;
}

// The warnings of the reading before validation (a version-2 file whose structure is sound).
bool structure_warns_unknown(const std::string& file) {
  std::vector<std::string> warnings;
  const json_input::Json document =
      json_input::parse_json(json_input::read_bounded_file(file), &warnings);
  if (document.value("version", 0) != 2) return false;
  (void)experiment_json::read_experiment(document, warnings);
  return warns_unknown(warnings);
}

nlohmann::json outcome(const std::string& file) {
  nlohmann::json line;
  line["file"] = file;
  try {
    const LoadedExperiment loaded = load_experiment_file(file);
    line["accepted"] = true;
    line["version"] = loaded.version_read;
    line["unknown_keys"] = warns_unknown(loaded.warnings);
  } catch (const ExperimentFileError& error) {
    line["accepted"] = false;
    line["kind"] = kind_name(error.kind());
    line["message"] = error.what();
    line["unknown_keys"] =
        error.kind() == ExperimentFileError::Kind::kMeaning && structure_warns_unknown(file);
  }
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "schema" && argc == 2) {
    std::cout << experiment_schema_json();
    return 0;
  }
  if (command == "outcome") {
    for (int i = 2; i < argc; ++i) {
      std::cout << outcome(argv[i]).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace)
                << "\n";
    }
    return 0;
  }
  if (command == "convert" && argc == 3) {
    try {
      const LoadedExperiment loaded = load_experiment_file(argv[2]);
      std::cout << serialize_experiment(loaded.experiment);
      return 0;
    } catch (const ExperimentFileError& error) {
      std::cerr << error.what() << "\n";
      return 2;
    }
  }
  if (command == "cuba" && argc == 2) {
    std::cout << serialize_experiment(cuba_experiment());
    return 0;
  }
  std::cerr << "usage: experiment_tool schema | outcome FILE... | convert FILE | cuba\n";
  return 2;
}
