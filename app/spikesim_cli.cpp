#include "spikesim_cli.h"

#include <algorithm>
#include <charconv>
#include <iomanip>
#include <ostream>
#include <set>
#include <system_error>

#include "io/atomic_file.h"
#include "network/network.h"
#include "experiment/seed_experiment.h"

#ifndef SPIKESIM_VERSION
#define SPIKESIM_VERSION "unknown"
#endif

namespace spikescope::cli {
namespace {

// The parameter flags of `run` and the experiment-file fields they set.
struct ParameterFlag {
  std::string_view flag;
  std::string_view key;
  std::string_view value_name;
};
constexpr ParameterFlag kParameterFlags[] = {
    {"--mode", "model.integration", "notebook|exact"},
    {"--threshold", "model.neuron.threshold_v", "V"},
    {"--rm", "model.neuron.membrane_resistance_kohm", "KOHM"},
    {"--cm", "model.neuron.membrane_capacitance_uf", "UF"},
    {"--refractory", "model.neuron.refractory_ms", "MS"},
    {"--input", "stimulus.amplitude", "A"},
    {"--dt", "simulation.dt_ms", "MS"},
    {"--steps", "simulation.steps", "N"},
    {"--offsets", "stimulus.onset_steps", "LIST"},
    {"--offset-max", "stimulus.onset_max_steps", "STEPS"},
    {"--seed", "simulation.seed", "S"},
};

void print_usage(std::ostream& out) {
  out << "Usage: spikesim run [options] --csv OUT.csv\n"
         "       spikesim bench [--neurons N] [--steps S] [--threads T] [--mode notebook|exact]"
         " [--compare]\n"
         "       spikesim --help | --version\n"
         "\n"
         "run: simulates one trial and writes its trace as CSV (columns step, vm_l0_n0,\n"
         "spikes_l0_n0, layer_spikes, vm_l1_n0, spikes_l1_n0, time_ms). Without --experiment\n"
         "the seed experiment (the SNN_0 notebook) is used; flags override the file.\n"
         "  --experiment FILE       experiment file (JSON, see resources/experiments/seed.json)\n"
         "  --csv OUT.csv           where to write the trace (required; written atomically)\n"
         "  --neurons N             size of layer 0 (model.layer_sizes[0])\n";
  for (const ParameterFlag& p : kParameterFlags) {
    std::string left = std::string(p.flag) + " " + std::string(p.value_name);
    out << "  " << std::left << std::setw(24) << left << p.key << "\n";
  }
  out << "  --offsets-file FILE     onsets as a JSON list, or an object with the key \"offsets\"\n"
         "  --set KEY=VALUE         any field of the experiment file by its path, e.g.\n"
         "                          --set model.neuron.reset_v=0.1\n"
         "LIST is comma-separated integers, one onset step per layer-0 neuron. --offsets,\n"
         "--offsets-file and --offset-max/--seed are alternatives.\n"
         "KEY is one of:\n ";
  std::size_t column = 1;
  for (const std::string& key : setting_keys()) {
    if (column + 1 + key.size() > 90) {
      out << "\n ";
      column = 1;
    }
    out << " " << key;
    column += 1 + key.size();
  }
  out << "\n\nbench: measures simulation throughput; each line ends in "
         "neuron_updates_per_s=<number>.\n"
         "  --compare also times a plain hand-written loop on the same state.\n"
         "\nExit codes: 0 done, 2 refused input (reason on stderr), 130 interrupted (Ctrl+C,\n"
         "SIGTERM, SIGHUP: the unfinished CSV is removed, an older one kept), 1 other failure.\n";
}

// Walks `--name value` and `--name=value` arguments.
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

int bench_command(const std::vector<std::string>& args, std::ostream& out) {
  return run_benchmark_command(parse_bench_options(args), out);
}

bool asks_for_help(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(),
                     [](const std::string& arg) { return arg == "--help" || arg == "-h"; });
}

}  // namespace

