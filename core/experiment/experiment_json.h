#pragma once
// Inside the core: the version-2 document as JSON, both ways (experiment_reader.cpp,
// experiment_writer.cpp), for experiment_file.cpp, the settings (which edit the document and read
// it back, so that a setting is refused with the words a file gets) and the version-1 migration.
#include <string>
#include <vector>

#include "experiment/experiment.h"
#include "experiment/json_input.h"

namespace spikescope::experiment_json {

using json_input::Json;

// The experiment in a version-2 document whose format and version were checked. Refuses with
// ExperimentFileError (kind kStructure, or kMeaning for names used twice); does not validate.
// Unknown keys and the like go to `warnings`.
Experiment read_experiment(const Json& document, std::vector<std::string>& warnings);
// Every field in the documented order (experiment_keys.h).
Json write_experiment(const Experiment& experiment);

ValueSpec read_value(const Json& value, const std::string& path,
                     std::vector<std::string>& warnings);
// Elements of the lists, `index` naming them in messages until their name is known.
PopulationSpec read_population(const Json& value, std::size_t index,
                               std::vector<std::string>& warnings);
ProjectionSpec read_projection(const Json& value, std::size_t index,
                               std::vector<std::string>& warnings);
InputSpec read_input(const Json& value, std::size_t index, std::vector<std::string>& warnings);
Json write_value(const ValueSpec& value);

// The names the reader gives elements without one.
std::string default_name(const ProjectionSpec& projection);  // "<source>-><target>"
std::string default_name(const InputSpec& input);            // "<type>-><target>"
// A probe of state variable 0 on neuron 0 of each of the first two populations: what an
// experiment records when its file does not say.
std::vector<ProbeSpec> default_probes(const NetworkSpec& network);

// Throws ExperimentFileError of kind kStructure with a ParameterError's message: the core's
// checks of model, method and key names, used by the reader for what the schema also says.
template <typename Function>
auto as_structure(Function&& function) {
  try {
    return function();
  } catch (const ExperimentFileError&) {
    throw;
  } catch (const ParameterError& error) {
    throw ExperimentFileError(error.what(), ExperimentFileError::Kind::kStructure);
  }
}

}  // namespace spikescope::experiment_json
