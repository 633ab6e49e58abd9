// spikesim models and spikesim neuron: the model registry, and one neuron of a model under a
// step current (the protocol every model tutorial starts with).
#include <cmath>
#include <ostream>
#include <sstream>

#include "argument_scanner.h"
#include "io/atomic_file.h"
#include "io/model_catalog.h"
#include "io/trace_csv.h"
#include "model/model_registry.h"
#include "network/network.h"
#include "spikesim_cli.h"

namespace spikescope::cli {
namespace {

constexpr std::int64_t kMaxNeuronSteps = 100'000'000;

struct NeuronOptions {
  std::string model;
  std::string method;
  std::vector<std::pair<std::string, std::string>> settings;  // parameter key, value text
  std::optional<double> current;
  double current_onset_ms = 0.0;
  std::optional<double> duration_ms;
  std::optional<double> dt_ms;
  std::filesystem::path spikes_csv;
  std::filesystem::path trace_csv;
};

NeuronOptions parse_neuron_options(const std::vector<std::string>& args) {
  NeuronOptions options;
  ArgumentScanner scan(args);
  while (scan.next()) {
    const std::string& name = scan.name();
    if (name == "--model") {
      options.model = scan.value();
    } else if (name == "--method") {
      // An empty method would quietly mean the model's default.
      options.method = scan.value();
      if (options.method.empty()) {
        throw UsageError("--method needs a method name, got an empty one (see spikesim models)");
      }
    } else if (name == "--set") {
      const std::string assignment = scan.value();
      const std::size_t equals = assignment.find('=');
      if (equals == std::string::npos || equals == 0) {
        throw UsageError("--set expects KEY=VALUE, got '" + assignment + "'");
      }
      options.settings.emplace_back(assignment.substr(0, equals), assignment.substr(equals + 1));
    } else if (name == "--current") {
      options.current = parse_number(name, scan.value());
    } else if (name == "--current-onset-ms") {
      options.current_onset_ms = parse_number(name, scan.value());
      if (options.current_onset_ms < 0) throw UsageError(name + ": must not be negative");
    } else if (name == "--duration-ms") {
      options.duration_ms = parse_number(name, scan.value());
    } else if (name == "--dt-ms") {
      options.dt_ms = parse_number(name, scan.value());
      if (!(*options.dt_ms > 0)) throw UsageError(name + ": must be greater than 0");
    } else if (name == "--spikes-csv") {
      options.spikes_csv = scan.file_name();
    } else if (name == "--trace-csv") {
      options.trace_csv = scan.file_name();
    } else {
      throw UsageError("unknown option " + name + " for 'spikesim neuron'");
    }
  }
  if (options.model.empty()) throw UsageError("--model NAME is required (see spikesim models)");
  if (!options.current) throw UsageError("--current I is required");
  if (!options.duration_ms) throw UsageError("--duration-ms T is required");
  if (!options.dt_ms) throw UsageError("--dt-ms DT is required");
  if (options.spikes_csv.empty()) throw UsageError("--spikes-csv OUT is required");
  if (options.spikes_csv == options.trace_csv) {
    throw UsageError("--spikes-csv and --trace-csv name the same file");
  }
  return options;
}

// One population of one neuron, a step current from the onset on, every state variable probed.
NetworkSpec neuron_network(const NeuronOptions& options, const ModelDescriptor& model) {
  NetworkSpec spec;
  spec.dt_ms = *options.dt_ms;
  PopulationSpec neuron;
  neuron.name = "neuron";
  neuron.model = options.model;
  neuron.method = options.method;
  for (const auto& [key, text] : options.settings) {
    if (model.parameter_index(key) == ModelDescriptor::npos) {
      std::string known;
      for (const ParameterDescriptor& p : model.parameters) {
        known += (known.empty() ? "" : ", ") + std::string(p.key);
      }
      throw UsageError("--set " + key + ": no parameter " + key + " in model " + options.model +
                       "; its parameters: " + known);
    }
    neuron.set_parameter(key, parse_number("--set " + key, text));
  }
  spec.populations.push_back(std::move(neuron));
  if (!model.spike_source) {
    InputSpec step;
    step.name = "step";
    step.target = "neuron";
    step.kind = DcInput{*options.current, options.current_onset_ms, std::nullopt};
    spec.inputs.push_back(std::move(step));
  }
  return spec;
}

}  // namespace

// Refusals of the one-neuron network name the option, not the file path they would have.
void refuse_as_option(const ParameterError& error) {
  std::string message = error.what();
  const std::string parameters = "populations[\"neuron\"].parameters.";
  const std::string population = "populations[\"neuron\"].";
  if (message.rfind(parameters, 0) == 0) {
    message = "--set " + message.substr(parameters.size());
  } else if (message.rfind(population, 0) == 0) {
    message = "--" + message.substr(population.size());
  } else if (message.rfind("simulation.dt_ms", 0) == 0) {
    message = "--dt-ms" + message.substr(16);
  } else if (message.rfind("inputs[\"step\"].amplitude", 0) == 0) {
    message = "--current" + message.substr(24);
  }
  throw ParameterError(message);
}

int models_command(const std::vector<std::string>& args, std::ostream& out) {
  bool json = false;
  ArgumentScanner scan(args);
  while (scan.next()) {
    if (scan.name() != "--json")
      throw UsageError("unknown option " + scan.name() + " for 'spikesim models'");
    scan.no_value();
    json = true;
  }
  out << (json ? model_catalog_json() : model_catalog_text());
  return kExitOk;
}

int neuron_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const NeuronOptions options = parse_neuron_options(args);
  const ModelDescriptor& model = model_named(options.model, "--model");
  const double steps_real = std::round(*options.duration_ms / *options.dt_ms);
  if (!(steps_real >= 1) || steps_real > kMaxNeuronSteps) {
    std::ostringstream got;  // shortest form: 1e300 ms is "1e+304 steps", not 305 digits
    got << steps_real;
    throw UsageError("--duration-ms: must be 1 to " + std::to_string(kMaxNeuronSteps) +
                     " steps of --dt-ms, got " + got.str() + " steps");
  }
  const auto steps = static_cast<std::int64_t>(steps_real);
  const NetworkSpec spec = neuron_network(options, model);
  RecordingConfig recording;
  recording.probes.clear();
  for (std::uint32_t v = 0; v < model.state.size(); ++v) recording.probes.push_back({0, 0, v});
  recording.capacity_steps = static_cast<std::size_t>(steps) + 1;
  recording.spike_events = true;
  recording.event_capacity = std::numeric_limits<std::size_t>::max();
  std::unique_ptr<Network> network;
  try {
    network = std::make_unique<Network>(spec, recording);
  } catch (const ParameterError& error) {
    refuse_as_option(error);
  }
  // The one-neuron network is the command's own: its warnings name no population the user made.
  const std::string population = "populations[\"neuron\"]: ";
  for (const std::string& warning : network->warnings()) {
    err << "spikesim: warning: "
        << (warning.rfind(population, 0) == 0 ? warning.substr(population.size()) : warning)
        << "\n";
  }
  check_output_path(options.spikes_csv);
  if (!options.trace_csv.empty()) check_output_path(options.trace_csv);
  network->advance(steps);
  const Recorder& recorder = network->recorder();
  const double dt = *options.dt_ms;
  // The trace inside the spikes file's writer: a trace that cannot be written leaves no new
  // spikes file either.
  write_file_atomically(options.spikes_csv, [&](std::ostream& csv) {
    if (!options.trace_csv.empty()) {
      write_file_atomically(options.trace_csv, [&](std::ostream& trace) {
        write_state_trace_csv(trace, recorder, dt, model);
      });
    }
    write_neuron_spikes_csv(csv, recorder, dt);
  });
  out << options.model << ": "
      << plural(static_cast<std::int64_t>(recorder.events().size()), "spike") << " in "
      << *options.duration_ms << " ms (" << steps << " steps of " << dt
      << " ms), I = " << *options.current << " " << model.current_unit << " from "
      << options.current_onset_ms << " ms\n";
  return kExitOk;
}

}  // namespace spikescope::cli
