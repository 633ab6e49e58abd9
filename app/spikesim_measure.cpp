// spikesim fi and spikesim rheobase: measurements of one model's neuron (core/analysis), with the
// options of spikesim neuron for the neuron itself.
#include <cmath>
#include <iomanip>
#include <ostream>

#include "analysis/fi_curve.h"
#include "analysis/rheobase.h"
#include "argument_scanner.h"
#include "io/atomic_file.h"
#include "model/model_registry.h"
#include "spikesim_cli.h"

namespace spikescope::cli {
namespace {

// Reads --model, --method, --set and --dt-ms into `neuron`; false for any other option.
bool read_neuron_option(ArgumentScanner& scan, NeuronUnderTest& neuron) {
  const std::string& name = scan.name();
  if (name == "--model") {
    neuron.model = scan.value();
  } else if (name == "--method") {
    neuron.method = scan.value();
    if (neuron.method.empty()) {
      throw UsageError("--method needs a method name, got an empty one (see spikesim models)");
    }
  } else if (name == "--set") {
    const std::string assignment = scan.value();
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw UsageError("--set expects KEY=VALUE, got '" + assignment + "'");
    }
    const std::string key = assignment.substr(0, equals);
    neuron.parameters.push_back(
        NamedValue{key, parse_number("--set " + key, assignment.substr(equals + 1))});
  } else if (name == "--dt-ms") {
    neuron.dt_ms = parse_number(name, scan.value());
    if (!(neuron.dt_ms > 0)) throw UsageError(name + ": must be greater than 0");
  } else {
    return false;
  }
  return true;
}

// The model exists and has every --set key (before any time is spent).
void check_neuron(const NeuronUnderTest& neuron) {
  if (neuron.model.empty()) throw UsageError("--model NAME is required (see spikesim models)");
  const ModelDescriptor& model = model_named(neuron.model, "--model");
  for (const NamedValue& entry : neuron.parameters) {
    if (model.parameter_index(entry.key) != ModelDescriptor::npos) continue;
    std::string known;
    for (const ParameterDescriptor& p : model.parameters) {
      known += (known.empty() ? "" : ", ") + std::string(p.key);
    }
    throw UsageError("--set " + entry.key + ": no parameter " + entry.key + " in model " +
                     neuron.model + "; its parameters: " + known);
  }
}

// A core refusal as the option that caused it.
[[noreturn]] void refuse_measurement(const ParameterError& error) {
  const std::string message = error.what();
  for (const char* field : {"currents", "duration_ms", "settle_ms", "tolerance", "model"}) {
    const std::string prefix = std::string(field) + ":";
    if (message.rfind(prefix, 0) != 0) continue;
    std::string flag = "--" + std::string(field);
    for (char& c : flag) c = c == '_' ? '-' : c;
    throw ParameterError(flag + message.substr(prefix.size() - 1));
  }
  refuse_as_option(error);
}

std::vector<double> parse_currents(const std::string& text) {
  const std::size_t first = text.find(':');
  const std::size_t second = first == std::string::npos ? first : text.find(':', first + 1);
  if (second == std::string::npos || text.find(':', second + 1) != std::string::npos) {
    throw UsageError("--currents expects FROM:TO:STEP, got '" + text + "'");
  }
  const double from = parse_number("--currents FROM", text.substr(0, first));
  const double to = parse_number("--currents TO", text.substr(first + 1, second - first - 1));
  const double step = parse_number("--currents STEP", text.substr(second + 1));
  try {
    return current_sweep(from, to, step);
  } catch (const ParameterError& error) {
    refuse_measurement(error);
  }
}

}  // namespace

int fi_command(const std::vector<std::string>& args, std::ostream& out) {
  FiRequest request;
  std::filesystem::path csv;
  bool have_currents = false;
  bool have_duration = false;
  ArgumentScanner scan(args);
  while (scan.next()) {
    if (read_neuron_option(scan, request.neuron)) continue;
    const std::string& name = scan.name();
    if (name == "--currents") {
      request.currents = parse_currents(scan.value());
      have_currents = true;
    } else if (name == "--duration-ms") {
      request.duration_ms = parse_number(name, scan.value());
      have_duration = true;
    } else if (name == "--settle-ms") {
      request.settle_ms = parse_number(name, scan.value());
    } else if (name == "--csv") {
      csv = scan.file_name();
    } else {
      throw UsageError("unknown option " + name + " for 'spikesim fi'");
    }
  }
  check_neuron(request.neuron);
  if (!have_currents) throw UsageError("--currents FROM:TO:STEP is required");
  if (!have_duration) throw UsageError("--duration-ms T is required");
  if (csv.empty()) throw UsageError("--csv OUT is required");
  check_output_path(csv);
  std::vector<FiPoint> curve;
  try {
    curve = fi_curve(request);
  } catch (const ParameterError& error) {
    refuse_measurement(error);
  }
  const bool analytic = !curve.empty() && curve.front().analytic_hz.has_value();
  write_file_atomically(csv, [&](std::ostream& file) {
    file << std::setprecision(17)
         << (analytic ? "current,rate_hz,analytic_hz\n" : "current,rate_hz\n");
    for (const FiPoint& point : curve) {
      file << point.current << "," << point.rate_hz;
      if (analytic) file << "," << *point.analytic_hz;
      file << "\n";
    }
  });
  std::size_t firing = 0;
  for (const FiPoint& point : curve) firing += point.rate_hz > 0 ? 1 : 0;
  out << request.neuron.model << ": " << curve.size() << " currents, " << firing
      << " firing steadily after " << request.settle_ms << " ms of " << request.duration_ms
      << " ms; written to " << csv.string() << "\n";
  return kExitOk;
}

int rheobase_command(const std::vector<std::string>& args, std::ostream& out) {
  RheobaseRequest request;
  ArgumentScanner scan(args);
  while (scan.next()) {
    if (read_neuron_option(scan, request.neuron)) continue;
    const std::string& name = scan.name();
    if (name == "--tolerance") {
      request.tolerance = parse_number(name, scan.value());
    } else if (name == "--duration-ms") {
      request.duration_ms = parse_number(name, scan.value());
    } else {
      throw UsageError("unknown option " + name + " for 'spikesim rheobase'");
    }
  }
  check_neuron(request.neuron);
  Rheobase found;
  try {
    found = find_rheobase(request);
  } catch (const ParameterError& error) {
    refuse_measurement(error);
  }
  out << std::setprecision(10) << "rheobase_single=" << found.single.at
      << " rheobase_repetitive=" << found.repetitive.at;
  out << "\n";
  return kExitOk;
}

}  // namespace spikescope::cli