RunOptions parse_run_options(const std::vector<std::string>& args) {
  RunOptions options;
  ArgumentScanner scan(args);
  while (scan.next()) {
    const std::string& name = scan.name();
    const auto parameter = std::find_if(std::begin(kParameterFlags), std::end(kParameterFlags),
                                        [&](const ParameterFlag& p) { return p.flag == name; });
    if (parameter != std::end(kParameterFlags)) {
      options.settings.push_back(Setting{std::string(parameter->key), scan.value()});
    } else if (name == "--experiment") {
      options.experiment_file = scan.file_name();
    } else if (name == "--csv") {
      options.csv = scan.file_name();
    } else if (name == "--neurons") {
      options.layer0_neurons = scan.value();
      if (options.layer0_neurons->find_first_of(",[") != std::string::npos) {
        throw UsageError("--neurons takes the size of layer 0 alone, got '" +
                         *options.layer0_neurons + "'; use --set model.layer_sizes=LIST for all");
      }
    } else if (name == "--offsets-file") {
      options.offsets_file = scan.file_name();
    } else if (name == "--set") {
      const std::string assignment = scan.value();
      const std::size_t equals = assignment.find('=');
      if (equals == std::string::npos || equals == 0) {
        throw UsageError("--set expects KEY=VALUE, got '" + assignment + "'");
      }
      options.settings.push_back(
          Setting{assignment.substr(0, equals), assignment.substr(equals + 1)});
    } else {
      throw UsageError("unknown option " + name + " for 'spikesim run'");
    }
  }
  const int onset_sources = int(scan.seen("--offsets")) + int(scan.seen("--offsets-file")) +
                            int(scan.seen("--offset-max") || scan.seen("--seed"));
  if (onset_sources > 1) {
    throw UsageError(
        "--offsets, --offsets-file and --offset-max/--seed are alternatives; "
        "give one");
  }
  if (options.csv.empty()) throw UsageError("--csv OUT.csv is required");
  return options;
}

BenchmarkOptions parse_bench_options(const std::vector<std::string>& args) {
  BenchmarkOptions options;
  ArgumentScanner scan(args);
  while (scan.next()) {
    const std::string& name = scan.name();
    if (name == "--neurons") {
      options.neurons = parse_integer<std::uint64_t>(name, scan.value(), 1, kMaxLayerSize);
    } else if (name == "--steps") {
      options.steps = parse_integer<std::int64_t>(name, scan.value(), 1, kMaxTrialSteps);
    } else if (name == "--threads") {
      options.threads = parse_integer<int>(name, scan.value(), 0, 256);
    } else if (name == "--mode") {
      options.mode = integration_mode_from_string("--mode", scan.value().c_str());
    } else if (name == "--compare") {
      scan.no_value();
      options.compare = true;
    } else {
      throw UsageError("unknown option " + name + " for 'spikesim bench'");
    }
  }
  return options;
}

Experiment resolve_experiment(const RunOptions& options, std::vector<std::string>& warnings) {
  LoadedExperiment loaded = options.experiment_file ? load_experiment_file(*options.experiment_file)
                                                    : LoadedExperiment{seed_experiment(), {}};
  warnings.insert(warnings.end(), loaded.warnings.begin(), loaded.warnings.end());
  Experiment& experiment = loaded.experiment;
  std::vector<Setting> settings;
  if (options.layer0_neurons) {
    std::string sizes = *options.layer0_neurons;
    for (std::size_t l = 1; l < experiment.layer_sizes.size(); ++l) {
      sizes += ',';
      sizes += std::to_string(experiment.layer_sizes[l]);
    }
    settings.push_back(Setting{"model.layer_sizes", sizes});
  }
  if (options.offsets_file)
    experiment.onsets.explicit_steps = load_onset_file(*options.offsets_file);
  settings.insert(settings.end(), options.settings.begin(), options.settings.end());
  apply_settings(experiment, settings);  // validates the whole, the offsets file included
  return experiment;
}

int run_spikesim(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const std::atomic<bool>* stop) {
  try {
    if (args.empty()) throw UsageError("no command given");
    const std::string& command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "--help" || command == "-h" || command == "help" || asks_for_help(rest)) {
      print_usage(out);
      return kExitOk;
    }
    if (command == "--version") {
      out << "spikesim " << SPIKESIM_VERSION << "\n";
      return kExitOk;
    }
    if (command == "run") return run_command(rest, out, err, stop);
    if (command == "bench") return bench_command(rest, out);
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& error) {
    err << "spikesim: " << error.what() << " (see spikesim --help)\n";
    return kExitRefused;
  } catch (const ParameterError& error) {
    err << "spikesim: " << error.what() << "\n";
    return kExitRefused;
  } catch (const FileError& error) {
    err << "spikesim: " << error.what() << "\n";
    return kExitRefused;
  } catch (const std::exception& error) {
    err << "spikesim: failed: " << error.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace spikescope::cli
